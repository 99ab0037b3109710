// Deletes the refs of a source's reports (report_refs_write.cypher), with
// its reports (source_clear.cypher).
MATCH (k:ReportRef {source: $id})
DELETE k
