// Writes a contribution whose source has been cleared: the source, its
// entity records and name keys, its relations and their participants.
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
CALL () {
  UNWIND $relations AS row
  MATCH (a:Entity {id: row.src})
  MATCH (b:Entity {id: row.tgt})
  CREATE (a)-[r:REL]->(b)
  SET r = row.props
}
CALL (s) {
  UNWIND $participants AS p
  MATCH (e:Entity {id: p.entity})
  CREATE (e)-[x:PARTICIPATES]->(s)
  SET x = p.props
}
