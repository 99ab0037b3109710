// The API keys with the id $id, or every key when $id is null (the store
// sorts them: a database that never held a key knows no property to sort
// by).
MATCH (k:ApiKey)
WHERE $id IS NULL OR k.id = $id
RETURN k
