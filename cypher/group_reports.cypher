// Every stored report of the groups $keys (graph.Relation.GroupKey): its
// group, its JSON, its source and its event.
UNWIND $keys AS key
MATCH (r:Report {grp: key})
RETURN key, r.json AS json, r.source AS source, r.event AS event
