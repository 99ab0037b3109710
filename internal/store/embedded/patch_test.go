package embedded

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/store/storetest"
)

var ctx = context.Background()

// canon describes an index as a build would make it, whatever the numbers
// and the order of its edges and nodes: every live edge with what filters
// see of it, and every linked node with its kind and, in each direction,
// the links it has (the node each leads to, and its relation).
func canon(ix *index) string {
	var lines []string
	for i := range ix.edges {
		if ix.isDead(int32(i)) {
			continue
		}
		e, id := &ix.edges[i], ix.id(int32(i))
		m := ix.measures[e.measure]
		var parts []string
		for _, v := range ix.participants(e) {
			parts = append(parts, ix.ids[v])
		}
		lines = append(lines, fmt.Sprintf("edge %s %s>%s %v %s %v %v %v %s %v %s %s %s %q %s %d %v %d",
			id, ix.ids[e.src], ix.ids[e.tgt], parts, ix.types[e.typ], e.is(structural), e.is(eventClass), e.is(dated), modalities[e.mod], e.conf, e.lo, e.hi, e.known, e.reviewed,
			precisions[m.prec], m.quad, math.Float64frombits(m.intensity), m.reports))
		if got, ok := ix.edgeOf(id); !ok || got != int32(i) {
			lines = append(lines, fmt.Sprintf("edgeOf(%s) = %d, %v; want %d", id, got, ok, i))
		}
	}
	for v := range int32(len(ix.ids)) {
		if ws, _ := ix.adj.of(v); len(ws) == 0 {
			continue // a node that lost its links; a build has none
		}
		if n, ok := ix.node(ix.ids[v]); !ok || n != v {
			lines = append(lines, fmt.Sprintf("node(%s) = %d, %v; want %d", ix.ids[v], n, ok, v))
		}
		line := fmt.Sprintf("node %s %s", ix.ids[v], ix.kind(v))
		for _, d := range []graph.Direction{graph.Out, graph.In, graph.Any} {
			ws, es := ix.adj.of(v)
			var l []string
			for i, w := range ws {
				if es[i]&linkMark(d) != 0 {
					l = append(l, ix.ids[w]+"/"+ix.id(entry(es[i])))
				}
			}
			slices.Sort(l)
			line += fmt.Sprintf(" %s%v", d, l)
		}
		lines = append(lines, line)
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// harness is a store written by two writers (a and b, two handles on one
// file, as two processes would be) and the same writes made to a
// Reference, whose answers are checked after each write.
type harness struct {
	t    *testing.T
	path string
	a, b *Store
	ref  *storetest.Reference
	rng  *rand.Rand
	n    int // writes made
	// patched counts the checks of an index that patches made (or the
	// compaction of one), not a build from the database.
	patched int
}

func newHarness(t *testing.T, seed uint64) *harness {
	h := &harness{t: t, path: filepath.Join(t.TempDir(), "g.db"), ref: storetest.NewReference(), rng: rand.New(rand.NewPCG(seed, 9))}
	h.a, h.b = h.open(), h.open()
	return h
}

func (h *harness) open() *Store {
	h.t.Helper()
	s, err := Open(context.Background(), h.path)
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { s.Close() })
	return s
}

// writer is a or b at random.
func (h *harness) writer() *Store {
	if h.rng.IntN(2) == 0 {
		return h.a
	}
	return h.b
}

// same fails unless both writes succeeded or both failed with one code.
func (h *harness) same(what string, err, werr error) {
	h.t.Helper()
	h.n++
	if (err == nil) != (werr == nil) || graph.ErrorCode(err) != graph.ErrorCode(werr) {
		h.t.Fatalf("%s: %v; the reference: %v", what, err, werr)
	}
}

func (h *harness) replace(c *graph.Contribution) {
	h.t.Helper()
	_, err := h.writer().ReplaceSource(ctx, c)
	_, werr := h.ref.ReplaceSource(ctx, c)
	h.same("ReplaceSource("+c.Source.ID+")", err, werr)
}

func (h *harness) remove(id string) {
	h.t.Helper()
	_, err := h.writer().RemoveSource(ctx, id)
	_, werr := h.ref.RemoveSource(ctx, id)
	h.same("RemoveSource("+id+")", err, werr)
}

// column reads one column of text of the rows of query.
func (h *harness) column(query string) []string {
	h.t.Helper()
	rows, err := h.a.db.Query(query)
	if err != nil {
		h.t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			h.t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// merge merges one entity into another, split splits one source's entity
// off: both rewrite relations and entities.
func (h *harness) merge() {
	h.t.Helper()
	ids := h.column("SELECT id FROM entities ORDER BY id")
	from, into := ids[h.rng.IntN(len(ids))], ids[h.rng.IntN(len(ids))]
	_, err := h.writer().MergeEntities(ctx, from, into, "test")
	_, werr := h.ref.MergeEntities(ctx, from, into, "test")
	h.same("MergeEntities("+from+", "+into+")", err, werr)
}

func (h *harness) split() {
	h.t.Helper()
	recs := h.column("SELECT entity_id || ' ' || source_id FROM entity_records ORDER BY 1")
	id, source, _ := strings.Cut(recs[h.rng.IntN(len(recs))], " ")
	newID := fmt.Sprintf("split-%d", h.n)
	_, err := h.writer().SplitEntity(ctx, id, source, newID, "test")
	_, werr := h.ref.SplitEntity(ctx, id, source, newID, "test")
	h.same("SplitEntity("+id+", "+source+")", err, werr)
}

// builtIndex is s's index, brought up to date, and the index a build
// makes of the same snapshot of the database.
func builtIndex(t *testing.T, s *Store) (cur, fresh *index) {
	t.Helper()
	err := s.withIndex(ctx, "checking", func(tx genTx, ix *index) (err error) {
		cur = ix
		fresh, err = buildIndex(ctx, tx.Tx, ix.gen)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return cur, fresh
}

// check compares s's index with one built now from the database, its
// compaction too, and a hundred answers of s with those of a store opened
// now (whose index is built) and of the Reference.
func (h *harness) check(s *Store) {
	h.t.Helper()
	cur, fresh := builtIndex(h.t, s)
	if cur.patches > 0 { // patched, or the compaction of a patched index: not built from the database
		h.patched++
	}
	want := canon(fresh)
	if got := canon(cur); got != want {
		h.t.Fatalf("after %d writes, the index of generation %d (%d edges appended or dead):\n%s\nbuilt:\n%s", h.n, cur.gen, cur.stale, got, want)
	}
	compact, err := cur.compacted()
	if err != nil {
		h.t.Fatal(err)
	}
	if got := canon(compact); got != want {
		h.t.Fatalf("after %d writes, the compacted index:\n%s\nbuilt:\n%s", h.n, got, want)
	}
	other := h.open()
	defer other.Close()
	ids := h.column("SELECT id FROM entities ORDER BY id")
	if len(ids) == 0 {
		return
	}
	pick := func() string { return ids[h.rng.IntN(len(ids))] }
	for range 60 {
		q := graph.PathQuery{From: pick(), To: pick(), MaxHops: 1 + h.rng.IntN(4), K: []int{1, 3, 10}[h.rng.IntN(3)],
			Direction: []graph.Direction{graph.Any, graph.Out, graph.In}[h.rng.IntN(3)], Filter: h.filter(),
			Chronological: h.rng.IntN(3) == 0, PerHop: h.rng.IntN(3)}
		if h.rng.IntN(4) == 0 {
			q.Avoid = []string{pick()}
		}
		if h.rng.IntN(4) == 0 {
			q.Through = []string{graph.Kinds[h.rng.IntN(len(graph.Kinds))], graph.Kinds[h.rng.IntN(len(graph.Kinds))]}
		}
		got, err := s.Paths(ctx, q)
		h.agree(fmt.Sprintf("Paths(%+v)", q), got, err, func() (any, error) { return other.Paths(ctx, q) }, func() (any, error) { return h.ref.Paths(ctx, q) })
	}
	for range 40 {
		q := graph.NeighborQuery{ID: pick(), Depth: 1 + h.rng.IntN(3), Direction: []graph.Direction{graph.Any, graph.Out, graph.In}[h.rng.IntN(3)],
			Filter: h.filter(), Limit: []int{0, 2, 10}[h.rng.IntN(3)]}
		got, err := s.Neighbors(ctx, q)
		h.agree(fmt.Sprintf("Neighbors(%+v)", q), got, err, func() (any, error) { return other.Neighbors(ctx, q) }, func() (any, error) { return h.ref.Neighbors(ctx, q) })
	}
	// The tallies of the index are those of the tables (with which
	// "a built index" below is compared) and of the Reference.
	for range 40 {
		q := graph.TimelineQuery{Entity: pick(), Filter: h.filter()}
		if h.rng.IntN(3) == 0 {
			q.With = pick()
		}
		var got []graph.Tally
		err := s.withIndex(ctx, "counting", func(tx genTx, ix *index) (err error) {
			if err := checkTimeline(ctx, tx, &q); err != nil {
				return err
			}
			got, err = ix.tallies(&q)
			return err
		})
		fromTables := func() (any, error) {
			var out []graph.Tally
			err := s.read(ctx, "counting", func(tx *sql.Tx) (err error) {
				if err := checkTimeline(ctx, tx, &q); err != nil {
					return err
				}
				out, err = talliesSQL(ctx, tx, &q)
				return err
			})
			return out, err
		}
		h.agree(fmt.Sprintf("Tallies(%+v)", q), got, err, fromTables, func() (any, error) { return h.ref.Tallies(ctx, q) })
	}
}

// agree fails unless got (and its error) is exactly what the store with
// a built index answers, and, normalised, what the Reference does.
func (h *harness) agree(what string, got any, err error, built, ref func() (any, error)) {
	h.t.Helper()
	for _, w := range []struct {
		name string
		ask  func() (any, error)
		norm func(any) any
	}{{"a built index", built, func(v any) any { return v }}, {"the reference", ref, normalized}} {
		want, werr := w.ask()
		if (err == nil) != (werr == nil) || graph.ErrorCode(err) != graph.ErrorCode(werr) {
			h.t.Fatalf("after %d writes, %s: %v; %s: %v", h.n, what, err, w.name, werr)
		}
		g, _ := json.Marshal(w.norm(got))
		x, _ := json.Marshal(w.norm(want))
		if string(g) != string(x) {
			h.t.Fatalf("after %d writes, %s:\n%s\n%s:\n%s", h.n, what, g, w.name, x)
		}
	}
}

// normalized is an answer with its relations as storetest compares them.
func normalized(v any) any {
	norm := func(rs []graph.Relation) []graph.Relation {
		out := make([]graph.Relation, len(rs))
		for i, r := range rs {
			out[i] = storetest.NormRelation(r)
		}
		return out
	}
	switch v := v.(type) {
	case graph.Neighborhood:
		v.Relations = norm(v.Relations)
		return v
	case []graph.Path:
		out := []graph.Path{}
		for _, p := range v {
			q := graph.Path{Nodes: p.Nodes}
			for _, hop := range p.Hops {
				q.Hops = append(q.Hops, graph.Hop{Count: hop.Count, Relations: norm(hop.Relations)})
			}
			out = append(out, q)
		}
		return out
	}
	return v
}

func (h *harness) filter() graph.Filter {
	var f graph.Filter
	r := h.rng
	if r.IntN(4) == 0 {
		f.Types = []string{storetest.GenTypes[r.IntN(len(storetest.GenTypes))].ID, storetest.GenTypes[r.IntN(len(storetest.GenTypes))].ID}
	}
	if r.IntN(4) == 0 {
		f.MinConfidence = float64(5+r.IntN(6)) / 10
	}
	if r.IntN(4) == 0 {
		f.Since = fmt.Sprintf("%d-01-01", 2000+r.IntN(25))
	}
	if r.IntN(3) == 0 {
		f.Reviewed = true
	}
	if r.IntN(5) == 0 {
		f.KnownAsOf = fmt.Sprintf("%d-06-01", 2000+r.IntN(25))
	}
	return f
}

// article is a generated article, a draft at random (its events then
// reviewed by other reports only, if any).
func (h *harness) article(c *graph.Contribution) *graph.Contribution {
	c = storetest.CloneContribution(c)
	draft := h.rng.IntN(3) == 0
	for i := range c.Relations {
		for j := range c.Relations[i].Evidence {
			c.Relations[i].Evidence[j].Draft = draft
		}
	}
	return c
}

// A write by either of two handles on one file (one's writes are another
// process's to the other) is caught up with by both indexes from the
// write log: after imports, corrections (confidences, dates, drafts,
// dropped relations), removals, kinds changed by the gazetteer, and
// merges and splits of entities, each index is what a build makes of the
// database, its compaction too, and answers paths and neighbourhoods
// exactly as a store whose index is built and as the Reference do.
func TestIndexCatchesUpWithWrites(t *testing.T) {
	for _, seed := range []uint64{1, 2} {
		t.Run(fmt.Sprint("Seed", seed), func(t *testing.T) {
			h := newHarness(t, seed)
			cs := storetest.Generate(int64(seed), 80, 500)
			gaz, articles := cs[0], cs[1:]
			h.replace(gaz)
			for _, c := range articles[:len(articles)/2] {
				h.replace(h.article(c))
			}
			h.check(h.a)
			h.check(h.b)
			loaded := len(articles) / 2
			for step := range 24 {
				switch op := h.rng.IntN(7); {
				case op == 0 && loaded < len(articles):
					h.replace(h.article(articles[loaded]))
					loaded++
				case op <= 2:
					c := h.article(articles[h.rng.IntN(loaded)])
					c.Source.Digest += fmt.Sprintf("-fix%d", step)
					c.Relations = slices.DeleteFunc(c.Relations, func(graph.Relation) bool { return h.rng.IntN(4) == 0 })
					for i := range c.Relations {
						if h.rng.IntN(3) == 0 {
							c.Relations[i].Confidence = float64(h.rng.IntN(11)) / 10
						}
						if h.rng.IntN(5) == 0 {
							c.Relations[i].Date = graph.Date{Year: 2000 + h.rng.IntN(25), Month: 1 + h.rng.IntN(12), Day: 1 + h.rng.IntN(28), Precision: graph.Day}
							c.Relations[i].End, c.Relations[i].Precision = graph.Date{}, graph.Day
						}
					}
					h.replace(c)
				case op == 3:
					h.remove(articles[h.rng.IntN(loaded)].Source.ID)
				case op == 4:
					g := storetest.CloneContribution(gaz)
					g.Source.Digest += fmt.Sprintf("-kinds%d", step)
					for i := range g.Entities {
						if h.rng.IntN(4) == 0 {
							g.Entities[i].Kind = graph.Kinds[h.rng.IntN(len(graph.Kinds))]
						}
					}
					h.replace(g)
				case op == 5:
					h.merge()
				default:
					h.split()
				}
				if step%2 == 0 {
					h.check(h.a)
				} else {
					h.check(h.b)
				}
			}
			if h.patched < 12 {
				t.Fatalf("%d of the 24 indexes checked were patched", h.patched)
			}
		})
	}
}

// An index further behind than the log reaches (the writes of the last
// logKept generations) is built whole, and is then what a build makes.
func TestIndexBehindPrunedLog(t *testing.T) {
	h := newHarness(t, 3)
	cs := storetest.Generate(3, 60, 300)
	for _, c := range cs[:4] {
		h.replace(c)
	}
	h.check(h.a)
	before := h.a.ix.Load()
	h.replace(cs[4]) // a change the log will not hold
	for i := range logKept {
		if err := h.b.PutKey(ctx, graph.Key{ID: fmt.Sprintf("%012d", i), Scope: "read", Hash: "h", Created: "2026-12-01T00:00:00Z"}); err != nil {
			t.Fatal(err)
		}
	}
	var since, gen, oldest int64
	if err := h.a.db.QueryRow("SELECT (SELECT v FROM meta WHERE k = 'logged_since'), (SELECT v FROM meta WHERE k = 'generation'), (SELECT COALESCE(MIN(gen), 0) FROM index_log)").
		Scan(&since, &gen, &oldest); err != nil {
		t.Fatal(err)
	}
	if since != gen-logKept || since <= before.gen || oldest != 0 {
		t.Fatalf("the log after %d more writes: since %d at generation %d (the index is of %d), its oldest change of %d", logKept, since, gen, before.gen, oldest)
	}
	if ix, err := before.patch(ctx, mustTx(t, h.a), gen); ix != nil || err != nil {
		t.Fatalf("patched across the pruned log: %v, %v", ix != nil, err)
	}
	h.check(h.a)
	if ix := h.a.ix.Load(); ix.patches != 0 {
		t.Fatalf("the index behind the pruned log was patched, not built")
	}
	h.replace(cs[5]) // and is patched again after
	h.check(h.a)
	if ix := h.a.ix.Load(); ix.patches == 0 {
		t.Fatalf("the index was built again, not patched: gen %d, %d edges, %d built", ix.gen, len(ix.edges), ix.built)
	}
}

// mustTx is a read transaction on s, rolled back when the test ends.
func mustTx(t *testing.T, s *Store) *sql.Tx {
	t.Helper()
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tx.Rollback() })
	return tx
}

// An index built before its store was upgraded to the write log (its
// file written meanwhile by a geokg without the log) is built whole
// rather than patched with a log that misses those writes.
func TestIndexBuiltBeforeUpgrade(t *testing.T) {
	h := newHarness(t, 4)
	cs := storetest.Generate(4, 60, 300)
	for _, c := range cs[:4] {
		h.replace(c)
	}
	h.check(h.a)
	h.replace(cs[4])
	h.remove(cs[2].Source.ID)
	// Those two writes as version 6 made them: without the log.
	for _, q := range []string{"DROP TABLE index_log", "DELETE FROM meta WHERE k = 'logged_since'", "PRAGMA user_version = 6"} {
		if _, err := h.b.db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	h.b = h.open() // upgrades
	if err := h.b.Warm(ctx); err != nil {
		t.Fatal(err)
	}
	h.replace(cs[5])
	h.check(h.a)
	if ix := h.a.ix.Load(); ix.patches != 0 {
		t.Fatalf("the index of before the upgrade was patched, not built")
	}
	h.check(h.b)
	if ix := h.b.ix.Load(); ix.patches == 0 {
		t.Fatalf("the index of after the upgrade was built, not patched")
	}
}

// While no index is built the store is not ready; the build Ready starts
// makes it so.
func TestReadyOnceBuilt(t *testing.T) {
	h := newHarness(t, 5)
	h.replace(storetest.Generate(5, 20, 50)[0])
	if err := h.a.Ready(ctx); graph.ErrorCode(err) != graph.EUnavailable {
		t.Fatalf("Ready before the index is built: %v", err)
	}
	if err := h.a.Warm(ctx); err != nil {
		t.Fatal(err)
	}
	if err := h.a.Ready(ctx); err != nil {
		t.Fatalf("Ready once built: %v", err)
	}
}
