// Every source, by id, without its text.
MATCH (s:Source)
RETURN s {.*, text: null}
ORDER BY s.id
