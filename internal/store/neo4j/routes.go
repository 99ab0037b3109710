package neo4jstore

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/geokg/geokg/internal/graph"
)

// Paths implements graph.Store: graph.FindRoutes over the spur searches
// of Neo4j (router), in one read transaction.
func (s *Store) Paths(ctx context.Context, q graph.PathQuery) ([]graph.Path, error) {
	dir, err := q.Direction.Check()
	if err != nil {
		return nil, err
	}
	q.Direction = dir
	var out []graph.Path
	err = s.read(ctx, "finding paths from "+q.From+" to "+q.To, func(tx neo4j.ManagedTransaction) error {
		// The ends are looked up first only when the query is invalid
		// without them (CheckEnds says why first when one is missing);
		// else a route shows that they exist, and no route is when they
		// are looked up: one round trip fewer for a query that finds one.
		checkEnds := func() error {
			ends, err := lookupAll(ctx, tx, []string{q.From, q.To})
			if err != nil {
				return err
			}
			return q.CheckEnds(func(id string) bool { _, ok := ends[id]; return ok })
		}
		if q.CheckEnds(func(string) bool { return true }) != nil {
			return checkEnds()
		}
		rt := &router{tx: tx, q: &q, spurs: map[string][]string{}, ents: map[string]graph.Entity{}}
		routes, err := graph.FindRoutes(ctx, &q, rt)
		if err != nil {
			return err
		}
		if len(routes) == 0 {
			out = graph.Paths(nil, nil)
			return checkEnds()
		}
		var missing []string // the nodes of routes whose hops were not read
		for _, r := range routes {
			for _, id := range r.Nodes {
				if _, ok := rt.ents[id]; !ok {
					missing = append(missing, id)
				}
			}
		}
		if len(missing) > 0 {
			more, err := lookupAll(ctx, tx, missing)
			if err != nil {
				return err
			}
			maps.Copy(rt.ents, more)
		}
		out = graph.Paths(routes, rt.ents)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// lookupAll reads the entities ids that exist, by id.
func lookupAll(ctx context.Context, tx runner, ids []string) (map[string]graph.Entity, error) {
	es, err := entities(ctx, tx, qEntities, map[string]any{"ids": ids, "except": ""})
	out := make(map[string]graph.Entity, len(es))
	for _, e := range es {
		out[e.ID] = e
	}
	return out, err
}

// router is the store's graph.Router for one path query (its direction
// checked) in one read transaction: cypher/shortest.cypher and
// cypher/hops.cypher. Yen's algorithm asks for some spurs more than once
// (from the start, with the same first steps ruled out): it asks Neo4j
// once. The first spur (from the query's start, no step ruled out) is
// the first route, which graph.FindRoutes always keeps and reads the hops
// of: cypher/first_route.cypher reads its hops with it, so that a query
// for one route takes one round trip.
type router struct {
	tx    neo4j.ManagedTransaction
	q     *graph.PathQuery
	spurs map[string][]string     // spur (spurKey) → its route
	ents  map[string]graph.Entity // the entities of the hops read, by id
	first []string                // the first route, nil until read
	hops  [][]graph.Relation      // the hops of first
}

// params are the parameters the queries of the router share.
func (rt *router) params(p map[string]any) map[string]any {
	p["chronological"] = rt.q.Chronological
	return directionParams(rt.q.Direction, filterParams(&rt.q.Filter, p))
}

// Shortest implements graph.Router.
func (rt *router) Shortest(ctx context.Context, sp graph.Spur) ([]string, error) {
	key := spurKey(sp)
	route, ok := rt.spurs[key]
	if !ok {
		var err error
		if route, err = rt.shortest(ctx, sp); err != nil {
			return nil, err
		}
		rt.spurs[key] = route
	}
	return slices.Clone(route), nil
}

// shortest asks Neo4j for the route of sp, with its hops when it is the
// first spur.
func (rt *router) shortest(ctx context.Context, sp graph.Spur) ([]string, error) {
	if sp.Hops < 1 {
		return nil, nil
	}
	first := rt.first == nil && sp.From == rt.q.From && len(sp.NotFirst) == 0 && sp.After == ""
	query := shortestQuery(rt.q.Direction, sp.Hops)
	if first {
		query = firstRouteQuery(rt.q.Direction, sp.Hops)
	}
	rows, err := run(ctx, rt.tx, query, rt.spurParams(sp))
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	route, err := stringList(rows, "route")
	if err != nil || !first {
		return route, err
	}
	v, ok := rows[0].Get("hops")
	if !ok {
		return nil, errors.New("the first route came without its hops")
	}
	l, err := list(v)
	if err != nil {
		return nil, fmt.Errorf("hops: %w", err)
	}
	hops := make([][]graph.Relation, len(route)-1)
	for _, h := range l {
		vals, err := list(h)
		if err != nil {
			return nil, fmt.Errorf("hops: %w", err)
		}
		if err := rt.addHop(vals, hops); err != nil {
			return nil, err
		}
	}
	rt.first, rt.hops = route, hops
	return route, nil
}

// spurKey identifies a spur.
func spurKey(sp graph.Spur) string {
	return strings.Join([]string{sp.From, strconv.Itoa(sp.Hops), sp.After,
		strings.Join(ids(sp.Banned), "\x00"), strings.Join(ids(sp.NotFirst), "\x00")}, "\x01")
}

// shortestQuery is cypher/shortest.cypher for a direction and a number
// of steps (at least 2 in the quantifier: see there).
func shortestQuery(dir graph.Direction, hops int) string {
	return pattern(qShortest, dir, max(hops, 2))
}

// firstRouteQuery is cypher/first_route.cypher for a direction and a
// number of steps, as shortestQuery.
func firstRouteQuery(dir graph.Direction, hops int) string {
	return pattern(qFirstRoute, dir, max(hops, 2))
}

// spurParams are the parameters of cypher/shortest.cypher for sp: the
// spur is one map (see there).
func (rt *router) spurParams(sp graph.Spur) map[string]any {
	return rt.params(map[string]any{"spur": map[string]any{
		"from": sp.From, "to": rt.q.To, "hops": int64(sp.Hops), "after": sp.After,
		"banned": append(ids(sp.Banned), sp.From), "not_first": ids(sp.NotFirst),
		"through": append([]string{}, rt.q.Through...),
	}})
}

// ids lists the ids of a set, sorted (empty, not nil, when there are
// none: a list, never null).
func ids(set map[string]bool) []string {
	return append([]string{}, slices.Sorted(maps.Keys(set))...)
}

// Hops implements graph.Router: those of the first route (or a part of
// it from its start) as read with it, else from Neo4j.
func (rt *router) Hops(ctx context.Context, route []string) ([][]graph.Relation, error) {
	if len(route) <= len(rt.first) && slices.Equal(route, rt.first[:len(route)]) {
		out := make([][]graph.Relation, len(route)-1)
		for i := range out {
			out[i] = slices.Clone(rt.hops[i])
		}
		return out, nil
	}
	rows, err := run(ctx, rt.tx, pattern(qHops, rt.q.Direction, 1), rt.params(map[string]any{"route": route}))
	if err != nil {
		return nil, err
	}
	out := make([][]graph.Relation, len(route)-1)
	for _, row := range rows {
		if err := rt.addHop(row.Values, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// addHop adds a hop of cypher/steps.cypher, the values [step, REL, source
// id, target id, the step's two entities], to the hops of its step, and
// the entities to rt.ents.
func (rt *router) addHop(vals []any, hops [][]graph.Relation) error {
	if len(vals) != 6 {
		return fmt.Errorf("a hop of %d values, want 6", len(vals))
	}
	i, ok := vals[0].(int64)
	if !ok || i < 0 || i >= int64(len(hops)) {
		return fmt.Errorf("a hop of step %v of a route of %d steps", vals[0], len(hops))
	}
	src, _ := vals[2].(string)
	tgt, _ := vals[3].(string)
	r, err := relation(vals[1], src, tgt)
	if err != nil {
		return err
	}
	hops[i] = append(hops[i], r)
	for _, v := range vals[4:6] {
		e, err := entity(v)
		if err != nil {
			return err
		}
		rt.ents[e.ID] = e
	}
	return nil
}
