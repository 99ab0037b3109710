package embedded_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/store/embedded"
	"github.com/geokg/geokg/internal/store/storetest"
)

// killedDB names the store file that the child process of TestKilledImports
// imports into until it is killed.
const killedDB = "GEOKG_TEST_KILLED_DB"

// killGraph is the graph the child imports: a gazetteer and about 100
// articles of 40 to 60 relations, in one version or the other (round is
// odd or even): the second drops each article's last relation and has
// another digest, so importing it replaces every article.
func killGraph(version int) []*graph.Contribution {
	cs := storetest.Generate(7, 1000, 5000)
	if version == 1 {
		for _, c := range cs[1:] {
			c.Relations = c.Relations[:len(c.Relations)-1]
			c.Source.Digest += "-v2"
		}
	}
	return cs
}

// TestKilledImports kills a process importing into a store file (kill -9,
// at a random moment) again and again, alternating two versions of every
// article, and checks after every kill that the file opens and that each
// article is whole: the relations stored for it are exactly those of the
// version its stored digest names, and no relation is stored for a source
// that is not.
func TestKilledImports(t *testing.T) {
	if path := os.Getenv(killedDB); path != "" {
		importUntilKilled(t, path)
		return
	}
	kills := 50
	if testing.Short() {
		kills = 10
	}
	versions := [2]map[string][]string{} // digest → relation ids, per version
	for v := range versions {
		versions[v] = map[string][]string{}
		for _, c := range killGraph(v) {
			for _, r := range c.Relations {
				versions[v][c.Source.Digest] = append(versions[v][c.Source.Digest], r.ID)
			}
		}
	}
	path := filepath.Join(t.TempDir(), "g.db")
	rng := rand.New(rand.NewPCG(1, 2))
	partial := 0
	for round := range kills {
		cmd := exec.Command(os.Args[0], "-test.run=^TestKilledImports$")
		cmd.Env = append(os.Environ(), killedDB+"="+path, fmt.Sprintf("GEOKG_TEST_KILLED_VERSION=%d", round%2),
			fmt.Sprintf("GEOKG_TEST_KILLED_BATCH=%d", round/2%2))
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(50+rng.IntN(450)) * time.Millisecond)
		_ = cmd.Process.Kill() // SIGKILL; the child may have finished
		_ = cmd.Wait()

		s, err := embedded.Open(ctx, path)
		if err != nil {
			t.Fatalf("round %d: the store does not open after kill -9: %v", round, err)
		}
		sources, err := s.Sources(ctx)
		if err != nil {
			t.Fatal(err)
		}
		stored := map[string][]string{} // source → its relation ids
		rs, err := s.Relations(ctx, graph.RelationQuery{})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			src, _, _ := strings.Cut(r.ID, "/")
			stored[src] = append(stored[src], r.ID)
		}
		for _, src := range sources {
			want, ok := versions[0][src.Digest]
			if !ok {
				want = versions[1][src.Digest]
			}
			got := stored[src.ID]
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				partial++
				t.Errorf("round %d: source %s (digest %s) has %d relations, its version %d", round, src.ID, src.Digest, len(got), len(want))
			}
			delete(stored, src.ID)
		}
		for src, ids := range stored {
			partial++
			t.Errorf("round %d: %d relations of %s, which is not stored", round, len(ids), src)
		}
		s.Close()
		t.Logf("round %d: %d sources whole", round, len(sources))
	}
	t.Logf("%d kills, %d partial articles", kills, partial)
}

// importUntilKilled imports killGraph into the store at path, the version
// GEOKG_TEST_KILLED_VERSION names, for ever: TestKilledImports kills it.
// With GEOKG_TEST_KILLED_BATCH=1 it imports through a batch, as geokg
// import does, rather than a transaction each.
func importUntilKilled(t *testing.T, path string) {
	version := 0
	if os.Getenv("GEOKG_TEST_KILLED_VERSION") == "1" {
		version = 1
	}
	s, err := embedded.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	replace := s.ReplaceSource
	if os.Getenv("GEOKG_TEST_KILLED_BATCH") == "1" {
		b := s.Batch()
		replace = func(ctx context.Context, c *graph.Contribution) (graph.ReplaceResult, error) {
			return b.Import(ctx, c.Source.ID, storetest.Ready(c))
		}
	}
	for {
		for _, c := range killGraph(version) {
			if _, err := replace(ctx, c); err != nil {
				t.Fatal(err)
			}
		}
		version = 1 - version
	}
}
