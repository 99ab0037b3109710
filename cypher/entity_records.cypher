// Every record of the entities $ids, with its source and the source's
// priority.
UNWIND $ids AS id
MATCH (e:Entity {id: id})<-[x:RECORDS]-(s:Source)
RETURN id, s.id AS source, s.priority AS priority, x.kind AS kind, x.wikidata AS wikidata,
  x.label AS label, x.names AS names
