package draft_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/geokg/geokg/internal/draft"
	"github.com/geokg/geokg/internal/importer"
	"github.com/geokg/geokg/internal/ontology"
	"github.com/geokg/geokg/internal/store/embedded"
)

// TestKnownFromStore drafts every fixture article twice: knowing every
// entity of the gazetteer, and knowing only the entities of a store holding
// the gazetteer that the article's words name (draft.Known). Both drafts
// have the same mentions and relations, and the second knows fewer
// entities than the gazetteer has.
func TestKnownFromStore(t *testing.T) {
	ctx := context.Background()
	gaz, docs := fixtures(t)
	s, err := embedded.Open(ctx, filepath.Join(t.TempDir(), "g.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	files, err := importer.Files([]string{"../../fixtures/gazetteer.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	if sum, err := (&importer.Importer{Store: s, Vocabulary: ontology.Default()}).Run(ctx, files); err != nil || sum.Errors > 0 {
		t.Fatalf("import: %v %v", err, sum.Problems)
	}
	all := newDrafter(t, gaz)
	for _, doc := range docs {
		a := *doc.Article
		known, err := draft.Known(ctx, s, a.Text)
		if err != nil {
			t.Fatal(err)
		}
		if len(known) == 0 || len(known) >= len(gaz) {
			t.Errorf("%s: %d entities known from the store, of %d", a.ID, len(known), len(gaz))
		}
		want, err := all.Draft(a)
		if err != nil {
			t.Fatal(err)
		}
		got, err := newDrafter(t, known).Draft(a)
		if err != nil {
			t.Fatal(err)
		}
		gm, gr, _, _ := items(got.Document, nil)
		wm, wr, _, _ := items(want.Document, nil)
		t.Logf("%s: %d of %d entities known, %d mentions, %d relations", a.ID, len(known), len(gaz), len(gm), len(gr))
		if !slices.Equal(gm, wm) || !slices.Equal(gr, wr) {
			t.Errorf("%s: from the store %d mentions, %d relations; from the gazetteer %d, %d\n got %v\nwant %v",
				a.ID, len(gm), len(gr), len(wm), len(wr), gm, wm)
		}
	}
}
