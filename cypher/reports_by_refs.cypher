// For each of the refs $refs (graph.Evidence.Ref), the stored reports
// whose evidence carries it, as (ref, json, source, event) rows by ref,
// source and report id.
UNWIND $refs AS x
WITH DISTINCT x AS ref
MATCH (k:ReportRef {ref: ref})
MATCH (r:Report {id: k.report})
RETURN ref, r.json AS json, r.source AS source, r.event AS event
ORDER BY ref, source, r.id
