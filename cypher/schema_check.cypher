// Whether the database holds relations stored before reports and events
// (a :REL relationship without a group), which cannot be brought up to
// date in place. Looks at one relationship at most: a store holds
// relations of one model only.
OPTIONAL MATCH ()-[r:REL]->()
WITH r
LIMIT 1
RETURN r IS NOT NULL AND r.grp IS NULL AS old
