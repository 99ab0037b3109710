// What the source $id contributed, as it was stored: the source, its
// records as [entity, kind, wikidata, label, names] and its relations as
// [relationship, source entity, target entity]. No row when the source is
// unknown.
MATCH (s:Source {id: $id})
CALL (s) {
  MATCH (s)-[x:RECORDS]->(e:Entity)
  RETURN collect([e.id, x.kind, x.wikidata, x.label, x.names]) AS records
}
CALL (s) {
  MATCH (a:Entity)-[r:REL {source: s.id}]->(b:Entity)
  RETURN collect([r, a.id, b.id]) AS relations
}
RETURN s, records, relations
