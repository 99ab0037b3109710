// The ids of the sources that say anything of the entity $id: a record,
// or a report that names it (with repeats). No row when the entity does
// not exist.
MATCH (e:Entity {id: $id})
CALL (e) {
  MATCH (s:Source)-[:RECORDS]->(e)
  RETURN collect(s.id) AS recorded
}
CALL (e) {
  MATCH (r:Report)-[:NAMES]->(e)
  RETURN collect(DISTINCT r.source) AS reported
}
RETURN recorded + reported AS sources
