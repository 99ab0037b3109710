package storetest

import (
	"cmp"
	"context"
	"maps"
	"slices"

	"github.com/geokg/geokg/internal/graph"
)

// reportsByRefs is ReportsByRefs, the lock held: every report of every
// source, scanned in source and id order.
func (s *Reference) reportsByRefs(refs []string) map[string][]graph.Report {
	out := map[string][]graph.Report{}
	events := map[string]string{} // report id → its event
	for _, e := range s.rels {
		for _, ev := range e.Evidence {
			events[ev.Report] = e.ID
		}
	}
	for _, src := range slices.Sorted(maps.Keys(s.contrib)) {
		rels := slices.Clone(s.contrib[src].Relations)
		slices.SortFunc(rels, func(a, b graph.Relation) int { return cmp.Compare(a.ID, b.ID) })
		for _, r := range rels {
			for _, ref := range refs {
				if slices.ContainsFunc(r.Evidence, func(ev graph.Evidence) bool { return ev.Ref != "" && ev.Ref == ref }) &&
					!slices.ContainsFunc(out[ref], func(x graph.Report) bool { return x.ID == r.ID }) {
					out[ref] = append(out[ref], graph.Report{Relation: r, Source: src, Event: events[r.ID]})
				}
			}
		}
	}
	return out
}

// ReportsByRefs implements graph.Lookup.
func (s *Reference) ReportsByRefs(_ context.Context, refs []string) (map[string][]graph.Report, error) {
	unlock, err := s.rlock()
	if err != nil {
		return nil, err
	}
	defer unlock()
	return s.reportsByRefs(refs), nil
}

// ReportsByRefs implements graph.Lookup.
func (l locked) ReportsByRefs(_ context.Context, refs []string) (map[string][]graph.Report, error) {
	return l.s.reportsByRefs(refs), nil
}
