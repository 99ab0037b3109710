package cli_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/formats/brat"
	"github.com/geokg/geokg/internal/formats/labelstudio"
	"github.com/geokg/geokg/internal/formats/standoff"
	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/importer"
	"github.com/geokg/geokg/internal/ontology"
	"github.com/geokg/geokg/internal/store/embedded"
)

const seedText = fixtures + "/brat/alarab-2021-03-24-us-iraq-strategic-dialogue.ar.txt"

// TestAnnotateValidates drafts the seed article from its plain text and
// checks that geokg validate accepts the draft as it is.
func TestAnnotateValidates(t *testing.T) {
	out := filepath.Join(t.TempDir(), "draft.json")
	code, _, stderr := geokg(t, "", "annotate", "--gazetteer", fixtures+"/gazetteer.yaml", "--published", "2021-03-24", seedText, "-o", out)
	if code != 0 {
		t.Fatalf("annotate: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, `date "يناير الماضي"`) || !strings.Contains(stderr, "2021-01 or 2020-01") {
		t.Errorf("the uncertain date is not reported: %s", stderr)
	}
	var doc struct {
		Article   map[string]string `json:"article"`
		Entities  []json.RawMessage `json:"entities"`
		Relations []json.RawMessage `json:"relations"`
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Article["status"] != "draft" || doc.Article["language"] != "ar" || doc.Article["id"] != "alarab-2021-03-24-us-iraq-strategic-dialogue" || len(doc.Entities) == 0 || len(doc.Relations) == 0 {
		t.Errorf("draft: article %v, %d entities, %d relations", doc.Article, len(doc.Entities), len(doc.Relations))
	}
	code, stdout, stderr := geokg(t, "", "validate", out)
	if code != 0 || !strings.Contains(stdout, "0 error(s), 0 warning(s)") {
		t.Errorf("validate: exit %d: %s %s", code, stdout, stderr)
	}
}

// TestAnnotateSeveral drafts a native article without annotations and a
// text from standard input: JSON Lines on standard output, files in a
// folder with -o.
func TestAnnotateSeveral(t *testing.T) {
	dir := t.TempDir()
	article := bareArticle(t, dir)
	jsonl := filepath.Join(dir, "drafts.jsonl")
	code, stdout, stderr := geokg(t, "", "annotate", "--gazetteer", fixtures+"/gazetteer.yaml", "--published", "2021-03-24", article, seedText)
	if code != 0 || strings.Count(stdout, "\n") != 2 {
		t.Fatalf("annotate: exit %d, %d lines: %s", code, strings.Count(stdout, "\n"), stderr)
	}
	if err := os.WriteFile(jsonl, []byte(stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, stdout, stderr := geokg(t, "", "validate", jsonl); code != 0 || !strings.Contains(stdout, "2 article(s)") {
		t.Errorf("validate: exit %d: %s %s", code, stdout, stderr)
	}
	folder := filepath.Join(dir, "out")
	if code, _, stderr := geokg(t, "", "annotate", "--gazetteer", fixtures+"/gazetteer.yaml", "--published", "2021-03-24", article, seedText, "-o", folder); code != 0 {
		t.Fatalf("annotate -o folder: exit %d: %s", code, stderr)
	}
	ids := []string{"fixture-2020-01-09-soleimani-strike-parliament-vote", "alarab-2021-03-24-us-iraq-strategic-dialogue"}
	for _, id := range ids {
		if _, err := os.Stat(filepath.Join(folder, id+".json")); err != nil {
			t.Error(err)
		}
	}
	// Label Studio: one file, a task per article; brat: a .txt and a .ann per article.
	code, stdout, stderr = geokg(t, "", "annotate", "--gazetteer", fixtures+"/gazetteer.yaml", "--published", "2021-03-24", "--to", "labelstudio", article, seedText)
	var tasks []struct {
		Data struct{ Geokg map[string]string }
	}
	if err := json.Unmarshal([]byte(stdout), &tasks); code != 0 || err != nil || len(tasks) != 2 || tasks[0].Data.Geokg["id"] != ids[0] || tasks[1].Data.Geokg["id"] != ids[1] {
		t.Errorf("annotate --to labelstudio: exit %d, %v, %d task(s) %v: %s", code, err, len(tasks), tasks, stderr)
	}
	bratDir := filepath.Join(dir, "brat")
	if code, _, stderr := geokg(t, "", "annotate", "--gazetteer", fixtures+"/gazetteer.yaml", "--published", "2021-03-24", "--to", "brat", "-o", bratDir, article, seedText); code != 0 {
		t.Fatalf("annotate --to brat: exit %d: %s", code, stderr)
	}
	if code, stdout, stderr := geokg(t, "", "validate", bratDir); code != 0 || !strings.Contains(stdout, "2 article(s)") || !strings.Contains(stdout, "0 error(s), 0 warning(s)") {
		t.Errorf("validate %s: exit %d: %s %s", bratDir, code, stdout, stderr)
	}
}

func TestAnnotateErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"annotate", seedText}, "--published"},
		{[]string{"annotate", "--published", "2021-03-24", "--gazetteer", fixtures + "/articles", seedText}, "--gazetteer"},
		{[]string{"annotate", "--published", "2021-03-24", "--gazetteer", fixtures + "/articles/fixture-2020-01-09-soleimani-strike-parliament-vote.en.json", seedText}, "not a gazetteer"},
		{[]string{"annotate", "--published", "2021-03-24", fixtures + "/articles/fixture-2020-01-09-soleimani-strike-parliament-vote.en.json"}, "annotated already"},
		{[]string{"annotate", "--published", "2021-03-24", "no-such-file.txt"}, "no-such-file.txt"},
		{[]string{"annotate", "--published", "2021-03-24", "-"}, "-: no text"},
		{[]string{"annotate", "--published", "2021-03-24", "--language", "english", seedText}, "/article/language"},
		{[]string{"annotate", "--published", "2021-03-24", "--to", "doccano", seedText}, "--to \"doccano\""},
		{[]string{"annotate", "--published", "2021-03-24", "--to", "brat", seedText}, "--to brat needs -o"},
	} {
		code, _, stderr := geokg(t, "", tc.args...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, %q; want exit 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
}

// TestAnnotateFromStore drafts the seed article knowing only the entities
// of the fixture store that its words name (--from-store): the same draft
// as knowing the whole gazetteer.
func TestAnnotateFromStore(t *testing.T) {
	db := importedDB(t)
	code, fromStore, stderr := geokg(t, db, "annotate", "--from-store", "--published", "2021-03-24", seedText)
	if code != 0 {
		t.Fatalf("annotate --from-store: exit %d: %s", code, stderr)
	}
	code, fromGazetteer, stderr := geokg(t, "", "annotate", "--gazetteer", fixtures+"/gazetteer.yaml", "--published", "2021-03-24", seedText)
	if code != 0 {
		t.Fatalf("annotate --gazetteer: exit %d: %s", code, stderr)
	}
	if !strings.Contains(fromStore, `"key": "Q796"`) || fromStore != fromGazetteer {
		t.Errorf("from the store:\n%.600s\nfrom the gazetteer:\n%.600s", fromStore, fromGazetteer)
	}
}

// bareArticle writes into dir the article of an English fixture without its
// annotations, as a native JSON file to draft, and returns its path.
func bareArticle(t *testing.T, dir string) string {
	t.Helper()
	var fixture map[string]any
	if err := json.Unmarshal(readFile(t, fixtures+"/articles/fixture-2020-01-09-soleimani-strike-parliament-vote.en.json"), &fixture); err != nil {
		t.Fatal(err)
	}
	bare, _ := json.Marshal(map[string]any{"geokg": 1, "article": fixture["article"]})
	article := filepath.Join(dir, "bare.json")
	if err := os.WriteFile(article, bare, 0o644); err != nil {
		t.Fatal(err)
	}
	return article
}

// TestAnnotateRoundTrip drafts the seed article (and an English article
// with a title and a source) in the native format, for Label Studio and
// for brat, reads the review files back with the readers of those formats,
// and checks that they give the native draft item by item, and that
// importing them after the native draft replaces it.
func TestAnnotateRoundTrip(t *testing.T) {
	t.Run("ar", func(t *testing.T) { roundTrip(t, seedText) })
	t.Run("en", func(t *testing.T) { roundTrip(t, bareArticle(t, t.TempDir())) })
}

func roundTrip(t *testing.T, input string) {
	dir := t.TempDir()
	annotate := func(args ...string) {
		t.Helper()
		args = append([]string{"annotate", "--gazetteer", fixtures + "/gazetteer.yaml", "--published", "2021-03-24", input}, args...)
		if code, _, stderr := geokg(t, "", args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
	}
	nativeFile := filepath.Join(dir, "draft.json")
	annotate("-o", nativeFile)
	docs, probs := annotation.ParseNative(nativeFile, readFile(t, nativeFile), annotation.Checker{Vocabulary: ontology.Default()})
	if len(probs) > 0 || len(docs) != 1 || len(docs[0].Relations) == 0 {
		t.Fatalf("native draft: %d document(s), problems %v", len(docs), probs)
	}
	native := docs[0]

	// Label Studio imports the draft as predictions; its JSON export puts
	// what a reviewer submitted under "annotations". A reviewer who accepts
	// every prediction submits its results as they are: the test makes that
	// export by moving each task's predictions to its annotations.
	lsFile := filepath.Join(dir, "tasks.json")
	annotate("--to", "labelstudio", "-o", lsFile)
	var tasks []map[string]any
	if err := json.Unmarshal(readFile(t, lsFile), &tasks); err != nil {
		t.Fatal(err)
	}
	if len(tasks) != 1 || tasks[0]["annotations"] != nil {
		t.Fatalf("want one task without annotations, got %d: %.300v", len(tasks), tasks)
	}
	preds, _ := tasks[0]["predictions"].([]any)
	pred, _ := preds[0].(map[string]any)
	results, _ := pred["result"].([]any)
	if len(preds) != 1 || pred["model_version"] != "geokg-draft" || pred["score"] == nil || len(results) != len(native.Relations)+countMentions(native) {
		t.Fatalf("predictions: %.300v", preds)
	}
	// The shape of Label Studio's labels and relation results, on the
	// Labels control "label" of the Text object "text".
	m := native.Entities[0]
	labelsResult := results[0].(map[string]any)
	score, _ := labelsResult["score"].(float64)
	meta, _ := labelsResult["meta"].(map[string]any)
	delete(labelsResult, "score")
	delete(labelsResult, "meta")
	labels, _ := json.Marshal(labelsResult)
	wantLabels := fmt.Sprintf(`{"from_name":"label","id":"m1","to_name":"text","type":"labels","value":{"end":%d,"labels":[%q],"start":%d,"text":%q}}`,
		*m.Mentions[0].End, m.Kind, *m.Mentions[0].Start, m.Mentions[0].Text)
	if string(labels) != wantLabels || score <= 0 || score > 1 {
		t.Errorf("first result (score %v):\n%s\nwant\n%s", score, labels, wantLabels)
	}
	note, _ := meta["text"].([]any)
	fields, err := standoff.ParseNote(fmt.Sprint(note...))
	wantFields := []standoff.Field{{Key: "key", Value: m.Key}}
	if m.Wikidata != "" {
		wantFields = append(wantFields, standoff.Field{Key: "wikidata", Value: m.Wikidata})
	}
	for _, l := range slices.Sorted(maps.Keys(m.Names)) {
		wantFields = append(wantFields, standoff.Field{Key: "name." + l, Value: m.Names[l]})
	}
	if err != nil || len(note) != 1 || !slices.Equal(fields, wantFields) {
		t.Errorf("first result's meta: %v (%v), want the note %v", meta, err, wantFields)
	}
	labelsResult["score"], labelsResult["meta"] = score, meta
	rel := results[len(results)-len(native.Relations)].(map[string]any)
	if rel["type"] != "relation" || rel["direction"] != "right" || !reflect.DeepEqual(rel["labels"], []any{native.Relations[0].Type}) || rel["from_id"] == nil || rel["to_id"] == nil {
		t.Errorf("first relation result: %v", rel)
	}
	tasks[0]["annotations"] = []any{map[string]any{"result": results, "was_cancelled": false, "ground_truth": false}}
	delete(tasks[0], "predictions")
	exported, _ := json.Marshal(tasks)
	exportFile := filepath.Join(dir, "export.json")
	if err := os.WriteFile(exportFile, exported, 0o644); err != nil {
		t.Fatal(err)
	}
	docs, probs = labelstudio.Parse(exportFile, exported, nil)
	if len(probs) > 0 || len(docs) != 1 {
		t.Fatalf("Label Studio export: %d document(s), problems %v", len(docs), probs)
	}
	sameDraft(t, "labelstudio", native, docs[0])

	bratDir := filepath.Join(dir, "brat")
	annotate("--to", "brat", "-o", bratDir)
	annFile := filepath.Join(bratDir, native.Article.ID+".ann")
	docs, probs = brat.Reader{}.Read(annFile, readFile(t, annFile))
	if len(probs) > 0 || len(docs) != 1 {
		t.Fatalf("brat: %d document(s), problems %v", len(docs), probs)
	}
	sameDraft(t, "brat", native, docs[0])

	// The reviewed files carry the draft's article id: accepted as they are,
	// they replace the draft with the same graph, no longer drafts;
	// corrected (a reviewer deletes a relation), one replaces the draft,
	// leaving the store as the corrected file alone makes it: no
	// duplicates.
	store := func(name string) (load func(file string) (importer.Summary, graph.Stats), drafts func() int) {
		s, err := embedded.Open(context.Background(), filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		imp := &importer.Importer{Store: s, Vocabulary: ontology.Default()}
		return func(file string) (importer.Summary, graph.Stats) {
				t.Helper()
				sum, err := imp.Run(context.Background(), []string{file})
				if err != nil || sum.Failed != 0 || sum.Articles != 1 {
					t.Fatalf("import %s: %v, %+v", file, err, sum)
				}
				st, err := s.Stats(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				return sum, st
			}, func() int {
				t.Helper()
				rs, err := s.Relations(context.Background(), graph.RelationQuery{})
				if err != nil {
					t.Fatal(err)
				}
				n := 0
				for _, r := range rs {
					if r.Draft {
						n++
					}
				}
				return n
			}
	}
	load, drafts := store("g.db")
	sum, first := load(nativeFile)
	if sum.Imported != 1 || sum.Relations != len(native.Relations) || first.Sources != 1 || first.Entities != len(native.Entities) {
		t.Fatalf("the native draft imports as %+v: %+v", sum, first)
	}
	for _, file := range []string{exportFile, annFile} {
		load(nativeFile)
		if n := drafts(); n != first.Relations {
			t.Fatalf("after the native draft: %d events are drafts, want %d", n, first.Relations)
		}
		if sum, st := load(file); sum.Replaced != 1 || !reflect.DeepEqual(st, first) {
			t.Errorf("import %s: %+v; the store holds %+v, after the native draft %+v", file, sum, st, first)
		}
		if n := drafts(); n != 0 {
			t.Errorf("import %s: %d events are still drafts", file, n)
		}
	}
	annotated := tasks[0]["annotations"].([]any)[0].(map[string]any)
	if last := results[len(results)-1].(map[string]any); last["type"] != "relation" {
		t.Fatalf("the last result is not a relation: %v", last)
	}
	annotated["result"] = results[:len(results)-1]
	corrected, _ := json.Marshal(tasks)
	correctedFile := filepath.Join(dir, "corrected.json")
	if err := os.WriteFile(correctedFile, corrected, 0o644); err != nil {
		t.Fatal(err)
	}
	sum, replaced := load(correctedFile)
	loadAlone, _ := store("alone.db")
	_, alone := loadAlone(correctedFile)
	if sum.Replaced != 1 || sum.Relations != len(native.Relations)-1 || !reflect.DeepEqual(replaced, alone) {
		t.Errorf("import of the corrected export: %+v; the store holds %+v, the corrected export alone makes %+v", sum, replaced, alone)
	}
}

// sameDraft checks, item by item, that a document read from a review
// format is the native draft: the article, the entities (key, kind,
// Wikidata id, names, mention spans) and the relations (every field).
func sameDraft(t *testing.T, format string, want, got annotation.Document) {
	t.Helper()
	a, b := *want.Article, *got.Article
	if a.Status != annotation.StatusDraft || b.Status != "" {
		t.Errorf("%s: status %q, of the draft %q; want none, and draft", format, b.Status, a.Status)
	}
	a.Status = "" // a file to review is not marked a draft: what a reviewer accepts is reviewed
	if a != b {
		t.Errorf("%s: article %+v, want %+v", format, b, a)
	}
	if len(got.Entities) != len(want.Entities) {
		t.Errorf("%s: %d entities, want %d", format, len(got.Entities), len(want.Entities))
	}
	for i := range min(len(got.Entities), len(want.Entities)) {
		w, g := want.Entities[i], got.Entities[i]
		if g.Key != w.Key || g.Kind != w.Kind || g.Wikidata != w.Wikidata || g.KeyMadeUp || !maps.Equal(g.Names, w.Names) {
			t.Errorf("%s: entity %d is %s (%s, %q, %v), want %s (%s, %q, %v)", format, i, g.Key, g.Kind, g.Wikidata, g.Names, w.Key, w.Kind, w.Wikidata, w.Names)
		}
		if gm, wm := spans(g.Mentions), spans(w.Mentions); !slices.Equal(gm, wm) {
			t.Errorf("%s: mentions of %s are %v, want %v", format, w.Key, gm, wm)
		}
	}
	if len(got.Relations) != len(want.Relations) {
		t.Errorf("%s: %d relations, want %d", format, len(got.Relations), len(want.Relations))
	}
	for i := range min(len(got.Relations), len(want.Relations)) {
		w, _ := json.Marshal(want.Relations[i])
		g, _ := json.Marshal(got.Relations[i])
		if string(g) != string(w) {
			t.Errorf("%s: relation %d is\n%s\nwant\n%s", format, i, g, w)
		}
	}
}

func spans(ms []annotation.Span) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = fmt.Sprintf("%d-%d %s", *m.Start, *m.End, m.Text)
	}
	return out
}

func countMentions(d annotation.Document) int {
	n := 0
	for _, e := range d.Entities {
		n += len(e.Mentions)
	}
	return n
}

func readFile(t *testing.T, file string) []byte {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
