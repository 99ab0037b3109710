// Entities whose name keys contain $key: the best match of each entity
// (0 exact, 1 prefix, 2 substring), then by id; $kind '' for any kind.
MATCH (k:NameKey)
WHERE k.key CONTAINS $key
WITH k.entity AS id, min(CASE WHEN k.key = $key THEN 0 WHEN k.key STARTS WITH $key THEN 1 ELSE 2 END) AS rank
MATCH (e:Entity {id: id})
WHERE $kind = '' OR e.kind = $kind
RETURN e, rank
ORDER BY rank, id
LIMIT $limit
