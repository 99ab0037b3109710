// Every analyst's decision, in the order they were made.
MATCH (d:Decision)
RETURN d
ORDER BY d.seq
