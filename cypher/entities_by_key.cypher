// The entities having a name with the normalised key $key, by id.
MATCH (k:NameKey {key: $key})
WITH DISTINCT k.entity AS id
MATCH (e:Entity {id: id})
RETURN e
ORDER BY id
