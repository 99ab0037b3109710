// The entities $ids that exist, each once, by id; with $except a source
// id, only those another source says anything of (a record, or a report
// that names them): what a source said before is no evidence for what it
// says now ('' : every one).
UNWIND $ids AS id
MATCH (e:Entity {id: id})
WHERE $except = ''
  OR EXISTS { (e)<-[:RECORDS]-(s:Source) WHERE s.id <> $except }
  OR EXISTS { (e)<-[:NAMES]-(r:Report) WHERE r.source <> $except }
WITH DISTINCT e
RETURN e
ORDER BY e.id
