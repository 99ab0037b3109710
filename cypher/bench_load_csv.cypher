// The benchmark baseline (internal/store/neo4j/bench_test.go): the graph
// that importing a generated graph through the store makes (its reports,
// and the events graph.Events groups them into), loaded with plain LOAD
// CSV from CSV files under the URL $dir, in batches. Run each statement in
// an auto-commit transaction, after the schema. An empty CSV field is
// null: the store's empty strings are coalesced back.
LOAD CSV WITH HEADERS FROM $dir + '/sources.csv' AS row
CALL (row) {
  CREATE (:Source {id: row.id, kind: row.kind, title: row.title, url: row.url, language: row.language,
    published: row.published, digest: row.digest, priority: toInteger(row.priority)})
} IN TRANSACTIONS OF 10000 ROWS;
LOAD CSV WITH HEADERS FROM $dir + '/entities.csv' AS row
CALL (row) {
  CREATE (:Entity {id: row.id, name: row.name, kind: coalesce(row.kind, ''), wikidata: coalesce(row.wikidata, ''),
    label: coalesce(row.label, ''), names: row.names, aliases: row.aliases,
    last_priority: toInteger(row.last_priority), last_source: row.last_source})
} IN TRANSACTIONS OF 10000 ROWS;
LOAD CSV WITH HEADERS FROM $dir + '/records.csv' AS row
CALL (row) {
  MATCH (s:Source {id: row.source})
  MATCH (e:Entity {id: row.entity})
  CREATE (s)-[:RECORDS {kind: coalesce(row.kind, ''), wikidata: coalesce(row.wikidata, ''), label: coalesce(row.label, ''), names: row.names}]->(e)
} IN TRANSACTIONS OF 10000 ROWS;
LOAD CSV WITH HEADERS FROM $dir + '/keys.csv' AS row
CALL (row) {
  CREATE (:NameKey {key: row.key, entity: row.entity, source: row.source})
} IN TRANSACTIONS OF 10000 ROWS;
LOAD CSV WITH HEADERS FROM $dir + '/reports.csv' AS row
CALL (row) {
  MATCH (s:Source {id: row.source})
  CREATE (s)-[:REPORTS]->(:Report {id: row.id, source: row.source, grp: row.grp, event: row.event, json: row.json})
} IN TRANSACTIONS OF 10000 ROWS;
LOAD CSV WITH HEADERS FROM $dir + '/names.csv' AS row
CALL (row) {
  MATCH (r:Report {id: row.report})
  MATCH (e:Entity {id: row.entity})
  CREATE (r)-[:NAMES]->(e)
} IN TRANSACTIONS OF 10000 ROWS;
LOAD CSV WITH HEADERS FROM $dir + '/events.csv' AS row
CALL (row) {
  MATCH (a:Entity {id: row.src})
  MATCH (b:Entity {id: row.tgt})
  CREATE (a)-[:REL {id: row.id, grp: row.grp, type: row.type, class: row.class, quad: toInteger(row.quad),
    intensity: toFloat(row.intensity), date: coalesce(row.date, ''), end: coalesce(row.end, ''), prec: coalesce(row.prec, ''),
    lo: row.lo, hi: row.hi, last: coalesce(row.last, ''), known: coalesce(row.known, ''), timeline: toBoolean(row.timeline),
    modality: row.modality, confidence: toFloat(row.confidence), participants: row.participants,
    participant_ids: split(row.participant_ids, '|'), parties: split(row.parties, '|'), evidence: row.evidence,
    event_key: coalesce(row.event_key, ''),
    reports: toInteger(row.reports), sources: toInteger(row.sources), modalities: row.modalities,
    joined: coalesce(row.joined, '')}]->(b)
} IN TRANSACTIONS OF 10000 ROWS;
LOAD CSV WITH HEADERS FROM $dir + '/links.csv' AS row
CALL (row) {
  MATCH (a:Entity {id: row.src})
  MATCH (b:Entity {id: row.tgt})
  CREATE (a)-[:LINK {relation: row.relation, directed: toBoolean(row.directed), type: row.type, class: row.class,
    confidence: toFloat(row.confidence), modality: row.modality, lo: row.lo, hi: row.hi, known: coalesce(row.known, ''),
    date: coalesce(row.date, '')}]->(b)
} IN TRANSACTIONS OF 10000 ROWS;
LOAD CSV WITH HEADERS FROM $dir + '/groups.csv' AS row
CALL (row) {
  CREATE (:EventGroup {key: row.key})
} IN TRANSACTIONS OF 10000 ROWS;
LOAD CSV WITH HEADERS FROM $dir + '/participants.csv' AS row
CALL (row) {
  MATCH (e:Entity {id: row.entity})
  MATCH (g:EventGroup {key: row.grp})
  CREATE (e)-[:PARTICIPATES {relation: row.relation, type: row.type}]->(g)
} IN TRANSACTIONS OF 10000 ROWS;
