// Locks the entities $ids that exist (in id order, against writers that
// change the same entities) and returns the assembled state of each one
// (names is null on a node not assembled yet).
UNWIND $ids AS id
MATCH (e:Entity {id: id})
SET e._lock = true
REMOVE e._lock
RETURN e.id AS id, e.name AS name, e.label AS label, e.kind AS kind, e.wikidata AS wikidata,
  e.names AS names, e.aliases AS aliases, e.demonyms AS demonyms, e.last_priority AS last_priority, e.last_source AS last_source
