package graph

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// bruteRouter is a Router that tries every walk: slow, and obviously what
// the Router's contract says.
type bruteRouter struct {
	q    *PathQuery
	rels []Relation
}

func (b *bruteRouter) usable() []Relation {
	var out []Relation
	for _, r := range b.rels {
		if b.q.Usable(&r) {
			out = append(out, r)
		}
	}
	return out
}

// walks calls visit with every walk from `from` that passes no entity
// twice, with the earliest day its last step can be taken (chronological)
// or "" and whether it can be taken at all.
func (b *bruteRouter) walks(from, after string, maxHops int, ok func(route []string) bool, visit func(route []string)) {
	rels := b.usable()
	var walk func(route []string, at string)
	walk = func(route []string, at string) {
		visit(route)
		if len(route)-1 == maxHops || route[len(route)-1] == b.q.To {
			return
		}
		v := route[len(route)-1]
		next := map[string]string{} // w → earliest day
		for _, r := range rels {
			for _, w := range r.Steps(v, b.q.Direction) {
				t := ""
				if b.q.Chronological {
					t = max(at, r.Lo())
					if t > r.Hi() {
						continue
					}
				}
				if old, seen := next[w]; !seen || t < old {
					next[w] = t
				}
			}
		}
		for w, t := range next {
			if slices.Contains(route, w) {
				continue
			}
			if r := append(slices.Clone(route), w); ok(r) {
				walk(r, t)
			}
		}
	}
	walk([]string{from}, after)
}

func (b *bruteRouter) Shortest(_ context.Context, sp Spur) ([]string, error) {
	var best []string
	b.walks(sp.From, sp.After, sp.Hops, func(route []string) bool {
		w := route[len(route)-1]
		return !sp.Banned[w] && !(len(route) == 2 && sp.NotFirst[w])
	}, func(route []string) {
		if route[len(route)-1] == b.q.To && (best == nil || CompareRoutes(route, best) < 0) {
			best = route
		}
	})
	return best, nil
}

func (b *bruteRouter) Hops(_ context.Context, route []string) ([][]Relation, error) {
	out := make([][]Relation, len(route)-1)
	for i := range out {
		for _, r := range b.usable() {
			if slices.Contains(r.Steps(route[i], b.q.Direction), route[i+1]) {
				out[i] = append(out[i], r)
			}
		}
	}
	return out, nil
}

// randomRelations makes a small random graph of events and intervals,
// some with participants, some undated.
func randomRelations(rng *rand.Rand, nodes, n int) []Relation {
	node := func() string { return fmt.Sprintf("n%d", rng.IntN(nodes)) }
	var out []Relation
	for i := range n {
		r := Relation{ID: fmt.Sprintf("r%02d", i), Type: "attacks", Class: ClassEvent, From: node(), To: node(),
			Modality: Asserted, Confidence: float64(1+rng.IntN(10)) / 10}
		if r.From == r.To {
			continue
		}
		switch rng.IntN(4) {
		case 0: // undated
		case 1:
			r.Date = Date{Year: 2000 + rng.IntN(5), Precision: Year}
		default:
			r.Date = Date{Year: 2000 + rng.IntN(5), Month: 1 + rng.IntN(12), Precision: Month}
		}
		if rng.IntN(4) == 0 {
			r.Participants = []Participant{{Entity: node(), Role: "location"}}
		}
		out = append(out, r)
	}
	return out
}

// Yen's algorithm over a Router finds the same routes, in the same order,
// as listing every route and sorting them: for every direction, with
// avoided entities, and in time order.
func TestFindRoutesListsEveryRouteInOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 9))
	ctx := context.Background()
	several, timed := 0, 0 // trials with several routes to order; chronological ones with a route
	for trial := range 1500 {
		rels := randomRelations(rng, 6+rng.IntN(4), 14+rng.IntN(20))
		q := PathQuery{From: "n0", To: "n1", MaxHops: 1 + rng.IntN(4), K: 1 + rng.IntN(12),
			Direction: []Direction{Any, Out, In}[rng.IntN(3)], Chronological: rng.IntN(2) == 0}
		if rng.IntN(3) == 0 {
			q.Avoid = []string{fmt.Sprintf("n%d", 2+rng.IntN(5))}
		}
		b := &bruteRouter{q: &q, rels: rels}
		var all [][]string
		b.walks(q.From, "", q.MaxHops, func(route []string) bool { return !slices.Contains(q.Avoid, route[len(route)-1]) },
			func(route []string) {
				if route[len(route)-1] == q.To {
					all = append(all, route)
				}
			})
		slices.SortFunc(all, CompareRoutes)
		want := all[:min(len(all), q.K)]
		if len(want) > 1 {
			several++
		}
		if q.Chronological && len(want) > 0 {
			timed++
		}
		got, err := FindRoutes(ctx, &q, b)
		if err != nil {
			t.Fatal(err)
		}
		var gotNodes [][]string
		for _, r := range got {
			gotNodes = append(gotNodes, r.Nodes)
			for i, h := range r.Hops {
				if h.Count == 0 || len(h.Relations) != h.Count {
					t.Fatalf("trial %d: route %v hop %d counts %d, lists %d", trial, r.Nodes, i, h.Count, len(h.Relations))
				}
			}
		}
		if fmt.Sprint(gotNodes) != fmt.Sprint(want) {
			t.Fatalf("trial %d (%+v):\n got %v\nwant %v\nrelations %v", trial, q, gotNodes, want, rels)
		}
	}
	if several < 80 || timed < 30 {
		t.Fatalf("only %d trials with several routes and %d chronological ones with a route: the graphs test too little", several, timed)
	}
}

// A chronological route's hops list only relations that some taking of
// the whole route in time order uses.
func TestChronologicalHopsFitTheOrder(t *testing.T) {
	d := func(s string) Date {
		x, err := ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	rels := []Relation{
		{ID: "early", From: "a", To: "b", Date: d("2019-05"), Confidence: 1},
		{ID: "late", From: "a", To: "b", Date: d("2021-02-01"), Confidence: 1},
		{ID: "month", From: "b", To: "c", Date: d("2021-02"), Confidence: 1},    // any day of February 2021
		{ID: "before", From: "b", To: "c", Date: d("2018"), Confidence: 1},      // before every a–b
		{ID: "undated", From: "b", To: "c", Confidence: 1},                      // never in time order
		{ID: "after", From: "c", To: "d", Date: d("2021-02-15"), Confidence: 1}, // after "month" starts
	}
	q := PathQuery{From: "a", To: "d", MaxHops: 3, K: 1, Direction: Any, Chronological: true}
	got, err := FindRoutes(context.Background(), &q, &bruteRouter{q: &q, rels: rels})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 {
		t.Fatalf("%d routes, want 1", len(got))
	}
	var hops []string
	for _, h := range got[0].Hops {
		var ids []string
		for _, r := range h.Relations {
			ids = append(ids, r.ID)
		}
		slices.Sort(ids)
		hops = append(hops, strings.Join(ids, ","))
	}
	if want := "early,late month after"; strings.Join(hops, " ") != want {
		t.Fatalf("hops %q, want %q", strings.Join(hops, " "), want)
	}
}
