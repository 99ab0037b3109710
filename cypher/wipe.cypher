// Deletes everything, in batches (auto-commit only): for tests and
// benchmarks. Relationships go first, so that no batch deletes the
// thousands of relationships of a few hub nodes at once.
MATCH ()-[r]->()
CALL (r) {
  DELETE r
} IN TRANSACTIONS OF 10000 ROWS;
MATCH (n)
CALL (n) {
  DELETE n
} IN TRANSACTIONS OF 10000 ROWS;
