package resolve_test

import (
	"context"
	"testing"

	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/resolve"
	"github.com/geokg/geokg/internal/store/storetest"
)

// The key of an entity merged into another names that other.
func TestEntityFollowsMerges(t *testing.T) {
	ctx := context.Background()
	s := storetest.NewReference()
	for _, c := range storetest.Fixture() {
		if _, err := s.ReplaceSource(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.MergeEntities(ctx, storetest.BIAP, storetest.IQ, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SplitEntity(ctx, storetest.KH, "a2", "kh-a2", ""); err != nil {
		t.Fatal(err)
	}
	for ref, want := range map[string]string{
		storetest.BIAP:                  storetest.IQ, // merged away
		"Baghdad International Airport": storetest.IQ, // its name
		storetest.KH:                    storetest.KH, // split: still there
		"kh-a2":                         "kh-a2",
	} {
		e, err := resolve.Entity(ctx, s, ref)
		if err != nil {
			t.Fatalf("%s: %v", ref, err)
		}
		if e.ID != want {
			t.Errorf("%s resolves to %s, want %s", ref, e.ID, want)
		}
	}
	if _, err := resolve.Entity(ctx, s, "nobody"); graph.ErrorCode(err) != graph.ENotFound {
		t.Errorf("nobody: %v, want not found", err)
	}
}
