// The source of each of the relations $ids that is stored, as [id, source].
UNWIND $ids AS id
MATCH ()-[r:REL {id: id}]->()
RETURN collect([r.id, r.source]) AS owned
