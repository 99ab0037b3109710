package neo4jstore_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/store/embedded"
	"github.com/geokg/geokg/internal/store/storetest"
)

// TestDifferentialEmbedded loads the fixture and a generated graph of
// thousands of relations into Neo4j and into a fresh embedded store, asks
// both hundreds of random questions of every kind, and wants the same
// answers, before and after corrections and removals.
//
// It is this package's stand-in for a storetest entry point that compares
// two stores (see differential_storetest_test.go).
func TestDifferentialEmbedded(t *testing.T) {
	s := openEmpty(t)
	want, err := embedded.Open(ctx, filepath.Join(t.TempDir(), "g.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer want.Close()
	cs := append(storetest.Fixture(), storetest.Generate(11, 1500, 6000)...)
	d := newDiffer(t, s, want, cs, 11)
	start := time.Now()
	for _, c := range cs {
		d.replace(c)
	}
	t.Logf("%d sources imported into both in %v", len(cs), time.Since(start))
	d.compareAll(150)

	articles := cs[4:] // the generated articles
	for i := range 10 {
		c := storetest.CloneContribution(articles[d.rng.IntN(len(articles))])
		c.Source.Digest = fmt.Sprintf("%s-fix%d", c.Source.Digest, i)
		c.Relations = slices.DeleteFunc(c.Relations, func(graph.Relation) bool { return d.rng.IntN(4) == 0 })
		for j := range c.Relations {
			if d.rng.IntN(3) == 0 {
				c.Relations[j].Confidence = float64(d.rng.IntN(11)) / 10
			}
		}
		if i%2 == 0 {
			c.Entities = slices.DeleteFunc(c.Entities, func(graph.EntityRecord) bool { return d.rng.IntN(3) == 0 })
		}
		d.replace(c)
	}
	for _, id := range []string{"gazetteer:gen", "a1", articles[3].Source.ID} {
		got, err := s.RemoveSource(ctx, id)
		w, werr := want.RemoveSource(ctx, id)
		d.same("RemoveSource("+id+")", got, w, err, werr)
	}
	d.compareAll(100)
}

// differ asks two stores the same questions.
type differ struct {
	t         *testing.T
	got, want graph.Store
	rng       *rand.Rand
	ids, keys []string
	ends      []string // relation ends, once per relation: picks by degree
}

func newDiffer(t *testing.T, got, want graph.Store, cs []*graph.Contribution, seed uint64) *differ {
	d := &differ{t: t, got: got, want: want, rng: rand.New(rand.NewPCG(seed, 7))}
	ids, keys := map[string]bool{}, map[string]bool{}
	for _, c := range cs {
		for _, rec := range c.Entities {
			ids[rec.ID] = true
			for _, n := range rec.Names {
				for _, k := range n.Keys {
					keys[k] = true
				}
			}
		}
		for i := range c.Relations {
			r := &c.Relations[i]
			for _, id := range r.Entities() {
				ids[id] = true
			}
			d.ends = append(d.ends, r.Source, r.Target)
		}
	}
	d.ids, d.keys = slices.Sorted(maps.Keys(ids)), slices.Sorted(maps.Keys(keys))
	return d
}

func (d *differ) replace(c *graph.Contribution) {
	d.t.Helper()
	got, err := d.got.ReplaceSource(ctx, c)
	want, werr := d.want.ReplaceSource(ctx, c)
	d.same("ReplaceSource("+c.Source.ID+")", got, want, err, werr)
}

// same compares two answers as normalised JSON, and their errors' codes.
func (d *differ) same(what string, got, want any, err, werr error) {
	d.t.Helper()
	if (err == nil) != (werr == nil) || graph.ErrorCode(err) != graph.ErrorCode(werr) {
		d.t.Fatalf("%s: error %v, embedded %v", what, err, werr)
	}
	if err != nil {
		return
	}
	g, _ := json.Marshal(normalize(got))
	w, _ := json.Marshal(normalize(want))
	if string(g) != string(w) {
		d.t.Fatalf("%s:\nneo4j    %.3000s\nembedded %.3000s", what, g, w)
	}
}

// normalize makes answers comparable: relations as storetest.NormRelation,
// bucket means to 9 digits, cursors shown.
func normalize(v any) any {
	rels := func(rs []graph.Relation) []graph.Relation {
		out := make([]graph.Relation, len(rs))
		for i, r := range rs {
			out[i] = storetest.NormRelation(r)
		}
		return out
	}
	switch v := v.(type) {
	case []graph.Relation:
		return rels(v)
	case graph.Neighborhood:
		v.Relations = rels(v.Relations)
		return v
	case []graph.Path:
		out := make([]graph.Path, len(v))
		for i, p := range v {
			out[i] = graph.Path{Nodes: p.Nodes, Relations: rels(p.Relations)}
		}
		return out
	case graph.TimelinePage:
		return []any{rels(v.Events), v.Next}
	case []graph.Bucket:
		out := make([]string, len(v))
		for i, b := range v {
			mean := "nil"
			if b.MeanIntensity != nil {
				mean = fmt.Sprintf("%.9g", *b.MeanIntensity)
			}
			out[i] = fmt.Sprintf("%s %d %v %s", b.Key, b.Count, b.Quad, mean)
		}
		return out
	}
	return v
}

// pick is an entity: half the time any, half the time by degree.
func (d *differ) pick() string {
	if d.rng.IntN(2) == 0 {
		return d.ids[d.rng.IntN(len(d.ids))]
	}
	return d.ends[d.rng.IntN(len(d.ends))]
}

func (d *differ) day() string {
	return fmt.Sprintf("%04d-%02d-%02d", 1998+d.rng.IntN(28), 1+d.rng.IntN(12), 1+d.rng.IntN(28))
}

// filter is a random filter; about a third select everything.
func (d *differ) filter() graph.Filter {
	var f graph.Filter
	r := d.rng
	if r.IntN(3) == 0 {
		return f
	}
	types := func() []string {
		var ts []string
		for range 1 + r.IntN(3) {
			ts = append(ts, storetest.GenTypes[r.IntN(len(storetest.GenTypes))].ID)
		}
		return ts
	}
	if r.IntN(5) == 0 {
		f.Types = types()
	}
	if r.IntN(5) == 0 {
		f.ExcludeTypes = types()
	}
	if r.IntN(4) == 0 {
		f.Since = d.day()
	}
	if r.IntN(4) == 0 {
		f.Until = d.day()
	}
	if r.IntN(5) == 0 {
		f.AsOf = d.day()
	}
	if r.IntN(4) == 0 {
		f.MinConfidence = float64(5+r.IntN(6)) / 10
	}
	if r.IntN(5) == 0 {
		for range 1 + r.IntN(2) {
			f.Modalities = append(f.Modalities, graph.Modalities[r.IntN(len(graph.Modalities))])
		}
	}
	return f
}

func (d *differ) direction() graph.Direction {
	return []graph.Direction{"", graph.Any, graph.Out, graph.In}[d.rng.IntN(4)]
}

// compareAll asks n questions of each kind (fewer of the costly ones).
func (d *differ) compareAll(n int) {
	d.t.Helper()
	r := d.rng
	got, want := d.got, d.want
	st, err := got.Stats(ctx)
	wst, werr := want.Stats(ctx)
	d.same("Stats", st, wst, err, werr)
	src, err := got.Sources(ctx)
	wsrc, werr := want.Sources(ctx)
	d.same("Sources", src, wsrc, err, werr)
	batch := append(slices.Clone(d.ids[:min(len(d.ids), 300)]), "nobody")
	es, err := got.Entities(ctx, batch)
	wes, werr := want.Entities(ctx, batch)
	d.same("Entities", es, wes, err, werr)

	for range n / 2 {
		id := d.pick()
		e, err := got.Entity(ctx, id)
		we, werr := want.Entity(ctx, id)
		d.same("Entity("+id+")", e, we, err, werr)
		c, err := got.EntityCounts(ctx, id)
		wc, werr := want.EntityCounts(ctx, id)
		d.same("EntityCounts("+id+")", c, wc, err, werr)
	}
	for range n / 2 {
		k := d.keys[r.IntN(len(d.keys))]
		es, err := got.EntitiesByKey(ctx, k)
		wes, werr := want.EntitiesByKey(ctx, k)
		d.same("EntitiesByKey("+k+")", es, wes, err, werr)
		runes := []rune(k)
		from := r.IntN(len(runes))
		q := graph.EntitySearch{Key: string(runes[from : from+1+r.IntN(min(4, len(runes)-from))])}
		if r.IntN(3) == 0 {
			q.Kind = graph.Kinds[r.IntN(len(graph.Kinds))]
		}
		q.Limit = []int{0, 1, 5, 20}[r.IntN(4)]
		hs, err := got.SearchEntities(ctx, q)
		whs, werr := want.SearchEntities(ctx, q)
		d.same(fmt.Sprintf("SearchEntities(%+v)", q), hs, whs, err, werr)
		qid := d.pick()
		es, err = got.EntitiesByWikidata(ctx, qid)
		wes, werr = want.EntitiesByWikidata(ctx, qid)
		d.same("EntitiesByWikidata("+qid+")", es, wes, err, werr)
	}
	for range n / 2 {
		q := graph.NeighborQuery{ID: d.pick(), Depth: r.IntN(4), Direction: d.direction(), Filter: d.filter(), Limit: []int{0, 3, 30}[r.IntN(3)]}
		nb, err := got.Neighbors(ctx, q)
		wnb, werr := want.Neighbors(ctx, q)
		d.same(fmt.Sprintf("Neighbors(%+v)", q), nb, wnb, err, werr)
	}
	found, events := 0, 0
	defer func() { d.t.Logf("%d questions of each kind: %d paths, %d events", n, found, events) }()
	for range n {
		q := graph.PathQuery{From: d.pick(), To: d.pick(), MaxHops: r.IntN(6), K: []int{0, 1, 3, 10}[r.IntN(4)], Direction: d.direction(), Filter: d.filter()}
		ps, err := got.Paths(ctx, q)
		wps, werr := want.Paths(ctx, q)
		d.same(fmt.Sprintf("Paths(%+v)", q), ps, wps, err, werr)
		found += len(wps)
	}
	for range n / 2 {
		q := graph.TimelineQuery{Entity: d.pick(), Filter: d.filter(), Limit: []int{0, 1, 7, 50}[r.IntN(4)]}
		if r.IntN(3) == 0 {
			q.With = d.pick()
		}
		for page := 0; ; page++ {
			p, err := got.Timeline(ctx, q)
			wp, werr := want.Timeline(ctx, q)
			d.same(fmt.Sprintf("Timeline(%+v) page %d", q, page), p, wp, err, werr)
			events += len(wp.Events)
			if err != nil || wp.Next == nil {
				break
			}
			q.After = wp.Next
		}
		unit := []graph.BucketUnit{graph.BucketDay, graph.BucketWeek, graph.BucketMonth, graph.BucketYear}[r.IntN(4)]
		bs, err := got.Buckets(ctx, q, unit)
		wbs, werr := want.Buckets(ctx, q, unit)
		d.same(fmt.Sprintf("Buckets(%+v, %s)", q, unit), bs, wbs, err, werr)
	}
	for range n / 10 {
		q := graph.RelationQuery{Filter: d.filter(), Limit: []int{1, 17, 500}[r.IntN(3)]}
		for page := 0; page < 20; page++ {
			rs, err := got.Relations(ctx, q)
			wrs, werr := want.Relations(ctx, q)
			d.same(fmt.Sprintf("Relations(%+v) page %d", q, page), rs, wrs, err, werr)
			if err != nil || len(wrs) == 0 {
				break
			}
			q.After = wrs[len(wrs)-1].ID
		}
	}
}
