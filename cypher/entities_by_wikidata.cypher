// The entities whose assembled Wikidata QID is $qid, by id.
MATCH (e:Entity {wikidata: $qid})
WHERE $qid <> ''
RETURN e
ORDER BY e.id
