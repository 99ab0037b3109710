// Fragment {{steps}}: the hops of the list route (graph.Router.Hops): for
// each step route[i] to route[i + 1], the events that link them in the
// query's direction ({{in}}, {{out}}; undirected LINKs only when
// $undirected), by their REL or one of their LINKs, and pass the filter
// (and, of a $chronological query, are dated), as rows of the step i, the
// event's REL r and the step's two entities x and y.
UNWIND range(0, size(route) - 2) AS i
MATCH (x:Entity {id: route[i]})
MATCH (y:Entity {id: route[i + 1]})
CALL (x, y) {
  MATCH (x){{in}}-[r:REL]-{{out}}(y)
  RETURN r
  UNION
  MATCH (x){{in}}-[l:LINK]-{{out}}(y)
  WHERE $undirected OR l.directed
  WITH l.relation AS id
  MATCH ()-[r:REL {id: id}]->()
  RETURN r
}
WITH i, r, x, y
WHERE {{filter}} AND (NOT $chronological OR r.date <> '')
