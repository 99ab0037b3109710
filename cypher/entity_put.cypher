// Stores assembled entities ($put: rows {id, props}) and deletes the
// entities that nothing names any more ($delete: ids).
CALL () {
  UNWIND $put AS row
  MERGE (e:Entity {id: row.id})
  SET e += row.props
}
CALL () {
  UNWIND $delete AS id
  MATCH (e:Entity {id: id})
  DELETE e
}
