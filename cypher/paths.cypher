// Every shortest path of at most {{hops}} matching relations from $from
// to $to, followed in the query's direction, through no entity of $avoid
// (which holds neither end) and only through entities of the kinds
// $through (any when empty), ordered by the ids of their relations, the
// first $limit: each as its relations (with their ends) and its nodes.
MATCH (a:Entity {id: $from})
MATCH (b:Entity {id: $to})
MATCH p = ALL SHORTEST (a) ((){{in}}-[r:REL WHERE {{filter}}]-{{out}}(x WHERE NOT x.id IN $avoid AND (size($through) = 0 OR x.kind IN $through OR x.id = $to))){1,{{hops}}} (b)
WITH p, [x IN relationships(p) | x.id] AS ids
ORDER BY ids
LIMIT $limit
RETURN [x IN relationships(p) | [x, startNode(x).id, endNode(x).id]] AS relations, nodes(p) AS nodes
