// Marks the API key $id revoked at $at (the store keeps a first time: it
// revokes only a key not revoked yet).
MATCH (k:ApiKey {id: $id})
SET k.revoked = $at
RETURN k
