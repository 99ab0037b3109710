package embedded_test

import (
	"database/sql"
	"encoding/json"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/store/embedded"
	"github.com/geokg/geokg/internal/store/storetest"
)

func TestCurator(t *testing.T) {
	storetest.RunCurator(t, func(t *testing.T) graph.Store {
		return open(t, filepath.Join(t.TempDir(), "g.db"))
	})
}

// everything renders what a store answers about the fixture's entities.
func everything(t *testing.T, s graph.Store, ids ...string) string {
	t.Helper()
	var out []any
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out = append(out, st)
	rels, err := s.Relations(ctx, graph.RelationQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range rels {
		rels[i] = storetest.NormRelation(rels[i])
	}
	out = append(out, rels)
	for _, id := range ids {
		e, err := s.Entity(ctx, id)
		out = append(out, e, graph.ErrorCode(err))
		c, err := s.EntityCounts(ctx, id)
		out = append(out, c, graph.ErrorCode(err))
	}
	b, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var fixtureIDs = []string{storetest.US, storetest.IR, storetest.IQ, storetest.IRGC, storetest.QF, storetest.PMF,
	storetest.KH, storetest.JC, storetest.SOL, storetest.BIAP, "kh-a2"}

// Decisions and what they did outlive the process.
func TestDecisionsPersist(t *testing.T) {
	path := filepath.Join(t.TempDir(), "g.db")
	s, err := embedded.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	load(t, s, storetest.Fixture())
	if _, err := s.SplitEntity(ctx, storetest.KH, "a2", "kh-a2", "another group"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MergeEntities(ctx, storetest.BIAP, storetest.IQ, "the airport is in Iraq"); err != nil {
		t.Fatal(err)
	}
	want, err := s.Decisions(ctx)
	if err != nil || len(want) != 2 {
		t.Fatalf("decisions: %+v, %v", want, err)
	}
	graphWas := everything(t, s, fixtureIDs...)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = open(t, path)
	got, err := s.Decisions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("decisions after reopening: %+v, want %+v", got, want)
	}
	if got := everything(t, s, fixtureIDs...); got != graphWas {
		t.Fatalf("the graph after reopening:\n%s\nwas\n%s", got, graphWas)
	}
}

// A store of schema version 1 (before decisions and source texts) is
// upgraded in place to the current version.
func TestUpgradeFromVersion1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "g.db")
	s := open(t, path)
	load(t, s, storetest.Fixture())
	graphWas := everything(t, s, fixtureIDs...)
	s.Close()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"DROP TABLE decisions", "DROP TABLE source_texts", "PRAGMA user_version = 1"} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	s = open(t, path)
	ds, err := s.Decisions(ctx)
	if err != nil || len(ds) != 0 {
		t.Fatalf("decisions of an upgraded store: %+v, %v", ds, err)
	}
	if got := everything(t, s, fixtureIDs...); got != graphWas {
		t.Fatalf("the graph after the upgrade:\n%s\nwas\n%s", got, graphWas)
	}
	if _, err := s.MergeEntities(ctx, storetest.BIAP, storetest.IQ, ""); err != nil {
		t.Fatalf("merging in an upgraded store: %v", err)
	}
	s.Close()
	db, err = sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v int
	if err := db.QueryRow("PRAGMA user_version").Scan(&v); err != nil || v != 3 {
		t.Fatalf("user_version after the upgrade: %d, %v", v, err)
	}
}

// A merge or split that fails at its last step (here the decision cannot be
// recorded) leaves the store as it was, rewritten sources and all.
func TestCurationIsAtomic(t *testing.T) {
	path := filepath.Join(t.TempDir(), "g.db")
	s := open(t, path)
	load(t, s, storetest.Fixture())
	before := everything(t, s, fixtureIDs...)
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TRIGGER no_decisions BEFORE INSERT ON decisions BEGIN SELECT RAISE(ABORT, 'no decisions today'); END`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MergeEntities(ctx, storetest.KH, storetest.PMF, ""); err == nil {
		t.Fatal("the merge succeeded without its decision")
	}
	if _, err := s.SplitEntity(ctx, storetest.US, "a1", "us-a1", ""); err == nil {
		t.Fatal("the split succeeded without its decision")
	}
	if after := everything(t, s, fixtureIDs...); after != before {
		t.Fatalf("failed decisions changed the store:\n%s\nwas\n%s", after, before)
	}
	// Queries on the index (paths, neighbours) see the store as it was.
	n, err := s.Neighbors(ctx, graph.NeighborQuery{ID: storetest.KH, Depth: 1})
	if err != nil || len(n.Relations) != 4 {
		t.Fatalf("KH's relations after the failed merge: %d, %v", len(n.Relations), err)
	}
	if _, err := db.Exec("DROP TRIGGER no_decisions"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MergeEntities(ctx, storetest.KH, storetest.PMF, ""); err != nil {
		t.Fatal(err)
	}
	ds, err := s.Decisions(ctx)
	if err != nil || len(ds) != 1 {
		t.Fatalf("decisions: %+v, %v", ds, err)
	}
}
