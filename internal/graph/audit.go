package graph

import "context"

// AuditEntry is one write as the audit trail keeps it: who asked (the key),
// what they asked for, and what the store did, recorded in the write's own
// transaction.
type AuditEntry struct {
	Seq     int    `json:"seq"`     // its place in the trail, from 1
	At      string `json:"at"`      // RFC 3339 (UTC)
	Key     string `json:"key"`     // the id of the API key that asked
	Request string `json:"request"` // what was asked ("POST /v1/sources?name=a.json")
	Change  string `json:"change"`  // what the store did ("importing source a")
}

// Auditor is the part of a store that keeps the audit trail: every write
// made with a context of WithAudit that changes something adds an entry in
// its own transaction, so that a write is in the trail exactly when it took
// effect (not an import that found its source unchanged, nor a removal of
// a source that was not there).
type Auditor interface {
	// AuditTrail returns the last limit entries (0: all), newest first.
	AuditTrail(ctx context.Context, limit int) ([]AuditEntry, error)
}

type auditKey struct{}

// WithAudit returns a context whose writes the store puts in its audit
// trail, as asked by key for request.
func WithAudit(ctx context.Context, key, request string) context.Context {
	return context.WithValue(ctx, auditKey{}, AuditEntry{Key: key, Request: request})
}

// AuditOf returns the entry a write made with ctx adds to the trail, its
// Change, At and Seq the store's to fill; ok is false for a write that is
// not audited.
func AuditOf(ctx context.Context) (e AuditEntry, ok bool) {
	e, ok = ctx.Value(auditKey{}).(AuditEntry)
	return e, ok
}
