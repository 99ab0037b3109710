// Fragment {{events}}: the rows r of the events of a timeline query:
// dated events that involve $entity (as source, target or participant) and
// $with when it is not null, that match the filter.
MATCH (e:Entity {id: $entity})
CALL (e) {
  MATCH (e)-[r:REL]-()
  WHERE r.timeline
  RETURN r
  UNION
  MATCH (e)-[x:PARTICIPATES]->(:EventGroup)
  MATCH ()-[r:REL {id: x.relation}]->()
  WHERE r.timeline
  RETURN r
}
WITH DISTINCT r
WHERE {{filter}}
  AND ($with IS NULL OR startNode(r).id = $with OR endNode(r).id = $with OR $with IN coalesce(r.participant_ids, []))
