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

func TestBatch(t *testing.T) {
	storetest.RunBatch(t, func(t *testing.T) graph.Store {
		return open(t, filepath.Join(t.TempDir(), "g.db"))
	})
}

// A source that fails in a batch (storetest.BatchWithAFailure: in its
// builder, or after it cleared what its stored version contributed, when
// the batch's transaction is rolled back and the sources before it
// imported again) leaves the write log (generations and the changes of
// each) that of the good sources imported one transaction each, and an
// index on another handle, patched across the batch, answers as one built
// afresh.
func TestBatchFailureWriteLog(t *testing.T) {
	for _, inBuilder := range []bool{false, true} {
		for _, at := range storetest.BatchFailurePlaces {
			t.Run(fmt.Sprintf("failing import %d, in its builder %v", at+1, inBuilder), func(t *testing.T) {
				dir := t.TempDir()
				path, refPath := filepath.Join(dir, "batched.db"), filepath.Join(dir, "ref.db")
				s, ref := open(t, path), open(t, refPath)
				watcher := open(t, path) // another handle, whose index is patched after the batch
				if _, err := watcher.Stats(ctx); err != nil {
					t.Fatal(err)
				}
				cs := storetest.BatchWithAFailure(t, s, at, inBuilder)
				load(t, ref, cs)
				if got, want := writeLog(t, path), writeLog(t, refPath); got != want {
					t.Errorf("write log:\n%s\none transaction each:\n%s", got, want)
				}
				for _, id := range storetest.EntityIDs(cs)[:20] {
					q := graph.NeighborQuery{ID: id, Depth: 2, Direction: graph.Any}
					got, err := watcher.Neighbors(ctx, q)
					want, werr := ref.Neighbors(ctx, q)
					g, _ := json.Marshal(got)
					w, _ := json.Marshal(want)
					if string(g) != string(w) || graph.ErrorCode(err) != graph.ErrorCode(werr) {
						t.Fatalf("neighbours of %s on a patched index: %s, %v; want %s, %v", id, g, err, w, werr)
					}
				}
			})
		}
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
			if _, err := b.Import(cctx, c.Source.ID, storetest.Ready(c)); err != nil {
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
