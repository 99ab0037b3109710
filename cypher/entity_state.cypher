// Returns the assembled state of each of the entities $ids that exist
// (names is null on a node not assembled yet); the transaction's write
// lock (write_lock.cypher) keeps other writers off them.
UNWIND $ids AS id
MATCH (e:Entity {id: id})
RETURN e.id AS id, e.name AS name, e.label AS label, e.kind AS kind, e.wikidata AS wikidata,
  e.names AS names, e.aliases AS aliases, e.demonyms AS demonyms, e.last_priority AS last_priority, e.last_source AS last_source
