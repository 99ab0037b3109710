// The first route (graph.CompareRoutes: fewest steps, then the smallest
// ids) of at most $hops steps from $from to $to for a spur search
// (graph.Router.Shortest), as the ids of its entities; no row when there
// is none. A step follows an event's REL or one of its LINKs in the
// query's direction ({{in}}, {{out}}; undirected LINKs only when
// $undirected, direction any) that passes the filter (and, of a
// chronological route, is dated), to an entity of none of $banned (which
// holds $from: the route never comes back to it) and, but for $to, of
// the kinds $through (any when empty). The first step goes to none of
// $not_first, and a $chronological route's steps can be taken in time
// order from $after on ('' for no bound): each step on a day no earlier
// than the step before, between its relation's lo and hi. The WHERE of
// the parenthesised path pattern is applied before the shortest routes
// are selected, so a shorter route that fails it does not hide a longer
// one. {{hops}} is max($hops, 2): Neo4j 5.26 fails on a parenthesised
// path pattern whose quantifier is {1,1}.
MATCH (a:Entity {id: $from})
MATCH (b:Entity {id: $to})
MATCH p = ALL SHORTEST ((a) (()
    {{in}}-[r:REL|LINK WHERE {{filter}}
      AND ($undirected OR r:REL OR r.directed) AND (NOT $chronological OR r.date <> '')]-{{out}}
    (y WHERE NOT y.id IN $banned AND (size($through) = 0 OR y.kind IN $through OR y.id = $to))){1,{{hops}}} (b)
  WHERE size(r) <= $hops AND NOT y[0].id IN $not_first
    AND (NOT $chronological OR reduce(t = $after, s IN r |
      CASE WHEN t IS NULL OR t > s.hi OR s.lo > s.hi THEN null WHEN s.lo > t THEN s.lo ELSE t END) IS NOT NULL))
WITH [n IN nodes(p) | n.id] AS route
ORDER BY route
LIMIT 1
RETURN route
