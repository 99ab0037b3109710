package neo4jstore_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/geokg/geokg/internal/graph"
	neo4jstore "github.com/geokg/geokg/internal/store/neo4j"
	"github.com/geokg/geokg/internal/store/storetest"
)

func TestContract(t *testing.T) {
	testConfig(t)
	storetest.Run(t, func(t *testing.T) graph.Store { return openEmpty(t) })
}

func TestCurator(t *testing.T) {
	testConfig(t)
	storetest.RunCurator(t, func(t *testing.T) graph.Store { return openEmpty(t) })
}

func TestAudit(t *testing.T) {
	testConfig(t)
	storetest.RunAudit(t, func(t *testing.T) graph.Store { return openEmpty(t) })
}

func TestBatch(t *testing.T) {
	testConfig(t)
	storetest.RunBatch(t, func(t *testing.T) graph.Store { return openEmpty(t) })
}

func TestKeyring(t *testing.T) {
	testConfig(t)
	storetest.RunKeyring(t, func(t *testing.T) graph.Store { return openEmpty(t) })
}

// With a neo4j:// URI the driver routes: reads go to readers (here the one
// server), writes to the writer.
func TestRouting(t *testing.T) {
	cfg := testConfig(t)
	host, ok := strings.CutPrefix(cfg.URI, "bolt://")
	if !ok {
		t.Skipf("NEO4J_URI %s is not a bolt:// URI", cfg.URI)
	}
	openEmpty(t)
	cfg.URI = "neo4j://" + host
	s, err := neo4jstore.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	load(t, s, storetest.Fixture())
	ps, err := s.Paths(ctx, graph.PathQuery{From: storetest.PMF, To: storetest.JC, MaxHops: 3, K: 3})
	if err != nil || len(ps) != 3 {
		t.Fatalf("paths through neo4j://: %d, %v", len(ps), err)
	}
	p, err := s.Timeline(ctx, graph.TimelineQuery{Entity: storetest.US, Limit: 3})
	if err != nil || len(p.Events) != 3 || p.Next == nil {
		t.Fatalf("timeline through neo4j://: %+v, %v", p, err)
	}
}

// A database of an earlier model is refused (Open opens it, and says so
// at the first Ping or write): its relations stored
// before reports and events (a REL without a group) or before events'
// parties were linked (without parties).
func TestEarlierModelsRefused(t *testing.T) {
	s := openEmpty(t)
	t.Cleanup(func() { s.Wipe(ctx) })
	for name, props := range map[string]string{"BeforeEvents": "{id: 'r1'}", "BeforeLinks": "{id: 'r1', grp: 'attacks|a|b'}"} {
		t.Run(name, func(t *testing.T) {
			if err := s.Wipe(ctx); err != nil {
				t.Fatal(err)
			}
			if _, err := neo4j.ExecuteQuery(ctx, s.Driver(), "CREATE (:Entity {id: 'a'})-[:REL "+props+"]->(:Entity {id: 'b'})", nil,
				neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(testConfig(t).Database)); err != nil {
				t.Fatal(err)
			}
			old, err := neo4jstore.Open(ctx, testConfig(t))
			if err != nil {
				t.Fatal(err)
			}
			defer old.Close()
			if err := old.Ping(ctx); graph.ErrorCode(err) != graph.EUnavailable || !strings.Contains(err.Error(), "earlier version") {
				t.Fatalf("Ping on a database of an earlier model: %v", err)
			}
		})
	}
}

func TestOpenErrors(t *testing.T) {
	cfg := testConfig(t)
	for _, uri := range []string{"", "http://127.0.0.1:7474", "bolt://[::1"} {
		c := cfg
		c.URI = uri
		if _, err := neo4jstore.Open(ctx, c); graph.ErrorCode(err) != graph.EInvalid {
			t.Errorf("Open(%q): %v, want invalid", uri, err)
		}
	}

	// Nothing listens there: the store opens, and says it is unavailable.
	c := cfg
	c.URI, c.MaxRetryTime = "bolt://127.0.0.1:1", time.Second
	s, err := neo4jstore.Open(ctx, c)
	if err != nil {
		t.Fatalf("Open with no server: %v", err)
	}
	defer s.Close()
	wantUnavailable(t, "Ping", s.Ping(ctx))
	_, err = s.Stats(ctx)
	wantUnavailable(t, "Stats", err)
	_, err = s.ReplaceSource(ctx, storetest.Gazetteer())
	wantUnavailable(t, "ReplaceSource", err)

	// Wrong credentials: unavailable, and said so.
	c = cfg
	c.Password += "-wrong"
	s, err = neo4jstore.Open(ctx, c)
	if err != nil {
		t.Fatalf("Open with a wrong password: %v", err)
	}
	defer s.Close()
	err = s.Ping(ctx)
	wantUnavailable(t, "Ping with a wrong password", err)
	if !strings.Contains(err.Error(), "authentication failed") {
		t.Fatalf("Ping with a wrong password: %v", err)
	}
}

// Writers that share entities (every article names the popular ones) run
// at once, with readers: the entities come out as if the articles had been
// imported one by one.
func TestConcurrentWriters(t *testing.T) {
	s := openEmpty(t)
	cs := storetest.Generate(5, 300, 2000)
	load(t, s, cs[:1]) // the gazetteer
	articles := cs[1:]
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	const writers = 4
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(articles); i += writers {
				if _, err := s.ReplaceSource(ctx, articles[i]); err != nil {
					errs <- fmt.Errorf("ReplaceSource(%s): %w", articles[i].Source.ID, err)
					return
				}
				if _, err := s.Neighbors(ctx, graph.NeighborQuery{ID: articles[i].Relations[0].From, Depth: 2, Limit: 50}); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	ref := storetest.NewReference()
	load(t, ref, cs)
	var ids []string
	for _, c := range cs {
		for _, rec := range c.Entities {
			ids = append(ids, rec.ID)
		}
	}
	for _, pair := range [][2]func() (any, error){
		{func() (any, error) { return s.Stats(ctx) }, func() (any, error) { return ref.Stats(ctx) }},
		{func() (any, error) { return s.Entities(ctx, ids) }, func() (any, error) { return ref.Entities(ctx, ids) }},
	} {
		got, err := pair[0]()
		if err != nil {
			t.Fatal(err)
		}
		want, _ := pair[1]()
		g, _ := json.Marshal(got)
		w, _ := json.Marshal(want)
		if string(g) != string(w) {
			t.Fatalf("after concurrent writes:\n%.2000s\nwant\n%.2000s", g, w)
		}
	}
}
