// The group of each of the events $ids that is stored, as [id, group].
UNWIND $ids AS id
MATCH ()-[r:REL {id: id}]->()
RETURN collect([r.id, r.grp]) AS groups
