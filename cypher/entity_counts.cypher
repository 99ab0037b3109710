// What an entity's counts are made of: the events it is an end of (id,
// type), the events it takes part in (id, type), the other parties of
// them all (an event links every two of its parties, by its REL or a
// LINK), and the sources that record it or whose reports name it (with
// repeats). No row when the entity does not exist.
MATCH (e:Entity {id: $id})
CALL (e) {
  MATCH (e)-[r:REL]-()
  RETURN collect(DISTINCT [r.id, r.type]) AS ends
}
CALL (e) {
  MATCH (e)-[x:PARTICIPATES]->(:EventGroup)
  RETURN collect(DISTINCT [x.relation, x.type]) AS participations
}
CALL (e) {
  MATCH (e)-[:REL|LINK]-(o:Entity)
  WHERE o <> e
  RETURN collect(DISTINCT o.id) AS neighbors
}
CALL (e) {
  MATCH (e)<-[:RECORDS]-(s:Source)
  RETURN collect(s.id) AS recorded
}
CALL (e) {
  MATCH (e)<-[:NAMES]-(r:Report)
  RETURN collect(DISTINCT r.source) AS reported
}
RETURN ends, participations, neighbors, recorded + reported AS sources
