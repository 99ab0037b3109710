package embedded_test

import (
	"compress/gzip"
	"database/sql"
	"fmt"
	"io"
	"os"
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

func TestAudit(t *testing.T) {
	storetest.RunAudit(t, func(t *testing.T) graph.Store {
		return open(t, filepath.Join(t.TempDir(), "g.db"))
	})
}

func TestKeyring(t *testing.T) {
	storetest.RunKeyring(t, func(t *testing.T) graph.Store {
		return open(t, filepath.Join(t.TempDir(), "g.db"))
	})
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
	graphWas := storetest.Everything(t, s, fixtureIDs...)
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
	if got := storetest.Everything(t, s, fixtureIDs...); got != graphWas {
		t.Fatalf("the graph after reopening:\n%s\nwas\n%s", got, graphWas)
	}
}

// A store written by geokg before events (schema version 3: the bundled
// gazetteer and articles, testdata/schema3-fixtures.db.gz, made by that
// version's `geokg import fixtures/gazetteer.yaml fixtures/articles`) is
// upgraded in place: every relation it held is a report of an event, and
// the reports of one occurrence are one event.
func TestUpgradeFromVersion3(t *testing.T) {
	path := filepath.Join(t.TempDir(), "g.db")
	f, err := os.Open("testdata/schema3-fixtures.db.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, zr); err != nil {
		t.Fatal(err)
	}
	out.Close()
	old, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	var v, relations int
	if err := old.QueryRow("PRAGMA user_version").Scan(&v); err != nil || v != 3 {
		t.Fatalf("the old store's version: %d, %v", v, err)
	}
	if err := old.QueryRow("SELECT COUNT(*) FROM relations").Scan(&relations); err != nil || relations == 0 {
		t.Fatalf("the old store's relations: %d, %v", relations, err)
	}
	old.Close()

	s := open(t, path)
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := s.Relations(ctx, graph.RelationQuery{})
	if err != nil {
		t.Fatal(err)
	}
	reports := 0
	for _, r := range rs {
		reports += len(distinct(r.Evidence))
	}
	if reports != relations || st.Relations != len(rs) || st.Relations >= relations || st.Sources != 7 {
		t.Fatalf("after the upgrade: %d events of %d reports and %d sources; the old store had %d relations of 7 sources",
			st.Relations, reports, st.Sources, relations)
	}
	s.Close()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.QueryRow("PRAGMA user_version").Scan(&v); err != nil || v != 8 {
		t.Fatalf("user_version after the upgrade: %d, %v", v, err)
	}
	// The write log is whole from before the regrouping, which it holds.
	var since, gen, logged int
	if err := db.QueryRow("SELECT (SELECT v FROM meta WHERE k = 'logged_since'), (SELECT v FROM meta WHERE k = 'generation'), (SELECT COUNT(*) FROM index_log WHERE entity = 0)").
		Scan(&since, &gen, &logged); err != nil || since != gen-1 || logged != st.Relations {
		t.Fatalf("the write log after the upgrade: since %d at generation %d, %d relations of %d, %v", since, gen, logged, st.Relations, err)
	}
}

// A store of schema version 4 (version 8 without the demonyms of
// entities, the extras of decisions, the API keys, the reviewed day of
// events, the dataset refs of reports, the write log and the stamps of
// generations) is upgraded in
// place: its entities read as before, with no demonyms, the gazetteer's
// demonyms are kept when it is imported again, keys can be stored, and
// status=reviewed selects every event, known as before.
func TestUpgradeFromVersion4(t *testing.T) {
	path := filepath.Join(t.TempDir(), "g.db")
	s := open(t, path)
	for _, c := range storetest.Fixture() {
		if _, err := s.ReplaceSource(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"ALTER TABLE entities DROP COLUMN demonyms_json", "ALTER TABLE decisions DROP COLUMN extra_json",
		"DROP TABLE api_keys", "ALTER TABLE relations DROP COLUMN reviewed", "DROP TABLE index_log", "DROP TABLE report_refs", "DROP TABLE generations", "DELETE FROM meta WHERE k = 'logged_since'",
		"PRAGMA user_version = 4"} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	s = open(t, path)
	for _, day := range []string{"", "2020-01-05", "2021-04-08"} {
		all, err := s.Relations(ctx, graph.RelationQuery{Filter: graph.Filter{KnownAsOf: day}})
		if err != nil {
			t.Fatal(err)
		}
		reviewed, err := s.Relations(ctx, graph.RelationQuery{Filter: graph.Filter{KnownAsOf: day, Reviewed: true}})
		if err != nil || len(all) == 0 || len(reviewed) != len(all) {
			t.Fatalf("known on %q after the upgrade: %d reviewed events of %d, %v", day, len(reviewed), len(all), err)
		}
	}
	us, err := s.Entity(ctx, storetest.US)
	if err != nil || us.Demonyms != nil || us.Names["en"] != "United States" {
		t.Fatalf("the United States after the upgrade: %+v, %v", us, err)
	}
	g := storetest.Gazetteer()
	g.Source.Digest += "-again" // a changed file, imported again
	if _, err := s.ReplaceSource(ctx, g); err != nil {
		t.Fatal(err)
	}
	if us, err = s.Entity(ctx, storetest.US); err != nil || fmt.Sprint(us.Demonyms) != "map[ar:[أمريكي] en:[American]]" {
		t.Fatalf("the United States imported again: %+v, %v", us, err)
	}
	if err := s.PutKey(ctx, graph.Key{ID: "000000000001", Scope: "read", Hash: "h", Created: "2026-12-01T00:00:00Z"}); err != nil {
		t.Fatalf("PutKey after the upgrade: %v", err)
	}
	if ds, err := s.Decisions(ctx); err != nil || len(ds) != 0 {
		t.Fatalf("Decisions after the upgrade: %v, %v", ds, err)
	}
}

// distinct returns the reports an event's evidence names.
func distinct(evs []graph.Evidence) map[string]bool {
	ids := map[string]bool{}
	for _, ev := range evs {
		ids[ev.Report] = true
	}
	return ids
}

// A merge or split that fails at its last step (here the decision cannot be
// recorded) leaves the store as it was, rewritten sources and all.
func TestCurationIsAtomic(t *testing.T) {
	path := filepath.Join(t.TempDir(), "g.db")
	s := open(t, path)
	load(t, s, storetest.Fixture())
	before := storetest.Everything(t, s, fixtureIDs...)
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
	if after := storetest.Everything(t, s, fixtureIDs...); after != before {
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
