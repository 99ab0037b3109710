// What the store knows without the contribution being written (already
// cleared): which of $entities exist (some record or relation names them),
// and the first of $relations (by position) that another source holds.
CALL () {
  UNWIND $entities AS id
  MATCH (e:Entity {id: id})
  WHERE EXISTS { (e)<-[:RECORDS]-(:Source) } OR EXISTS { (e)-[:REL]-() } OR EXISTS { (e)-[:PARTICIPATES]->() }
  RETURN collect(id) AS known
}
CALL () {
  UNWIND range(0, size($relations) - 1) AS i
  MATCH ()-[r:REL {id: $relations[i]}]->()
  WITH i, r ORDER BY i LIMIT 1
  RETURN collect([r.id, r.source]) AS owned
}
RETURN known, owned
