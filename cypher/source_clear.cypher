// Deletes what a source contributed (its records, name keys, relations and
// participations), not the source itself, and returns what they were: the
// entities it had records of, the entities its relations involved and the
// ids of its relations. No row when the source is unknown.
MATCH (s:Source {id: $id})
CALL (s) {
  OPTIONAL MATCH (s)-[x:RECORDS]->(e:Entity)
  WITH x, e.id AS entity
  DELETE x
  RETURN collect(entity) AS records
}
CALL (s) {
  OPTIONAL MATCH (a:Entity)-[r:REL {source: s.id}]->(b:Entity)
  WITH r, r.id AS relation, a.id AS src, b.id AS tgt
  DELETE r
  RETURN collect(relation) AS relations, collect(src) + collect(tgt) AS ends
}
CALL (s) {
  OPTIONAL MATCH (p:Entity)-[x:PARTICIPATES]->(s)
  WITH x, p.id AS entity
  DELETE x
  RETURN collect(entity) AS participants
}
CALL (s) {
  OPTIONAL MATCH (k:NameKey {source: s.id})
  DELETE k
  RETURN count(k) AS keys
}
RETURN records, relations, ends + participants AS involved
