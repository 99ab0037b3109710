// Every stored report of the groups $keys (graph.Relation.GroupKey): its
// group, its JSON, its source, its event and its analyst's pin.
UNWIND $keys AS key
MATCH (r:Report {grp: key})
OPTIONAL MATCH (p:ReportPin {report: r.id})
RETURN key, r.json AS json, r.source AS source, r.event AS event, p.pin AS pin
