// What counting the events of a timeline needs (graph.Tally), in time
// order; graph.CountBuckets counts them.
{{events}}
RETURN r.lo AS lo, r.prec AS prec, r.quad AS quad, r.intensity AS intensity, r.modality AS modality, r.reports AS reports
ORDER BY r.lo, r.hi, r.id
