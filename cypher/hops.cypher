// The hops of the route $route (graph.Router.Hops; the fragment {{steps}}),
// a row a hop: the step, the event's REL and its ends, and the step's two
// entities (which the route's paths show).
WITH $route AS route
{{steps}}
RETURN i, r, startNode(r).id AS src, endNode(r).id AS tgt, x, y
