// Every source, by id.
MATCH (s:Source)
RETURN s
ORDER BY s.id
