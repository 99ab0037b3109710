// The relations that match the filter and whose id sorts after $after, by
// id, at most $limit.
MATCH (a:Entity)-[r:REL]->(b:Entity)
WHERE r.id > $after AND {{filter}}
RETURN r, a.id AS src, b.id AS tgt
ORDER BY r.id
LIMIT $limit
