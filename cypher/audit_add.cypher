// Adds a write to the audit trail, numbered after the others: the write
// lock on the counter orders concurrent writes.
MERGE (c:AuditCounter {id: 'audit'})
SET c.seq = coalesce(c.seq, 0) + 1
CREATE (:Audit {seq: c.seq, at: $at, key: $key, request: $request, change: $change})
