package neo4jstore

import (
	"context"
	"math"

	"github.com/geokg/geokg/internal/graph"
)

var _ graph.Auditor = (*Store)(nil)

// AuditTrail implements graph.Auditor.
func (s *Store) AuditTrail(ctx context.Context, limit int) ([]graph.AuditEntry, error) {
	n := int64(math.MaxInt64)
	if limit > 0 {
		n = int64(limit)
	}
	return get(ctx, s, "reading the audit trail", func(ctx context.Context, tx runner) ([]graph.AuditEntry, error) {
		rows, err := run(ctx, tx, qAudit, map[string]any{"limit": n})
		if err != nil {
			return nil, err
		}
		out := make([]graph.AuditEntry, 0, len(rows))
		for _, row := range rows {
			p := node(row.Values[0])
			out = append(out, graph.AuditEntry{Seq: p.integer("seq"), At: p.str("at"), Key: p.str("key"), Request: p.str("request"), Change: p.str("change")})
			if p.err != nil {
				return nil, p.err
			}
		}
		return out, nil
	})
}
