// Deletes what a source contributed (its records, name keys, reports and
// their refs), not the source itself nor the events (event_put.cypher
// replaces those), and returns what they were: the entities it had
// records of, the entities its reports named, and its reports as [id,
// group, event]. No row when the source is unknown.
MATCH (s:Source {id: $id})
CALL (s) {
  MATCH (s)-[x:RECORDS]->(e:Entity)
  WITH x, e.id AS entity
  DELETE x
  RETURN collect(entity) AS records
}
CALL (s) {
  MATCH (s)-[:REPORTS]->(:Report)-[:NAMES]->(e:Entity)
  RETURN collect(DISTINCT e.id) AS involved
}
CALL (s) {
  MATCH (s)-[:REPORTS]->(r:Report)
  WITH r, [r.id, r.grp, r.event] AS report
  DETACH DELETE r
  RETURN collect(report) AS reports
}
CALL (s) {
  MATCH (k:NameKey {source: s.id})
  DELETE k
}
CALL (s) {
  MATCH (k:ReportRef {source: s.id})
  DELETE k
}
RETURN records, involved, reports
