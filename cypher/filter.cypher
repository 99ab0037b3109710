// Fragment {{filter}}: graph.Filter.Match on the relationship r, the
// filter being the map parameter $f. Empty lists and null dates select
// everything; known is '' for an event known from the start, and ''
// sorts before every day; reviewed (graph.Relation.Reviewed) is '~',
// after every day, for an event only drafts report, and missing (taken
// as '') on one stored before drafts were kept: none of its reports was
// one, and known_as_of compares its known. (One map, not a parameter each: Neo4j plans a
// query again for every other type or size of a parameter, null or a
// day, 0, 1 or more types, but not of the values in a map.)
(size($f.types) = 0 OR r.type IN $f.types)
AND NOT r.type IN $f.exclude
AND r.confidence >= $f.min_confidence
AND (size($f.modalities) = 0 OR r.modality IN $f.modalities)
AND ($f.since IS NULL OR r.hi >= $f.since)
AND ($f.until IS NULL OR r.lo <= $f.until)
AND ($f.as_of IS NULL OR (r.lo <= $f.as_of AND (r.class <> 'structural' OR r.hi >= $f.as_of)))
AND ($f.known_as_of IS NULL OR r.known <= $f.known_as_of)
AND (NOT $f.reviewed OR coalesce(r.reviewed, '') <= coalesce($f.known_as_of, $f.day_max))
