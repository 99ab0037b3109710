package neo4jstore_test

import (
	"context"
	"os"
	"sync"
	"testing"

	"github.com/geokg/geokg/internal/graph"
	neo4jstore "github.com/geokg/geokg/internal/store/neo4j"
)

var ctx = context.Background()

var reach struct {
	once sync.Once
	err  error
}

// testConfig is the Neo4j of the tests, from NEO4J_URI, NEO4J_USER,
// NEO4J_PASSWORD and NEO4J_DATABASE. Without NEO4J_URI the test is skipped,
// except on CI (CI=true), where it fails, as it does everywhere when the
// server does not answer.
func testConfig(t testing.TB) neo4jstore.Config {
	t.Helper()
	if os.Getenv("NEO4J_URI") == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("NEO4J_URI is not set on CI: run scripts/neo4j-dev start")
		}
		t.Skip("set NEO4J_URI or run scripts/neo4j-dev start")
	}
	cfg := neo4jstore.ConfigFromEnv(os.Getenv)
	reach.once.Do(func() {
		s, err := neo4jstore.Open(ctx, cfg)
		if err == nil {
			err = s.Ping(ctx)
			s.Close()
		}
		reach.err = err
	})
	if reach.err != nil {
		t.Fatalf("Neo4j at %s: %v", cfg.URI, reach.err)
	}
	return cfg
}

// openStore opens a store on the test server, closed at the end of the
// test.
func openStore(t testing.TB) *neo4jstore.Store {
	t.Helper()
	s, err := neo4jstore.Open(ctx, testConfig(t))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// openEmpty opens a store on the test server with everything deleted:
// tests that use the server must not run in parallel.
func openEmpty(t testing.TB) *neo4jstore.Store {
	t.Helper()
	s := openStore(t)
	if err := s.Wipe(ctx); err != nil {
		t.Fatalf("wiping the test database: %v", err)
	}
	return s
}

// load stores contributions in order.
func load(t testing.TB, s graph.Store, cs []*graph.Contribution) {
	t.Helper()
	for _, c := range cs {
		if _, err := s.ReplaceSource(ctx, c); err != nil {
			t.Fatalf("ReplaceSource(%s): %v", c.Source.ID, err)
		}
	}
}
