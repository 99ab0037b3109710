// Writes the refs of the evidence of a source's reports
// (graph.Evidence.Ref), which mentions find their event by ($refs: rows
// {ref, report}), after source_write.cypher: one ReportRef node each.
UNWIND $refs AS x
CREATE (:ReportRef {ref: x.ref, report: x.report, source: $source})
