// The ids of the sources that say anything of the entity $id: a record, a
// relation end or a participant (with repeats). No row when the entity
// does not exist.
MATCH (e:Entity {id: $id})
CALL (e) {
  MATCH (s:Source)-[:RECORDS]->(e)
  RETURN collect(s.id) AS recorded
}
CALL (e) {
  MATCH (e)-[r:REL]-()
  RETURN collect(DISTINCT r.source) AS ends
}
CALL (e) {
  MATCH (e)-[:PARTICIPATES]->(s:Source)
  RETURN collect(DISTINCT s.id) AS takes_part
}
RETURN recorded + ends + takes_part AS sources
