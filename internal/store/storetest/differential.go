package storetest

import (
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/geokg/geokg/internal/graph"
)

// testDifferential loads generated graphs into the store and into a
// Reference, asks both the same random questions, and wants the same
// answers, before and after random corrections and removals.
func testDifferential(t *testing.T, open func(t *testing.T) graph.Store) {
	for _, seed := range []int64{1, 2, 3} {
		t.Run(fmt.Sprint("Seed", seed), func(t *testing.T) {
			cs := Generate(seed, 160, 900)
			if seed == 3 {
				// Articles before the gazetteer, in no order: entities
				// gain records that sort before the ones they have.
				rng := rand.New(rand.NewPCG(uint64(seed), 7))
				rng.Shuffle(len(cs)-1, func(i, j int) { cs[i+1], cs[j+1] = cs[j+1], cs[i+1] })
				cs = append(cs[1:], cs[0])
			}
			Differential(t, open(t), NewReference(), cs, uint64(seed))
		})
	}
}

// Differential loads cs, in order, into got and want (both empty), asks
// both the same random questions of every kind (seeded by seed) and fails
// at the first answer that differs: after loading, after random
// corrections and removals of articles, and after the gazetteers go.
func Differential(t *testing.T, got, want graph.Store, cs []*graph.Contribution, seed uint64) {
	t.Helper()
	d := &differ{t: t, s: got, ref: want, pool: NewReference(), rng: rand.New(rand.NewPCG(seed, 42))}
	var articles, gazetteers []*graph.Contribution
	for _, c := range cs {
		d.replace(c)
		if c.Source.Kind == graph.SourceGazetteer {
			gazetteers = append(gazetteers, c)
		} else {
			articles = append(articles, c)
		}
	}
	d.compareAll()

	// Corrections: drop relations and records, change confidences and
	// dates; some become invalid, and both must say so.
	for i := range 12 {
		c := CloneContribution(articles[d.rng.IntN(len(articles))])
		c.Source.Digest = fmt.Sprintf("%s-fix%d", c.Source.Digest, i)
		c.Relations = slices.DeleteFunc(c.Relations, func(graph.Relation) bool { return d.rng.IntN(4) == 0 })
		for j := range c.Relations {
			if d.rng.IntN(3) == 0 {
				c.Relations[j].Confidence = float64(d.rng.IntN(11)) / 10
			}
			if d.rng.IntN(5) == 0 {
				c.Relations[j].Date = genDate(d.rng, graph.Day)
				c.Relations[j].End = graph.Date{}
			}
		}
		if i%3 == 0 {
			c.Entities = slices.DeleteFunc(c.Entities, func(graph.EntityRecord) bool { return d.rng.IntN(3) == 0 })
		}
		d.replace(c)
	}
	for range 5 {
		d.remove(articles[d.rng.IntN(len(articles))].Source.ID)
	}
	d.compareAll()
	// The gazetteers go: many entities lose their names.
	for _, c := range gazetteers {
		d.remove(c.Source.ID)
	}
	d.compareAll()
}

// differ asks two stores the same questions. pool holds the same
// contributions in a Reference, whose internals give the entity ids and
// name keys to ask about.
type differ struct {
	t      *testing.T
	s, ref graph.Store
	pool   *Reference
	rng    *rand.Rand
}

func (d *differ) replace(c *graph.Contribution) {
	d.t.Helper()
	got, err := d.s.ReplaceSource(ctx, c)
	want, werr := d.ref.ReplaceSource(ctx, c)
	d.pool.ReplaceSource(ctx, c)
	if got != want || graph.ErrorCode(err) != graph.ErrorCode(werr) || (err == nil) != (werr == nil) {
		d.t.Fatalf("ReplaceSource(%s) = %+v, %v; want %+v, %v", c.Source.ID, got, err, want, werr)
	}
}

func (d *differ) remove(id string) {
	d.t.Helper()
	got, err := d.s.RemoveSource(ctx, id)
	want, werr := d.ref.RemoveSource(ctx, id)
	d.pool.RemoveSource(ctx, id)
	if got != want || (err == nil) != (werr == nil) {
		d.t.Fatalf("RemoveSource(%s) = %v, %v; want %v, %v", id, got, err, want, werr)
	}
}

// same compares two answers (and their errors' codes) as JSON.
func (d *differ) same(what string, got, want any, err, werr error) {
	d.t.Helper()
	if (err == nil) != (werr == nil) || (err != nil && graph.ErrorCode(err) != graph.ErrorCode(werr)) {
		d.t.Fatalf("%s: error %v, reference %v", what, err, werr)
	}
	if err != nil {
		return
	}
	g, _ := json.Marshal(normalize(got))
	w, _ := json.Marshal(normalize(want))
	if string(g) != string(w) {
		d.t.Fatalf("%s:\ngot  %s\nwant %s", what, clip(g), clip(w))
	}
}

func clip(b []byte) string {
	if len(b) > 3000 {
		return string(b[:3000]) + "…"
	}
	return string(b)
}

func normRels(rs []graph.Relation) []graph.Relation {
	out := make([]graph.Relation, len(rs))
	for i, r := range rs {
		out[i] = NormRelation(r)
		if out[i].Evidence == nil {
			out[i].Evidence = []graph.Evidence{}
		}
	}
	return out
}

// normalize makes answers comparable as JSON: relations normalised, empty
// slices as empty, bucket means rounded, timeline cursors shown.
func normalize(v any) any {
	switch v := v.(type) {
	case graph.Neighborhood:
		v.Relations = normRels(v.Relations)
		return v
	case []graph.Path:
		out := make([]graph.Path, len(v))
		for i, p := range v {
			out[i] = graph.Path{Nodes: p.Nodes, Hops: make([]graph.Hop, len(p.Hops))}
			for j, h := range p.Hops {
				out[i].Hops[j] = graph.Hop{Count: h.Count, Relations: normRels(h.Relations)}
			}
		}
		return out
	case graph.TimelinePage:
		return struct {
			Events []graph.Relation
			Next   *graph.Cursor
		}{normRels(v.Events), v.Next}
	case []graph.Tally:
		type b struct {
			Tally     graph.Tally
			Intensity string
		}
		out := make([]b, len(v))
		for i, x := range v {
			out[i] = b{x, "nil"}
			if x.Intensity != nil {
				out[i].Intensity = fmt.Sprintf("%.9g", *x.Intensity)
			}
			out[i].Tally.Intensity = nil
		}
		return out
	case []graph.Entity:
		if v == nil {
			return []graph.Entity{}
		}
	case []graph.EntityHit:
		if v == nil {
			return []graph.EntityHit{}
		}
	}
	return v
}

func (d *differ) day() string {
	return graph.Date{Year: 1998 + d.rng.IntN(28), Month: 1 + d.rng.IntN(12), Day: 1 + d.rng.IntN(28), Precision: graph.Day}.String()
}

func (d *differ) filter() graph.Filter {
	var f graph.Filter
	r := d.rng
	types := func() []string {
		var ts []string
		for range 1 + r.IntN(3) {
			ts = append(ts, GenTypes[r.IntN(len(GenTypes))].ID)
		}
		return ts
	}
	if r.IntN(6) == 0 {
		f.Types = types()
	}
	if r.IntN(6) == 0 {
		f.ExcludeTypes = types()
	}
	if r.IntN(5) == 0 {
		f.Since = d.day()
	}
	if r.IntN(5) == 0 {
		f.Until = d.day()
	}
	if r.IntN(6) == 0 {
		f.AsOf = d.day()
	}
	if r.IntN(5) == 0 {
		f.MinConfidence = float64(5+r.IntN(6)) / 10
	}
	if r.IntN(6) == 0 {
		for range 1 + r.IntN(2) {
			f.Modalities = append(f.Modalities, graph.Modalities[r.IntN(len(graph.Modalities))])
		}
	}
	return f
}

func (d *differ) direction() graph.Direction {
	return []graph.Direction{"", graph.Any, graph.Out, graph.In}[d.rng.IntN(4)]
}

func (d *differ) compareAll() {
	d.t.Helper()
	s, ref, r := d.s, d.ref, d.rng
	st, err := s.Stats(ctx)
	wst, werr := ref.Stats(ctx)
	d.same("Stats", st, wst, err, werr)
	src, err := s.Sources(ctx)
	wsrc, werr := ref.Sources(ctx)
	d.same("Sources", src, wsrc, err, werr)

	pool := d.pool
	pool.mu.RLock()
	ids := slices.Sorted(maps.Keys(pool.ents))
	var keys, qids []string
	for _, id := range ids {
		keys = append(keys, pool.keys(id, "")...)
		if q := pool.ents[id].Wikidata; q != "" {
			qids = append(qids, q)
		}
	}
	pool.mu.RUnlock()
	if len(ids) == 0 {
		return
	}
	pick := func() string { return ids[r.IntN(len(ids))] }

	for _, id := range append(ids, "nobody") {
		e, err := s.Entity(ctx, id)
		we, werr := ref.Entity(ctx, id)
		d.same("Entity("+id+")", e, we, err, werr)
		c, err := s.EntityCounts(ctx, id)
		wc, werr := ref.EntityCounts(ctx, id)
		d.same("EntityCounts("+id+")", c, wc, err, werr)
	}
	for range 20 {
		k := keys[r.IntN(len(keys))]
		es, err := s.EntitiesByKey(ctx, k)
		wes, werr := ref.EntitiesByKey(ctx, k)
		d.same("EntitiesByKey("+k+")", es, wes, err, werr)
		runes := []rune(k)
		from := r.IntN(len(runes))
		q := graph.EntitySearch{Key: string(runes[from : from+1+r.IntN(min(4, len(runes)-from))])}
		if r.IntN(3) == 0 {
			q.Kind = graph.Kinds[r.IntN(len(graph.Kinds))]
		}
		q.Limit = []int{0, 1, 5, 20}[r.IntN(4)]
		hs, err := s.SearchEntities(ctx, q)
		whs, werr := ref.SearchEntities(ctx, q)
		d.same(fmt.Sprintf("SearchEntities(%+v)", q), hs, whs, err, werr)
	}
	for range min(10, len(qids)) {
		q := qids[r.IntN(len(qids))]
		es, err := s.EntitiesByWikidata(ctx, q)
		wes, werr := ref.EntitiesByWikidata(ctx, q)
		d.same("EntitiesByWikidata("+q+")", es, wes, err, werr)
	}
	for range 40 {
		q := graph.NeighborQuery{ID: pick(), Depth: r.IntN(4), Direction: d.direction(), Filter: d.filter(), Limit: []int{0, 3, 30}[r.IntN(3)]}
		n, err := s.Neighbors(ctx, q)
		wn, werr := ref.Neighbors(ctx, q)
		d.same(fmt.Sprintf("Neighbors(%+v)", q), n, wn, err, werr)
		if len(wn.Relations) > 1 { // the next page, or one from the middle
			q.After = wn.Relations[r.IntN(len(wn.Relations))].ID
			if wn.Truncated && r.IntN(2) == 0 {
				q.After = wn.Relations[len(wn.Relations)-1].ID
			}
			n, err := s.Neighbors(ctx, q)
			wn, werr := ref.Neighbors(ctx, q)
			d.same(fmt.Sprintf("Neighbors(%+v)", q), n, wn, err, werr)
		}
	}
	for range 80 {
		q := graph.PathQuery{From: pick(), To: pick(), MaxHops: r.IntN(5), K: []int{0, 1, 3, 10}[r.IntN(4)], Direction: d.direction(), Filter: d.filter(),
			Chronological: r.IntN(3) == 0, Order: graph.RouteOrder([]string{"", "length", "confidence", "recency"}[r.IntN(4)]), PerHop: r.IntN(3)}
		if r.IntN(3) == 0 {
			q.Filter = graph.Filter{}
		}
		if r.IntN(4) == 0 {
			q.Avoid = []string{pick()}
		}
		ps, err := s.Paths(ctx, q)
		wps, werr := ref.Paths(ctx, q)
		if ps == nil {
			ps = []graph.Path{}
		}
		d.same(fmt.Sprintf("Paths(%+v)", q), ps, wps, err, werr)
	}
	for range 40 {
		q := graph.TimelineQuery{Entity: pick(), Filter: d.filter(), Limit: []int{0, 1, 7, 50}[r.IntN(4)], Newest: r.IntN(2) == 0}
		if r.IntN(2) == 0 {
			q.Filter = graph.Filter{}
		}
		if r.IntN(3) == 0 {
			if n, err := ref.Neighbors(ctx, graph.NeighborQuery{ID: q.Entity, Depth: 1}); err == nil && len(n.Nodes) > 0 {
				q.With = n.Nodes[r.IntN(len(n.Nodes))].ID
			}
		}
		for page := 0; ; page++ {
			p, err := s.Timeline(ctx, q)
			wp, werr := ref.Timeline(ctx, q)
			d.same(fmt.Sprintf("Timeline(%+v) page %d", q, page), p, wp, err, werr)
			if err != nil || wp.Next == nil {
				break
			}
			q.After = wp.Next
		}
		q.After = nil
		ts, err := s.Tallies(ctx, q)
		wts, werr := ref.Tallies(ctx, q)
		d.same(fmt.Sprintf("Tallies(%+v)", q), ts, wts, err, werr)
	}
	d.compareExports(ids) // new with the exports: see export.go
}
