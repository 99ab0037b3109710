// One page of a timeline newest first: the events before the cursor
// ($after_lo null: from the end) in the reverse of time order, at most
// $limit.
{{events}}
  AND ($after_lo IS NULL OR r.lo < $after_lo
    OR (r.lo = $after_lo AND (r.hi < $after_hi OR (r.hi = $after_hi AND r.id < $after_id))))
RETURN r, startNode(r).id AS src, endNode(r).id AS tgt
ORDER BY r.lo DESC, r.hi DESC, r.id DESC
LIMIT $limit
