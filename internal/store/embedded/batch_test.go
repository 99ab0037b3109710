package embedded_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/store/storetest"
)

// ready builds the contribution c.
func ready(c *graph.Contribution) graph.Builder {
	return func(context.Context, graph.Lookup) (*graph.Contribution, error) { return c, nil }
}

// writeLog reads the write generation and the write log of the store file
// at path, as another process would.
func writeLog(t *testing.T, path string) string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var gen int64
	if err := db.QueryRow("SELECT v FROM meta WHERE k = 'generation'").Scan(&gen); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Query("SELECT gen, entity, id FROM index_log ORDER BY gen, entity, id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	lines := []string{fmt.Sprintf("generation %d", gen)}
	for rows.Next() {
		var g, entity int64
		var id string
		if err := rows.Scan(&g, &entity, &id); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, fmt.Sprintf("%d %d %s", g, entity, id))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(lines, "\n")
}

// sourcesOf lists the stored sources with their digests.
func sourcesOf(t *testing.T, s graph.Store) []string {
	t.Helper()
	srcs, err := s.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, src := range srcs {
		out = append(out, src.ID+" "+src.Digest)
	}
	return out
}

// entityIDs lists the ids of the entities the contributions record.
func entityIDs(cs []*graph.Contribution) []string {
	var ids []string
	for _, c := range cs {
		for _, e := range c.Entities {
			ids = append(ids, e.ID)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// A source that fails in a batch (first, in the middle, last), in its
// builder or after it cleared what its stored version contributed (the
// batch's transaction is then rolled back and the sources before it
// imported again), is rolled back alone: the
// sources before and after it are stored, it is as it was, and the store
// (its answers, its generation and its write log, an index patched across
// the batch, its audit trail) is that of the two good sources imported one
// transaction each.
func TestBatchFailureInTheMiddle(t *testing.T) {
	for _, inBuilder := range []bool{false, true} {
		for at := range 3 {
			t.Run(fmt.Sprintf("failing import %d of 3, in its builder %v", at+1, inBuilder), func(t *testing.T) { batchFailure(t, at, inBuilder) })
		}
	}
}

// batchFailure is TestBatchFailureInTheMiddle with the failing source
// imported at index at of the batch, failing in its builder or after
// writing.
func batchFailure(t *testing.T, at int, inBuilder bool) {
	cs := storetest.Generate(5, 200, 1000)
	base, good1, good2 := cs[:6], cs[6], cs[7]
	bad := *cs[2] // a new version of a stored source, with a relation of another source
	bad.Source.Digest += "-v2"
	bad.Relations = slices.Clone(bad.Relations)
	bad.Relations[0].ID = cs[3].Relations[0].ID

	dir := t.TempDir()
	path, refPath := filepath.Join(dir, "batched.db"), filepath.Join(dir, "ref.db")
	s, ref := open(t, path), open(t, refPath)
	load(t, s, base)
	load(t, ref, append(slices.Clone(base), good1, good2))
	watcher := open(t, path) // another handle, whose index is patched after the batch
	if _, err := watcher.Neighbors(ctx, graph.NeighborQuery{ID: cs[0].Entities[0].ID, Depth: 1}); err != nil {
		t.Fatal(err)
	}
	before := everything(t, s, entityIDs(cs[2:3])...)

	b := s.Batch()
	for _, c := range slices.Insert([]*graph.Contribution{good1, good2}, at, &bad) {
		build := ready(c)
		if c == &bad && inBuilder {
			build = func(context.Context, graph.Lookup) (*graph.Contribution, error) {
				return nil, graph.Errorf(graph.EInvalid, "a document the builder refuses")
			}
		}
		res, err := b.Import(graph.WithAudit(ctx, "k1", "import "+c.Source.ID), c.Source.ID, build)
		switch {
		case c == &bad && graph.ErrorCode(err) != graph.EInvalid:
			t.Fatalf("the bad source: %+v, %v; want an invalid-input error", res, err)
		case c != &bad && (err != nil || res.Relations != len(c.Relations)):
			t.Fatalf("%s: %+v, %v", c.Source.ID, res, err)
		}
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if n := b.Committed(); n != 3 {
		t.Errorf("Committed() = %d after Close, want 3", n)
	}

	if got, want := sourcesOf(t, s), sourcesOf(t, ref); !slices.Equal(got, want) {
		t.Errorf("sources:\n%v\nwant:\n%v", got, want)
	}
	ids := entityIDs(cs)
	if got, want := everything(t, s, ids...), everything(t, ref, ids...); got != want {
		t.Errorf("the batched store:\n%s\none transaction each:\n%s", got, want)
	}
	if got, want := writeLog(t, path), writeLog(t, refPath); got != want {
		t.Errorf("write log:\n%s\none transaction each:\n%s", got, want)
	}
	trail, err := s.AuditTrail(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	var audited []string
	for _, e := range trail {
		audited = append(audited, fmt.Sprintf("%d %s %s: %s", e.Seq, e.Key, e.Request, e.Change))
	}
	wantTrail := []string{
		"2 k1 import " + good2.Source.ID + ": importing source " + good2.Source.ID,
		"1 k1 import " + good1.Source.ID + ": importing source " + good1.Source.ID,
	}
	if !slices.Equal(audited, wantTrail) {
		t.Errorf("audit trail:\n%s\nwant:\n%s", strings.Join(audited, "\n"), strings.Join(wantTrail, "\n"))
	}
	for _, id := range ids[:20] {
		q := graph.NeighborQuery{ID: id, Depth: 2, Direction: graph.Any}
		got, err := watcher.Neighbors(ctx, q)
		want, werr := ref.Neighbors(ctx, q)
		g, _ := json.Marshal(got)
		w, _ := json.Marshal(want)
		if string(g) != string(w) || graph.ErrorCode(err) != graph.ErrorCode(werr) {
			t.Fatalf("neighbours of %s on a patched index: %s, %v; want %s, %v", id, g, err, w, werr)
		}
	}
	// Removing the two good sources leaves the store as it was before
	// the batch, the bad source's stored version included.
	for _, c := range []*graph.Contribution{good1, good2} {
		if _, err := s.RemoveSource(ctx, c.Source.ID); err != nil {
			t.Fatal(err)
		}
	}
	if after := everything(t, s, entityIDs(cs[2:3])...); after != before {
		t.Errorf("the bad source's version was not kept:\n%s\nbefore:\n%s", after, before)
	}
}

// A batch whose context is cancelled while a builder reads stops there:
// the sources before it are stored (committed at Close) and whole, the
// one cancelled and those after it are not.
func TestBatchCancelledInABuilder(t *testing.T) {
	cs := storetest.Generate(6, 200, 1500)
	dir := t.TempDir()
	path, refPath := filepath.Join(dir, "batched.db"), filepath.Join(dir, "ref.db")
	s, ref := open(t, path), open(t, refPath)
	const stop = 10
	load(t, s, cs[:1])
	load(t, ref, cs[:stop])

	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	b := s.Batch()
	for i, c := range cs[1:] {
		build := ready(c)
		if i+1 == stop {
			build = func(ctx context.Context, l graph.Lookup) (*graph.Contribution, error) {
				cancel()
				_, err := l.EntitiesByKeys(ctx, []string{"anything"})
				return c, err
			}
		}
		_, err := b.Import(cctx, c.Source.ID, build)
		if (err == nil) != (i+1 < stop) || err != nil && graph.ErrorCode(err) != graph.EUnavailable {
			t.Fatalf("import %d of %s: %v", i+1, c.Source.ID, err)
		}
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	ids := entityIDs(cs)
	if got, want := everything(t, s, ids...), everything(t, ref, ids...); got != want {
		t.Errorf("the batched store:\n%s\none transaction each:\n%s", got, want)
	}
	if got, want := writeLog(t, path), writeLog(t, refPath); got != want {
		t.Errorf("write log:\n%s\none transaction each:\n%s", got, want)
	}
}

// A batch cancelled at a random moment, mostly while it writes (whose
// statements it does not interrupt: SQLite would roll back the whole
// transaction), keeps every source whose import succeeded, whole, and no
// other; a reader on another handle sees only whole sources meanwhile.
func TestBatchCancelledAtRandom(t *testing.T) {
	cs := storetest.Generate(8, 300, 4000)
	rels := map[string][]string{} // source → its relation ids, which are its reports' ids
	for _, c := range cs {
		for _, r := range c.Relations {
			rels[c.Source.ID] = append(rels[c.Source.ID], r.ID)
		}
		slices.Sort(rels[c.Source.ID])
	}
	// whole fails unless every stored source of s has the relations of
	// its contribution, and returns the stored sources. The sources and
	// the relations are two reads: the sources are read before and after
	// the relations, and when a commit came between (they differ) there
	// is nothing to check (whole returns nil).
	whole := func(s graph.Store) []string {
		sources := func() []string {
			srcs, err := s.Sources(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, src := range srcs {
				ids = append(ids, src.ID)
			}
			return ids
		}
		ids := sources()
		rs, err := s.Relations(ctx, graph.RelationQuery{})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(sources(), ids) {
			return nil
		}
		stored := map[string][]string{}
		for _, r := range rs { // by report: an event may hold the reports of several sources
			for _, ev := range r.Evidence {
				stored[ev.Article] = append(stored[ev.Article], ev.Report)
			}
		}
		for _, id := range ids {
			got := stored[id]
			slices.Sort(got)
			if !slices.Equal(got, rels[id]) {
				t.Errorf("source %s has %d relations of its %d", id, len(got), len(rels[id]))
			}
			delete(stored, id)
		}
		for src := range stored {
			t.Errorf("relations of %s, which is not stored", src)
		}
		return ids
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := range 4 {
		path := filepath.Join(t.TempDir(), "g.db")
		s, reader := open(t, path), open(t, path)
		load(t, s, cs[:1])
		cctx, cancel := context.WithCancel(ctx)
		timer := time.AfterFunc(time.Duration(20+rng.IntN(300))*time.Millisecond, cancel)
		done := make(chan struct{})
		go func() {
			defer close(done)
			for cctx.Err() == nil {
				whole(reader)
			}
		}()
		stored := []string{cs[0].Source.ID}
		b, calls := s.Batch(), 0
		for _, c := range cs[1:] {
			calls++
			if _, err := b.Import(cctx, c.Source.ID, ready(c)); err != nil {
				if graph.ErrorCode(err) != graph.EUnavailable {
					t.Fatalf("trial %d, %s: %v", trial, c.Source.ID, err)
				}
				break
			}
			stored = append(stored, c.Source.ID)
		}
		if err := b.Close(); err != nil {
			t.Fatal(err)
		}
		if b.Committed() != calls { // the one cancelled stored nothing
			t.Errorf("trial %d: %d of %d imports committed", trial, b.Committed(), calls)
		}
		timer.Stop()
		cancel()
		<-done
		s.Close()
		s = open(t, path)
		slices.Sort(stored)
		if got := whole(s); !slices.Equal(got, stored) {
			t.Errorf("trial %d: sources %v, want those imported: %v", trial, got, stored)
		}
		t.Logf("trial %d: %d of %d sources imported before the cancel", trial, len(stored), len(cs))
	}
}
