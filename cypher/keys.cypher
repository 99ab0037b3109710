// The API keys with the id $id, or every key when $id is null, in the
// order made.
MATCH (k:ApiKey)
WHERE $id IS NULL OR k.id = $id
RETURN k
ORDER BY k.created, k.id
