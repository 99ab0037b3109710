// What an entity's counts are made of: the relations it is an end of (id,
// type, source) and their other ends, the relations it takes part in, and
// the sources that record it. No row when the entity does not exist.
MATCH (e:Entity {id: $id})
CALL (e) {
  OPTIONAL MATCH (e)-[r:REL]-(o:Entity)
  RETURN collect(DISTINCT [r.id, r.type, r.source]) AS ends,
    collect(DISTINCT CASE WHEN o <> e THEN o.id END) AS neighbors
}
CALL (e) {
  OPTIONAL MATCH (e)-[x:PARTICIPATES]->(s:Source)
  RETURN collect(DISTINCT [x.relation, x.type, s.id]) AS participations
}
CALL (e) {
  OPTIONAL MATCH (e)<-[:RECORDS]-(s:Source)
  RETURN collect(s.id) AS recorded
}
RETURN ends, neighbors, participations, recorded
