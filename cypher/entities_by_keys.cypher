// For each of the normalised name keys $keys, the entities having a name
// with that key, as (key, entity) rows by key then id.
UNWIND $keys AS key
MATCH (k:NameKey {key: key})
WITH DISTINCT key, k.entity AS id
MATCH (e:Entity {id: id})
RETURN key, e
ORDER BY key, id
