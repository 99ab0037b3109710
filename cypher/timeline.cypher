// One page of a timeline: the events after the cursor ($after_lo null:
// from the start) in time order, at most $limit.
{{events}}
  AND ($after_lo IS NULL OR r.lo > $after_lo
    OR (r.lo = $after_lo AND (r.hi > $after_hi OR (r.hi = $after_hi AND r.id > $after_id))))
RETURN r, startNode(r).id AS src, endNode(r).id AS tgt
ORDER BY r.lo, r.hi, r.id
LIMIT $limit
