// The relations around $id up to $depth hops (see storetest): the
// matching relations followed from every entity whose distance from the
// center, over matching relations in the query's direction, is below
// $depth; {{hops}} is max($depth - 1, 1). Returns the center, how many
// relations there are, the first $limit of them by id (all when $limit
// <= 0) with their ends, and the entities at their ends but the center, by
// id. No row when the center does not exist.
MATCH (c:Entity {id: $id})
CALL (c) {
  MATCH p = ANY SHORTEST (c){{in}}-[r:REL WHERE {{filter}}]-{{out}}{0,{{hops}}}(v)
  WHERE length(p) < $depth
  WITH DISTINCT v
  MATCH (v){{in}}-[r:REL]-{{out}}()
  WHERE {{filter}}
  WITH DISTINCT r
  ORDER BY r.id
  RETURN collect(r) AS found
}
WITH c, size(found) AS total, CASE WHEN $limit > 0 THEN found[..$limit] ELSE found END AS kept
CALL (c, kept) {
  UNWIND kept AS r
  UNWIND [startNode(r), endNode(r)] AS n
  WITH DISTINCT n
  WHERE n <> c
  WITH n
  ORDER BY n.id
  RETURN collect(n) AS nodes
}
RETURN c, total, [r IN kept | [r, startNode(r).id, endNode(r).id]] AS relations, nodes
