// The source of each of the reports $ids that is stored, as [id, source].
UNWIND $ids AS id
MATCH (r:Report {id: id})
RETURN collect([r.id, r.source]) AS owned
