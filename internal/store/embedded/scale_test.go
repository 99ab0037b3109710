package embedded

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/store/storetest"
)

// BenchmarkScale is the harness of scripts/bench (issue 15): on generated
// graphs of the sizes in GEOKG_BENCH_SIZES (relations, comma-separated; it
// skips when unset), each measure of the embedded store is run side by side
// with its baseline in the same round, and reported as both figures and
// their ratio. Run it with -benchtime 1x and -count for rounds.
//
// The graphs (storetest.Generate, seed benchSeed, one entity for five
// relations) are imported once through the store and cached in
// GEOKG_BENCH_CACHE (default: the user's cache directory), keyed by size,
// seed, tail and schema version: the graph less its last benchTail
// relations' articles (base), the whole graph (full: the tail imported
// into base), and the tail alone in an empty store (rows: the rows geokg
// writes for the tail, the import baselines' input).
func BenchmarkScale(b *testing.B) {
	env := os.Getenv("GEOKG_BENCH_SIZES")
	if env == "" {
		b.Skip("GEOKG_BENCH_SIZES is not set: run scripts/bench")
	}
	pairs := 200
	if p := os.Getenv("GEOKG_BENCH_PAIRS"); p != "" {
		var err error
		if pairs, err = strconv.Atoi(p); err != nil {
			b.Fatalf("GEOKG_BENCH_PAIRS: %v", err)
		}
	}
	for _, f := range strings.Split(env, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			b.Fatalf("GEOKG_BENCH_SIZES: %v", err)
		}
		g := &scaleGraph{relations: n}
		b.Run(sizeName(n), func(b *testing.B) {
			g.prepare(b)
			defer g.close()
			b.Run("FirstQuery", func(b *testing.B) { g.firstQuery(b, true) })
			b.Run("FirstBuild", func(b *testing.B) { g.firstQuery(b, false) })
			b.Run("PathsK1", func(b *testing.B) { g.paths(b, 1, pairs, graph.Any) })
			b.Run("PathsK10", func(b *testing.B) { g.paths(b, 10, pairs, graph.Any) })
			b.Run("PathsOutK1", func(b *testing.B) { g.paths(b, 1, pairs, graph.Out) })
			b.Run("API", func(b *testing.B) { g.api(b, pairs) })
			b.Run("Import", g.importTail)
			b.Run("Buckets", g.buckets)
			b.Run("Neighbors2", g.neighbors)
			b.Run("QueryAfterImport", g.queryAfterImport)
		})
	}
}

const (
	benchSeed = 1
	benchTail = 10000 // relations imported by the Import measure
	benchHubs = 10    // the most connected entities, which Buckets and Neighbors2 query
)

func sizeName(n int) string {
	switch {
	case n%1000000 == 0:
		return fmt.Sprintf("%dM", n/1000000)
	case n%1000 == 0:
		return fmt.Sprintf("%dk", n/1000)
	}
	return strconv.Itoa(n)
}

// scaleGraph is one generated graph of the harness.
type scaleGraph struct {
	relations        int
	base, full, rows string // the cached files
	tail             []*graph.Contribution
	tailRelations    int

	s    *Store // full, opened once the query measures need it
	ix   *index
	hubs []string // the benchHubs most connected entities, most first
}

// prepare makes sure the cached files exist, building them if not, and
// keeps the tail's contributions.
func (g *scaleGraph) prepare(b *testing.B) {
	b.Helper()
	dir := os.Getenv("GEOKG_BENCH_CACHE")
	if dir == "" {
		c, err := os.UserCacheDir()
		if err != nil {
			b.Fatal(err)
		}
		dir = filepath.Join(c, "geokg-bench")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	key := fmt.Sprintf("%d-seed%d-tail%d-v%d", g.relations, benchSeed, benchTail, schemaVersion)
	g.base = filepath.Join(dir, "base-"+key+".db")
	g.full = filepath.Join(dir, "full-"+key+".db")
	g.rows = filepath.Join(dir, "rows-"+key+".db")

	start := time.Now()
	cs := storetest.Generate(benchSeed, g.relations/5, g.relations)
	cut := len(cs)
	for g.tailRelations < benchTail && cut > 1 {
		cut--
		g.tailRelations += len(cs[cut].Relations)
	}
	g.tail = slices.Clone(cs[cut:])
	note("generated %s in memory (%d sources) in %v", sizeName(g.relations), len(cs), time.Since(start).Round(time.Millisecond))

	build := func(path, from string, cs []*graph.Contribution) {
		if _, err := os.Stat(path); err == nil {
			if took, err := os.ReadFile(path + ".took"); err == nil {
				note("cached %s (built in %s)", filepath.Base(path), strings.TrimSpace(string(took)))
			}
			return
		}
		start := time.Now()
		tmp := path + ".tmp"
		os.Remove(tmp)
		if from != "" {
			copyStore(b, from, tmp)
		}
		s, err := Open(context.Background(), tmp)
		if err != nil {
			b.Fatal(err)
		}
		for i, c := range cs {
			if _, err := s.ReplaceSource(context.Background(), c); err != nil {
				b.Fatal(err)
			}
			if i%2000 == 1999 {
				note("%s: %d of %d sources after %v", filepath.Base(path), i+1, len(cs), time.Since(start).Round(time.Second))
			}
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
		if err := os.Rename(tmp, path); err != nil {
			b.Fatal(err)
		}
		took := time.Since(start).Round(time.Second)
		os.WriteFile(path+".took", []byte(took.String()+"\n"), 0o644)
		note("built %s in %v", filepath.Base(path), took)
	}
	build(g.base, "", cs[:cut])
	build(g.full, g.base, g.tail)
	build(g.rows, "", g.tail)
}

// forget drops what the store's memos keep.
func (s *Store) forget() { s.ents, s.rels = newMemos() }

// note tells scripts/bench how the harness is getting on.
func note(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
}

// copyStore copies the SQLite file (and its WAL, if any) at from to to.
func copyStore(b testing.TB, from, to string) {
	b.Helper()
	for _, suffix := range []string{"", "-wal"} {
		in, err := os.Open(from + suffix)
		if suffix != "" && os.IsNotExist(err) {
			continue
		}
		if err != nil {
			b.Fatal(err)
		}
		out, err := os.Create(to + suffix)
		if err == nil {
			_, err = io.Copy(out, in)
			if cerr := out.Close(); err == nil {
				err = cerr
			}
		}
		in.Close()
		if err != nil {
			b.Fatal(err)
		}
	}
}

// store opens the whole graph and builds its index, once, and empties
// its memos.
func (g *scaleGraph) store(b *testing.B) *Store {
	b.Helper()
	if g.s != nil {
		g.s.forget() // each measure starts with nothing kept of the one before
		return g.s
	}
	b.StopTimer()
	defer b.StartTimer()
	s, err := Open(context.Background(), g.full)
	if err != nil {
		b.Fatal(err)
	}
	if err := s.Warm(context.Background()); err != nil {
		b.Fatal(err)
	}
	g.s, g.ix = s, s.ix.Load()
	degree := func(v int32) int32 { return g.ix.adj.off[v+1] - g.ix.adj.off[v] }
	nodes := make([]int32, len(g.ix.ids))
	for i := range nodes {
		nodes[i] = int32(i)
	}
	slices.SortStableFunc(nodes, func(a, c int32) int { return cmp.Compare(degree(c), degree(a)) })
	for _, v := range nodes[:min(benchHubs, len(nodes))] {
		g.hubs = append(g.hubs, g.ix.ids[v])
	}
	return s
}

func (g *scaleGraph) close() {
	if g.s != nil {
		g.s.Close()
	}
}

// resetPeak sets the process's peak resident memory (VmHWM) to what is
// resident now, after returning freed memory to the system.
func resetPeak() {
	debug.FreeOSMemory()
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// reportPeak reports VmHWM, the peak resident memory since resetPeak.
func reportPeak(b *testing.B) {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return
	}
	for line := range strings.Lines(string(status)) {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			b.ReportMetric(float64(kb)/1024, "peak-MB")
		}
	}
}

// latencies collects the durations of queries.
type latencies []time.Duration

// ms is the q-quantile in milliseconds.
func (l latencies) ms(q float64) float64 {
	s := slices.Sorted(slices.Values(l))
	return float64(s[int(q*float64(len(s)-1)+0.5)]) / 1e6
}

// report reports the median and 99th percentile of geokg's latencies and
// of the baseline's, and their ratios.
func report(b *testing.B, geokg, base latencies, baseName string) {
	for _, q := range []struct {
		name string
		q    float64
	}{{"p50", 0.5}, {"p99", 0.99}} {
		b.ReportMetric(geokg.ms(q.q), "geokg-"+q.name+"-ms")
		if base != nil {
			b.ReportMetric(base.ms(q.q), baseName+"-"+q.name+"-ms")
			b.ReportMetric(geokg.ms(q.q)/base.ms(q.q), "ratio-"+q.name)
		}
	}
}

// firstQuery times the first query on a newly opened store (the index is
// built) against a plain read of every relation's ends into int32
// adjacency through the same driver.
// firstQuery times opening the whole graph and answering a query, which
// loads the index snapshot beside it (snapshot) or, with none there,
// builds the index, against a plain read of the edges.
func (g *scaleGraph) firstQuery(b *testing.B, snapshot bool) {
	s, err := Open(context.Background(), g.full)
	if err != nil {
		b.Fatal(err)
	}
	snap := s.snapshotPath()
	if _, err := os.Stat(snap); snapshot && err != nil {
		if err := s.Warm(context.Background()); err != nil { // builds, and writes the snapshot
			b.Fatal(err)
		}
	}
	s.Close()
	var geokg, plain time.Duration
	for range b.N {
		b.StopTimer()
		if !snapshot {
			os.Remove(snap)
		}
		before, _ := os.Stat(snap)
		resetPeak()
		b.StartTimer()
		start := time.Now()
		s, err := Open(context.Background(), g.full)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.Neighbors(context.Background(), graph.NeighborQuery{ID: g.tail[0].Relations[0].From, Depth: 1, Limit: 1}); err != nil {
			b.Fatal(err)
		}
		geokg += time.Since(start)
		b.StopTimer()
		reportPeak(b)
		ix := s.ix.Load()
		s.Close() // a build writes the snapshot, and Close waits for it
		after, err := os.Stat(snap)
		if err != nil || snapshot != os.SameFile(before, after) {
			b.Fatalf("with a snapshot %v, the snapshot after: %v, the same %v", snapshot, err, err == nil && os.SameFile(before, after))
		}
		start = time.Now()
		if n := plainRead(b, g.full); n != len(ix.ids) {
			b.Fatalf("the plain read found %d nodes, the index %d", n, len(ix.ids))
		}
		plain += time.Since(start)
		b.StartTimer()
	}
	b.ReportMetric(geokg.Seconds()*1000/float64(b.N), "geokg-ms")
	b.ReportMetric(plain.Seconds()*1000/float64(b.N), "plainread-ms")
	b.ReportMetric(geokg.Seconds()/plain.Seconds(), "ratio")
}

// plainRead reads the ends of every relation in the file at path into
// int32 adjacency lists and returns the number of nodes.
func plainRead(b *testing.B, path string) int {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query("SELECT src, tgt FROM relations")
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	num := map[string]int32{}
	node := func(id string) int32 {
		v, ok := num[id]
		if !ok {
			v = int32(len(num))
			num[id] = v
		}
		return v
	}
	var ends [][2]int32
	for rows.Next() {
		var src, tgt string
		if err := rows.Scan(&src, &tgt); err != nil {
			b.Fatal(err)
		}
		ends = append(ends, [2]int32{node(src), node(tgt)})
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	// Participants are nodes too (the index links them).
	prows, err := db.Query("SELECT entity_id FROM relation_entities WHERE ends = 0")
	if err != nil {
		b.Fatal(err)
	}
	defer prows.Close()
	for prows.Next() {
		var id string
		if err := prows.Scan(&id); err != nil {
			b.Fatal(err)
		}
		node(id)
	}
	if err := prows.Err(); err != nil {
		b.Fatal(err)
	}
	off := make([]int32, len(num)+1)
	for _, e := range ends {
		off[e[0]+1]++
		off[e[1]+1]++
	}
	for v := range len(num) {
		off[v+1] += off[v]
	}
	list := make([]int32, off[len(num)])
	fill := slices.Clone(off[:len(num)])
	for _, e := range ends {
		list[fill[e[0]]], list[fill[e[1]]] = e[1], e[0]
		fill[e[0]]++
		fill[e[1]]++
	}
	return len(num)
}

// bfsGraph is the paths baseline's graph: for each node, the node at the
// other end of each of its links that a filter lets through, in direction
// d, as plain int32 adjacency (off, as adjacency.off, into to).
type bfsGraph struct {
	off, to []int32
}

func newBFSGraph(ix *index, f *graph.Filter, d graph.Direction) *bfsGraph {
	m, err := ix.matcher(f)
	if err != nil {
		panic(err)
	}
	mark := linkMark(d)
	g := &bfsGraph{off: make([]int32, 1, len(ix.ids)+1)}
	for v := range int32(len(ix.ids)) {
		ws, es := ix.adj.of(v)
		for i, w := range ws {
			if es[i]&mark != 0 && m.match(&ix.edges[entry(es[i])]) {
				g.to = append(g.to, w)
			}
		}
		g.off = append(g.off, int32(len(g.to)))
	}
	return g
}

// bfs is a plain breadth-first search over a bfsGraph: unweighted, ending
// when it reaches the target.
type bfs struct {
	g        *bfsGraph
	seen     []uint32 // by node: reached in the search numbered so
	parent   []int32
	search   uint32
	frontier []int32
	next     []int32
}

func newBFS(g *bfsGraph) *bfs {
	n := len(g.off) - 1
	return &bfs{g: g, seen: make([]uint32, n), parent: make([]int32, n)}
}

// path is a shortest path from one node to another of at most maxHops
// steps, as its nodes; nil when there is none.
func (s *bfs) path(from, to int32, maxHops int) []int32 {
	s.search++
	s.seen[from] = s.search
	s.frontier = append(s.frontier[:0], from)
	for range maxHops {
		s.next = s.next[:0]
		for _, v := range s.frontier {
			for _, w := range s.g.to[s.g.off[v]:s.g.off[v+1]] {
				if s.seen[w] == s.search {
					continue
				}
				s.seen[w], s.parent[w] = s.search, v
				if w == to {
					p := []int32{w}
					for w != from {
						w = s.parent[w]
						p = append(p, w)
					}
					slices.Reverse(p)
					return p
				}
				s.next = append(s.next, w)
			}
		}
		s.frontier, s.next = s.next, s.frontier
	}
	return nil
}

// paths times k routes of at most 4 hops between random pairs of entities
// against the plain BFS over the same edges, pair by pair; each shortest
// route must be as long as the BFS's path.
func (g *scaleGraph) paths(b *testing.B, k, pairs int, d graph.Direction) {
	s := g.store(b)
	q := graph.PathQuery{MaxHops: 4, K: k, Direction: d}
	bg := newBFSGraph(g.ix, &q.Filter, d)
	search := newBFS(bg)
	// Pairs of their own, by k and direction: the store keeps what it read of others.
	rng := rand.New(rand.NewPCG(5+uint64(slices.Index([]graph.Direction{graph.Any, graph.Out, graph.In}, d)), uint64(k)))
	var ends [][2]int32
	for len(ends) < pairs {
		if f, t := int32(rng.IntN(len(g.ix.ids))), int32(rng.IntN(len(g.ix.ids))); f != t {
			ends = append(ends, [2]int32{f, t})
		}
	}
	for range b.N {
		resetPeak()
		var geokg, base latencies
		found := 0
		for _, e := range ends {
			q.From, q.To = g.ix.ids[e[0]], g.ix.ids[e[1]]
			start := time.Now()
			from, _ := g.ix.node(q.From)
			to, _ := g.ix.node(q.To)
			p := search.path(from, to, q.MaxHops)
			base = append(base, time.Since(start))
			start = time.Now()
			ps, err := s.Paths(context.Background(), q)
			if err != nil {
				b.Fatal(err)
			}
			geokg = append(geokg, time.Since(start))
			if len(ps) > 0 != (p != nil) || p != nil && len(ps[0].Hops) != len(p)-1 {
				b.Fatalf("from %s to %s: geokg finds %d routes (the first %v), the BFS the path %v", q.From, q.To, len(ps), ps[:min(1, len(ps))], p)
			}
			found += len(ps)
		}
		reportPeak(b)
		report(b, geokg, base, "bfs")
		b.ReportMetric(float64(found)/float64(len(ends)), "routes/pair")
	}
}

// importTail times the import of the tail's articles through geokg into a
// copy of base (through a batch, Store.Batch, as the importer stores
// documents), against the rows geokg writes for them (read from rows)
// inserted in one transaction with prepared statements: into tables of the
// same columns without keys or indexes in a new file (raw), and into a copy
// of base, with its schema and indexes (schema; INSERT OR REPLACE, as the
// entities' rows are there already).
func (g *scaleGraph) importTail(b *testing.B) {
	tables := readRows(b, g.rows)
	dir := b.TempDir()
	rate := func(d time.Duration) float64 { return float64(g.tailRelations) / d.Seconds() }
	var geokgRate, rawRate, schemaRate []float64
	for i := range b.N {
		b.StopTimer()
		path := filepath.Join(dir, fmt.Sprintf("geokg-%d.db", i))
		copyStore(b, g.base, path)
		s, err := Open(context.Background(), path)
		if err != nil {
			b.Fatal(err)
		}
		resetPeak()
		b.StartTimer()
		start := time.Now()
		batch := s.Batch() // as the importer stores documents
		for _, c := range g.tail {
			if _, err := batch.Import(context.Background(), c.Source.ID, func(context.Context, graph.Lookup) (*graph.Contribution, error) {
				return c, nil
			}); err != nil {
				b.Fatal(err)
			}
		}
		if err := batch.Close(); err != nil {
			b.Fatal(err)
		}
		geokgRate = append(geokgRate, rate(time.Since(start)))
		b.StopTimer()
		reportPeak(b)
		s.Close()

		raw := filepath.Join(dir, fmt.Sprintf("raw-%d.db", i))
		db, err := sql.Open("sqlite", "file:"+raw+"?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)")
		if err != nil {
			b.Fatal(err)
		}
		for _, t := range tables {
			if _, err := db.Exec("CREATE TABLE " + t.name + " (" + strings.Join(t.cols, ", ") + ")"); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		rawRate = append(rawRate, rate(insertRows(b, db, "INSERT", tables)))
		b.StopTimer()
		db.Close()

		path = filepath.Join(dir, fmt.Sprintf("schema-%d.db", i))
		copyStore(b, g.base, path)
		if s, err = Open(context.Background(), path); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		schemaRate = append(schemaRate, rate(insertRows(b, s.db, "INSERT OR REPLACE", tables)))
		b.StopTimer()
		s.Close()
		for _, p := range []string{"geokg", "raw", "schema"} {
			os.Remove(filepath.Join(dir, fmt.Sprintf("%s-%d.db", p, i)))
		}
		b.StartTimer()
	}
	mean := func(r []float64) float64 {
		sum := 0.0
		for _, x := range r {
			sum += x
		}
		return sum / float64(len(r))
	}
	b.ReportMetric(mean(geokgRate), "geokg-rel/s")
	b.ReportMetric(mean(rawRate), "raw-rel/s")
	b.ReportMetric(mean(schemaRate), "schema-rel/s")
	b.ReportMetric(mean(geokgRate)/mean(rawRate), "ratio-raw")
	b.ReportMetric(mean(geokgRate)/mean(schemaRate), "ratio-schema")
}

// table is the rows of one table.
type table struct {
	name string
	cols []string
	rows [][]any
}

// readRows reads every row of every table of the store at path but meta,
// in the order the tables were created (a table before those that refer
// to it).
func readRows(b *testing.B, path string) []table {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	var names []string
	rows, err := db.Query("SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'meta' AND name NOT LIKE 'sqlite%' ORDER BY rowid")
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			b.Fatal(err)
		}
		names = append(names, n)
	}
	rows.Close()
	var out []table
	for _, n := range names {
		rows, err := db.Query("SELECT * FROM " + n)
		if err != nil {
			b.Fatal(err)
		}
		t := table{name: n}
		if t.cols, err = rows.Columns(); err != nil {
			b.Fatal(err)
		}
		for rows.Next() {
			row := make([]any, len(t.cols))
			ptrs := make([]any, len(row))
			for i := range row {
				ptrs[i] = &row[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				b.Fatal(err)
			}
			t.rows = append(t.rows, row)
		}
		if err := rows.Err(); err != nil {
			b.Fatal(err)
		}
		rows.Close()
		if len(t.rows) > 0 {
			out = append(out, t)
		}
	}
	return out
}

// insertRows inserts the tables' rows into db in one transaction, with one
// prepared statement per table, and returns how long it took.
func insertRows(b *testing.B, db *sql.DB, insert string, tables []table) time.Duration {
	start := time.Now()
	tx, err := db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	for _, t := range tables {
		stmt, err := tx.Prepare(insert + " INTO " + t.name + " (" + strings.Join(t.cols, ", ") + ") VALUES (?" + strings.Repeat(", ?", len(t.cols)-1) + ")")
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range t.rows {
			if _, err := stmt.Exec(r...); err != nil {
				b.Fatal(err)
			}
		}
		stmt.Close()
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	return time.Since(start)
}

// buckets times the month buckets of each hub (its events' tallies,
// counted by month).
func (g *scaleGraph) buckets(b *testing.B) {
	s := g.store(b)
	for range b.N {
		resetPeak()
		var took latencies
		events := 0
		for _, hub := range g.hubs {
			start := time.Now()
			ts, err := s.Tallies(context.Background(), graph.TimelineQuery{Entity: hub})
			if err != nil {
				b.Fatal(err)
			}
			graph.CountBuckets(ts, graph.BucketMonth, "", "", false)
			took = append(took, time.Since(start))
			events = max(events, len(ts))
		}
		reportPeak(b)
		report(b, took, nil, "")
		b.ReportMetric(float64(events), "max-events")
	}
}

// neighbors times the depth-2 neighbourhood (200 relations at most) of
// each hub.
func (g *scaleGraph) neighbors(b *testing.B) {
	s := g.store(b)
	for range b.N {
		resetPeak()
		var took latencies
		for _, hub := range g.hubs {
			start := time.Now()
			if _, err := s.Neighbors(context.Background(), graph.NeighborQuery{ID: hub, Depth: 2, Limit: 200}); err != nil {
				b.Fatal(err)
			}
			took = append(took, time.Since(start))
		}
		reportPeak(b)
		report(b, took, nil, "")
	}
}

// afterImports is how many articles queryAfterImport imports a round.
const afterImports = 10

// queryAfterImport imports one new article (of generated relations
// between the graph's entities) into a copy of the whole graph whose index
// is built, and times the path query that follows (its index catches up
// with the import) against the same query asked again (the index warm),
// afterImports times a round. It also reports the heap the index took
// when built, per edge.
func (g *scaleGraph) queryAfterImport(b *testing.B) {
	b.StopTimer()
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "after.db")
	copyStore(b, g.full, path)
	s, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	var before, after runtime.MemStats // around the build alone: the store's own allocations are not the index
	runtime.GC()
	runtime.ReadMemStats(&before)
	if err := s.Warm(ctx); err != nil {
		b.Fatal(err)
	}
	s.saves.Wait() // the snapshot's encoding is not the index
	runtime.GC()
	runtime.ReadMemStats(&after)
	ix := s.ix.Load()
	n := float64(len(ix.edges))
	b.ReportMetric(float64(after.HeapInuse-before.HeapInuse)/n, "index-B/edge")
	// What it holds, counted: the heap's growth adds what the build's
	// garbage leaves in the spans that hold it.
	a := &ix.adj
	nodes := 16*cap(ix.ids) + 2*cap(ix.kinds) + 4*cap(ix.nodes.slots)
	for _, id := range ix.ids {
		nodes += len(id)
	}
	var total float64
	for _, part := range []struct {
		name  string
		bytes uintptr
	}{
		{"edges", uintptr(cap(ix.edges)) * unsafe.Sizeof(edge{})},
		{"ids", uintptr(len(ix.builtIDs.all) + 4*cap(ix.builtIDs.ends))},
		{"adjacency", uintptr(4 * (cap(a.off) + cap(a.node) + cap(a.edge)))},
		{"participants", uintptr(4 * cap(ix.parts))},
		{"nodes", uintptr(nodes)},
		{"measures", uintptr(cap(ix.measures)) * unsafe.Sizeof(measure{})},
	} {
		b.ReportMetric(float64(part.bytes)/n, part.name+"-B/edge")
		total += float64(part.bytes) / n
	}
	b.ReportMetric(total, "counted-B/edge")
	b.StartTimer()
	var next, warm latencies
	for i := range b.N {
		for j := range afterImports {
			b.StopTimer()
			n := i*afterImports + j
			c := storetest.Generate(int64(1000+n), g.relations/5, 60)[1]
			id := fmt.Sprintf("gen-after-%05d", n)
			old := c.Source.ID
			c.Source.ID, c.Source.URL, c.Source.Digest = id, "https://example.org/"+id, id
			for k := range c.Relations {
				r := &c.Relations[k]
				r.ID = id + strings.TrimPrefix(r.ID, old)
				for e := range r.Evidence {
					r.Evidence[e].Article, r.Evidence[e].URL = id, c.Source.URL
				}
			}
			if _, err := s.ReplaceSource(ctx, c); err != nil {
				b.Fatal(err)
			}
			q := graph.PathQuery{From: c.Relations[0].From, To: c.Relations[len(c.Relations)-1].To, MaxHops: 4, K: 10}
			b.StartTimer()
			for _, into := range []*latencies{&next, &warm} {
				start := time.Now()
				if _, err := s.Paths(ctx, q); err != nil {
					b.Fatal(err)
				}
				*into = append(*into, time.Since(start))
			}
		}
	}
	report(b, next, warm, "warm")
}
