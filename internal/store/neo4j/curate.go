package neo4jstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/geokg/geokg/internal/graph"
)

func decisions(ctx context.Context, tx runner) ([]graph.Decision, error) {
	rows, err := run(ctx, tx, qDecisions, nil)
	if err != nil {
		return nil, err
	}
	out := make([]graph.Decision, 0, len(rows))
	for _, row := range rows {
		p := node(row.Values[0])
		d := graph.Decision{Kind: p.str("kind"), Entity: p.str("entity"), Into: p.str("into"),
			Source: p.str("source"), Report: p.str("report"), Note: p.str("note"), At: p.str("at")}
		p.json("extra", &d.DecisionExtra) // absent on a decision recorded before extras: none
		out = append(out, d)
		if p.err != nil {
			return nil, p.err
		}
	}
	return out, nil
}

// SourcesOf implements write.Tx (ENotFound for an unknown entity).
func (w *writer) SourcesOf(id string) ([]string, error) {
	rows, err := w.run(qEntitySources, map[string]any{"id": id})
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, graph.Errorf(graph.ENotFound, "no entity %q", id)
	}
	out, err := stringList(rows, "sources")
	if err != nil {
		return nil, err
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// Contribution implements write.Tx.
func (w *writer) Contribution(id string) (*graph.Contribution, error) {
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
	c.Text = sp.str("text")
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
	reps, err := list(p.m["reports"])
	if err != nil {
		return nil, err
	}
	for _, x := range reps {
		r, err := reportRelation(x)
		if err != nil {
			return nil, err
		}
		c.Relations = append(c.Relations, r)
	}
	slices.SortFunc(c.Relations, func(a, b graph.Relation) int { return cmp.Compare(a.ID, b.ID) })
	return c, nil
}

// Decide implements write.Tx.
func (w *writer) Decide(d graph.Decision) error {
	_, err := w.run(qDecisionAdd, map[string]any{"kind": d.Kind, "entity": d.Entity, "into": d.Into,
		"source": d.Source, "report": d.Report, "note": d.Note, "at": d.At, "extra": marshal(d.DecisionExtra)})
	return err
}
