// Writes a contribution whose source has been cleared: the source, its
// entity records and name keys, and its relations as reports ($reports:
// rows {props, entities}, entities the distinct ids a report names), each
// with the entities it names. The events are event_put.cypher's.
MERGE (s:Source {id: $source.id})
SET s += $source
WITH s
CALL () {
  UNWIND $entities AS id
  MERGE (:Entity {id: id})
}
CALL (s) {
  UNWIND $records AS rec
  MATCH (e:Entity {id: rec.entity})
  CREATE (s)-[x:RECORDS]->(e)
  SET x = rec.props
}
CALL (s) {
  UNWIND $keys AS k
  CREATE (:NameKey {key: k.key, entity: k.entity, source: s.id})
}
CALL (s) {
  UNWIND $reports AS row
  CREATE (s)-[:REPORTS]->(r:Report)
  SET r = row.props
  WITH r, row
  UNWIND row.entities AS id
  MATCH (e:Entity {id: id})
  CREATE (r)-[:NAMES]->(e)
}
