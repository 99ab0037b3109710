// For each of the Wikidata QIDs $qids, the entities whose assembled QID it
// is, as (qid, entity) rows by QID then id.
UNWIND $qids AS q
WITH DISTINCT q AS qid
MATCH (e:Entity {wikidata: qid})
WHERE qid <> ''
RETURN qid, e
ORDER BY qid, e.id
