// The relations around $id up to $depth hops (see storetest): the
// matching events that link an entity, in the query's direction ({{in}},
// {{out}}; undirected LINKs only when $undirected), whose distance from
// the center is below $depth, the distance being over the matching
// events' links in that direction; {{hops}} is max($depth - 1, 1). An
// event links by its REL or by one of its LINKs. Returns the center, how
// many relations there are after the relation id $after ('' for all),
// the first $limit of those by id (all when $limit <= 0) with their ends,
// and their parties but the center, by id. No row when the center does
// not exist.
MATCH (c:Entity {id: $id})
CALL (c) {
  MATCH p = ANY SHORTEST (c){{in}}-[r:REL|LINK WHERE {{filter}} AND ($undirected OR r:REL OR r.directed)]-{{out}}{0,{{hops}}}(v)
  WHERE length(p) < $depth
  WITH DISTINCT v
  CALL (v) {
    MATCH (v){{in}}-[r:REL]-{{out}}()
    RETURN r
    UNION
    MATCH (v){{in}}-[l:LINK]-{{out}}()
    WHERE $undirected OR l.directed
    WITH l.relation AS id
    MATCH ()-[r:REL {id: id}]->()
    RETURN r
  }
  WITH DISTINCT r
  WHERE {{filter}} AND r.id > $after
  ORDER BY r.id
  RETURN collect(r) AS found
}
WITH c, size(found) AS total, CASE WHEN $limit > 0 THEN found[..$limit] ELSE found END AS kept
CALL (c, kept) {
  UNWIND kept AS r
  UNWIND r.parties AS id
  WITH DISTINCT id
  WHERE id <> c.id
  MATCH (n:Entity {id: id})
  WITH n
  ORDER BY n.id
  RETURN collect(n) AS nodes
}
RETURN c, total, [r IN kept | [r, startNode(r).id, endNode(r).id]] AS relations, nodes
