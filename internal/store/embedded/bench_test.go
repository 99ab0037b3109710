package embedded_test

import (
	"cmp"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/store/embedded"
	"github.com/geokg/geokg/internal/store/storetest"
)

// The benchmark graph: 20,000 entities, 100,000 relations.
const benchEntities, benchRelations = 20000, 100000

var bench struct {
	once  sync.Once
	cs    []*graph.Contribution
	dir   string
	store *embedded.Store
	ids   []string // entities that have relations, most connected first
	err   error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if bench.store != nil {
		bench.store.Close()
	}
	if bench.dir != "" {
		os.RemoveAll(bench.dir)
	}
	os.Exit(code)
}

func benchGraph() []*graph.Contribution {
	if bench.cs == nil {
		bench.cs = storetest.Generate(1, benchEntities, benchRelations)
	}
	return bench.cs
}

// benchStore returns the benchmark graph imported once into a file shared
// by the query benchmarks.
func benchStore(b *testing.B) *embedded.Store {
	b.Helper()
	b.StopTimer()
	defer b.StartTimer()
	bench.once.Do(func() {
		cs := benchGraph()
		if bench.dir, bench.err = os.MkdirTemp("", "geokg-bench-"); bench.err != nil {
			return
		}
		if bench.store, bench.err = embedded.Open(ctx, filepath.Join(bench.dir, "g.db")); bench.err != nil {
			return
		}
		degree := map[string]int{}
		for _, c := range cs {
			if _, bench.err = bench.store.ReplaceSource(ctx, c); bench.err != nil {
				return
			}
			for _, r := range c.Relations {
				degree[r.From]++
				degree[r.To]++
			}
		}
		bench.ids = slices.Sorted(maps.Keys(degree))
		slices.SortStableFunc(bench.ids, func(a, b string) int { return cmp.Compare(degree[b], degree[a]) })
	})
	if bench.err != nil {
		b.Fatal(bench.err)
	}
	return bench.store
}

// BenchmarkImport imports the benchmark graph into a new file: as
// articles of about 50 relations (one transaction each), and as 20 large
// sources of about 5,000 (as event datasets come).
func BenchmarkImport(b *testing.B) {
	b.Run("Articles", func(b *testing.B) { benchImport(b, benchGraph()) })
	b.Run("LargeSources", func(b *testing.B) { benchImport(b, merged(benchGraph(), 20)) })
}

// merged regroups contributions into n sources.
func merged(cs []*graph.Contribution, n int) []*graph.Contribution {
	out := []*graph.Contribution{cs[0]}
	per := (len(cs) - 1 + n - 1) / n
	for i := 1; i < len(cs); i += per {
		m := &graph.Contribution{Source: graph.Source{ID: fmt.Sprint("bulk-", i), Kind: "events", Digest: fmt.Sprint("bulk-", i)}, Priority: 1}
		seen := map[string]bool{}
		for _, c := range cs[i:min(i+per, len(cs))] {
			for _, rec := range c.Entities {
				if !seen[rec.ID] {
					seen[rec.ID] = true
					m.Entities = append(m.Entities, rec)
				}
			}
			m.Relations = append(m.Relations, c.Relations...)
		}
		out = append(out, m)
	}
	return out
}

func benchImport(b *testing.B, cs []*graph.Contribution) {
	n := 0
	for _, c := range cs {
		n += len(c.Relations)
	}
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		s, err := embedded.Open(ctx, filepath.Join(b.TempDir(), fmt.Sprintf("import-%d.db", i)))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		for _, c := range cs {
			if _, err := s.ReplaceSource(ctx, c); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "relations/s")
	b.ReportMetric(float64(len(cs)*b.N)/b.Elapsed().Seconds(), "sources/s")
}

// warm builds the path index outside the timer.
func warm(b *testing.B, s *embedded.Store) {
	b.Helper()
	if _, err := s.Neighbors(ctx, graph.NeighborQuery{ID: bench.ids[0], Depth: 1, Limit: 1}); err != nil {
		b.Fatal(err)
	}
}

func BenchmarkPaths(b *testing.B) {
	s := benchStore(b)
	for _, c := range []struct {
		name string
		q    graph.PathQuery
	}{
		{"Any", graph.PathQuery{MaxHops: 4, K: 10}},
		{"Out", graph.PathQuery{MaxHops: 4, K: 10, Direction: graph.Out}},
		{"Filtered", graph.PathQuery{MaxHops: 4, K: 10, Filter: graph.Filter{
			Since: "2010-01-01", MinConfidence: 0.7, ExcludeTypes: []string{"meets"}}}},
		// The graph as known on a day: compare with Any.
		{"KnownAsOf", graph.PathQuery{MaxHops: 4, K: 10, Filter: graph.Filter{KnownAsOf: "2015-06-30"}}},
	} {
		b.Run(c.name, func(b *testing.B) {
			warm(b, s)
			rng := rand.New(rand.NewPCG(1, 1))
			found := 0
			b.ResetTimer()
			for range b.N {
				q := c.q
				q.From, q.To = bench.ids[rng.IntN(len(bench.ids))], bench.ids[rng.IntN(len(bench.ids))]
				if q.From == q.To {
					continue
				}
				ps, err := s.Paths(ctx, q)
				if err != nil {
					b.Fatal(err)
				}
				found += len(ps)
			}
			b.ReportMetric(float64(found)/float64(b.N), "paths/op")
		})
	}
}

// BenchmarkRoutes times k distinct routes against k = 1 (one route, no
// spur searches) on the same 200 random pairs, reporting the latency's
// median and 99th percentile: run with -count 3 for rounds.
func BenchmarkRoutes(b *testing.B) {
	s := benchStore(b)
	rng := rand.New(rand.NewPCG(2, 2))
	var pairs [][2]string
	for len(pairs) < 200 {
		if f, t := bench.ids[rng.IntN(len(bench.ids))], bench.ids[rng.IntN(len(bench.ids))]; f != t {
			pairs = append(pairs, [2]string{f, t})
		}
	}
	for _, c := range []struct {
		name string
		q    graph.PathQuery
	}{
		{"K1", graph.PathQuery{MaxHops: 4, K: 1}},
		{"K10", graph.PathQuery{MaxHops: 4, K: 10}},
		{"K10Chronological", graph.PathQuery{MaxHops: 4, K: 10, Chronological: true}},
		{"K10ByConfidence", graph.PathQuery{MaxHops: 4, K: 10, Order: graph.ByConfidence}},
	} {
		b.Run(c.name, func(b *testing.B) {
			warm(b, s)
			var took []time.Duration
			routes := 0
			b.ResetTimer()
			for i := range b.N {
				q := c.q
				q.From, q.To = pairs[i%len(pairs)][0], pairs[i%len(pairs)][1]
				start := time.Now()
				ps, err := s.Paths(ctx, q)
				if err != nil {
					b.Fatal(err)
				}
				took = append(took, time.Since(start))
				routes += len(ps)
			}
			slices.Sort(took)
			ms := func(q float64) float64 { return float64(took[int(q*float64(len(took)-1))]) / 1e6 }
			b.ReportMetric(ms(0.5), "p50-ms")
			b.ReportMetric(ms(0.99), "p99-ms")
			b.ReportMetric(float64(routes)/float64(b.N), "routes/op")
		})
	}
}

func BenchmarkTimeline(b *testing.B) {
	s := benchStore(b)
	for _, c := range []struct {
		name string
		q    graph.TimelineQuery
		hub  bool
	}{
		{"Page50", graph.TimelineQuery{Limit: 50}, false},
		{"HubPage50", graph.TimelineQuery{Limit: 50}, true},
		{"HubFilteredPage50", graph.TimelineQuery{Limit: 50, Filter: graph.Filter{Types: []string{"attacks", "kills"}, Since: "2015-01-01"}}, true},
		{"HubAll", graph.TimelineQuery{}, true},
		// The graph as known on a day: compare with HubPage50.
		{"HubKnownAsOfPage50", graph.TimelineQuery{Limit: 50, Filter: graph.Filter{KnownAsOf: "2015-06-30"}}, true},
	} {
		b.Run(c.name, func(b *testing.B) {
			rng := rand.New(rand.NewPCG(2, 2))
			events := 0
			for range b.N {
				q := c.q
				if c.hub {
					q.Entity = bench.ids[rng.IntN(20)] // the most connected come first
				} else {
					q.Entity = bench.ids[rng.IntN(len(bench.ids))]
				}
				p, err := s.Timeline(ctx, q)
				if err != nil {
					b.Fatal(err)
				}
				events += len(p.Events)
			}
			b.ReportMetric(float64(events)/float64(b.N), "events/op")
		})
	}
}

func BenchmarkBuckets(b *testing.B) {
	s := benchStore(b)
	rng := rand.New(rand.NewPCG(3, 3))
	for range b.N {
		ts, err := s.Tallies(ctx, graph.TimelineQuery{Entity: bench.ids[rng.IntN(20)]})
		if err != nil {
			b.Fatal(err)
		}
		graph.CountBuckets(ts, graph.BucketMonth, "", "", false)
	}
}

func BenchmarkNeighbors(b *testing.B) {
	s := benchStore(b)
	for _, c := range []struct {
		name string
		q    graph.NeighborQuery
	}{
		{"Depth1", graph.NeighborQuery{Depth: 1, Limit: 200}},
		{"Depth2", graph.NeighborQuery{Depth: 2, Limit: 200}},
		{"Depth2Filtered", graph.NeighborQuery{Depth: 2, Limit: 200, Filter: graph.Filter{AsOf: "2015-06-01", MinConfidence: 0.8}}},
	} {
		b.Run(c.name, func(b *testing.B) {
			warm(b, s)
			rng := rand.New(rand.NewPCG(4, 4))
			rels := 0
			b.ResetTimer()
			for range b.N {
				q := c.q
				q.ID = bench.ids[rng.IntN(len(bench.ids))]
				n, err := s.Neighbors(ctx, q)
				if err != nil {
					b.Fatal(err)
				}
				rels += len(n.Relations)
			}
			b.ReportMetric(float64(rels)/float64(b.N), "relations/op")
		})
	}
}

func BenchmarkSearch(b *testing.B) {
	s := benchStore(b)
	for _, key := range []string{"ka", "karimo", "zz"} {
		b.Run(key, func(b *testing.B) {
			for range b.N {
				if _, err := s.SearchEntities(ctx, graph.EntitySearch{Key: key, Limit: 10}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkIndexRebuild is the first path query after a write: the index
// of 100,000 edges is rebuilt.
func BenchmarkIndexRebuild(b *testing.B) {
	s := benchStore(b)
	c := storetest.CloneContribution(bench.cs[len(bench.cs)-1])
	for i := range b.N {
		b.StopTimer()
		c.Source.Digest = fmt.Sprint("rebuild-", i)
		if _, err := s.ReplaceSource(ctx, c); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := s.Neighbors(ctx, graph.NeighborQuery{ID: bench.ids[0], Depth: 1, Limit: 1}); err != nil {
			b.Fatal(err)
		}
	}
}
