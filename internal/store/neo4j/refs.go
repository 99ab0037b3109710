package neo4jstore

import (
	"context"

	"github.com/geokg/geokg/internal/graph"
)

// The queries of the refs of reports (graph.Evidence.Ref).
var (
	qReportRefsWrite = load("report_refs_write")
	qReportsByRefs   = load("reports_by_refs")
)

// writeRefs stores the refs of the evidence of c's reports, once written.
func (w *writer) writeRefs(c *graph.Contribution) error {
	var refs []map[string]any
	for i := range c.Relations {
		r := &c.Relations[i]
		seen := map[string]bool{}
		for _, ev := range r.Evidence {
			if ev.Ref != "" && !seen[ev.Ref] {
				seen[ev.Ref] = true
				refs = append(refs, map[string]any{"ref": ev.Ref, "report": r.ID})
			}
		}
	}
	if len(refs) == 0 {
		return nil
	}
	_, err := w.run(qReportRefsWrite, map[string]any{"source": c.Source.ID, "refs": refs})
	return err
}

// ReportsByRefs implements graph.Lookup.
func (s *Store) ReportsByRefs(ctx context.Context, refs []string) (map[string][]graph.Report, error) {
	return get(ctx, s, "looking up reports by ref", func(ctx context.Context, tx runner) (map[string][]graph.Report, error) {
		return reportsByRefs(ctx, tx, refs)
	})
}

// ReportsByRefs implements graph.Lookup in the transaction.
func (w *writer) ReportsByRefs(ctx context.Context, refs []string) (map[string][]graph.Report, error) {
	return reportsByRefs(ctx, w.tx, refs)
}

// reportsByRefs is graph.Lookup's ReportsByRefs.
func reportsByRefs(ctx context.Context, tx runner, refs []string) (map[string][]graph.Report, error) {
	out := map[string][]graph.Report{}
	if len(refs) == 0 {
		return out, nil
	}
	rows, err := run(ctx, tx, qReportsByRefs, map[string]any{"refs": refs})
	if err != nil {
		return nil, err
	}
	for _, row := range rows {
		p := record(row)
		rep := graph.Report{Source: p.str("source"), Event: p.str("event")}
		ref := p.str("ref")
		if p.err != nil {
			return nil, p.err
		}
		if rep.Relation, err = reportRelation(p.m["json"]); err != nil {
			return nil, err
		}
		out[ref] = append(out[ref], rep)
	}
	return out, nil
}
