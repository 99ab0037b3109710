// Fragment {{route}}: route, the first route (graph.CompareRoutes: fewest
// steps, then the smallest ids) of at most $spur.hops steps from
// $spur.from to $spur.to for a spur search (graph.Router.Shortest), as the
// ids of its entities; no row when there is none. A step follows an
// event's REL or one of its LINKs in the query's direction ({{in}},
// {{out}}; undirected LINKs only when $undirected, direction any) that
// passes the filter (and, of a chronological route, is dated), to an
// entity of none of $spur.banned (which holds $spur.from: the route never
// comes back to it) and, but for $spur.to, of the kinds $spur.through
// (any when empty). The first step goes to none of $spur.not_first, and a
// $chronological route's steps can be taken in time order from
// $spur.after on ('' for no bound): each step on a day no earlier than
// the step before, between its relation's lo and hi. The WHERE of the
// parenthesised path pattern is applied before the shortest routes are
// selected, so a shorter route that fails it does not hide a longer one.
// {{hops}} is max($spur.hops, 2): Neo4j 5.26 fails on a parenthesised
// path pattern whose quantifier is {1,1}. The spur is one map parameter:
// Neo4j plans a query again for every other size of a list parameter (0,
// 1, up to 10, ...), not of a list in a map.
MATCH (a:Entity {id: $spur.from})
MATCH (b:Entity {id: $spur.to})
MATCH p = ALL SHORTEST ((a) (()
    {{in}}-[r:REL|LINK WHERE {{filter}}
      AND ($undirected OR r:REL OR r.directed) AND (NOT $chronological OR r.date <> '')]-{{out}}
    (y WHERE NOT y.id IN $spur.banned
      AND (size($spur.through) = 0 OR y.kind IN $spur.through OR y.id = $spur.to))){1,{{hops}}} (b)
  WHERE size(r) <= $spur.hops AND NOT y[0].id IN $spur.not_first
    AND (NOT $chronological OR reduce(t = $spur.after, s IN r |
      CASE WHEN t IS NULL OR t > s.hi OR s.lo > s.hi THEN null WHEN s.lo > t THEN s.lo ELSE t END) IS NOT NULL))
WITH [n IN nodes(p) | n.id] AS route
ORDER BY route
LIMIT 1
