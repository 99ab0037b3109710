package graph

import (
	"cmp"
	"slices"
)

// Conflict is two facts of a single-holder type (one head of government
// of a state at a time) that give two holders at once: the same type and
// shared end, different holders, and intervals that surely overlap.
// Nothing is invalidated: conflicts are listed for review, with the
// evidence of both sides.
type Conflict struct {
	Type   string   `json:"type"`
	Shared string   `json:"shared"` // the entity both facts are of (the state)
	Side   string   `json:"side"`   // the end Shared is: "target" or "source"
	From   string   `json:"from"`   // the first day both surely held (YYYY-MM-DD)
	Until  string   `json:"until"`  // the last such day; 9999-12-31 when both are open
	Facts  []string `json:"facts"`  // the ids of the two events, in id order
}

// Conflicts finds the conflicts among events; single gives, for each
// single-holder type, the end that has one holder ("target" or
// "source"). A fact surely holds from the last day of its start (its
// first report's day when undated) to the first day of its end (open when
// it has none): a handover on 2021-01-20, or one known only to the month,
// is no conflict. Conflicts are sorted by type, shared entity and facts.
func Conflicts(events []Relation, single map[string]string) []Conflict {
	groups := map[string][]*Relation{}
	for i := range events {
		r := &events[i]
		side, ok := single[r.Type]
		if !ok || r.Class != ClassStructural {
			continue
		}
		shared := r.To
		if side == "source" {
			shared = r.From
		}
		groups[r.Type+"|"+shared] = append(groups[r.Type+"|"+shared], r)
	}
	out := []Conflict{}
	for _, rs := range groups {
		slices.SortFunc(rs, func(a, b *Relation) int { return cmp.Compare(a.ID, b.ID) })
		for i, a := range rs {
			for _, b := range rs[i+1:] {
				side := single[a.Type]
				holderA, holderB, shared := a.From, b.From, a.To
				if side == "source" {
					holderA, holderB, shared = a.To, b.To, a.From
				}
				if holderA == holderB {
					continue
				}
				alo, ahi := surely(a)
				blo, bhi := surely(b)
				lo, hi := max(alo, blo), min(ahi, bhi)
				if alo >= ahi || blo >= bhi || lo >= hi {
					continue
				}
				out = append(out, Conflict{Type: a.Type, Shared: shared, Side: side, From: lo, Until: hi, Facts: []string{a.ID, b.ID}})
			}
		}
	}
	slices.SortFunc(out, func(x, y Conflict) int {
		return cmp.Or(cmp.Compare(x.Type, y.Type), cmp.Compare(x.Shared, y.Shared), slices.Compare(x.Facts, y.Facts))
	})
	return out
}

// surely is the span of days a structural fact surely holds: from the last
// day of its start to the first day of its end.
func surely(r *Relation) (string, string) {
	lo, hi := r.Lo(), DayMax
	if !r.Date.IsZero() {
		lo = r.Date.Last()
	}
	if !r.End.IsZero() {
		hi = r.End.First()
	}
	return lo, hi
}
