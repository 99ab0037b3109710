package neo4jstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/geokg/geokg/internal/graph"
)

var _ graph.Curator = (*Store)(nil)

// MergeEntities implements graph.Curator. Every source that says anything
// of from (a record, a relation end or participant) is read back as a
// contribution, rewritten with Contribution.RenameEntity and written again
// in place (its relationships deleted and created again: a relationship's
// ends cannot change); then from and into are assembled again from their
// records (from is deleted). All in the one write transaction that also
// records the decision.
func (s *Store) MergeEntities(ctx context.Context, from, into, note string) (graph.Decision, error) {
	var d graph.Decision
	err := s.write(ctx, "merging entity "+from+" into "+into, func(tx neo4j.ManagedTransaction) error {
		d = graph.Decision{}
		if _, err := lookup(ctx, tx, from, into); err != nil {
			return err
		}
		if from == into {
			return graph.Errorf(graph.EInvalid, "cannot merge entity %q into itself", from)
		}
		w := &writer{ctx: ctx, tx: tx}
		srcs, err := w.sourcesOf(from)
		if err != nil {
			return err
		}
		for _, src := range srcs {
			c, err := w.contribution(src)
			if err != nil {
				return err
			}
			if err := w.rewrite(c, from, into); err != nil {
				return err
			}
		}
		if err := w.settle(from, into); err != nil {
			return err
		}
		d = graph.Decision{Kind: graph.DecisionMerge, Entity: from, Into: into, Note: note, At: graph.DecisionTime()}
		return w.decide(d)
	})
	if err != nil {
		return graph.Decision{}, err
	}
	return d, nil
}

// SplitEntity implements graph.Curator: the source's contribution is read
// back, rewritten with Contribution.RenameEntity and written again in
// place, in the one write transaction that also records the decision.
func (s *Store) SplitEntity(ctx context.Context, id, source, newID, note string) (graph.Decision, error) {
	var d graph.Decision
	err := s.write(ctx, "splitting entity "+id+" of source "+source, func(tx neo4j.ManagedTransaction) error {
		d = graph.Decision{}
		if _, err := lookup(ctx, tx, id); err != nil {
			return err
		}
		w := &writer{ctx: ctx, tx: tx}
		c, err := w.contribution(source)
		if err != nil {
			return err
		}
		if err := graph.CheckEntityID(newID); err != nil {
			return err
		}
		es, err := entities(ctx, tx, qEntities, map[string]any{"ids": []string{newID}})
		if err != nil {
			return err
		}
		if len(es) > 0 {
			return graph.Errorf(graph.EConflict, "entity %q already exists: split into a new id", newID)
		}
		if !c.Mentions(id) {
			return graph.Errorf(graph.EInvalid, "source %q says nothing of entity %q", source, id)
		}
		if err := w.rewrite(c, id, newID); err != nil {
			return err
		}
		if err := w.settle(id, newID); err != nil {
			return err
		}
		d = graph.Decision{Kind: graph.DecisionSplit, Entity: id, Into: newID, Source: source, Note: note, At: graph.DecisionTime()}
		return w.decide(d)
	})
	if err != nil {
		return graph.Decision{}, err
	}
	return d, nil
}

// Decisions implements graph.Curator.
func (s *Store) Decisions(ctx context.Context) ([]graph.Decision, error) {
	var out []graph.Decision
	err := s.read(ctx, "listing decisions", func(tx neo4j.ManagedTransaction) error {
		rows, err := run(ctx, tx, qDecisions, nil)
		if err != nil {
			return err
		}
		out = make([]graph.Decision, 0, len(rows))
		for _, row := range rows {
			p := node(row.Values[0])
			out = append(out, graph.Decision{Kind: p.str("kind"), Entity: p.str("entity"), Into: p.str("into"),
				Source: p.str("source"), Note: p.str("note"), At: p.str("at")})
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

// sourcesOf lists, by id, the sources that say anything of an entity
// (ENotFound for an unknown entity).
func (w *writer) sourcesOf(id string) ([]string, error) {
	rows, err := w.run(qEntitySources, map[string]any{"id": id})
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, graph.Errorf(graph.ENotFound, "no entity %q", id)
	}
	v, _ := rows[0].Get("sources")
	l, err := list(v)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(l))
	for _, x := range l {
		src, _ := x.(string)
		out = append(out, src)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// contribution reads back what a source contributed, as it was stored
// (ENotFound for an unknown source): its records by entity id, its
// relations by id.
func (w *writer) contribution(id string) (*graph.Contribution, error) {
	rows, err := w.run(qSourceRead, map[string]any{"id": id})
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, graph.Errorf(graph.ENotFound, "no source %q", id)
	}
	p := record(rows[0])
	c := &graph.Contribution{}
	if c.Source, err = source(p.m["s"]); err != nil {
		return nil, err
	}
	sp := node(p.m["s"])
	if c.Priority = sp.integer("priority"); sp.err != nil {
		return nil, sp.err
	}
	recs, err := list(p.m["records"])
	if err != nil {
		return nil, err
	}
	for _, x := range recs {
		t, err := list(x)
		if err != nil || len(t) != 5 {
			return nil, fmt.Errorf("got %v, want [entity, kind, wikidata, label, names]", x)
		}
		q := &props{m: map[string]any{"id": t[0], "kind": t[1], "wikidata": t[2], "label": t[3], "names": t[4]}}
		rec := graph.EntityRecord{ID: q.str("id"), Kind: q.str("kind"), Wikidata: q.str("wikidata"), Label: q.str("label")}
		q.json("names", &rec.Names)
		if q.err != nil {
			return nil, q.err
		}
		c.Entities = append(c.Entities, rec)
	}
	slices.SortFunc(c.Entities, func(a, b graph.EntityRecord) int { return cmp.Compare(a.ID, b.ID) })
	if c.Relations, err = relationList(p.m["relations"]); err != nil {
		return nil, err
	}
	slices.SortFunc(c.Relations, func(a, b graph.Relation) int { return cmp.Compare(a.ID, b.ID) })
	return c, nil
}

// rewrite stores a source's contribution again with the entity from
// renamed into (Contribution.RenameEntity); the caller then assembles from
// and into again (settle). A rename keeps the contribution valid, except
// that the entities it names without recording them need not be known
// without it any more: it is written without the checks of an import. Its
// other entities keep their records, so their assembled nodes stay as
// they are.
func (w *writer) rewrite(c *graph.Contribution, from, into string) error {
	if !c.RenameEntity(from, into) {
		return nil
	}
	if _, err := w.clear(c.Source.ID); err != nil {
		return err
	}
	return w.write(c)
}

// settle assembles the entities of a rename again, from all their records,
// once every source is rewritten: one that nothing names any more is
// deleted, one that relations name without a record is a bare node.
func (w *writer) settle(ids ...string) error {
	ids = slices.Sorted(slices.Values(ids)) // the lock order of states
	states, err := w.states(ids)
	if err != nil {
		return err
	}
	put, del, err := w.reassemble(ids, states, nil, nil)
	if err != nil {
		return err
	}
	return w.put(put, del)
}

// decide records a decision.
func (w *writer) decide(d graph.Decision) error {
	_, err := w.run(qDecisionAdd, map[string]any{"kind": d.Kind, "entity": d.Entity, "into": d.Into,
		"source": d.Source, "note": d.Note, "at": d.At})
	return err
}
