package storetest_test

import (
	"testing"

	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/store/storetest"
)

func TestReference(t *testing.T) {
	storetest.Run(t, func(t *testing.T) graph.Store {
		s := storetest.NewReference()
		t.Cleanup(func() { s.Close() })
		return s
	})
}

func TestGenerateIsStable(t *testing.T) {
	a, b := storetest.Generate(7, 300, 1000), storetest.Generate(7, 300, 1000)
	if len(a) != len(b) {
		t.Fatalf("%d and %d contributions", len(a), len(b))
	}
	n := 0
	for i := range a {
		if a[i].Source != b[i].Source || len(a[i].Relations) != len(b[i].Relations) || len(a[i].Entities) != len(b[i].Entities) {
			t.Fatalf("contribution %d differs", i)
		}
		for j := range a[i].Relations {
			if a[i].Relations[j].ID != b[i].Relations[j].ID || a[i].Relations[j].Date != b[i].Relations[j].Date {
				t.Fatalf("relation %s differs", a[i].Relations[j].ID)
			}
		}
		n += len(a[i].Relations)
	}
	if n != 1000 {
		t.Fatalf("%d relations, want 1000", n)
	}
	// Every generated contribution is valid on its own and in order.
	s := storetest.NewReference()
	for _, c := range a {
		if err := c.Validate(); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ReplaceSource(t.Context(), c); err != nil {
			t.Fatal(err)
		}
	}
}
