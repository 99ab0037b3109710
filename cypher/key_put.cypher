// Stores the API key $key (graph.Key) unless one has its id; returns
// whether it was stored.
OPTIONAL MATCH (old:ApiKey {id: $key.id})
WITH old
WHERE old IS NULL
CREATE (k:ApiKey)
SET k = $key
RETURN count(k) AS stored
