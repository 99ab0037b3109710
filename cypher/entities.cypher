// The entities $ids that exist, each once, by id.
UNWIND $ids AS id
MATCH (e:Entity {id: id})
WITH DISTINCT e
RETURN e
ORDER BY e.id
