package resolve_test

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/importer"
	"github.com/geokg/geokg/internal/ontology"
	"github.com/geokg/geokg/internal/resolve"
	"github.com/geokg/geokg/internal/store/storetest"
)

// The thresholds of the resolution test set: precision is what matters
// most (a wrong entity misleads, no answer does not).
const minPrecision, minRecall = 0.97, 0.9

// TestResolutionSet runs testdata/resolution.tsv over the Quick-start
// import and reports precision (answers that are right) and recall (cases
// answered right).
func TestResolutionSet(t *testing.T) {
	ctx := context.Background()
	s := storetest.NewReference()
	var files []string
	for _, p := range []string{"gazetteer.yaml", "articles", "events"} {
		files = append(files, filepath.Join("..", "..", "fixtures", p))
	}
	files, err := importer.Files(files)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := (&importer.Importer{Store: s, Vocabulary: ontology.Default()}).Run(ctx, files); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("testdata/resolution.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var tp, fp, fn, n int
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		if sc.Text() == "" || strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		c := strings.Split(sc.Text(), "\t")
		if len(c) != 4 {
			t.Fatalf("line %d: %d fields, want 4", line, len(c))
		}
		op, kind, q, want := c[0], c[1], c[2], c[3]
		got := answer(ctx, t, s, op, kind, q)
		n++
		switch {
		case got == want && want != "-":
			tp++
		case got == "-" && want != "-":
			fn++
			t.Logf("line %d: %s %q: no answer, want %s", line, op, q, want)
		case got != want:
			fp++
			if want != "-" {
				fn++
			}
			t.Logf("line %d: %s %q: %s, want %s", line, op, q, got, want)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	precision, recall := float64(tp)/float64(tp+fp), float64(tp)/float64(tp+fn)
	t.Logf("%d cases: precision %.3f (%d right of %d answers), recall %.3f (%d of %d)", n, precision, tp, tp+fp, recall, tp, tp+fn)
	if n < 60 || precision < minPrecision || recall < minRecall {
		t.Errorf("%d cases, precision %.3f, recall %.3f: want at least 60 cases, %.2f and %.2f", n, precision, recall, minPrecision, minRecall)
	}
}

// answer is the entity id an operation gives for q, or "-" for none.
func answer(ctx context.Context, t *testing.T, s graph.Store, op, kind, q string) string {
	switch op {
	case "entity":
		e, err := resolve.Entity(ctx, s, q)
		if c := graph.ErrorCode(err); c == graph.ENotFound || c == graph.EConflict {
			return "-"
		} else if err != nil {
			t.Fatal(err)
		}
		return e.ID
	case "search":
		hits, err := resolve.Search(ctx, s, graph.EntitySearch{Key: resolve.Key(q), Limit: 5})
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) == 0 {
			return "-"
		}
		return hits[0].Entity.ID
	case "doc", "madeup":
		r, err := resolve.New(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		c := resolve.Candidate{Key: "new-entity", Kind: kind, Names: []string{q}}
		if op == "madeup" { // a slug as the standoff readers make it
			c.Key, c.KeyMadeUp = strings.ReplaceAll(resolve.Key(q), " ", "-"), true
		}
		res, err := r.Document(ctx, "test", []resolve.Candidate{c})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Entity(ctx, res[0].ID); graph.ErrorCode(err) == graph.ENotFound {
			return "-" // a new entity
		}
		return res[0].ID
	}
	t.Fatalf("unknown op %q", op)
	return ""
}
