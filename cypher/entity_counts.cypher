// What an entity's counts are made of: the events it is an end of (id,
// type) and their other ends, the events it takes part in (id, type), and
// the sources that record it or whose reports name it (with repeats). No
// row when the entity does not exist.
MATCH (e:Entity {id: $id})
CALL (e) {
  MATCH (e)-[r:REL]-(o:Entity)
  RETURN collect(DISTINCT [r.id, r.type]) AS ends,
    collect(DISTINCT CASE WHEN o <> e THEN o.id END) AS neighbors
}
CALL (e) {
  MATCH (e)-[x:PARTICIPATES]->(:EventGroup)
  RETURN collect(DISTINCT [x.relation, x.type]) AS participations
}
CALL (e) {
  MATCH (e)<-[:RECORDS]-(s:Source)
  RETURN collect(s.id) AS recorded
}
CALL (e) {
  MATCH (e)<-[:NAMES]-(r:Report)
  RETURN collect(DISTINCT r.source) AS reported
}
RETURN ends, neighbors, participations, recorded + reported AS sources
