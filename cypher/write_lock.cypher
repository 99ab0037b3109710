// Takes the graph's write lock, held until the transaction ends: writes
// (imports, removals, merges, splits) run one at a time, so that a
// builder's lookups see every write before its own (as the embedded
// store's one writer does).
MERGE (l:WriteLock {id: 'graph'})
SET l.writes = coalesce(l.writes, 0) + 1
