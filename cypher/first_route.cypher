// The first route of a path query with its hops, in one round trip: the
// route of the spur search from the query's start with no step ruled out
// (shortest.cypher), which graph.FindRoutes always keeps and reads the
// hops of, and those hops (hops.cypher) as a list of [step, REL, source
// id, target id, the step's two entities]; no row when there is no route.
{{route}}
RETURN route, COLLECT {
  {{steps}}
  RETURN [i, r, startNode(r).id, endNode(r).id, x, y]
} AS hops
