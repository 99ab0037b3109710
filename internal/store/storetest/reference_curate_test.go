package storetest_test

import (
	"testing"

	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/store/storetest"
)

func TestReferenceCurator(t *testing.T) {
	storetest.RunCurator(t, func(t *testing.T) graph.Store {
		s := storetest.NewReference()
		t.Cleanup(func() { s.Close() })
		return s
	})
}

func TestReferenceKeyring(t *testing.T) {
	storetest.RunKeyring(t, func(t *testing.T) graph.Store {
		s := storetest.NewReference()
		t.Cleanup(func() { s.Close() })
		return s
	})
}
