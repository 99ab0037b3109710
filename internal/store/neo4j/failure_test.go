package neo4jstore_test

import (
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/geokg/geokg/internal/graph"
	neo4jstore "github.com/geokg/geokg/internal/store/neo4j"
	"github.com/geokg/geokg/internal/store/storetest"
)

// devServer runs scripts/neo4j-dev with a command (start or stop).
func devServer(t *testing.T, command string) {
	t.Helper()
	script, err := filepath.Abs("../../../scripts/neo4j-dev")
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(script, command).CombinedOutput()
	if err != nil {
		t.Fatalf("scripts/neo4j-dev %s: %v\n%s", command, err, out)
	}
}

// restartable skips unless GEOKG_TEST_NEO4J_RESTART=1: the test stops and
// starts the development server (scripts/neo4j-dev) that NEO4J_URI points
// at, which nothing else may be using meanwhile.
func restartable(t *testing.T) {
	t.Helper()
	testConfig(t)
	if os.Getenv("GEOKG_TEST_NEO4J_RESTART") != "1" {
		t.Skip("set GEOKG_TEST_NEO4J_RESTART=1 to stop and restart the scripts/neo4j-dev server")
	}
}

// quickConfig is the test server's config with short retries: every call
// while the server is down retries until MaxRetryTime.
func quickConfig(t *testing.T) neo4jstore.Config {
	cfg := testConfig(t)
	cfg.MaxRetryTime = time.Second
	return cfg
}

// openQuick is openEmpty with quickConfig.
func openQuick(t *testing.T) *neo4jstore.Store {
	t.Helper()
	s, err := neo4jstore.Open(ctx, quickConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Wipe(ctx); err != nil {
		t.Fatal(err)
	}
	return s
}

// wantUnavailable checks that err is a one-line EUnavailable.
func wantUnavailable(t *testing.T, what string, err error) {
	t.Helper()
	if graph.ErrorCode(err) != graph.EUnavailable {
		t.Fatalf("%s while Neo4j is down: %v (%s), want unavailable", what, err, graph.ErrorCode(err))
	}
	t.Logf("%s: %v", what, err)
	if msg := err.Error(); strings.Contains(msg, "\n") || !strings.Contains(msg, "unavailable") || len(msg) > 400 {
		t.Fatalf("%s while Neo4j is down: the message is not one clear line:\n%s", what, msg)
	}
}

// state renders what a store answers about the fixture.
func state(t *testing.T, s graph.Store) string {
	t.Helper()
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	src, err := s.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := s.Relations(ctx, graph.RelationQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range rs {
		rs[i] = storetest.NormRelation(rs[i])
	}
	b, _ := json.Marshal([]any{st, src, rs})
	return string(b)
}

// TestNeo4jDown stops the server under an open store: every method answers
// EUnavailable and writes nothing, a store opens all the same, and once the
// server is back both work without being reopened.
func TestNeo4jDown(t *testing.T) {
	restartable(t)
	s := openQuick(t)
	load(t, s, storetest.Fixture())
	before := state(t, s)

	devServer(t, "stop")
	restarted := false
	t.Cleanup(func() {
		if !restarted {
			devServer(t, "start")
		}
	})
	wantUnavailable(t, "Ping", s.Ping(ctx))
	_, err := s.ReplaceSource(ctx, storetest.Article1v2())
	wantUnavailable(t, "ReplaceSource", err)
	_, err = s.RemoveSource(ctx, "a2")
	wantUnavailable(t, "RemoveSource", err)
	_, err = s.Stats(ctx)
	wantUnavailable(t, "Stats", err)
	_, err = s.Paths(ctx, graph.PathQuery{From: storetest.PMF, To: storetest.JC, MaxHops: 3})
	wantUnavailable(t, "Paths", err)
	_, err = s.Timeline(ctx, graph.TimelineQuery{Entity: storetest.US})
	wantUnavailable(t, "Timeline", err)

	// A store opens while the server is down (geokg serve starts), and says
	// it is unavailable.
	late, err := neo4jstore.Open(ctx, quickConfig(t))
	if err != nil {
		t.Fatalf("Open while Neo4j is down: %v", err)
	}
	defer late.Close()
	wantUnavailable(t, "Ping of a store opened while down", late.Ping(ctx))

	devServer(t, "start")
	restarted = true
	for _, st := range []graph.Store{s, late} {
		if err := st.Ping(ctx); err != nil {
			t.Fatalf("Ping after the restart: %v", err)
		}
	}
	if after := state(t, s); after != before {
		t.Fatalf("the failed writes changed the store:\n%s\nwas\n%s", after, before)
	}
	ps, err := late.Paths(ctx, graph.PathQuery{From: storetest.PMF, To: storetest.JC, MaxHops: 3, K: 10})
	if err != nil || len(ps) != 4 {
		t.Fatalf("paths after the restart: %d, %v", len(ps), err)
	}
	if r, err := late.ReplaceSource(ctx, storetest.Article1v2()); err != nil || !r.Replaced {
		t.Fatalf("ReplaceSource after the restart: %+v, %v", r, err)
	}
}

// bigContribution is one source with n relations between its own entities:
// its import takes a while.
func bigContribution(n int) *graph.Contribution {
	c := &graph.Contribution{Source: graph.Source{ID: "big", Kind: "article", Digest: "big-1"}, Priority: 1}
	for i := range n / 4 {
		c.Entities = append(c.Entities, graph.EntityRecord{ID: fmt.Sprintf("big-%05d", i), Kind: "person",
			Names: []graph.Name{{Lang: "en", Text: fmt.Sprintf("Big %d", i), Role: graph.RoleName, Keys: []string{fmt.Sprintf("big %d", i)}}}})
	}
	for i := range n {
		c.Relations = append(c.Relations, graph.Relation{
			ID: fmt.Sprintf("big/r%06d", i), Type: "meets", Class: "event",
			From: c.Entities[i%len(c.Entities)].ID, To: c.Entities[(i*7+1)%len(c.Entities)].ID,
			Date: graph.MustDate("2020-01-02"), Precision: graph.Day, Modality: graph.Asserted, Confidence: 1,
			Evidence: []graph.Evidence{{Article: "big", Quote: strings.Repeat("quote ", 20), Start: -1, End: -1}},
		})
	}
	return c
}

// TestNeo4jDiesDuringImport stops the server while a large contribution is
// being written: the import fails with EUnavailable and, once the server is
// back, nothing of it is there.
func TestNeo4jDiesDuringImport(t *testing.T) {
	restartable(t)
	s := openQuick(t)
	load(t, s, storetest.Fixture())
	before := state(t, s)

	done := make(chan error, 1)
	start := time.Now()
	go func() {
		_, err := s.ReplaceSource(ctx, bigContribution(60000))
		done <- err
	}()
	time.Sleep(3 * time.Second)
	select {
	case err := <-done:
		t.Fatalf("the import ended before the server stopped (%v, %v): make it larger", time.Since(start), err)
	default:
	}
	devServer(t, "stop")
	err := <-done
	devServer(t, "start")
	wantUnavailable(t, "ReplaceSource interrupted by a stop", err)
	if after := state(t, s); after != before {
		t.Fatalf("the interrupted import left something:\n%s\nwas\n%s", after, before)
	}
	if _, err := s.Entity(ctx, "big-00001"); graph.ErrorCode(err) != graph.ENotFound {
		t.Fatalf("an entity of the interrupted import: %v", err)
	}
}

// TestNeo4jUnreachable opens a store on a port where no server listens,
// with the default retry time: the store opens at once (geokg serve
// listens), and every call answers EUnavailable with the reason at once,
// instead of each retrying until the caller's deadline.
func TestNeo4jUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	uri := "bolt://" + ln.Addr().String()
	ln.Close() // nothing listens there now
	// Fast is milliseconds; the failure this guards against waits for the
	// retry time (10 s) on every call: half of it tells them apart on any
	// machine.
	bound := neo4jstore.DefaultMaxRetryTime / 2
	start := time.Now()
	s, err := neo4jstore.Open(ctx, neo4jstore.Config{URI: uri, User: "neo4j", Password: "x"})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer s.Close()
	if d := time.Since(start); d > bound {
		t.Errorf("Open took %v", d)
	}
	for i, call := range []func() error{
		func() error { _, err := s.Stats(ctx); return err },
		func() error { _, err := s.Timeline(ctx, graph.TimelineQuery{Entity: "Q30"}); return err },
		func() error { _, err := s.ReplaceSource(ctx, storetest.Article1v2()); return err },
		func() error { return s.Ping(ctx) },
	} {
		start := time.Now()
		err := call()
		wantUnavailable(t, fmt.Sprint("call ", i), err)
		if !strings.Contains(err.Error(), "connection refused") {
			t.Errorf("call %d: %v does not say why", i, err)
		}
		if d := time.Since(start); d > bound {
			t.Errorf("call %d took %v", i, d)
		}
	}
}

// TestNeo4jDiesDuringABatch kills the server while a batch holds imports
// it has not committed: Close fails with EUnavailable and says how many
// sources are lost, and once the server is back the store holds the
// sources the batch committed before (Committed), whole, and no other.
func TestNeo4jDiesDuringABatch(t *testing.T) {
	restartable(t)
	s := openQuick(t)
	all := storetest.Generate(7, 200, 1200)
	b := s.Batch()
	// The sources imported: until the batch has committed some and holds
	// some it has not.
	var cs []*graph.Contribution
	for _, c := range all {
		if _, err := b.Import(ctx, c.Source.ID, storetest.Ready(c)); err != nil {
			t.Fatalf("importing %s: %v", c.Source.ID, err)
		}
		if cs = append(cs, c); b.Committed() > 0 && b.Committed() < len(cs) {
			break
		}
	}
	committed := b.Committed()
	if committed == 0 || committed == len(cs) {
		t.Fatalf("the batch committed %d of %d imports, want some and not all", committed, len(cs))
	}
	// After a clean stop (SIGTERM) the commit was seen to go through; a
	// kill leaves no doubt.
	devServer(t, "kill")
	restarted := false
	t.Cleanup(func() {
		if !restarted {
			devServer(t, "start")
		}
	})
	err := b.Close()
	devServer(t, "start")
	restarted = true
	wantUnavailable(t, "closing a batch whose server stopped", err)
	if lost := fmt.Sprintf("not stored either: the %d source(s)", len(cs)-committed); !strings.Contains(err.Error(), lost) {
		t.Errorf("%v does not say %q", err, lost)
	}
	if n := b.Committed(); n != committed {
		t.Errorf("Committed() = %d after the failed Close, %d before", n, committed)
	}
	ref := storetest.NewReference()
	load(t, ref, cs[:committed])
	ids := storetest.EntityIDs(cs)
	if got, want := storetest.Everything(t, s, ids...), storetest.Everything(t, ref, ids...); got != want {
		t.Errorf("after the failed batch:\n%s\nthe sources committed:\n%s", got, want)
	}
}
