// Whether the database holds relations of an earlier model, which cannot
// be brought up to date in place: stored before reports and events (a
// :REL relationship without a group) or before the parties of events
// were linked (without parties: its event has no LINKs). Looks at one
// relationship at most: a store holds relations of one model only.
OPTIONAL MATCH ()-[r:REL]->()
WITH r
LIMIT 1
RETURN r IS NOT NULL AND (r.grp IS NULL OR r.parties IS NULL) AS old
