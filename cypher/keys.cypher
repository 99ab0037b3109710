// Every API key (the store sorts them: a database that never held a key
// knows no property to sort by).
MATCH (k:ApiKey)
RETURN k
