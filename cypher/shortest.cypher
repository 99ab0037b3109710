// The first route of a spur search (graph.Router.Shortest): the fragment
// {{route}}, which says what it is.
{{route}}
RETURN route
