// The digest of a stored source; no row when the source is unknown.
MATCH (s:Source {id: $id})
RETURN s.digest AS digest
