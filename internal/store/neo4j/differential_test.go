package neo4jstore_test

import (
	"path/filepath"
	"testing"

	"github.com/geokg/geokg/internal/store/embedded"
	"github.com/geokg/geokg/internal/store/storetest"
)

// TestDifferentialEmbedded loads the fixture and a generated graph of
// thousands of relations into Neo4j and into a fresh embedded store, asks
// both hundreds of random questions of every kind, and wants the same
// answers, before and after corrections and removals.
func TestDifferentialEmbedded(t *testing.T) {
	s := openEmpty(t)
	want, err := embedded.Open(ctx, filepath.Join(t.TempDir(), "g.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer want.Close()
	cs := append(storetest.Fixture(), storetest.Generate(11, 1500, 6000)...)
	storetest.Differential(t, s, want, cs, 11)
}
