package graph

import (
	"cmp"
	"context"
	"slices"
	"strings"
)

// Links and routes: the model of paths every store answers alike.
//
// An event joins every two of its parties (source, target and
// participants in any role: a strike's target, location, victim): these
// are its links. Followed in direction Any, each link joins its two ends
// both ways. Followed Out (or In), only the links from the event's source
// count: to its target and to each participant (or back from them), for
// the source is the one that acts.
//
// A route is a sequence of distinct entities, each linked to the next by
// at least one relation that the query selects; the relations of one step
// are its hop. Routes are ordered by length, then by the ids of their
// entities; a query asks for the first K of that order (shortest first,
// longer ones up to MaxHops when the shorter are exhausted), or, ranked by
// confidence or recency, for the best K among the first RankPool of them.
// A chronological route is one whose hops can be taken in time order:
// each step no earlier than the one before, at the dates' precision (a
// month-precision event may be any day of its month), by dated relations.

// Link is one way an event joins two of its parties: From to To when
// Directed, else either way only.
type Link struct {
	From, To string
	Directed bool
}

// Parties returns r's source, target and participants, each once.
func (r *Relation) Parties() []string {
	out := make([]string, 0, 2+len(r.Participants))
	for _, id := range r.Entities() {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// Links returns the links of r (see above): its source to each other
// party directed, every other two parties undirected; a loop (its source
// is its target) also links its source to itself.
func (r *Relation) Links() []Link {
	ps := r.Parties()
	var out []Link
	if r.From == r.To {
		out = append(out, Link{From: r.From, To: r.From, Directed: true})
	}
	for i, a := range ps {
		for _, b := range ps[i+1:] {
			out = append(out, Link{From: a, To: b, Directed: a == r.From})
		}
	}
	return out
}

// Steps returns the entities r leads to from v when followed in
// direction d (see Links), each once.
func (r *Relation) Steps(v string, d Direction) []string {
	var out []string
	for _, l := range r.Links() {
		switch {
		case d != In && l.From == v && (l.Directed || d == Any):
			out = append(out, l.To)
		case d != Out && l.To == v && (l.Directed || d == Any):
			out = append(out, l.From)
		}
	}
	return out
}

// Route orders.
type RouteOrder string

// Route orders.
const (
	ByLength     RouteOrder = "length"     // shortest first (the default)
	ByConfidence RouteOrder = "confidence" // the strongest weakest hop first
	ByRecency    RouteOrder = "recency"    // the most recent oldest hop first
)

// RouteOrders are the orders a path query may ask for.
var RouteOrders = []string{string(ByLength), string(ByConfidence), string(ByRecency)}

// RankPool is how many routes, in length order, a query ranked by
// confidence or recency ranks to pick its K.
func RankPool(k int) int { return min(max(4*k, 20), 100) }

// Hop is one step of a route: the relations that link its two entities
// and pass the query's filters (of a chronological route, those that fit
// its time order), strongest first (Stronger); Count says how many there
// are, Relations lists at most the query's PerHop of them.
type Hop struct {
	Count     int        `json:"count"`
	Relations []Relation `json:"relations"`
}

// Path is a route: its entities in order and the hop between each two.
type Path struct {
	Nodes []Entity `json:"nodes"`
	Hops  []Hop    `json:"hops"`
}

// Usable reports whether a path query may step along r: r passes the
// filter, and a chronological query's relations are dated.
func (q *PathQuery) Usable(r *Relation) bool {
	return q.Filter.Match(r) && (!q.Chronological || !r.Date.IsZero())
}

// Stronger orders the relations of a hop: most confident first, then the
// most reports, then the most recent, then by id.
func Stronger(a, b *Relation) int {
	return cmp.Or(cmp.Compare(b.Confidence, a.Confidence), cmp.Compare(b.Reports, a.Reports),
		cmp.Compare(b.Last(), a.Last()), cmp.Compare(a.ID, b.ID))
}

// CompareRoutes orders routes by length, then by the ids of their
// entities.
func CompareRoutes(a, b []string) int {
	return cmp.Or(cmp.Compare(len(a), len(b)), slices.Compare(a, b))
}

// Spur asks a store's Router for the first route (CompareRoutes) from
// From to the query's To of at most Hops steps, through none of Banned,
// whose first step goes to none of NotFirst and, of a chronological
// query, whose first step is no earlier than After ("": any).
type Spur struct {
	From     string
	Hops     int
	Banned   map[string]bool
	NotFirst map[string]bool
	After    string
}

// Router is what a store gives FindRoutes, for one path query and one
// snapshot of the graph.
type Router interface {
	// Shortest answers a Spur: the route's entities from From to To, nil
	// when there is none. It honours the query's direction, filter,
	// Through and Chronological (PathQuery.Usable).
	Shortest(ctx context.Context, s Spur) ([]string, error)
	// Hops returns the relations the query may step along (Usable) that
	// link each entity of route to the next in the query's direction, in
	// any order.
	Hops(ctx context.Context, route []string) ([][]Relation, error)
}

// Route is a route found by FindRoutes: its entities' ids and its hops.
type Route struct {
	Nodes []string
	Hops  []Hop
}

// FindRoutes answers a path query over a store's Router: Yen's algorithm
// for the first routes in CompareRoutes order, over the spur searches of
// the router, then ranked (q.Order) and their hops narrowed to the time
// order (q.Chronological), sorted and cut to q.PerHop. Every store calls
// it, after q.CheckEnds, so that every store answers alike.
func FindRoutes(ctx context.Context, q *PathQuery, rt Router) ([]Route, error) {
	want := max(q.K, 1)
	if q.Order != "" && q.Order != ByLength {
		want = RankPool(want)
	}
	hops := hopCache{rt: rt, known: map[string][]Relation{}}
	avoid := map[string]bool{}
	for _, id := range q.Avoid {
		avoid[id] = true
	}
	first, err := rt.Shortest(ctx, Spur{From: q.From, Hops: q.MaxHops, Banned: avoid})
	if err != nil || first == nil {
		return []Route{}, err
	}
	// A route found as the spur from index dev of the route it was
	// found from shares that route's first dev+1 entities: the spur
	// searches from those (i < dev) were made for that route already, with
	// the same entities banned and the same next entities excluded (this
	// route's is one of them), and would find the same candidates again
	// (Lawler's refinement of Yen's algorithm). Only the spurs from dev on
	// are new.
	type candidate struct {
		nodes []string
		dev   int
	}
	found := []candidate{{first, 0}}
	var candidates []candidate
	seen := map[string]bool{strings.Join(first, "\x00"): true}
	for len(found) < want {
		last := found[len(found)-1]
		for i := last.dev; i < len(last.nodes)-1; i++ {
			root := last.nodes[:i+1]
			after := ""
			if q.Chronological && i > 0 {
				hs, err := hops.of(ctx, root)
				if err != nil {
					return nil, err
				}
				var ok bool
				if after, ok = arrival(hs); !ok {
					continue
				}
			}
			banned := map[string]bool{}
			for id := range avoid {
				banned[id] = true
			}
			for _, id := range root[:i] {
				banned[id] = true
			}
			notFirst := map[string]bool{}
			for _, p := range found {
				if len(p.nodes) > i+1 && slices.Equal(p.nodes[:i+1], root) {
					notFirst[p.nodes[i+1]] = true
				}
			}
			spur, err := rt.Shortest(ctx, Spur{From: root[i], Hops: q.MaxHops - i, Banned: banned, NotFirst: notFirst, After: after})
			if err != nil {
				return nil, err
			}
			if spur == nil {
				continue
			}
			c := append(slices.Clone(root[:i]), spur...)
			if key := strings.Join(c, "\x00"); !seen[key] {
				seen[key] = true
				candidates = append(candidates, candidate{c, i})
			}
		}
		if len(candidates) == 0 {
			break
		}
		best := 0
		for i := range candidates {
			if CompareRoutes(candidates[i].nodes, candidates[best].nodes) < 0 {
				best = i
			}
		}
		found = append(found, candidates[best])
		candidates = slices.Delete(candidates, best, best+1)
	}
	out := make([]Route, 0, len(found))
	for _, f := range found {
		nodes := f.nodes
		hs, err := hops.of(ctx, nodes)
		if err != nil {
			return nil, err
		}
		if q.Chronological {
			hs = inOrder(hs)
		}
		out = append(out, Route{Nodes: nodes, Hops: make([]Hop, len(hs))})
		for i, rels := range hs {
			slices.SortFunc(rels, func(a, b Relation) int { return Stronger(&a, &b) })
			out[len(out)-1].Hops[i] = Hop{Count: len(rels), Relations: rels}
		}
	}
	rank(out, q.Order)
	out = out[:min(len(out), max(q.K, 1))]
	for i := range out {
		for j := range out[i].Hops {
			if h := &out[i].Hops[j]; q.PerHop > 0 && len(h.Relations) > q.PerHop {
				h.Relations = h.Relations[:q.PerHop]
			}
		}
	}
	return out, nil
}

// hopCache asks a Router for the hops of each step once.
type hopCache struct {
	rt    Router
	known map[string][]Relation // "from\x00to" → its relations
}

func (c *hopCache) of(ctx context.Context, route []string) ([][]Relation, error) {
	key := func(i int) string { return route[i] + "\x00" + route[i+1] }
	for i := 0; i+1 < len(route); i++ {
		if _, ok := c.known[key(i)]; !ok { // one call for the route
			hs, err := c.rt.Hops(ctx, route)
			if err != nil {
				return nil, err
			}
			for i, h := range hs {
				c.known[key(i)] = h
			}
			break
		}
	}
	out := make([][]Relation, len(route)-1)
	for i := range out {
		out[i] = slices.Clone(c.known[key(i)])
	}
	return out, nil
}

// arrival returns the earliest day on which the last of hops can have
// been taken when each is taken no earlier than the one before; false
// when they cannot be taken in that order.
func arrival(hops [][]Relation) (string, bool) {
	t := ""
	for _, rels := range hops {
		best, ok := "", false
		for i := range rels {
			if at := max(t, rels[i].Lo()); at <= rels[i].Hi() && (!ok || at < best) {
				best, ok = at, true
			}
		}
		if !ok {
			return "", false
		}
		t = best
	}
	return t, true
}

// inOrder keeps of each hop the relations that some taking of all the
// hops in time order uses: those with a day no earlier than the earliest
// the hop before can have been taken and no later than the latest the hop
// after can be.
func inOrder(hops [][]Relation) [][]Relation {
	n := len(hops)
	early := make([]string, n+1) // early[i]: the earliest day hop i can start from
	for i, rels := range hops {
		best := DayMax
		for j := range rels {
			if at := max(early[i], rels[j].Lo()); at <= rels[j].Hi() {
				best = min(best, at)
			}
		}
		early[i+1] = best
	}
	late := make([]string, n+1) // late[i]: the latest day hop i can be taken on
	late[n] = DayMax
	for i := n - 1; i >= 0; i-- {
		best := ""
		for j := range hops[i] {
			if r := &hops[i][j]; r.Lo() <= late[i+1] {
				best = max(best, min(r.Hi(), late[i+1]))
			}
		}
		late[i] = best
	}
	out := make([][]Relation, n)
	for i, rels := range hops {
		for j := range rels {
			if r := &rels[j]; max(early[i], r.Lo()) <= min(r.Hi(), late[i+1]) {
				out[i] = append(out[i], *r)
			}
		}
	}
	return out
}

// rank orders routes by o, keeping CompareRoutes order among equals. The
// hops' relations are sorted strongest first.
func rank(routes []Route, o RouteOrder) {
	var better func(a, b *Route) int
	switch o {
	case ByConfidence:
		better = func(a, b *Route) int { return cmp.Compare(weakest(b), weakest(a)) }
	case ByRecency:
		better = func(a, b *Route) int { return cmp.Compare(oldest(b), oldest(a)) }
	default:
		return
	}
	slices.SortStableFunc(routes, func(a, b Route) int { return cmp.Or(better(&a, &b), CompareRoutes(a.Nodes, b.Nodes)) })
}

// weakest is the confidence of a route's weakest hop: the least of its
// hops' strongest relations.
func weakest(r *Route) float64 {
	w := 1.0
	for _, h := range r.Hops {
		w = min(w, h.Relations[0].Confidence)
	}
	return w
}

// oldest is the day of a route's oldest hop: the least of its hops' most
// recent days ("" when a hop is undated).
func oldest(r *Route) string {
	w := DayMax
	for _, h := range r.Hops {
		latest := ""
		for i := range h.Relations {
			latest = max(latest, h.Relations[i].Last())
		}
		w = min(w, latest)
	}
	return w
}

// Paths gives routes their entities, from ents by id.
func Paths(routes []Route, ents map[string]Entity) []Path {
	out := make([]Path, len(routes))
	for i, r := range routes {
		out[i] = Path{Nodes: make([]Entity, len(r.Nodes)), Hops: r.Hops}
		for j, id := range r.Nodes {
			out[i].Nodes[j] = ents[id]
		}
	}
	return out
}
