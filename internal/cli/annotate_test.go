package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
	var fixture map[string]any
	data, err := os.ReadFile(fixtures + "/articles/fixture-2020-01-09-soleimani-strike-parliament-vote.en.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &fixture); err != nil {
		t.Fatal(err)
	}
	bare, _ := json.Marshal(map[string]any{"geokg": 1, "article": fixture["article"]})
	article := filepath.Join(dir, "bare.json")
	if err := os.WriteFile(article, bare, 0o644); err != nil {
		t.Fatal(err)
	}
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
	for _, id := range []string{"fixture-2020-01-09-soleimani-strike-parliament-vote", "alarab-2021-03-24-us-iraq-strategic-dialogue"} {
		if _, err := os.Stat(filepath.Join(folder, id+".json")); err != nil {
			t.Error(err)
		}
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
