package neo4jstore

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/geokg/geokg/internal/graph"
)

// noLimit stands for "all rows" in a LIMIT.
const noLimit = math.MaxInt64

func limitOrAll(n int) int64 {
	if n > 0 {
		return int64(n)
	}
	return noLimit
}

// Sources implements graph.Store.
func (s *Store) Sources(ctx context.Context) ([]graph.Source, error) {
	var out []graph.Source
	err := s.read(ctx, "listing sources", func(tx neo4j.ManagedTransaction) error {
		rows, err := run(ctx, tx, qSources, nil)
		if err != nil {
			return err
		}
		out = make([]graph.Source, 0, len(rows))
		for _, row := range rows {
			src, err := source(row.Values[0])
			if err != nil {
				return err
			}
			out = append(out, src)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Source implements graph.Store.
func (s *Store) Source(ctx context.Context, id string) (graph.Document, error) {
	return get(ctx, s, "reading source "+id, func(ctx context.Context, tx runner) (graph.Document, error) {
		rows, err := run(ctx, tx, qSource, map[string]any{"id": id})
		if err != nil {
			return graph.Document{}, err
		}
		if len(rows) == 0 {
			return graph.Document{}, graph.Errorf(graph.ENotFound, "no source %q", id)
		}
		src, err := source(rows[0].Values[0])
		if err != nil {
			return graph.Document{}, err
		}
		p := node(rows[0].Values[0])
		return graph.Document{Source: src, Text: p.str("text")}, p.err
	})
}

// entities runs a query whose first column is an (:Entity) node.
func entities(ctx context.Context, tx runner, query string, params map[string]any) ([]graph.Entity, error) {
	rows, err := run(ctx, tx, query, params)
	if err != nil {
		return nil, err
	}
	out := make([]graph.Entity, 0, len(rows))
	for _, row := range rows {
		e, err := entity(row.Values[0])
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// lookup reads the entities ids and fails with ENotFound for the first
// one that does not exist.
func lookup(ctx context.Context, tx runner, ids ...string) (map[string]graph.Entity, error) {
	es, err := entities(ctx, tx, qEntities, map[string]any{"ids": ids, "except": ""})
	if err != nil {
		return nil, err
	}
	out := make(map[string]graph.Entity, len(es))
	for _, e := range es {
		out[e.ID] = e
	}
	for _, id := range ids {
		if _, ok := out[id]; !ok {
			return nil, graph.Errorf(graph.ENotFound, "no entity %q", id)
		}
	}
	return out, nil
}

// Entity implements graph.Store.
func (s *Store) Entity(ctx context.Context, id string) (graph.Entity, error) {
	var e graph.Entity
	err := s.read(ctx, "reading entity "+id, func(tx neo4j.ManagedTransaction) error {
		es, err := lookup(ctx, tx, id)
		e = es[id]
		return err
	})
	return e, err
}

// Entities implements graph.Store.
func (s *Store) Entities(ctx context.Context, ids []string) ([]graph.Entity, error) {
	return s.entityQuery(ctx, "reading entities", qEntities, map[string]any{"ids": append([]string{}, ids...), "except": ""})
}

// entityQuery runs a read query of entities.
func (s *Store) entityQuery(ctx context.Context, what, query string, params map[string]any) ([]graph.Entity, error) {
	return get(ctx, s, what, func(ctx context.Context, tx runner) ([]graph.Entity, error) {
		return entities(ctx, tx, query, params)
	})
}

// EntitiesByWikidata implements graph.Store.
func (s *Store) EntitiesByWikidata(ctx context.Context, qid string) ([]graph.Entity, error) {
	m, err := s.EntitiesByWikidataIDs(ctx, []string{qid})
	if err != nil {
		return nil, err
	}
	return append([]graph.Entity{}, m[qid]...), nil
}

// EntitiesByKey implements graph.Store.
func (s *Store) EntitiesByKey(ctx context.Context, key string) ([]graph.Entity, error) {
	m, err := s.EntitiesByKeys(ctx, []string{key})
	if err != nil {
		return nil, err
	}
	return append([]graph.Entity{}, m[key]...), nil
}

// EntitiesByWikidataIDs implements graph.Lookup.
func (s *Store) EntitiesByWikidataIDs(ctx context.Context, qids []string) (map[string][]graph.Entity, error) {
	return s.groupQuery(ctx, "looking up Wikidata ids", qByWikidata, map[string]any{"qids": qids})
}

// EntitiesByKeys implements graph.Lookup.
func (s *Store) EntitiesByKeys(ctx context.Context, keys []string) (map[string][]graph.Entity, error) {
	return s.groupQuery(ctx, "looking up names", qByKeys, map[string]any{"keys": keys, "except": ""})
}

// groupQuery runs a read query of (key, entity) rows.
func (s *Store) groupQuery(ctx context.Context, what, query string, params map[string]any) (map[string][]graph.Entity, error) {
	return get(ctx, s, what, func(ctx context.Context, tx runner) (map[string][]graph.Entity, error) {
		return grouped(ctx, tx, query, params)
	})
}

// grouped runs a query of (key, entity) rows and groups the entities by key.
func grouped(ctx context.Context, tx runner, query string, params map[string]any) (map[string][]graph.Entity, error) {
	rows, err := run(ctx, tx, query, params)
	if err != nil {
		return nil, err
	}
	out := map[string][]graph.Entity{}
	for _, row := range rows {
		key, _ := row.Values[0].(string)
		e, err := entity(row.Values[1])
		if err != nil {
			return nil, err
		}
		out[key] = append(out[key], e)
	}
	return out, nil
}

// Match names of SearchEntities by rank.
var matchNames = []string{"exact", "prefix", "substring"}

// SearchEntities implements graph.Store.
func (s *Store) SearchEntities(ctx context.Context, q graph.EntitySearch) ([]graph.EntityHit, error) {
	if q.Key == "" {
		return nil, graph.Errorf(graph.EInvalid, "empty search key")
	}
	var out []graph.EntityHit
	err := s.read(ctx, "searching entities", func(tx neo4j.ManagedTransaction) error {
		rows, err := run(ctx, tx, qSearch, map[string]any{"key": q.Key, "kind": q.Kind, "limit": limitOrAll(q.Limit)})
		if err != nil {
			return err
		}
		out = make([]graph.EntityHit, 0, len(rows))
		for _, row := range rows {
			e, err := entity(row.Values[0])
			if err != nil {
				return err
			}
			rank, _ := row.Values[1].(int64)
			out = append(out, graph.EntityHit{Entity: e, Match: matchNames[min(max(rank, 0), 2)]})
		}
		return nil
	})
	return out, err
}

// EntityCounts implements graph.Store.
func (s *Store) EntityCounts(ctx context.Context, id string) (graph.EntityCounts, error) {
	var c graph.EntityCounts
	err := s.read(ctx, "counting around "+id, func(tx neo4j.ManagedTransaction) error {
		rows, err := run(ctx, tx, qEntityCounts, map[string]any{"id": id})
		if err != nil {
			return err
		}
		if len(rows) == 0 {
			return graph.Errorf(graph.ENotFound, "no entity %q", id)
		}
		c = graph.EntityCounts{ByType: map[string]int{}}
		// ends and participations are [event, type] pairs.
		events := map[string]bool{}
		for _, key := range []string{"ends", "participations"} {
			ts, err := tuples(rows, key, 2)
			if err != nil {
				return err
			}
			for _, t := range ts {
				if !events[t[0]] {
					events[t[0]] = true
					c.Relations++
					c.ByType[t[1]]++
				}
			}
		}
		neighbors, err := stringList(rows, "neighbors")
		if err != nil {
			return err
		}
		c.Neighbors = len(neighbors)
		sources, err := stringList(rows, "sources")
		if err != nil {
			return err
		}
		slices.Sort(sources)
		c.Sources = len(slices.Compact(sources))
		return nil
	})
	if err != nil {
		return graph.EntityCounts{}, err
	}
	return c, nil
}

// Neighbors implements graph.Store.
func (s *Store) Neighbors(ctx context.Context, q graph.NeighborQuery) (graph.Neighborhood, error) {
	dir, err := q.Direction.Check()
	if err != nil {
		return graph.Neighborhood{}, err
	}
	depth := max(q.Depth, 1)
	query := pattern(qNeighbors, dir, depth-1)
	params := directionParams(dir, filterParams(&q.Filter, map[string]any{"id": q.ID, "depth": int64(depth), "limit": int64(q.Limit), "after": q.After}))
	var n graph.Neighborhood
	err = s.read(ctx, "reading the neighbours of "+q.ID, func(tx neo4j.ManagedTransaction) error {
		rows, err := run(ctx, tx, query, params)
		if err != nil {
			return err
		}
		if len(rows) == 0 {
			return graph.Errorf(graph.ENotFound, "no entity %q", q.ID)
		}
		p := record(rows[0])
		n = graph.Neighborhood{}
		if n.Center, err = entity(p.m["c"]); err != nil {
			return err
		}
		if n.Relations, err = relationList(p.m["relations"]); err != nil {
			return err
		}
		if n.Nodes, err = entityList(p.m["nodes"]); err != nil {
			return err
		}
		total, _ := p.m["total"].(int64)
		n.Truncated = int(total) > len(n.Relations)
		return nil
	})
	if err != nil {
		return graph.Neighborhood{}, err
	}
	return n, nil
}

// Relations implements graph.Store.
func (s *Store) Relations(ctx context.Context, q graph.RelationQuery) ([]graph.Relation, error) {
	params := filterParams(&q.Filter, map[string]any{"after": q.After, "limit": limitOrAll(q.Limit)})
	var out []graph.Relation
	err := s.read(ctx, "reading relations", func(tx neo4j.ManagedTransaction) error {
		rows, err := run(ctx, tx, qRelations, params)
		if err != nil {
			return err
		}
		out, err = relationRows(rows)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// relationRows decodes rows of a relationship and its ends' ids.
func relationRows(rows []*neo4j.Record) ([]graph.Relation, error) {
	out := make([]graph.Relation, 0, len(rows))
	for _, row := range rows {
		src, _ := row.Values[1].(string)
		tgt, _ := row.Values[2].(string)
		r, err := relation(row.Values[0], src, tgt)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// timelineParams are the parameters of the events fragment.
func timelineParams(q *graph.TimelineQuery) map[string]any {
	return filterParams(&q.Filter, map[string]any{"entity": q.Entity, "with": nullable(q.With)})
}

// checkTimeline fails with ENotFound for an unknown Entity or With.
func checkTimeline(ctx context.Context, tx runner, q *graph.TimelineQuery) error {
	ids := []string{q.Entity}
	if q.With != "" {
		ids = append(ids, q.With)
	}
	_, err := lookup(ctx, tx, ids...)
	return err
}

// Timeline implements graph.Store.
func (s *Store) Timeline(ctx context.Context, q graph.TimelineQuery) (graph.TimelinePage, error) {
	params := timelineParams(&q)
	params["limit"] = noLimit
	if q.Limit > 0 {
		params["limit"] = int64(q.Limit) + 1 // one more tells whether a next page exists
	}
	params["after_lo"], params["after_hi"], params["after_id"] = nil, nil, nil
	if q.After != nil {
		params["after_lo"], params["after_hi"], params["after_id"] = q.After.Lo, q.After.Hi, q.After.ID
	}
	return get(ctx, s, "reading the timeline of "+q.Entity, func(ctx context.Context, tx runner) (graph.TimelinePage, error) {
		if err := checkTimeline(ctx, tx, &q); err != nil {
			return graph.TimelinePage{}, err
		}
		query := qTimeline
		if q.Newest {
			query = qTimelineNewest
		}
		rows, err := run(ctx, tx, query, params)
		if err != nil {
			return graph.TimelinePage{}, err
		}
		evs, err := relationRows(rows)
		return q.Page(evs), err
	})
}

// Tallies implements graph.Store.
func (s *Store) Tallies(ctx context.Context, q graph.TimelineQuery) ([]graph.Tally, error) {
	params := timelineParams(&q)
	out := []graph.Tally{}
	err := s.read(ctx, "counting the events of "+q.Entity, func(tx neo4j.ManagedTransaction) error {
		if err := checkTimeline(ctx, tx, &q); err != nil {
			return err
		}
		rows, err := run(ctx, tx, qTallies, params)
		if err != nil {
			return err
		}
		for _, row := range rows {
			p := record(row)
			out = append(out, graph.Tally{Lo: p.str("lo"), Precision: graph.Precision(p.str("prec")), QuadClass: p.integer("quad"),
				Intensity: p.float("intensity"), Modality: graph.Modality(p.str("modality")), Reports: p.integer("reports")})
			if p.err != nil {
				return p.err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Stats implements graph.Store.
func (s *Store) Stats(ctx context.Context) (graph.Stats, error) {
	var st graph.Stats
	err := s.read(ctx, "summarising the graph", func(tx neo4j.ManagedTransaction) error {
		rows, err := run(ctx, tx, qStats, nil)
		if err != nil {
			return err
		}
		st = graph.Stats{ByKind: map[string]int{}, ByType: map[string]int{}, BySource: map[string]int{}, ByModality: map[string]int{}}
		p := record(rows[0])
		// kinds and sources are [key, count] pairs; types [type, modality, count].
		for _, g := range []struct {
			key   string
			into  []map[string]int
			total *int
		}{
			{"kinds", []map[string]int{st.ByKind}, &st.Entities},
			{"sources", []map[string]int{st.BySource}, &st.Sources},
			{"types", []map[string]int{st.ByType, st.ByModality}, &st.Relations},
		} {
			l, err := list(p.m[g.key])
			if err != nil {
				return err
			}
			for _, x := range l {
				t, _ := list(x)
				if len(t) != len(g.into)+1 {
					return fmt.Errorf("stats %s: %v", g.key, x)
				}
				n, _ := t[len(g.into)].(int64)
				for i, m := range g.into {
					k, _ := t[i].(string)
					m[k] += int(n)
				}
				*g.total += int(n)
			}
		}
		st.FirstDate, st.LastDate = p.str("first"), p.str("last")
		return p.err
	})
	if err != nil {
		return graph.Stats{}, err
	}
	return st, nil
}

// Decisions implements graph.Curator.
func (s *Store) Decisions(ctx context.Context) ([]graph.Decision, error) {
	return get(ctx, s, "listing decisions", decisions)
}
