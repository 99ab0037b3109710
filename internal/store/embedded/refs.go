package embedded

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/geokg/geokg/internal/graph"
)

// writeRefs stores the refs of a report's evidence (graph.Evidence.Ref).
func (w *writer) writeRefs(source string, r *graph.Relation) error {
	for _, ev := range r.Evidence {
		if ev.Ref == "" {
			continue
		}
		if _, err := w.tx.ExecContext(w.ctx, "INSERT OR IGNORE INTO report_refs (ref, report_id, source_id) VALUES (?, ?, ?)", ev.Ref, r.ID, source); err != nil {
			return err
		}
	}
	return nil
}

// ReportsByRefs implements graph.Lookup.
func (s *Store) ReportsByRefs(ctx context.Context, refs []string) (map[string][]graph.Report, error) {
	return get(ctx, s, "looking up reports by ref", func(ctx context.Context, q queryer) (map[string][]graph.Report, error) {
		return reportsByRefs(ctx, q, refs)
	})
}

// ReportsByRefs implements graph.Lookup in the transaction.
func (w *writer) ReportsByRefs(ctx context.Context, refs []string) (map[string][]graph.Report, error) {
	return reportsByRefs(ctx, w.tx, refs)
}

// reportsByRefs is graph.Lookup's ReportsByRefs.
func reportsByRefs(ctx context.Context, q queryer, refs []string) (map[string][]graph.Report, error) {
	out := map[string][]graph.Report{}
	for _, ref := range slices.Compact(slices.Sorted(slices.Values(refs))) {
		rows, err := q.QueryContext(ctx, `SELECT r.json, r.source_id, r.event_id FROM report_refs x JOIN reports r ON r.id = x.report_id
			WHERE x.ref = ? ORDER BY r.source_id, r.id`, ref)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var rep graph.Report
			var js string
			if err := rows.Scan(&js, &rep.Source, &rep.Event); err != nil {
				rows.Close()
				return nil, err
			}
			if err := json.Unmarshal([]byte(js), &rep.Relation); err != nil {
				rows.Close()
				return nil, err
			}
			out[ref] = append(out[ref], rep)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
