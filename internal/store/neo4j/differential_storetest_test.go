//go:build storetest_differential

// This test needs storetest.Differential, which storetest does not have
// yet: build it with -tags storetest_differential once it does (then drop
// the tag, and TestDifferentialEmbedded with it). The signature it needs:
//
//	// Differential loads cs, in order, into got and want (both empty),
//	// asks both the same random questions of every kind (seeded by seed)
//	// and fails at the first answer that differs, before and after random
//	// corrections and removals of sources.
//	func Differential(t *testing.T, got, want graph.Store, cs []*graph.Contribution, seed uint64)

package neo4jstore_test

import (
	"path/filepath"
	"testing"

	"github.com/geokg/geokg/internal/store/embedded"
	"github.com/geokg/geokg/internal/store/storetest"
)

func TestDifferentialStoretest(t *testing.T) {
	s := openEmpty(t)
	want, err := embedded.Open(ctx, filepath.Join(t.TempDir(), "g.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer want.Close()
	cs := append(storetest.Fixture(), storetest.Generate(11, 1500, 6000)...)
	storetest.Differential(t, s, want, cs, 11)
}
