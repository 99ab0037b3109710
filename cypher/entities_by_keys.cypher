// For each of the normalised name keys $keys, the entities having a name
// with that key in a source other than $except ('': any source), as (key,
// entity) rows by key then id.
UNWIND $keys AS key
MATCH (k:NameKey {key: key})
WHERE k.source <> $except
WITH DISTINCT key, k.entity AS id
MATCH (e:Entity {id: id})
RETURN key, e
ORDER BY key, id
