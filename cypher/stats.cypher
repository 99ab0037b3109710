// The counts of the whole graph as [key, count] pairs, and the first and
// last days of the dated relations.
CALL () {
  MATCH (e:Entity)
  WITH e.kind AS k, count(*) AS n
  RETURN collect([k, n]) AS kinds
}
CALL () {
  MATCH (s:Source)
  WITH s.kind AS k, count(*) AS n
  RETURN collect([k, n]) AS sources
}
CALL () {
  MATCH ()-[r:REL]->()
  WITH r.type AS t, r.modality AS m, count(*) AS n,
    min(CASE WHEN r.date <> '' THEN r.lo END) AS first, max(CASE WHEN r.last <> '' THEN r.last END) AS last
  RETURN collect([t, m, n]) AS types, min(first) AS first, max(last) AS last
}
RETURN kinds, sources, types, first, last
