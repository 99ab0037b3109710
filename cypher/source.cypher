// The source $id with its text; no row when it is unknown.
MATCH (s:Source {id: $id})
RETURN s
