// The schema of the Neo4j store, applied at start and by `geokg schema
// apply`; every statement is idempotent.
//
// (:Entity {id, name, kind, wikidata, label, names, aliases, demonyms, last_priority, last_source})
//     the assembled entity; names, aliases and demonyms are JSON
// (:Source {id, kind, title, url, language, published, digest, priority, text})
// (:Source)-[:RECORDS {kind, wikidata, label, names}]->(:Entity)
//     what one source says about one entity; names is JSON
// (:NameKey {key, entity, source})
//     one normalised name key of an entity, as one source gave it
// (:Source)-[:REPORTS]->(:Report {id, source, grp, event, json})
//     one relation as the source gave it (graph.Report): the relation as
//     JSON, the id of its source, its group (graph.Relation.GroupKey) and
//     the id of the event it belongs to
// (:ReportRef {ref, report, source})
//     one ref of the evidence of a report (graph.Evidence.Ref: a dataset's
//     id of its row, "gdelt:904512001"), of the report's id and source
// (:Report)-[:NAMES]->(:Entity)
//     an entity the report involves (source, target or participant), once
// (:Entity)-[:REL {id, grp, type, class, quad, intensity, date, end, prec,
//     lo, hi, last, known, reviewed, timeline, modality, confidence, participants,
//     participant_ids, parties, evidence, event_key, reports, sources,
//     modalities, joined}]->(:Entity)
//     one event (an edge of the graph, assembled from the reports of its
//     group by graph.Events), from its source entity to its target entity;
//     participants, evidence and modalities are JSON; parties the ids of
//     its source, target and participants, each once (a REL without them
//     was stored before LINKs: schema_check.cypher)
// (:Entity)-[:LINK {relation, directed, type, class, confidence, modality,
//     lo, hi, known, reviewed, date}]->(:Entity)
//     every other link of an event (graph.Relation.Links) than its REL's:
//     from its source to each participant (directed), between its target
//     and each participant and between every two participants (not
//     directed, either way), so that routes and neighbourhoods follow
//     participations; relation is the event's id, the other properties
//     the REL's that filters and chronological routes read; written and
//     deleted with the event (event_put.cypher)
// (:Entity)-[:PARTICIPATES {relation, type}]->(:EventGroup {key})
//     a participant of an event (its id and type) of the group key; the
//     group's node goes with its last participation
// (:ReportPin {report, pin})
//     an analyst's pin of a report (graph.PinMerge, graph.PinApart), kept
//     apart from the report's node so that it outlives it
// (:WriteLock {id: 'graph', writes})
//     locked by every write transaction first (write_lock.cypher)
// (:Decision {seq, kind, entity, into, source, report, note, at, extra})
//     an analyst's decision on entities or events (graph.Decision; extra
//     the JSON of its DecisionExtra), numbered in the order made by
//     (:DecisionCounter {id: 'decisions', seq})
// (:Audit {seq, at, key, request, change})
//     one write of the audit trail (graph.AuditEntry), numbered in the
//     order written by (:AuditCounter {id: 'audit', seq})
// (:ApiKey {id, name, scope, hash, created, revoked})
//     an API key of a server (graph.Key): hash the digest of its secret,
//     revoked '' while it is valid
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (e:Entity) REQUIRE e.id IS UNIQUE;
CREATE CONSTRAINT source_id IF NOT EXISTS FOR (s:Source) REQUIRE s.id IS UNIQUE;
CREATE CONSTRAINT report_id IF NOT EXISTS FOR (r:Report) REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT rel_id IF NOT EXISTS FOR ()-[r:REL]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT event_group IF NOT EXISTS FOR (g:EventGroup) REQUIRE g.key IS UNIQUE;
CREATE CONSTRAINT report_pin IF NOT EXISTS FOR (p:ReportPin) REQUIRE p.report IS UNIQUE;
CREATE CONSTRAINT write_lock IF NOT EXISTS FOR (l:WriteLock) REQUIRE l.id IS UNIQUE;
CREATE CONSTRAINT decision_counter IF NOT EXISTS FOR (c:DecisionCounter) REQUIRE c.id IS UNIQUE;
CREATE CONSTRAINT decision_seq IF NOT EXISTS FOR (d:Decision) REQUIRE d.seq IS UNIQUE;
CREATE CONSTRAINT api_key_id IF NOT EXISTS FOR (k:ApiKey) REQUIRE k.id IS UNIQUE;
CREATE CONSTRAINT audit_counter IF NOT EXISTS FOR (c:AuditCounter) REQUIRE c.id IS UNIQUE;
CREATE CONSTRAINT audit_seq IF NOT EXISTS FOR (a:Audit) REQUIRE a.seq IS UNIQUE;
CREATE INDEX entity_name IF NOT EXISTS FOR (e:Entity) ON (e.name);
CREATE INDEX entity_wikidata IF NOT EXISTS FOR (e:Entity) ON (e.wikidata);
CREATE INDEX entity_kind IF NOT EXISTS FOR (e:Entity) ON (e.kind);
CREATE INDEX name_key IF NOT EXISTS FOR (k:NameKey) ON (k.key);
CREATE TEXT INDEX name_key_text IF NOT EXISTS FOR (k:NameKey) ON (k.key);
CREATE INDEX name_key_source IF NOT EXISTS FOR (k:NameKey) ON (k.source);
CREATE INDEX report_grp IF NOT EXISTS FOR (r:Report) ON (r.grp);
CREATE INDEX report_ref IF NOT EXISTS FOR (k:ReportRef) ON (k.ref);
CREATE INDEX report_ref_source IF NOT EXISTS FOR (k:ReportRef) ON (k.source);
CREATE INDEX rel_grp IF NOT EXISTS FOR ()-[r:REL]-() ON (r.grp);
CREATE INDEX rel_lo IF NOT EXISTS FOR ()-[r:REL]-() ON (r.lo);
CREATE INDEX rel_hi IF NOT EXISTS FOR ()-[r:REL]-() ON (r.hi);
CREATE INDEX rel_type IF NOT EXISTS FOR ()-[r:REL]-() ON (r.type);
CREATE INDEX link_relation IF NOT EXISTS FOR ()-[l:LINK]-() ON (l.relation);
