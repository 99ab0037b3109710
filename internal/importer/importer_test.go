package importer_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/annotation"
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
			if g.ID != w.ID || g.Type != w.Type || g.From != w.From || g.To != w.To ||
				g.Date != w.Date || g.End != w.End || g.Modality != w.Modality || g.Confidence != w.Confidence ||
				g.Evidence[0].Quote != w.Evidence[0].Quote || g.Evidence[0].Start != w.Evidence[0].Start ||
				!slices.Equal(g.Participants, w.Participants) {
				t.Errorf("%s: relation %s differs from the native one:\n got %+v\nwant %+v", src, g.ID, g, w)
			}
		}
	}
}

// writeDoc writes a native article whose text is one sentence, with one
// entity besides the United States and one relation from it to them that
// the whole sentence supports.
func writeDoc(t *testing.T, dir, id, sentence, entity, key, date string) string {
	t.Helper()
	doc := fmt.Sprintf(`{"geokg": 1,
 "article": {"id": %q, "language": "en", "published": "2020-03-01", "text": %q},
 "entities": [%s,
  {"key": "Q30", "kind": "country", "wikidata": "Q30", "names": {"en": "United States"}}],
 "relations": [{"id": "r1", "type": "threatens", "source": %q, "target": "Q30", "date": %q,
  "evidence": {"start": 0, "end": %d, "text": %q}}]}`, id, sentence, entity, key, date, len([]rune(sentence)), sentence)
	path := filepath.Join(dir, id+".json")
	if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func warned(sum importer.Summary, text string) bool {
	return slices.ContainsFunc(sum.Problems.Warnings(), func(p annotation.Problem) bool { return strings.Contains(p.Message, text) })
}

// The keys of the two militias of militias.
const kh, hb = "kataib-hezbollah", "hizballah-brigades"

// militias writes two articles in dir, b1 and b2, that name one militia
// under two keys and names, kh and hb.
func militias(t *testing.T, dir string) (b1, b2 string) {
	t.Helper()
	b1 = writeDoc(t, dir, "b1", "Kataib Hezbollah threatened the United States.",
		`{"key": "kataib-hezbollah", "kind": "armed_group", "names": {"en": "Kataib Hezbollah"}}`, kh, "2020-01")
	b2 = writeDoc(t, dir, "b2", "The Hizballah Brigades threatened the United States.",
		`{"key": "hizballah-brigades", "kind": "armed_group", "names": {"en": "Hizballah Brigades"}}`, hb, "2020-02")
	return b1, b2
}

// An analyst merges two entities that two articles gave different keys
// and names; importing the articles again, as they were or corrected,
// keeps them one.
func TestMergeSurvivesReimport(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	dir := t.TempDir()
	b1, b2 := militias(t, dir)
	if sum := run(t, s, b1, b2); sum.Imported != 2 {
		t.Fatalf("first import: %+v", sum)
	}
	for _, id := range []string{kh, hb} {
		if _, err := s.Entity(ctx, id); err != nil {
			t.Fatalf("before the merge: %v", err)
		}
	}
	if _, err := s.(graph.Curator).MergeEntities(ctx, hb, kh, "the same militia"); err != nil {
		t.Fatal(err)
	}
	one := func(what string) {
		t.Helper()
		if _, err := s.Entity(ctx, hb); graph.ErrorCode(err) != graph.ENotFound {
			t.Fatalf("%s: %s is back (%v)", what, hb, err)
		}
		if got, want := relationIDs(t, s, kh), []string{"b1/r1", "b2/r1"}; !slices.Equal(got, want) {
			t.Fatalf("%s: relations of %s = %v, want %v", what, kh, got, want)
		}
		e, err := s.Entity(ctx, kh)
		if err != nil || !slices.Contains(e.Aliases["en"], "Hizballah Brigades") {
			t.Fatalf("%s: %s = %+v, %v; want Hizballah Brigades among its aliases", what, kh, e, err)
		}
	}
	one("after the merge")

	// The same files: b2 now resolves to kh (its name is kh's), so its
	// contribution, and digest, changed.
	sum := run(t, s, b1, b2)
	if sum.Unchanged != 1 || sum.Replaced != 1 || sum.EntitiesNew != 0 {
		t.Fatalf("importing the same files again: %+v", sum)
	}
	one("after importing the same files again")
	if sum := run(t, s, b1, b2); sum.Unchanged != 2 {
		t.Fatalf("and once more: %+v, want both unchanged", sum)
	}

	// A corrected b2 whose name no longer matches anything: only the
	// decision makes its key kh.
	b2 = writeDoc(t, dir, "b2", "The Brigades threatened the United States.",
		`{"key": "hizballah-brigades", "kind": "armed_group", "names": {"en": "The Brigades"}}`, hb, "2020-02-03")
	sum = run(t, s, b2)
	if sum.Replaced != 1 || !warned(sum, "by an analyst's decision") {
		t.Fatalf("the corrected b2: %+v", sum)
	}
	if _, err := s.Entity(ctx, hb); graph.ErrorCode(err) != graph.ENotFound {
		t.Fatalf("after the correction %s is back (%v)", hb, err)
	}
	if got, want := relationIDs(t, s, kh), []string{"b1/r1", "b2/r1"}; !slices.Equal(got, want) {
		t.Fatalf("after the correction: relations of %s = %v, want %v", kh, got, want)
	}
	n, err := s.Neighbors(ctx, graph.NeighborQuery{ID: kh, Depth: 1, Filter: graph.Filter{Since: "2020-02-01"}})
	if err != nil || len(n.Relations) != 1 || n.Relations[0].Date.String() != "2020-02-03" {
		t.Fatalf("the corrected relation: %+v, %v", n.Relations, err)
	}
}

// An analyst undoes a merge: later imports no longer apply it, so an
// article imported again since the merge (which the undo cannot part) is
// parted by importing it once more.
func TestUndoneMergeNoLongerApplies(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	dir := t.TempDir()
	b1, b2 := militias(t, dir)
	run(t, s, b1, b2)
	cur := s.(graph.Curator)
	if _, err := cur.MergeEntities(ctx, hb, kh, ""); err != nil {
		t.Fatal(err)
	}
	if sum := run(t, s, b1, b2); sum.Replaced != 1 {
		t.Fatalf("importing again after the merge: %+v, want b2 replaced", sum)
	}
	u, err := cur.UndoDecision(ctx, 1, "two militias")
	if err != nil || fmt.Sprint(u.Joined) != "[b2]" {
		t.Fatalf("UndoDecision = %+v, %v; want b2 to import again", u, err)
	}
	if _, err := s.Entity(ctx, hb); graph.ErrorCode(err) != graph.ENotFound {
		t.Fatalf("before b2 is imported again, %s: %v", hb, err)
	}
	if sum := run(t, s, b1, b2); sum.Replaced != 1 || sum.Unchanged != 1 {
		t.Fatalf("importing again after the undo: %+v, want b2 replaced", sum)
	}
	for id, want := range map[string][]string{kh: {"b1/r1"}, hb: {"b2/r1"}} {
		if got := relationIDs(t, s, id); !slices.Equal(got, want) {
			t.Fatalf("after the undo and the import: relations of %s = %v, want %v", id, got, want)
		}
	}
}

// An article's entity that the gazetteer's names merged wrongly is split
// off; importing the article again, as it was or corrected, keeps it
// apart.
func TestSplitSurvivesReimport(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	dir := t.TempDir()
	gaz := filepath.Join(dir, "gazetteer.yaml")
	if err := os.WriteFile(gaz, []byte(`geokg: 1
gazetteer:
  id: test
  title: test gazetteer
entities:
- key: hezbollah
  kind: armed_group
  wikidata: Q41053
  names:
    en: Hezbollah
- key: Q30
  kind: country
  wikidata: Q30
  names:
    en: United States
`), 0o644); err != nil {
		t.Fatal(err)
	}
	// The article means Kataib Hezbollah in Iraq.
	c1 := writeDoc(t, dir, "c1", "Hezbollah threatened the United States from Iraq.",
		`{"key": "kh-iraq", "kind": "armed_group", "names": {"en": "Hezbollah"}}`, "kh-iraq", "2020-01")
	sum := run(t, s, gaz, c1)
	if sum.Imported != 2 || !warned(sum, `merged into "hezbollah" by name`) {
		t.Fatalf("first import: %+v", sum)
	}
	if got, want := relationIDs(t, s, "hezbollah"), []string{"c1/r1"}; !slices.Equal(got, want) {
		t.Fatalf("before the split: relations of hezbollah = %v, want %v", got, want)
	}
	if _, err := s.(graph.Curator).SplitEntity(ctx, "hezbollah", "c1", "kataib-hezbollah", "the article means the Iraqi group"); err != nil {
		t.Fatal(err)
	}
	apart := func(what string) {
		t.Helper()
		if got := relationIDs(t, s, "hezbollah"); len(got) != 0 {
			t.Fatalf("%s: relations of hezbollah = %v, want none", what, got)
		}
		if got, want := relationIDs(t, s, "kataib-hezbollah"), []string{"c1/r1"}; !slices.Equal(got, want) {
			t.Fatalf("%s: relations of kataib-hezbollah = %v, want %v", what, got, want)
		}
		if _, err := s.Entity(ctx, "kh-iraq"); graph.ErrorCode(err) != graph.ENotFound {
			t.Fatalf("%s: the article's key became an entity (%v)", what, err)
		}
		h, err := s.Entity(ctx, "hezbollah")
		if err != nil || h.Wikidata != "Q41053" {
			t.Fatalf("%s: hezbollah = %+v, %v", what, h, err)
		}
		c, err := s.EntityCounts(ctx, "hezbollah")
		if err != nil || c.Sources != 1 {
			t.Fatalf("%s: hezbollah has %d sources (%v), want the gazetteer alone", what, c.Sources, err)
		}
		k, err := s.Entity(ctx, "kataib-hezbollah")
		if err != nil || k.Kind != "armed_group" || k.Name != "Hezbollah" || k.Wikidata != "" {
			t.Fatalf("%s: kataib-hezbollah = %+v, %v", what, k, err)
		}
	}
	apart("after the split")

	// Now the article's name finds both entities, which the decision makes
	// one for this article: no ambiguity, and the split holds.
	sum = run(t, s, gaz, c1)
	if sum.Unchanged != 1 || sum.Replaced != 1 {
		t.Fatalf("importing the same files again: %+v", sum)
	}
	apart("after importing the same files again")
	if sum := run(t, s, gaz, c1); sum.Unchanged != 2 {
		t.Fatalf("and once more: %+v, want both unchanged", sum)
	}
	c1 = writeDoc(t, dir, "c1", "Hezbollah threatened the United States from Iraq on Monday.",
		`{"key": "kh-iraq", "kind": "armed_group", "names": {"en": "Hezbollah"}}`, "kh-iraq", "2020-01-06")
	if sum := run(t, s, c1); sum.Replaced != 1 {
		t.Fatalf("the corrected article: %+v", sum)
	}
	apart("after the correction")
}

// TestGPE imports, after the gazetteer, a doccano article whose GPEs are a
// country, a city and a region the gazetteer does not know: each becomes
// the country or location the gazetteer has by its name, and the region a
// new location with a warning, never a country.
func TestGPE(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	run(t, s, fixtures+"/gazetteer.yaml")
	const text = "Iraq and Baghdad are far from California."
	line := `{"id": 1, "text": "` + text + `", "label": [[0, 4, "GPE"], [9, 16, "GPE"], [30, 40, "GPE"]], "geokg": {"published": "2021-01-01"}}` + "\n"
	sum, err := (&importer.Importer{Store: s, Vocabulary: ontology.Default()}).
		RunInputs(ctx, []importer.Input{importer.Bytes("gpe.en.jsonl", []byte(line))})
	if err != nil || sum.Errors > 0 {
		t.Fatalf("import: %v, %v", err, sum.Problems)
	}
	for name, want := range map[string]string{"Iraq": "Q796", "Baghdad": "baghdad", "California": ""} {
		hits, err := s.EntitiesByKey(ctx, resolve.Key(name))
		if err != nil || len(hits) != 1 {
			t.Fatalf("%s: %d entities, %v", name, len(hits), err)
		}
		e := hits[0]
		switch {
		case want != "" && e.ID != want:
			t.Errorf("%s is %s (%s), want %s", name, e.ID, e.Kind, want)
		case want == "" && e.Kind != "location":
			t.Errorf("%s is a %s, want a new location", name, e.Kind)
		}
	}
	if !warned(sum, `no country or place of the graph has its name; it is a new location`) {
		t.Errorf("no warning for California: %v", sum.Problems)
	}
}

// TestUnchangedSaysNothingAgain imports the event datasets twice: the
// second import, which changes nothing, does not repeat the notes of
// resolution the first gave (merged by name…).
func TestUnchangedSaysNothingAgain(t *testing.T) {
	s := openStore(t)
	run(t, s, fixtures+"/gazetteer.yaml")
	first := run(t, s, fixtures+"/events")
	if !warned(first, "merged into") {
		t.Fatalf("the first import gives no note of resolution: %v", first.Problems)
	}
	again := run(t, s, fixtures+"/events")
	if again.Unchanged != 2 || warned(again, "merged into") {
		t.Errorf("again: %d unchanged, problems %v", again.Unchanged, again.Problems)
	}
}

// TestSidecars imports the seed article's brat files without their date,
// under two names in one folder: the folder's geokg.yaml gives the date to
// the one without a sidecar of its own, the other's own sidecar wins over
// it, neither sidecar is imported itself, and a sidecar with an unknown
// field is an error naming its line.
func TestSidecars(t *testing.T) {
	const name = "alarab-2021-03-24-us-iraq-strategic-dialogue.ar"
	dir := t.TempDir()
	write := func(file, data string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, file), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, ext := range []string{".ann", ".txt"} {
		data, err := os.ReadFile(fixtures + "/brat/" + name + ext)
		if err != nil {
			t.Fatal(err)
		}
		if ext == ".ann" {
			// The file names give the ids; the sidecars, the date.
			data = []byte(strings.Replace(strings.Replace(string(data), "published=2021-03-24", "", 1),
				"id=alarab-2021-03-24-us-iraq-strategic-dialogue", "", 1))
		}
		write("own"+ext, string(data))
		write("folder"+ext, string(data))
	}
	write(importer.FolderSidecar, "published: 2021-03-25\nsource: Al Arab\n")
	write("own.geokg.yaml", "published: 2021-03-24\n")

	files, err := importer.Files([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 2 || !strings.HasSuffix(files[0], "folder.ann") || !strings.HasSuffix(files[1], "own.ann") {
		t.Fatalf("files %v, want the two .ann alone", files)
	}
	s := openStore(t)
	sum := run(t, s, dir)
	if sum.Errors > 0 || sum.Imported != 2 || warned(sum, "no published date") {
		t.Fatalf("import: %+v", sum.Problems)
	}
	srcs, err := s.Sources(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	published := map[string]string{}
	for _, src := range srcs {
		published[src.ID] = src.Published
	}
	if published["folder"] != "2021-03-25" || published["own"] != "2021-03-24" {
		t.Errorf("published %v; want folder's 2021-03-25 (the folder's sidecar) and own's 2021-03-24 (its own)", published)
	}
	write("own.geokg.yaml", "published: 2021-03-24\ncolour: red\n")
	sum = run(t, openStore(t), dir)
	if sum.Errors != 1 || !strings.Contains(sum.Problems.Errors()[0].Message, "own.geokg.yaml:2") {
		t.Errorf("a bad sidecar: %+v", sum.Problems)
	}
}

// A draft article ("status": "draft", as geokg annotate writes it) keeps
// its status in every report of it; reviewed and imported again under the
// same id, it no longer does. No other status is accepted.
func TestDraftStatus(t *testing.T) {
	s := openStore(t)
	dir := t.TempDir()
	draft := func(status string) string {
		path := writeArticle(t, dir, "a1", threat)
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		b = []byte(strings.Replace(string(b), `"published": "2020-01-10",`, `"published": "2020-01-10", "status": "`+status+`",`, 1))
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	drafted := func() (bool, bool) {
		rs, err := s.Relations(context.Background(), graph.RelationQuery{})
		if err != nil || len(rs) != 1 || len(rs[0].Evidence) != 1 {
			t.Fatalf("relations: %+v, %v", rs, err)
		}
		return rs[0].Draft, rs[0].Evidence[0].Draft
	}
	run(t, s, draft("draft"))
	if rel, ev := drafted(); !rel || !ev {
		t.Fatalf("a draft's threat: draft %v, its evidence draft %v", rel, ev)
	}
	run(t, s, writeArticle(t, dir, "a1", threat))
	if rel, ev := drafted(); rel || ev {
		t.Fatalf("the reviewed threat: draft %v, its evidence draft %v", rel, ev)
	}
	sum := run(t, s, draft("reviewed"))
	if sum.Failed != 1 || !strings.Contains(fmt.Sprint(sum.Problems), "/article/status") {
		t.Fatalf("status reviewed: %+v", sum)
	}
	if rel, ev := drafted(); rel || ev {
		t.Fatalf("the threat after a refused import: draft %v, its evidence draft %v", rel, ev)
	}
}

// TestWebAnnoTwice imports the WebAnno TSV fixtures, with their sidecars'
// dates, after the gazetteer, and again: the second import finds both
// articles unchanged and leaves the graph as it was.
func TestWebAnnoTwice(t *testing.T) {
	s := openStore(t)
	run(t, s, fixtures+"/gazetteer.yaml")
	first := run(t, s, fixtures+"/webanno")
	if first.Errors != 0 || first.Articles != 2 || first.Relations != 5 || warned(first, "no published date") {
		t.Fatalf("first import: %+v", first)
	}
	before := stats(t, s)
	again := run(t, s, fixtures+"/webanno")
	if again.Errors != 0 || again.Unchanged != 2 || again.Imported != 0 {
		t.Errorf("again: %+v", again)
	}
	if after := stats(t, s); !reflect.DeepEqual(after, before) {
		t.Errorf("the graph changed:\n%+v\nwas\n%+v", after, before)
	}
}

// An entity whose key a reader made up from its name, and which matches
// no entity of the graph, keeps that key when its file is imported again:
// its own earlier records are no evidence of another entity with the key.
func TestMadeUpKeyStaysOnReimport(t *testing.T) {
	s := openStore(t)
	dir := t.TempDir()
	text := "Protesters gathered at the embassy compound of the Republic of Nowhere."
	write := func(name, data string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a1.txt", text)
	write("a1.ann", "T1\tFAC 27 43\tembassy compound\nT2\tGPE 51 70\tRepublic of Nowhere\n")
	ids := func() []string {
		st, err := s.Stats(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, key := range []string{"embassy-compound", "embassy-compound-facility", "republic-of-nowhere", "republic-of-nowhere-location"} {
			if es, err := s.Entities(context.Background(), []string{key}); err == nil && len(es) == 1 {
				out = append(out, key)
			}
		}
		return append(out, fmt.Sprint(st.Entities))
	}
	run(t, s, dir)
	first := ids()
	if len(first) != 3 {
		t.Fatalf("after the first import: %v", first)
	}
	for range 2 {
		if sum := run(t, s, dir); sum.Unchanged != 1 {
			t.Errorf("the same file again: %+v", sum)
		}
		if got := ids(); !slices.Equal(got, first) {
			t.Fatalf("entities after importing again: %v, first %v", got, first)
		}
	}
}
