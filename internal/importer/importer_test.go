package importer_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/importer"
	"github.com/geokg/geokg/internal/ontology"
	"github.com/geokg/geokg/internal/resolve"
	"github.com/geokg/geokg/internal/store/embedded"
)

const fixtures = "../../fixtures"

func openStore(t *testing.T) graph.Store {
	t.Helper()
	s, err := embedded.Open(context.Background(), filepath.Join(t.TempDir(), "g.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func run(t *testing.T, s graph.Store, paths ...string) importer.Summary {
	t.Helper()
	files, err := importer.Files(paths)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := (&importer.Importer{Store: s, Vocabulary: ontology.Default()}).Run(context.Background(), files)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

func stats(t *testing.T, s graph.Store) graph.Stats {
	t.Helper()
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestFixtures(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	sum := run(t, s, fixtures+"/gazetteer.yaml", fixtures+"/articles", fixtures+"/events")
	if sum.Errors != 0 {
		t.Fatalf("errors importing the fixtures: %v", sum.Problems.Errors())
	}
	if got, want := sum.Imported, sum.Articles+sum.Gazetteers+sum.Datasets; got != want || got < 9 {
		t.Fatalf("imported %d of %d documents", got, want)
	}

	t.Run("OneNodeAcrossLanguages", func(t *testing.T) {
		for _, ref := range []string{"واشنطن", "الولايات المتحدة", "United States", "the united states", "Q30", "q30", "أمريكا"} {
			e, err := resolve.Entity(ctx, s, ref)
			if err != nil {
				t.Fatalf("%s: %v", ref, err)
			}
			if got, want := e.ID, "Q30"; got != want {
				t.Errorf("%s resolves to %s, want %s", ref, got, want)
			}
		}
		for ref, want := range map[string]string{
			"أبومهدي المهندس":       "abu-mahdi-al-muhandis",
			"ابو مهدي المهندس":      "abu-mahdi-al-muhandis",
			"Abu Mahdi al-Muhandis": "abu-mahdi-al-muhandis",
			"قاسم سليمانى":          "qasem-soleimani",
			`كتائب "حزب الله"`:      "kataib-hezbollah",
			"ايران":                 "Q794",
		} {
			e, err := resolve.Entity(ctx, s, ref)
			if err != nil {
				t.Fatalf("%s: %v", ref, err)
			}
			if e.ID != want {
				t.Errorf("%s resolves to %s, want %s", ref, e.ID, want)
			}
		}
	})

	t.Run("ArticlesMergeIntoGazetteerEntities", func(t *testing.T) {
		// Every entity of the seed article that the gazetteer knows is one
		// node whose sources include both.
		c, err := s.EntityCounts(ctx, "kataib-hezbollah")
		if err != nil {
			t.Fatal(err)
		}
		if c.Sources < 3 {
			t.Errorf("kataib-hezbollah has %d sources, want the gazetteer and at least two articles", c.Sources)
		}
		e, err := s.Entity(ctx, "Q30")
		if err != nil {
			t.Fatal(err)
		}
		if e.Names["ar"] == "" || e.Names["en"] == "" {
			t.Errorf("Q30 names = %v, want Arabic and English", e.Names)
		}
	})

	t.Run("ReimportChangesNothing", func(t *testing.T) {
		before := stats(t, s)
		again := run(t, s, fixtures+"/gazetteer.yaml", fixtures+"/articles", fixtures+"/events")
		if got, want := again.Unchanged, sum.Imported; got != want {
			t.Errorf("unchanged = %d, want %d", got, want)
		}
		if again.Relations != 0 || again.EntitiesNew != 0 {
			t.Errorf("re-import wrote %d relations, %d new entities", again.Relations, again.EntitiesNew)
		}
		if after := stats(t, s); after.Relations != before.Relations || after.Entities != before.Entities {
			t.Errorf("stats changed: %+v → %+v", before, after)
		}
	})
}

// writeArticle writes a native article with the given relation lines.
func writeArticle(t *testing.T, dir, id, relations string) string {
	t.Helper()
	text := "Kataib Hezbollah threatened the United States. The United States struck Kataib Hezbollah."
	doc := `{"geokg": 1,
 "article": {"id": "` + id + `", "language": "en", "published": "2020-01-10", "text": "` + text + `"},
 "entities": [
  {"key": "kataib-hezbollah", "kind": "armed_group", "names": {"en": "Kataib Hezbollah"}},
  {"key": "Q30", "kind": "country", "wikidata": "Q30", "names": {"en": "United States"}}
 ],
 "relations": [` + relations + `]}`
	path := filepath.Join(dir, id+".json")
	if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

const (
	threat = `{"id": "r1", "type": "threatens", "source": "kataib-hezbollah", "target": "Q30", "date": "2020-01",
  "evidence": {"start": 0, "end": 46, "text": "Kataib Hezbollah threatened the United States."}}`
	strike = `{"id": "r2", "type": "strikes_from_air", "source": "Q30", "target": "kataib-hezbollah", "date": "2019-12-29",
  "evidence": {"start": 47, "end": 89, "text": "The United States struck Kataib Hezbollah."}}`
	badSpan = `{"id": "r3", "type": "threatens", "source": "kataib-hezbollah", "target": "Q30",
  "evidence": {"start": 1, "end": 46, "text": "Kataib Hezbollah threatened the United States."}}`
)

func relationIDs(t *testing.T, s graph.Store, entity string) []string {
	t.Helper()
	n, err := s.Neighbors(context.Background(), graph.NeighborQuery{ID: entity, Depth: 1, Direction: graph.Any, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range n.Relations {
		ids = append(ids, r.ID)
	}
	return ids
}

func TestCorrectedVersionReplacesTheOld(t *testing.T) {
	s := openStore(t)
	dir := t.TempDir()
	run(t, s, writeArticle(t, dir, "a1", threat+","+strike))
	if got, want := relationIDs(t, s, "Q30"), []string{"a1/r1", "a1/r2"}; !slices.Equal(got, want) {
		t.Fatalf("relations = %v, want %v", got, want)
	}
	sum := run(t, s, writeArticle(t, dir, "a1", strings.Replace(threat, `"2020-01"`, `"2020-01-05"`, 1)))
	if sum.Replaced != 1 || sum.RelationsRemoved != 1 {
		t.Errorf("summary = %+v, want one replaced article that removed 1 relation", sum)
	}
	if got, want := relationIDs(t, s, "Q30"), []string{"a1/r1"}; !slices.Equal(got, want) {
		t.Fatalf("after correction relations = %v, want %v", got, want)
	}
	n, _ := s.Neighbors(context.Background(), graph.NeighborQuery{ID: "Q30", Depth: 1, Direction: graph.Any, Limit: 10})
	if got, want := n.Relations[0].Date.String(), "2020-01-05"; got != want {
		t.Errorf("corrected date = %s, want %s", got, want)
	}
}

func TestBadArticleWritesNothing(t *testing.T) {
	s := openStore(t)
	dir := t.TempDir()
	good := writeArticle(t, dir, "good", threat)
	bad := writeArticle(t, dir, "bad", strike+","+badSpan)
	files, _ := importer.Files([]string{dir})
	sum, err := (&importer.Importer{Store: s, Vocabulary: ontology.Default()}).Run(context.Background(), files)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Imported != 1 || sum.Errors == 0 {
		t.Fatalf("summary = %+v, want the good article imported and an error for the bad one", sum)
	}
	p := sum.Problems.Errors()[0]
	if p.File != bad || p.Pointer != "/relations/1/evidence/text" || p.Line == 0 {
		t.Errorf("problem = %v, want the bad file, its line and /relations/1/evidence/text", p)
	}
	// Nothing of the bad article is stored, not even its valid relation.
	if got, want := relationIDs(t, s, "Q30"), []string{"good/r1"}; !slices.Equal(got, want) {
		t.Errorf("relations = %v, want %v", got, want)
	}
	srcs, _ := s.Sources(context.Background())
	if len(srcs) != 1 || srcs[0].ID != "good" {
		t.Errorf("sources = %v, want only the good article", srcs)
	}
	_ = good

	t.Run("Strict", func(t *testing.T) {
		s := openStore(t)
		_, err := (&importer.Importer{Store: s, Vocabulary: ontology.Default(), Strict: true}).Run(context.Background(), files)
		if graph.ErrorCode(err) != graph.EInvalid {
			t.Fatalf("strict import error = %v, want an invalid-input error", err)
		}
		if st := stats(t, s); st.Relations != 0 {
			t.Errorf("strict import wrote %d relations before stopping", st.Relations)
		}
	})
}

// TestFormatsGiveTheSameGraph imports the seed article from its native,
// brat and Label Studio annotations into three stores and compares them.
func TestFormatsGiveTheSameGraph(t *testing.T) {
	ctx := context.Background()
	seed := "alarab-2021-03-24-us-iraq-strategic-dialogue.ar"
	graphs := map[string][]graph.Relation{}
	for _, src := range []string{"articles/" + seed + ".json", "brat/" + seed + ".ann", "labelstudio/" + seed + ".json"} {
		s := openStore(t)
		sum := run(t, s, fixtures+"/gazetteer.yaml", fixtures+"/"+src)
		if sum.Errors != 0 {
			t.Fatalf("%s: %v", src, sum.Problems.Errors())
		}
		page, err := s.Timeline(ctx, graph.TimelineQuery{Entity: "Q30", Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		n, err := s.Neighbors(ctx, graph.NeighborQuery{ID: "Q19610107", Depth: 2, Direction: graph.Any, Limit: 10000})
		if err != nil {
			t.Fatal(err)
		}
		rels := append(page.Events, n.Relations...)
		slices.SortFunc(rels, func(a, b graph.Relation) int { return strings.Compare(a.ID, b.ID) })
		graphs[src] = slices.CompactFunc(rels, func(a, b graph.Relation) bool { return a.ID == b.ID })
		if st := stats(t, s); st.Relations < 40 {
			t.Fatalf("%s: only %d relations", src, st.Relations)
		}
	}
	want := graphs["articles/"+seed+".json"]
	for src, got := range graphs {
		if len(got) != len(want) {
			t.Errorf("%s: %d relations, native %d", src, len(got), len(want))
			continue
		}
		for i := range got {
			g, w := got[i], want[i]
			if g.ID != w.ID || g.Type != w.Type || g.Source != w.Source || g.Target != w.Target ||
				g.Date != w.Date || g.End != w.End || g.Modality != w.Modality || g.Confidence != w.Confidence ||
				g.Evidence[0].Quote != w.Evidence[0].Quote || g.Evidence[0].Start != w.Evidence[0].Start ||
				!slices.Equal(g.Participants, w.Participants) {
				t.Errorf("%s: relation %s differs from the native one:\n got %+v\nwant %+v", src, g.ID, g, w)
			}
		}
	}
}
