package neo4jstore_test

import (
	"cmp"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/geokg/geokg/cypher"
	"github.com/geokg/geokg/internal/graph"
	neo4jstore "github.com/geokg/geokg/internal/store/neo4j"
	"github.com/geokg/geokg/internal/store/storetest"
)

// The benchmark graph: 20,000 entities, 100,000 relations (reports, as
// the embedded store's benchmarks), fewer events.
const benchEntities, benchRelations = 20000, 100000

var bench struct {
	once   sync.Once
	cs     []*graph.Contribution
	ends   []string         // relation ends, once per relation
	events []graph.Relation // the events of the relations, by group
}

func benchGraph() []*graph.Contribution {
	bench.once.Do(func() {
		bench.cs = storetest.Generate(1, benchEntities, benchRelations)
		groups := map[string][]graph.Report{}
		for _, c := range bench.cs {
			for _, r := range c.Relations {
				bench.ends = append(bench.ends, r.From, r.To)
				groups[r.GroupKey()] = append(groups[r.GroupKey()], graph.Report{Relation: r, Source: c.Source.ID})
			}
		}
		taken := map[string]bool{}
		for _, k := range slices.Sorted(maps.Keys(groups)) {
			bench.events = append(bench.events, graph.Events(groups[k], nil, taken)...)
		}
	})
	return bench.cs
}

// importAll stores the benchmark graph through a batch of s (as the
// importer does) and returns how long it took.
func importAll(b *testing.B, s *neo4jstore.Store) time.Duration {
	start := time.Now()
	batch := s.Batch()
	for _, c := range benchGraph() {
		if _, err := batch.Import(ctx, c.Source.ID, storetest.Ready(c)); err != nil {
			b.Fatalf("Import(%s): %v", c.Source.ID, err)
		}
	}
	if err := batch.Close(); err != nil {
		b.Fatal(err)
	}
	return time.Since(start)
}

// BenchmarkImport imports the benchmark graph through the store
// (through a batch: checks, digests, corrections, entity assembly, a few
// sources a transaction) and then the same graph through plain
// LOAD CSV into the same server, and reports both times and their ratio.
func BenchmarkImport(b *testing.B) {
	s := openEmpty(b)
	cs := benchGraph()
	dir, url := csvDir(b, s)
	writeCSV(b, dir, cs)
	var viaStore, viaCSV time.Duration
	var csvStats graph.Stats
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		wipe(b, s)
		viaCSV += loadCSV(b, s, url)
		csvStats = stats(b, s)
		wipe(b, s)
		b.StartTimer()
		viaStore += importAll(b, s)
	}
	n := float64(b.N)
	b.ReportMetric(float64(benchRelations)*n/viaStore.Seconds(), "relations/s")
	b.ReportMetric(viaStore.Seconds()/n, "geokg-s/op")
	b.ReportMetric(viaCSV.Seconds()/n, "loadcsv-s/op")
	b.ReportMetric(viaStore.Seconds()/viaCSV.Seconds(), "geokg/loadcsv")
	// Both made the same graph (and the store's stays for BenchmarkPaths).
	if st := stats(b, s); !reflect.DeepEqual(st, csvStats) || st.Relations != len(bench.events) || st.Sources != len(cs) {
		b.Fatalf("the store made %+v, LOAD CSV %+v", st, csvStats)
	}
}

func stats(b *testing.B, s *neo4jstore.Store) graph.Stats {
	st, err := s.Stats(ctx)
	if err != nil {
		b.Fatal(err)
	}
	return st
}

func wipe(b *testing.B, s *neo4jstore.Store) {
	if err := s.Wipe(ctx); err != nil {
		b.Fatal(err)
	}
}

// csvDir returns a directory the server reads CSV files from, with the
// file URL prefix that names it: a temporary directory when the server
// takes absolute file URLs (the development server), else one under its
// import directory (server.directories.import).
func csvDir(b *testing.B, s *neo4jstore.Store) (string, string) {
	tmp := b.TempDir()
	if err := os.WriteFile(filepath.Join(tmp, "probe.csv"), []byte("a\n1\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	if _, err := neo4j.ExecuteQuery(ctx, s.Driver(), "LOAD CSV FROM $url AS row RETURN count(*)",
		map[string]any{"url": "file://" + tmp + "/probe.csv"}, neo4j.EagerResultTransformer); err == nil {
		return tmp, "file://" + tmp
	}
	res, err := neo4j.ExecuteQuery(ctx, s.Driver(), "CALL dbms.listConfig('server.directories.import') YIELD value RETURN value",
		nil, neo4j.EagerResultTransformer)
	if err != nil || len(res.Records) == 0 {
		b.Skipf("the server reads no CSV files from this machine (%v)", err)
	}
	root, _ := res.Records[0].Values[0].(string)
	dir := filepath.Join(root, fmt.Sprintf("geokg-bench-%d", os.Getpid()))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Skipf("cannot write into the server's import directory %s: %v", root, err)
	}
	b.Cleanup(func() { os.RemoveAll(dir) })
	return dir, "file:///" + filepath.Base(dir)
}

// loadCSV runs cypher/bench_load_csv.cypher and returns how long it took.
func loadCSV(b *testing.B, s *neo4jstore.Store, url string) time.Duration {
	start := time.Now()
	sess := s.Driver().NewSession(ctx, neo4j.SessionConfig{})
	defer sess.Close(ctx)
	for _, stmt := range cypher.Statements("bench_load_csv") {
		res, err := sess.Run(ctx, stmt, map[string]any{"dir": url})
		if err == nil {
			_, err = res.Consume(ctx)
		}
		if err != nil {
			b.Fatalf("LOAD CSV: %v\n%s", err, stmt)
		}
	}
	return time.Since(start)
}

// writeCSV writes the graph that importing cs makes (cs has no
// corrections: the union of the contributions, with the events of
// bench.events) as the CSV files of bench_load_csv.cypher.
func writeCSV(b *testing.B, dir string, cs []*graph.Contribution) {
	files := map[string]*csv.Writer{}
	write := func(name string, fields ...string) {
		w, ok := files[name]
		if !ok {
			f, err := os.Create(filepath.Join(dir, name+".csv"))
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { f.Close() })
			w = csv.NewWriter(f)
			files[name] = w
		}
		if err := w.Write(fields); err != nil {
			b.Fatal(err)
		}
	}
	js := func(v any) string { j, _ := json.Marshal(v); return string(j) }
	write("sources", "id", "kind", "title", "url", "language", "published", "digest", "priority")
	write("entities", "id", "name", "kind", "wikidata", "label", "names", "aliases", "last_priority", "last_source")
	write("records", "source", "entity", "kind", "wikidata", "label", "names")
	write("keys", "key", "entity", "source")
	write("reports", "id", "source", "grp", "event", "json")
	write("names", "report", "entity")
	write("events", "src", "tgt", "id", "grp", "type", "class", "quad", "intensity", "date", "end", "prec",
		"lo", "hi", "last", "known", "timeline", "modality", "confidence", "participants", "participant_ids", "parties", "evidence",
		"event_key", "reports", "sources", "modalities", "joined")
	write("links", "src", "tgt", "relation", "directed", "type", "class", "confidence", "modality", "lo", "hi", "known", "date")
	write("groups", "key")
	write("participants", "entity", "grp", "relation", "type")
	eventOf := map[string]string{}
	for _, e := range bench.events {
		for _, ev := range e.Evidence {
			eventOf[ev.Report] = e.ID
		}
	}
	records := map[string][]graph.SourcedRecord{}
	involved := map[string]bool{}
	for _, c := range cs {
		src := c.Source
		write("sources", src.ID, src.Kind, src.Title, src.URL, src.Language, src.Published, src.Digest, strconv.Itoa(c.Priority))
		for _, rec := range c.Entities {
			records[rec.ID] = append(records[rec.ID], graph.SourcedRecord{Source: src.ID, Priority: c.Priority, EntityRecord: rec})
			write("records", src.ID, rec.ID, rec.Kind, rec.Wikidata, rec.Label, js(rec.Names))
			seen := map[string]bool{}
			for _, n := range rec.Names {
				for _, k := range n.Keys {
					if !seen[k] {
						seen[k] = true
						write("keys", k, rec.ID, src.ID)
					}
				}
			}
		}
		for _, r := range c.Relations {
			write("reports", r.ID, src.ID, r.GroupKey(), eventOf[r.ID], js(r))
			for _, id := range slices.Compact(slices.Sorted(slices.Values(r.Entities()))) {
				involved[id] = true
				write("names", r.ID, id)
			}
		}
	}
	grouped := map[string]bool{}
	for _, r := range bench.events {
		intensity, parts, partIDs, evidence, modalities := "", "", "", "", ""
		if r.Intensity != nil {
			intensity = strconv.FormatFloat(*r.Intensity, 'g', -1, 64)
		}
		if len(r.Participants) > 0 {
			parts = js(r.Participants)
			var ids []string
			if !grouped[r.GroupKey()] {
				grouped[r.GroupKey()] = true
				write("groups", r.GroupKey())
			}
			for _, p := range r.Participants {
				ids = append(ids, p.Entity)
				write("participants", p.Entity, r.GroupKey(), r.ID, r.Type)
			}
			partIDs = strings.Join(ids, "|")
		}
		if len(r.Evidence) > 0 {
			evidence = js(r.Evidence)
		}
		if len(r.Modalities) > 0 {
			modalities = js(r.Modalities)
		}
		confidence := strconv.FormatFloat(r.Confidence, 'g', -1, 64)
		write("events", r.From, r.To, r.ID, r.GroupKey(), r.Type, string(r.Class), strconv.Itoa(r.QuadClass), intensity,
			r.Date.String(), r.End.String(), string(r.Precision), r.Lo(), r.Hi(), r.Last(), r.Known,
			strconv.FormatBool(r.Class == "event" && !r.Date.IsZero()), string(r.Modality),
			confidence, parts, partIDs, strings.Join(r.Parties(), "|"), evidence,
			r.EventKey, strconv.Itoa(r.Reports), strconv.Itoa(r.Sources), modalities, r.Joined)
		for _, l := range r.Links() {
			if l.From != r.From || l.To != r.To {
				write("links", l.From, l.To, r.ID, strconv.FormatBool(l.Directed), r.Type, string(r.Class), confidence,
					string(r.Modality), r.Lo(), r.Hi(), r.Known, r.Date.String())
			}
		}
	}
	for id := range involved {
		if _, ok := records[id]; !ok {
			records[id] = nil
		}
	}
	for _, id := range slices.Sorted(maps.Keys(records)) {
		rs := records[id]
		e := graph.Assemble(id, rs)
		label, lastPriority, lastSource := "", "", ""
		slices.SortFunc(rs, func(a, b graph.SourcedRecord) int {
			return cmp.Or(cmp.Compare(a.Priority, b.Priority), cmp.Compare(a.Source, b.Source))
		})
		for _, r := range rs {
			label = cmp.Or(label, r.Label)
		}
		if len(rs) > 0 {
			lastPriority, lastSource = strconv.Itoa(rs[len(rs)-1].Priority), rs[len(rs)-1].Source
		}
		write("entities", id, e.Name, e.Kind, e.Wikidata, label, js(e.Names), js(e.Aliases), lastPriority, lastSource)
	}
	for _, w := range files {
		w.Flush()
		if err := w.Error(); err != nil {
			b.Fatal(err)
		}
	}
}

// benchStore returns a store holding the benchmark graph, imported through
// the store unless the database holds it already.
func benchStore(b *testing.B) *neo4jstore.Store {
	b.Helper()
	s := openStore(b)
	cs := benchGraph()
	if st, err := s.Stats(ctx); err != nil || st.Relations != len(bench.events) || st.Sources != len(cs) {
		wipe(b, s)
		b.Logf("importing the benchmark graph: %v", importAll(b, s))
	}
	return s
}

// BenchmarkPaths times path questions through the store against the
// store's first search for them (graph.FindRoutes' first spur: the first
// route with its hops), the very same Cypher and parameters sent through
// the driver directly, and reports both and their ratio: what the store
// adds (the further spur searches of the K routes, the checks that the
// entities exist, the transaction, decoding, building the paths) to one
// search of Neo4j. It also times the same search for the route alone
// (what the store's first search was before it read the hops with it,
// and what its later spurs send), and the ratio to that.
func BenchmarkPaths(b *testing.B) {
	s := benchStore(b)
	db := neo4jstore.ConfigFromEnv(os.Getenv).Database
	for _, c := range []struct {
		name string
		q    graph.PathQuery
	}{
		{"AnyK1", graph.PathQuery{MaxHops: 4, K: 1}},
		{"Any", graph.PathQuery{MaxHops: 4, K: 10}},
		{"Out", graph.PathQuery{MaxHops: 4, K: 10, Direction: graph.Out}},
		{"Filtered", graph.PathQuery{MaxHops: 4, K: 10, Filter: graph.Filter{
			Since: "2010-01-01", MinConfidence: 0.7, ExcludeTypes: []string{"meets"}}}},
	} {
		b.Run(c.name, func(b *testing.B) {
			rng := rand.New(rand.NewPCG(1, 1))
			var viaStore, raw, routeOnly time.Duration
			found := 0
			direct := func(text string, params map[string]any) (time.Duration, int) {
				start := time.Now()
				res, err := neo4j.ExecuteQuery(ctx, s.Driver(), text, params, neo4j.EagerResultTransformer,
					neo4j.ExecuteQueryWithReadersRouting(), neo4j.ExecuteQueryWithDatabase(db))
				took := time.Since(start)
				if err != nil {
					b.Fatal(err)
				}
				return took, len(res.Records)
			}
			b.ResetTimer()
			for range b.N {
				q := c.q
				q.From, q.To = bench.ends[rng.IntN(len(bench.ends))], bench.ends[rng.IntN(len(bench.ends))]
				if q.From == q.To {
					continue
				}
				start := time.Now()
				ps, err := s.Paths(ctx, q)
				if err != nil {
					b.Fatal(err)
				}
				viaStore += time.Since(start)
				found += len(ps)

				b.StopTimer()
				first, route, params := neo4jstore.FirstQueries(q)
				for _, x := range []struct {
					text string
					sum  *time.Duration
				}{{first, &raw}, {route, &routeOnly}} {
					took, rows := direct(x.text, params)
					*x.sum += took
					if (rows == 0) != (len(ps) == 0) {
						b.Fatalf("the first search through the driver found %d routes, and the store %d paths", rows, len(ps))
					}
				}
				b.StartTimer()
			}
			n := float64(b.N)
			b.ReportMetric(float64(found)/n, "paths/op")
			b.ReportMetric(viaStore.Seconds()*1000/n, "geokg-ms/op")
			b.ReportMetric(raw.Seconds()*1000/n, "raw-ms/op")
			b.ReportMetric(routeOnly.Seconds()*1000/n, "route-ms/op")
			b.ReportMetric(viaStore.Seconds()/raw.Seconds(), "geokg/raw")
			b.ReportMetric(viaStore.Seconds()/routeOnly.Seconds(), "geokg/route")
		})
	}
}
