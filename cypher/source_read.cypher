// What the source $id contributed, as it was stored: the source, its
// records as [entity, kind, wikidata, label, names] and its reports' JSON.
// No row when the source is unknown.
MATCH (s:Source {id: $id})
CALL (s) {
  MATCH (s)-[x:RECORDS]->(e:Entity)
  RETURN collect([e.id, x.kind, x.wikidata, x.label, x.names]) AS records
}
CALL (s) {
  MATCH (s)-[:REPORTS]->(r:Report)
  RETURN collect(r.json) AS reports
}
RETURN s, records, reports
