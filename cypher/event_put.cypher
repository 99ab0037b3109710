// Stores the events of a regrouping: deletes the events $del with their
// links and participations (which hang off the group's (:EventGroup)
// node), creates the events $events (rows {src, tgt, props}), their links
// $links (rows {src, tgt, props}: every two parties but the source and
// target) and their participations $participants (rows {key, entity,
// relation, type}), sets the event of each report ($reports: rows
// {report, event}), and deletes the group nodes left without
// participations.
CALL () {
  UNWIND $del AS id
  MATCH ()-[r:REL {id: id}]->()
  MATCH (:EventGroup {key: r.grp})<-[x:PARTICIPATES {relation: id}]-()
  DELETE x
}
CALL () {
  UNWIND $del AS id
  MATCH ()-[l:LINK {relation: id}]->()
  DELETE l
}
CALL () {
  UNWIND $del AS id
  MATCH ()-[r:REL {id: id}]->()
  WITH r, r.grp AS key
  DELETE r
  RETURN collect(DISTINCT key) AS emptied
}
CALL () {
  UNWIND $events AS row
  MATCH (a:Entity {id: row.src})
  MATCH (b:Entity {id: row.tgt})
  CREATE (a)-[r:REL]->(b)
  SET r = row.props
}
CALL () {
  UNWIND $links AS row
  MATCH (a:Entity {id: row.src})
  MATCH (b:Entity {id: row.tgt})
  CREATE (a)-[l:LINK]->(b)
  SET l = row.props
}
CALL () {
  UNWIND $participants AS p
  MERGE (g:EventGroup {key: p.key})
  WITH g, p
  MATCH (e:Entity {id: p.entity})
  CREATE (e)-[:PARTICIPATES {relation: p.relation, type: p.type}]->(g)
}
CALL () {
  UNWIND $reports AS row
  MATCH (r:Report {id: row.report})
  SET r.event = row.event
}
CALL (emptied) {
  UNWIND emptied AS key
  MATCH (g:EventGroup {key: key})
  WHERE NOT EXISTS { ()-[:PARTICIPATES]->(g) }
  DELETE g
}
