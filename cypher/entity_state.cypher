// Locks the entities $ids that exist (in id order, against writers that
// change the same entities) and returns each one's assembled state and
// whether anything still names it.
UNWIND $ids AS id
MATCH (e:Entity {id: id})
SET e._lock = true
REMOVE e._lock
RETURN e.id AS id, e.label AS label, e.kind AS kind, e.wikidata AS wikidata,
  e.names AS names, e.aliases AS aliases, e.last_priority AS last_priority, e.last_source AS last_source,
  EXISTS { (e)<-[:RECORDS]-(:Source) } AS recorded,
  EXISTS { (e)-[:REL]-() } OR EXISTS { (e)-[:PARTICIPATES]->() } AS involved
