// The last $limit entries of the audit trail, newest first (the seq
// constraint's index orders them).
MATCH (a:Audit)
WHERE a.seq IS NOT NULL
RETURN a
ORDER BY a.seq DESC
LIMIT $limit
