// The API key $id: a lookup in the unique index on ApiKey.id, made on
// every request that sends a key.
MATCH (k:ApiKey {id: $id})
RETURN k
