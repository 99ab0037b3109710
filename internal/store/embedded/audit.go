package embedded

import (
	"context"

	"github.com/geokg/geokg/internal/graph"
)

var _ graph.Auditor = (*Store)(nil)

// AuditTrail implements graph.Auditor.
func (s *Store) AuditTrail(ctx context.Context, limit int) ([]graph.AuditEntry, error) {
	if limit <= 0 {
		limit = -1 // SQLite: no limit
	}
	return get(ctx, s, "reading the audit trail", func(ctx context.Context, q queryer) ([]graph.AuditEntry, error) {
		rows, err := q.QueryContext(ctx, "SELECT seq, at, key_id, request, change FROM audit ORDER BY seq DESC LIMIT ?", limit)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		out := []graph.AuditEntry{}
		for rows.Next() {
			var e graph.AuditEntry
			if err := rows.Scan(&e.Seq, &e.At, &e.Key, &e.Request, &e.Change); err != nil {
				return nil, err
			}
			out = append(out, e)
		}
		return out, rows.Err()
	})
}
