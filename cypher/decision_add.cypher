// Records an analyst's decision, numbered after the others (extra: the
// JSON of graph.DecisionExtra): the write lock on the counter orders
// concurrent decisions.
MERGE (c:DecisionCounter {id: 'decisions'})
SET c.seq = coalesce(c.seq, 0) + 1
CREATE (:Decision {seq: c.seq, kind: $kind, entity: $entity, into: $into, source: $source, report: $report, note: $note, at: $at, extra: $extra})
