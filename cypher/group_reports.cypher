// Every stored report of the groups $keys (graph.Relation.GroupKey): its
// group, its JSON, its source, its event and its analyst's pin node, if
// any (the node, not its property: a database that has no pin yet has no
// such property key either).
UNWIND $keys AS key
MATCH (r:Report {grp: key})
OPTIONAL MATCH (p:ReportPin {report: r.id})
RETURN key, r.json AS json, r.source AS source, r.event AS event, p AS pin
