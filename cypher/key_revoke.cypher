// Marks the API key $id revoked at $at, unless it is revoked already.
MATCH (k:ApiKey {id: $id})
SET k.revoked = CASE k.revoked WHEN '' THEN $at ELSE k.revoked END
RETURN k
