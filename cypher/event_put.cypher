// Replaces the events of the groups $keys: deletes every event of them
// and its participations, creates the events $events (rows {src, tgt,
// props}) and the participations $groups (rows {key, participants}, one
// per group whose events have participants, participants rows {entity,
// relation, type}), and sets the event of each report ($reports: rows
// {report, event}).
CALL () {
  UNWIND $keys AS key
  MATCH ()-[r:REL {grp: key}]->()
  DELETE r
}
CALL () {
  UNWIND $keys AS key
  MATCH (g:EventGroup {key: key})
  DETACH DELETE g
}
CALL () {
  UNWIND $events AS row
  MATCH (a:Entity {id: row.src})
  MATCH (b:Entity {id: row.tgt})
  CREATE (a)-[r:REL]->(b)
  SET r = row.props
}
CALL () {
  UNWIND $groups AS row
  CREATE (g:EventGroup {key: row.key})
  WITH g, row
  UNWIND row.participants AS p
  MATCH (e:Entity {id: p.entity})
  CREATE (e)-[:PARTICIPATES {relation: p.relation, type: p.type}]->(g)
}
CALL () {
  UNWIND $reports AS row
  MATCH (r:Report {id: row.report})
  SET r.event = row.event
}
