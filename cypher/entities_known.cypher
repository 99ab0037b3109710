// Which of the entities $ids some record or report names (a relation end
// or a participant).
UNWIND $ids AS id
MATCH (e:Entity {id: id})
WHERE EXISTS { (e)<-[:RECORDS]-(:Source) } OR EXISTS { (e)<-[:NAMES]-(:Report) }
RETURN collect(id) AS known
