// Deletes a source node whose contribution is cleared.
MATCH (s:Source {id: $id})
DELETE s
