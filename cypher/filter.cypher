// Fragment {{filter}}: graph.Filter.Match on the relationship r. Empty
// lists and null dates select everything; known is '' for an event known
// from the start, and '' sorts before every day.
(size($f_types) = 0 OR r.type IN $f_types)
AND NOT r.type IN $f_exclude
AND r.confidence >= $f_min_confidence
AND (size($f_modalities) = 0 OR r.modality IN $f_modalities)
AND ($f_since IS NULL OR r.hi >= $f_since)
AND ($f_until IS NULL OR r.lo <= $f_until)
AND ($f_as_of IS NULL OR (r.lo <= $f_as_of AND (r.class <> 'structural' OR r.hi >= $f_as_of)))
AND ($f_known_as_of IS NULL OR r.known <= $f_known_as_of)
