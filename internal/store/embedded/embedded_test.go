package embedded_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/store/embedded"
	"github.com/geokg/geokg/internal/store/storetest"
)

func open(t *testing.T, path string) *embedded.Store {
	t.Helper()
	s, err := embedded.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) graph.Store {
		return open(t, filepath.Join(t.TempDir(), "g.db"))
	})
}

var ctx = context.Background()

func load(t testing.TB, s graph.Store, cs []*graph.Contribution) {
	t.Helper()
	for _, c := range cs {
		if _, err := s.ReplaceSource(ctx, c); err != nil {
			t.Fatalf("ReplaceSource(%s): %v", c.Source.ID, err)
		}
	}
}

func TestReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "g.db")
	s, err := embedded.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	load(t, s, storetest.Fixture())
	want, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = open(t, path)
	got, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("after reopening: %+v, want %+v", got, want)
	}
	ps, err := s.Paths(ctx, graph.PathQuery{From: storetest.PMF, To: storetest.JC, MaxHops: 3, K: 10})
	if err != nil || len(ps) != 4 {
		t.Fatalf("paths after reopening: %d, %v", len(ps), err)
	}
	if r, err := s.ReplaceSource(ctx, storetest.Article1()); err != nil || !r.Unchanged {
		t.Fatalf("the same article after reopening: %+v, %v", r, err)
	}
}

// A write through one handle is seen by the path and neighbour queries of
// another handle (another process would be the same), whose cached index
// must be rebuilt.
func TestTwoHandles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "g.db")
	a, b := open(t, path), open(t, path)
	load(t, a, storetest.Fixture())
	pmfToJC := graph.PathQuery{From: storetest.PMF, To: storetest.JC, MaxHops: 3, K: 10}
	paths := func() int {
		t.Helper()
		ps, err := b.Paths(ctx, pmfToJC)
		if err != nil {
			t.Fatal(err)
		}
		return len(ps)
	}
	neighbors := func() int {
		t.Helper()
		n, err := b.Neighbors(ctx, graph.NeighborQuery{ID: storetest.KH, Depth: 1})
		if err != nil {
			t.Fatal(err)
		}
		return len(n.Relations)
	}
	if got, want := paths(), 4; got != want {
		t.Fatalf("paths seen by the other handle: %d, want %d", got, want)
	}
	if got, want := neighbors(), 4; got != want {
		t.Fatalf("neighbours seen by the other handle: %d, want %d", got, want)
	}
	load(t, a, []*graph.Contribution{storetest.Article1v2()}) // drops a1/r4 (backs)
	if got, want := paths(), 3; got != want {
		t.Fatalf("paths after the other handle's write: %d, want %d", got, want)
	}
	if got, want := neighbors(), 3; got != want {
		t.Fatalf("neighbours after the other handle's write: %d, want %d", got, want)
	}
	if _, err := a.RemoveSource(ctx, "a2"); err != nil {
		t.Fatal(err)
	}
	if got, want := paths(), 0; got != want {
		t.Fatalf("paths after removing a2: %d, want %d", got, want)
	}
}

// What a handle reads by id (which it keeps for the reads of the same
// generation) it reads anew once another handle's write changed it, as a
// handle opened after the write reads it; and what a caller does to what
// it got does not reach the next caller.
func TestReadsAfterAnotherHandlesWrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "g.db")
	a, b := open(t, path), open(t, path)
	load(t, a, storetest.Fixture())
	type read struct {
		Entities []graph.Entity
		Around   graph.Neighborhood
		Paths    []graph.Path
	}
	reads := func(s *embedded.Store) read {
		t.Helper()
		var r read
		var err error
		if r.Entities, err = s.Entities(ctx, []string{storetest.KH, storetest.US}); err != nil {
			t.Fatal(err)
		}
		if r.Around, err = s.Neighbors(ctx, graph.NeighborQuery{ID: storetest.KH, Depth: 1}); err != nil {
			t.Fatal(err)
		}
		if r.Paths, err = s.Paths(ctx, graph.PathQuery{From: storetest.PMF, To: storetest.JC, MaxHops: 3, K: 10}); err != nil {
			t.Fatal(err)
		}
		if len(r.Entities) != 2 || len(r.Around.Relations) == 0 || len(r.Paths) == 0 {
			t.Fatalf("the fixture reads %d entities, %d relations around %s and %d paths", len(r.Entities), len(r.Around.Relations), storetest.KH, len(r.Paths))
		}
		return r
	}
	fresh := func() read {
		t.Helper()
		s := open(t, path)
		defer s.Close()
		return reads(s)
	}
	first := reads(b)
	for i := range first.Entities {
		first.Entities[i].Names["xx"] = "changed"
	}
	for i := range first.Around.Relations {
		first.Around.Relations[i].Evidence[0].Quote = "changed"
	}
	first.Paths[0].Nodes[0].Names["xx"] = "changed"
	before := reads(b)
	if want := fresh(); !reflect.DeepEqual(before, want) {
		t.Fatalf("after a caller changed what it read, the next read is\n%+v\nwant\n%+v", before, want)
	}
	load(t, a, []*graph.Contribution{storetest.Article1v2()})
	after, want := reads(b), fresh()
	if !reflect.DeepEqual(after, want) {
		t.Fatalf("after the other handle's write the handle reads\n%+v\nwant\n%+v", after, want)
	}
	if reflect.DeepEqual(after.Entities, before.Entities) || reflect.DeepEqual(after.Around, before.Around) {
		t.Fatalf("the write changed neither %s's names nor the relations around it: the test checks nothing", storetest.KH)
	}
}

// Readers keep answering, consistently, while writers write through two
// handles; run with -race.
func TestConcurrentReadersAndWriters(t *testing.T) {
	path := filepath.Join(t.TempDir(), "g.db")
	a, b := open(t, path), open(t, path)
	load(t, a, storetest.Fixture())
	cs := storetest.Generate(5, 300, 1500)
	load(t, a, cs[:1]) // the gazetteer
	articles := cs[1:]

	var wg sync.WaitGroup
	errs := make(chan error, 64)
	done := make(chan struct{})
	for i, s := range []graph.Store{a, b, a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; ; n++ {
				select {
				case <-done:
					return
				default:
				}
				var err error
				switch (n + i) % 5 {
				case 0:
					var ps []graph.Path
					ps, err = s.Paths(ctx, graph.PathQuery{From: storetest.PMF, To: storetest.JC, MaxHops: 3, K: 10})
					if err == nil && len(ps) != 4 {
						err = fmt.Errorf("%d fixture paths while writing elsewhere", len(ps))
					}
				case 1:
					_, err = s.Neighbors(ctx, graph.NeighborQuery{ID: storetest.US, Depth: 2, Limit: 50})
				case 2:
					var p graph.TimelinePage
					p, err = s.Timeline(ctx, graph.TimelineQuery{Entity: storetest.US, Limit: 3})
					if err == nil && len(p.Events) != 3 {
						err = fmt.Errorf("timeline page of %d", len(p.Events))
					}
				case 3:
					_, err = s.Stats(ctx)
				case 4:
					_, err = s.SearchEntities(ctx, graph.EntitySearch{Key: "ka", Limit: 10})
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	var wwg sync.WaitGroup
	for w, s := range []graph.Store{a, b} {
		wwg.Add(1)
		go func() {
			defer wwg.Done()
			for i := w; i < len(articles); i += 2 {
				if _, err := s.ReplaceSource(ctx, articles[i]); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wwg.Wait()
	close(done)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	ref := storetest.NewReference()
	load(t, ref, storetest.Fixture())
	load(t, ref, cs)
	for _, s := range []graph.Store{a, b} {
		got, err := s.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := ref.Stats(ctx)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("after concurrent writes: %+v, want %+v", got, want)
		}
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "no", "such", "dir", "g.db")
	_, err := embedded.Open(ctx, missing)
	if graph.ErrorCode(err) != graph.EUnavailable || !strings.Contains(err.Error(), missing) {
		t.Fatalf("opening %s: %v (%s), want unavailable naming the path", missing, err, graph.ErrorCode(err))
	}

	for _, p := range []string{"", ":memory:"} {
		if _, err := embedded.Open(ctx, p); graph.ErrorCode(err) != graph.EInvalid {
			t.Fatalf("Open(%q): %v, want invalid", p, err)
		}
	}

	// A database from a newer geokg.
	path := filepath.Join(dir, "new.db")
	s := open(t, path)
	s.Close()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err = embedded.Open(ctx, path)
	if graph.ErrorCode(err) != graph.EUnavailable || !strings.Contains(err.Error(), "schema version 99") || !strings.Contains(err.Error(), path) {
		t.Fatalf("opening a newer schema: %v", err)
	}

	// Not a database at all.
	junk := filepath.Join(dir, "junk.db")
	if err := os.WriteFile(junk, []byte(strings.Repeat("not sqlite ", 1000)), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = embedded.Open(ctx, junk)
	if err == nil || !strings.Contains(err.Error(), junk) {
		t.Fatalf("opening junk: %v", err)
	}
}
