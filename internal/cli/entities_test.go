package cli_test

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestEntitiesSearch(t *testing.T) {
	db := importedDB(t)
	code, plain, stderr := geokg(t, db, "entities", "Iraq", "--kind", "country")
	if code != 0 || !strings.Contains(plain, "Q796") {
		t.Fatalf("entities Iraq: exit %d, %q, %s", code, plain, stderr)
	}
	for _, args := range [][]string{
		{"entities", "search", "Iraq", "--kind", "country"},
		{"entities", "--kind", "country", "Iraq"},
	} {
		if code, out, stderr := geokg(t, db, args...); code != 0 || out != plain {
			t.Errorf("%v: exit %d, %q (%s); want %q", args, code, out, stderr, plain)
		}
	}
	code, out, _ := geokg(t, db, "--json", "entities", "search", "Iraq", "--limit", "1")
	var resp struct{ Entities []struct{ ID string } }
	if code != 0 || json.Unmarshal([]byte(out), &resp) != nil || len(resp.Entities) != 1 || resp.Entities[0].ID != "Q796" {
		t.Errorf("--json entities search: exit %d, %s", code, out)
	}
	if code, _, stderr := geokg(t, db, "entities"); code != 2 || !strings.Contains(stderr, "1 arg") {
		t.Errorf("entities without a query: exit %d, %s", code, stderr)
	}
}

func decisionsOf(t *testing.T, db string) []map[string]any {
	t.Helper()
	code, out, stderr := geokg(t, db, "--json", "entities", "decisions")
	if code != 0 {
		t.Fatalf("entities decisions: exit %d, %s", code, stderr)
	}
	var resp struct{ Decisions []map[string]any }
	if err := json.Unmarshal([]byte(out), &resp); err != nil {
		t.Fatalf("decisions --json: %v\n%s", err, out)
	}
	return resp.Decisions
}

// The test article's Baghdad government is the gazetteer's Government of
// Iraq, annotated as a government body so that names do not merge it:
// merged, it stays merged when the fixtures and the article are imported
// again.
func TestEntitiesMerge(t *testing.T) {
	const article = "cli-test-iraqi-government-duplicate.en.json"
	db := importedWith(t, article)
	if ds := decisionsOf(t, db); len(ds) != 0 {
		t.Fatalf("decisions of a fresh import: %v", ds)
	}
	if code, out, _ := geokg(t, db, "entities", "decisions"); code != 0 || !strings.Contains(out, "no decisions") {
		t.Errorf("entities decisions without any: exit %d, %q", code, out)
	}
	code, out, stderr := geokg(t, db, "entities", "merge", "baghdad-government", "Government of Iraq", "--note", "one government")
	if code != 0 || !strings.Contains(out, "merged baghdad-government into iraqi-government (Government of Iraq)") {
		t.Fatalf("merge: exit %d, %q, %s", code, out, stderr)
	}
	check := func(what string) {
		t.Helper()
		// The old key names the entity it was merged into.
		code, out, stderr := geokg(t, db, "--json", "entity", "baghdad-government")
		var e struct {
			ID      string
			Aliases map[string][]string
			Counts  struct{ Sources int }
		}
		if code != 0 || json.Unmarshal([]byte(out), &e) != nil || e.ID != "iraqi-government" {
			t.Fatalf("%s: entity baghdad-government: exit %d, %s %s", what, code, out, stderr)
		}
		if !strings.Contains(strings.Join(e.Aliases["en"], "|"), "Baghdad government") {
			t.Errorf("%s: iraqi-government's aliases %v lack the article's name", what, e.Aliases)
		}
		_, out, _ = geokg(t, db, "--json", "entities", "search", "baghdad government")
		if strings.Contains(out, `"baghdad-government"`) {
			t.Errorf("%s: the merged-away entity is still found:\n%s", what, out)
		}
	}
	check("after the merge")

	again := []string{"import", fixtures + "/gazetteer.yaml", fixtures + "/articles", fixtures + "/events", extra + "/" + article}
	code, out, stderr = geokg(t, db, again...)
	// The article's entity is iraqi-government by the decision; the
	// article's contribution changed, so it is replaced.
	if code != 0 || !strings.Contains(out, "1 replaced") ||
		!strings.Contains(stderr, `"baghdad-government" is "iraqi-government" by an analyst's decision`) {
		t.Fatalf("import again: exit %d, %q\n%s", code, out, stderr)
	}
	check("after importing again")
	code, out, _ = geokg(t, db, again...)
	if code != 0 || !strings.Contains(out, " 0 imported, 0 replaced,") || !strings.Contains(out, " 0 failed") {
		t.Fatalf("import a third time: exit %d, %q; want everything unchanged", code, out)
	}

	ds := decisionsOf(t, db)
	if len(ds) != 1 || ds[0]["kind"] != "merge" || ds[0]["entity"] != "baghdad-government" || ds[0]["into"] != "iraqi-government" ||
		ds[0]["note"] != "one government" || ds[0]["at"] == "" {
		t.Fatalf("decisions: %v", ds)
	}
	_, out, _ = geokg(t, db, "entities", "decisions")
	if !strings.Contains(out, "merge") || !strings.Contains(out, "iraqi-government") || !strings.Contains(out, "one government") {
		t.Errorf("decisions table:\n%s", out)
	}
}

// The merge of the test article's Baghdad government, undone, is taken
// back at once (the article named only it) and no longer applies when the
// article is imported again.
func TestEntitiesUndo(t *testing.T) {
	const article = "cli-test-iraqi-government-duplicate.en.json"
	db := importedWith(t, article)
	if code, out, stderr := geokg(t, db, "entities", "merge", "baghdad-government", "iraqi-government"); code != 0 {
		t.Fatalf("merge: exit %d, %s %s", code, out, stderr)
	}
	code, out, stderr := geokg(t, db, "entities", "undo", "١", "--note", "two governments") // Arabic-Indic 1
	if code != 0 || out != "undid decision 1 (baghdad-government and iraqi-government)\n" {
		t.Fatalf("undo: exit %d, %q, %s", code, out, stderr)
	}
	idOf := func(ref string) string {
		t.Helper()
		code, out, stderr := geokg(t, db, "--json", "entity", ref)
		var e struct{ ID string }
		if code != 0 || json.Unmarshal([]byte(out), &e) != nil {
			t.Fatalf("entity %s: exit %d, %s", ref, code, stderr)
		}
		return e.ID
	}
	if got := idOf("baghdad-government"); got != "baghdad-government" {
		t.Fatalf("after the undo baghdad-government is %s", got)
	}
	code, out, stderr = geokg(t, db, "import", fixtures+"/gazetteer.yaml", fixtures+"/articles", fixtures+"/events", extra+"/"+article)
	if code != 0 || !strings.Contains(out, " 0 imported, 0 replaced,") || strings.Contains(stderr, "analyst's decision") {
		t.Fatalf("import again after the undo: exit %d, %q\n%s; want everything unchanged, no decision applied", code, out, stderr)
	}
	if got := idOf("baghdad-government"); got != "baghdad-government" {
		t.Fatalf("after importing again baghdad-government is %s", got)
	}
	ds := decisionsOf(t, db)
	if len(ds) != 2 || ds[1]["kind"] != "undo" || ds[1]["undoes"] != 1.0 || ds[1]["note"] != "two governments" {
		t.Fatalf("decisions: %v", ds)
	}
	if code, _, stderr := geokg(t, db, "entities", "undo", "1"); code != 4 || !strings.Contains(stderr, "decision 1 was undone by decision 2") {
		t.Errorf("undo again: exit %d, %s", code, stderr)
	}
	_, out, _ = geokg(t, db, "entities", "decisions")
	if !strings.Contains(out, "undo of 1") {
		t.Errorf("decisions table:\n%s", out)
	}
}

// The POLECAT dataset's Kata'ib Hezbollah was merged into the gazetteer's
// by name; split off, it stays apart when the fixtures are imported again.
func TestEntitiesSplit(t *testing.T) {
	db := importedDB(t)
	const polecat = "polecat:polecat-2021-07-26"
	code, out, stderr := geokg(t, db, "--json", "entities", "split", "كتائب حزب الله", "--source", polecat, "--into", "polecat-kh", "--note", "check")
	var res struct {
		Decision map[string]string
		Entity   *struct{ ID string }
		Into     struct{ ID, Kind string }
	}
	if code != 0 || json.Unmarshal([]byte(out), &res) != nil {
		t.Fatalf("split: exit %d, %s %s", code, out, stderr)
	}
	if res.Decision["source"] != polecat || res.Decision["entity"] != "kataib-hezbollah" || res.Entity == nil ||
		res.Entity.ID != "kataib-hezbollah" || res.Into.ID != "polecat-kh" || res.Into.Kind != "armed_group" {
		t.Fatalf("split: %s", out)
	}
	sources := func(ref string) int {
		t.Helper()
		code, out, stderr := geokg(t, db, "--json", "entity", ref)
		var e struct{ Counts struct{ Sources int } }
		if code != 0 || json.Unmarshal([]byte(out), &e) != nil {
			t.Fatalf("entity %s: exit %d, %s", ref, code, stderr)
		}
		return e.Counts.Sources
	}
	khSources, splitSources := sources("kataib-hezbollah"), sources("polecat-kh")
	if splitSources != 1 {
		t.Fatalf("polecat-kh has %d sources, want 1", splitSources)
	}
	code, out, stderr = geokg(t, db, "import", fixtures+"/gazetteer.yaml", fixtures+"/articles", fixtures+"/events")
	if code != 0 || !strings.Contains(out, "1 replaced") {
		t.Fatalf("import again: exit %d, %q\n%s", code, out, stderr)
	}
	if got, want := sources("kataib-hezbollah"), khSources; got != want {
		t.Errorf("after importing again kataib-hezbollah has %d sources, want %d", got, want)
	}
	if got := sources("polecat-kh"); got != 1 {
		t.Errorf("after importing again polecat-kh has %d sources, want 1", got)
	}
}

func TestEntitiesDecisionErrors(t *testing.T) {
	db := importedDB(t)
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"MergeUnknown", []string{"entities", "merge", "Atlantis", "Q30"}, 3, "no entity is named"},
		{"MergeIntoItself", []string{"entities", "merge", "Q30", "United States"}, 2, "itself"},
		{"MergeOneArg", []string{"entities", "merge", "Q30"}, 2, "2 arg"},
		{"SplitNoFlags", []string{"entities", "split", "Q30"}, 2, "required flag"},
		{"SplitUnknownSource", []string{"entities", "split", "Q30", "--source", "nowhere", "--into", "us2"}, 3, "nowhere"},
		{"SplitIntoExisting", []string{"entities", "split", "Q30", "--source", "gazetteer:fixtures", "--into", "Q796"}, 4, "already exists"},
		{"SplitBadID", []string{"entities", "split", "Q30", "--source", "gazetteer:fixtures", "--into", "United States 2"}, 2, "invalid entity id"},
		{"SplitSilentSource", []string{"entities", "split", "Q858", "--source", "gdelt:gdelt-20200103.export", "--into", "x"}, 2, "says nothing"},
		{"DecisionsArgs", []string{"entities", "decisions", "x"}, 2, "unknown command"},
		{"UndoNone", []string{"entities", "undo", "1"}, 3, "no decision 1: there are 0"},
		{"UndoNotANumber", []string{"entities", "undo", "first"}, 2, `N: "first" is not a decision number`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := geokg(t, db, tc.args...)
			if code != tc.code || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want exit %d mentioning %q", code, stderr, tc.code, tc.want)
			}
		})
	}
	if ds := decisionsOf(t, db); len(ds) != 0 {
		t.Errorf("failed decisions were recorded: %v", ds)
	}
}

// TestHelpExamples runs every example of the queries' and the decisions'
// --help on the fixtures: each names entities and sources that are there.
// The fixtures hold no duplicate to merge, so the merge example runs with
// the test article that has one (testdata/extra/README.md).
func TestHelpExamples(t *testing.T) {
	for _, cmd := range [][]string{{"path"}, {"timeline"}, {"entities"}, {"entities", "merge"}, {"entities", "split"}, {"entities", "undo"}, {"entity"}, {"neighbors"}} {
		_, help, _ := geokg(t, "", append(cmd, "--help")...)
		_, examples, ok := strings.Cut(help, "Examples:\n")
		if !ok && (cmd[0] != "entity" && cmd[0] != "neighbors") {
			t.Errorf("%v --help has no examples", cmd)
		}
		examples, _, _ = strings.Cut(examples, "\n\n")
		for _, line := range strings.Split(examples, "\n") {
			args := shellWords(line)
			if len(args) == 0 {
				continue
			}
			if args[0] != "geokg" {
				t.Fatalf("%v: example %q", cmd, line)
			}
			db := importedDB(t)
			if len(args) > 2 && args[1] == "entities" && args[2] == "merge" {
				db = importedWith(t, "cli-test-iraqi-government-duplicate.en.json")
			}
			if len(args) > 2 && args[1] == "entities" && args[2] == "undo" { // it undoes a decision: make one
				if code, _, stderr := geokg(t, db, "entities", "split", "Q30", "--source", "gazetteer:fixtures", "--into", "us-gazetteer"); code != 0 {
					t.Fatalf("the split %s undoes: exit %d: %s", line, code, stderr)
				}
			}
			if code, _, stderr := geokg(t, db, args[1:]...); code != 0 {
				t.Errorf("%s: exit %d: %s", line, code, stderr)
			}
		}
	}
}

// shellWords splits an example command line as a shell would: words and
// 'single-quoted' words, before a "  # comment".
func shellWords(line string) []string {
	line, _, _ = strings.Cut(line, "  #")
	var words []string
	var word strings.Builder
	in, quoted := false, false
	for _, r := range strings.TrimSpace(line) {
		switch {
		case r == '\'':
			quoted, in = !quoted, true
		case quoted || r != ' ':
			word.WriteRune(r)
			in = true
		case in:
			words, in = append(words, word.String()), false
			word.Reset()
		}
	}
	if in {
		words = append(words, word.String())
	}
	return words
}
