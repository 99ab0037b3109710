// Which of the entities $ids some record or relation names (a relation end
// or a participant).
UNWIND $ids AS id
MATCH (e:Entity {id: id})
WHERE EXISTS { (e)<-[:RECORDS]-(:Source) } OR EXISTS { (e)-[:REL]-() } OR EXISTS { (e)-[:PARTICIPATES]->() }
RETURN collect(id) AS known
