package api_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/store/embedded"
)

// openStore returns an empty embedded store in a temporary folder for one
// test.
func openStore(t *testing.T) graph.Store {
	t.Helper()
	s, err := embedded.Open(context.Background(), filepath.Join(t.TempDir(), "graph.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}
