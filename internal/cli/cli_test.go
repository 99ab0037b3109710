package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/geokg/geokg/internal/cli"
	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/ontology"
	"github.com/geokg/geokg/internal/query"
)

const fixtures = "../../fixtures"

// geokg runs the CLI in-process and returns its exit code, stdout and
// stderr.
func geokg(t *testing.T, db string, args ...string) (int, string, string) {
	t.Helper()
	return geokgEnv(t, map[string]string{"GEOKG_DB": db}, args...)
}

// geokgEnv is geokg with these environment variables.
func geokgEnv(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := cli.Run(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

var (
	fixtureDB   string
	fixtureOnce sync.Once
)

// importedDB returns a store file holding the fixtures, imported once per
// test binary and copied for each test.
func importedDB(t *testing.T) string {
	t.Helper()
	fixtureOnce.Do(func() {
		dir, err := os.MkdirTemp("", "geokg-cli")
		if err != nil {
			t.Fatal(err)
		}
		fixtureDB = filepath.Join(dir, "fixtures.db")
		code, _, stderr := geokg(t, fixtureDB, "import", fixtures+"/gazetteer.yaml", fixtures+"/articles", fixtures+"/events")
		if code != 0 {
			t.Fatalf("import exit %d: %s", code, stderr)
		}
	})
	db := filepath.Join(t.TempDir(), "g.db")
	data, err := os.ReadFile(fixtureDB)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(db, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return db
}

// extra is the folder of the articles written for these tests
// (testdata/extra/README.md), imported on top of the fixtures to make what
// the bundled data does not have.
const extra = "testdata/extra"

// importedWith returns a copy of importedDB with the extra article file
// imported too.
func importedWith(t *testing.T, file string) string {
	t.Helper()
	db := importedDB(t)
	if code, _, stderr := geokg(t, db, "import", extra+"/"+file); code != 0 {
		t.Fatalf("import %s: exit %d: %s", file, code, stderr)
	}
	return db
}

func TestImportSummary(t *testing.T) {
	db := filepath.Join(t.TempDir(), "g.db")
	code, out, stderr := geokg(t, db, "--json", "import", fixtures+"/gazetteer.yaml", fixtures+"/articles")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var sum struct {
		Articles, Gazetteers, Imported, Relations, Errors int
	}
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatalf("--json output is not JSON: %v\n%s", err, out)
	}
	articles, err := filepath.Glob(fixtures + "/articles/*.json")
	if err != nil || len(articles) == 0 {
		t.Fatalf("the fixture articles: %v, %v", articles, err)
	}
	if sum.Articles != len(articles) || sum.Gazetteers != 1 || sum.Imported != len(articles)+1 || sum.Relations == 0 || sum.Errors != 0 {
		t.Errorf("summary = %+v, of %d articles and a gazetteer", sum, len(articles))
	}
	code, out, _ = geokg(t, db, "import", fixtures+"/gazetteer.yaml", fixtures+"/articles")
	if want := fmt.Sprintf("%d unchanged", len(articles)+1); code != 0 || !strings.Contains(out, want) {
		t.Errorf("second import: exit %d, %q; want %s", code, out, want)
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	dir := t.TempDir()
	bad := `{"geokg": 1, "article": {"id": "x", "language": "en", "published": "2021-02-30", "text": "Iraq and Iran."},
 "entities": [{"key": "Q796", "kind": "country", "names": {"en": "Iraq"}, "mentions": [{"start": 0, "end": 5, "text": "Iraq"}]}],
 "relations": [{"id": "r1", "type": "threatns", "source": "Q796", "target": "Q794", "evidence": {"start": 0, "end": 14, "text": "Iraq and Iran."}}]}`
	path := filepath.Join(dir, "bad.json")
	os.WriteFile(path, []byte(bad), 0o644)
	db := filepath.Join(t.TempDir(), "g.db")
	code, _, stderr := geokg(t, db, "validate", path)
	if code != 2 {
		t.Fatalf("exit %d, want 2", code)
	}
	for _, want := range []string{"/article/published", "/entities/0/mentions/0/text", "/relations/0/type", `did you mean "threatens"`, "/relations/0/target"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if _, err := os.Stat(db); err == nil {
		t.Errorf("validate created the store file")
	}
}

func TestQueries(t *testing.T) {
	db := importedDB(t)
	t.Run("PathKataibHezbollahToUS", func(t *testing.T) {
		code, out, stderr := geokg(t, db, "--json", "path", "كتائب حزب الله", "United States")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		var resp struct {
			From  struct{ ID string }
			Paths []struct {
				Nodes []struct{ ID string }
			}
		}
		json.Unmarshal([]byte(out), &resp)
		if resp.From.ID != "kataib-hezbollah" || len(resp.Paths) == 0 {
			t.Fatalf("from %q, %d paths", resp.From.ID, len(resp.Paths))
		}
		last := resp.Paths[0].Nodes[len(resp.Paths[0].Nodes)-1]
		if last.ID != "Q30" {
			t.Errorf("path ends at %s, want Q30", last.ID)
		}
	})
	t.Run("TimelineTable", func(t *testing.T) {
		code, out, stderr := geokg(t, db, "timeline", "Q30", "Iraq", "--types", "signs,negotiates_with", "--until", "2020")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		i2008, i2020 := strings.Index(out, "2008"), strings.Index(out, "2020-06")
		if i2008 < 0 || i2020 < 0 || i2008 > i2020 {
			t.Errorf("timeline does not list 2008 before 2020-06:\n%s", out)
		}
	})
	t.Run("SameAnswerAsJSON", func(t *testing.T) {
		_, a, _ := geokg(t, db, "--json", "entity", "واشنطن")
		_, b, _ := geokg(t, db, "--json", "entity", "Q30")
		if a != b || !strings.Contains(a, `"id": "Q30"`) {
			t.Errorf("واشنطن and Q30 differ:\n%s\n%s", a, b)
		}
	})
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"UnknownEntity", []string{"entity", "Atlantis"}, 3, "no entity is named"},
		{"UnknownFrom", []string{"path", "Atlantis", "Q30"}, 3, `FROM: no entity is named "Atlantis"`},
		{"UnknownTo", []string{"path", "Q30", "Atlantis"}, 3, `TO: no entity is named "Atlantis"`},
		{"UnknownWith", []string{"timeline", "Q30", "Atlantis"}, 3, `WITH: no entity is named "Atlantis"`},
		{"BadRange", []string{"path", "Iran", "Q30", "--max-hops", "9"}, 2, "invalid --max-hops"},
		{"BadRangeArabicIndic", []string{"path", "Iran", "Q30", "--max-hops", "٩"}, 2, "invalid --max-hops"},
		{"NotANumber", []string{"path", "Iran", "Q30", "--k", "three"}, 2, "want a number"},
		{"MisspeltType", []string{"timeline", "Q30", "--types", "threatns"}, 2, "threatens"},
		{"UnknownFlag", []string{"path", "Iran", "Q30", "--colour", "red"}, 2, "colour"},
		{"UnknownCommand", []string{"frobnicate"}, 2, "frobnicate"},
		{"UnknownStore", []string{"--store", "mongo", "stats"}, 2, "embedded or neo4j"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := geokg(t, db, tc.args...)
			if code != tc.code || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want exit %d mentioning %q", code, stderr, tc.code, tc.want)
			}
		})
	}
}

// TestErrorsAsTheAPI checks that a mistake in a flag is the error the
// API's parser gives for the same parameter, worded with the flag the user
// typed: as text, and with --json in the API's shape with the flag added.
func TestErrorsAsTheAPI(t *testing.T) {
	db := importedDB(t)
	for _, tc := range []struct {
		args        []string
		parse       func(url.Values) error
		raw         string
		param, flag string
		message     string // the API's message with the flag for the parameter
	}{
		{[]string{"path", "Iran", "Q30", "--max-hops", "9"}, parser(query.ParsePaths), "from=Iran&to=Q30&max_hops=9",
			"max_hops", "--max-hops", `invalid --max-hops "9": want an integer from 1 to 6`},
		{[]string{"timeline", "Q30", "--types", "threatns"}, parser(query.ParseTimeline), "entity=Q30&types=threatns",
			"types", "--types", `invalid --types: unknown relation type "threatns"; did you mean "threatens" or "threatens_military_force"?`},
		{[]string{"neighbors", "Q30", "--since", "2021", "--until", "2020-12"}, func(v url.Values) error {
			_, err := query.ParseNeighbors(nil, "Q30", v)
			return err
		}, "since=2021&until=2020-12", "until", "--until", "--until (2020-12-31) is before --since (2021-01-01)"},
		{[]string{"export", "--format", "gexf", "--depth", "2"}, parser(query.ParseExport), "format=gexf&depth=2",
			"depth", "--depth", "--depth needs entity: it shapes the neighbourhood of an entity"},
		{[]string{"entities", "Iraq", "--limit", "101"}, func(v url.Values) error {
			_, err := query.ParseSearch(v)
			return err
		}, "q=Iraq&limit=101", "limit", "--limit", `invalid --limit "101": want an integer from 1 to 100`},
	} {
		t.Run(tc.args[0], func(t *testing.T) {
			v, _ := url.ParseQuery(tc.raw)
			err := tc.parse(v)
			if err == nil {
				t.Fatalf("%s: no error", tc.raw)
			}
			api := graph.ErrorDetails(err)
			if api["parameter"] != tc.param {
				t.Fatalf("%s: the API names %v, want %s", tc.raw, api["parameter"], tc.param)
			}
			rest := maps.Clone(api)
			delete(rest, "parameter")
			want := "geokg: " + tc.message + "\n"
			if len(rest) > 0 {
				b, _ := json.Marshal(rest)
				want += "details: " + string(b) + "\n"
			}
			if code, _, stderr := geokg(t, db, tc.args...); code != 2 || stderr != want {
				t.Errorf("%v: exit %d\n%s\nwant exit 2\n%s", tc.args, code, stderr, want)
			}
			details := maps.Clone(api)
			details["flag"] = tc.flag
			wantJSON, _ := json.Marshal(map[string]any{"error": map[string]any{"code": "invalid", "message": tc.message, "details": details}})
			code, _, stderr := geokg(t, db, append([]string{"--json"}, tc.args...)...)
			var got any
			if err := json.Unmarshal([]byte(stderr), &got); err != nil {
				t.Fatalf("--json %v: stderr is not JSON: %v\n%s", tc.args, err, stderr)
			}
			gotJSON, _ := json.Marshal(got)
			if code != 2 || string(gotJSON) != string(wantJSON) {
				t.Errorf("--json %v: exit %d\n%s\nwant exit 2\n%s", tc.args, code, gotJSON, wantJSON)
			}
		})
	}
}

// TestNamesInErrors checks that the entities of an ambiguous or unknown
// name are listed one per line, and that cobra's errors are JSON with --json.
// The fixtures have no name that two entities hold at the same tier, so the
// test article adds a facility named "White House" like the gazetteer's
// government body.
func TestNamesInErrors(t *testing.T) {
	db := importedWith(t, "cli-test-white-house-building.en.json")
	code, _, stderr := geokg(t, db, "entity", "White House")
	want := `geokg: "White House" names 2 entities; use one of their ids
  white-house           White House  government_body
  white-house-building  White House  facility
`
	if code != 4 || stderr != want {
		t.Errorf("ambiguous: exit %d\n%s\nwant exit 4\n%s", code, stderr, want)
	}
	code, _, stderr = geokg(t, db, "path", "hezbollah", "Q30")
	want = `geokg: FROM: no entity is named "hezbollah"
did you mean:
  kataib-hezbollah  Kataib Hezbollah
`
	if code != 3 || stderr != want {
		t.Errorf("unknown: exit %d\n%s\nwant exit 3\n%s", code, stderr, want)
	}
	code, _, stderr = geokg(t, db, "--json", "frobnicate")
	var e struct {
		Error struct{ Code, Message string }
	}
	if code != 2 || json.Unmarshal([]byte(stderr), &e) != nil || e.Error.Code != "invalid" || !strings.Contains(e.Error.Message, "frobnicate") {
		t.Errorf("--json frobnicate: exit %d, %s", code, stderr)
	}
}

// parser returns the error of a parser that takes a vocabulary, with the
// default one.
func parser[Req any](parse func(*ontology.Vocabulary, url.Values) (Req, error)) func(url.Values) error {
	return func(v url.Values) error {
		_, err := parse(nil, v)
		return err
	}
}

// TestVocabularyFlag checks that the global --vocabulary (an ontology
// extension) and the --types filter of a query are two flags.
func TestVocabularyFlag(t *testing.T) {
	db := importedDB(t)
	const extra = "../ontology/testdata/extra.yaml"
	if code, _, stderr := geokg(t, db, "--vocabulary", extra, "path", "Iran", "Q30", "--types", "blockades,threatens"); code != 0 {
		t.Errorf("--vocabulary with --types: exit %d, %s", code, stderr)
	}
	if code, out, stderr := geokg(t, db, "--vocabulary", extra, "types"); code != 0 || !strings.Contains(out, "twinned_with") {
		t.Errorf("--vocabulary types: exit %d, %s", code, stderr)
	}
	if code, _, stderr := geokg(t, db, "path", "Iran", "Q30", "--types", "blockades"); code != 2 || !strings.Contains(stderr, "blockades") {
		t.Errorf("--types blockades without the extension: exit %d, %s; want 2", code, stderr)
	}
	if code, _, stderr := geokg(t, db, "--vocabulary", "no-such.yaml", "types"); code != 2 || !strings.Contains(stderr, "--vocabulary") {
		t.Errorf("--vocabulary of a missing file: exit %d, %s; want 2 naming the flag", code, stderr)
	}
}

// TestMissingGraph checks that a query of a store file that does not exist
// says so and does not create it.
func TestMissingGraph(t *testing.T) {
	db := filepath.Join(t.TempDir(), "none.db")
	for _, args := range [][]string{
		{"stats"},
		{"entity", "Iran"},
		{"path", "Iran", "Q30"},
		{"entities", "decisions"},
		{"export", "--format", "gexf"},
		{"serve", "--addr", "127.0.0.1:0"},
	} {
		code, _, stderr := geokg(t, db, args...)
		if want := "geokg: no graph at " + db + "; import first"; code != 3 || !strings.HasPrefix(stderr, want) {
			t.Errorf("%v: exit %d, %q; want exit 3, %q", args, code, stderr, want)
		}
		if _, err := os.Stat(db); err == nil {
			t.Fatalf("%v created %s", args, db)
		}
	}
}

// TestDocExamples validates every JSON and YAML example of docs/format.md:
// each passes without an error or a warning.
func TestDocExamples(t *testing.T) {
	doc, err := os.ReadFile("../../docs/format.md")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	n := 0
	for rest := string(doc); ; {
		_, after, ok := strings.Cut(rest, "\n```")
		if !ok {
			break
		}
		lang, after, _ := strings.Cut(after, "\n")
		block, after, ok := strings.Cut(after, "\n```\n")
		if !ok {
			t.Fatalf("an unclosed %s block", lang)
		}
		rest = after
		if lang != "json" && lang != "yaml" {
			continue
		}
		n++
		path := filepath.Join(dir, fmt.Sprintf("example%d.%s", n, lang))
		if err := os.WriteFile(path, []byte(block+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		code, out, stderr := geokg(t, filepath.Join(dir, "unused.db"), "validate", path)
		if code != 0 || !strings.Contains(out, "0 error(s), 0 warning(s)") {
			t.Errorf("example %d (%s): exit %d, %s%s\n%s", n, lang, code, out, stderr, block)
		}
	}
	if n < 2 {
		t.Fatalf("%d examples found in docs/format.md, want the article and the gazetteer", n)
	}
}

// TestTimelineAll checks that --all gives every page: the events of the
// pages one by one, and no cursor.
func TestTimelineAll(t *testing.T) {
	db := importedDB(t)
	var paged []string
	args := []string{"--json", "timeline", "Q30", "Iraq", "--limit", "7"}
	for cursor := ""; ; {
		page := args
		if cursor != "" {
			page = append(page, "--cursor", cursor)
		}
		code, out, stderr := geokg(t, db, page...)
		var resp struct {
			Events     []struct{ ID string }
			NextCursor *string `json:"next_cursor"`
		}
		if code != 0 || json.Unmarshal([]byte(out), &resp) != nil {
			t.Fatalf("%v: exit %d, %s", page, code, stderr)
		}
		for _, e := range resp.Events {
			paged = append(paged, e.ID)
		}
		if resp.NextCursor == nil {
			break
		}
		cursor = *resp.NextCursor
	}
	code, out, stderr := geokg(t, db, append(args, "--all")...)
	var all struct {
		Events     []struct{ ID string }
		NextCursor *string `json:"next_cursor"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &all) != nil {
		t.Fatalf("--all: exit %d, %s", code, stderr)
	}
	var ids []string
	for _, e := range all.Events {
		ids = append(ids, e.ID)
	}
	if len(paged) <= 7 || !slices.Equal(ids, paged) || all.NextCursor != nil {
		t.Errorf("--all: %d events, next_cursor %v; want the %d of the pages, none", len(ids), all.NextCursor, len(paged))
	}
	if _, out, _ := geokg(t, db, "timeline", "Q30", "Iraq", "--limit", "7", "--all"); strings.Contains(out, "more events") {
		t.Errorf("--all offers more events:\n%s", out)
	}
}

// TestNeighborsAll checks that the pages of a neighbourhood, by --cursor
// or all at once by --all, give the relations and entities of one page of
// it all.
func TestNeighborsAll(t *testing.T) {
	db := importedDB(t)
	type answer struct {
		Nodes      []struct{ ID string }
		Relations  []struct{ ID string }
		NextCursor *string `json:"next_cursor"`
	}
	ask := func(args ...string) answer {
		t.Helper()
		code, out, stderr := geokg(t, db, append([]string{"--json", "neighbors", "Q30", "--depth", "2"}, args...)...)
		var a answer
		if code != 0 || json.Unmarshal([]byte(out), &a) != nil {
			t.Fatalf("%v: exit %d, %s", args, code, stderr)
		}
		return a
	}
	ids := func(a answer) (rels, nodes []string) {
		for _, r := range a.Relations {
			rels = append(rels, r.ID)
		}
		for _, n := range a.Nodes {
			nodes = append(nodes, n.ID)
		}
		return rels, nodes
	}
	whole := ask("--limit", "1000")
	wantRels, wantNodes := ids(whole)
	if whole.NextCursor != nil || len(wantRels) <= 7 {
		t.Fatalf("the whole neighbourhood: %d relations, next_cursor %v", len(wantRels), whole.NextCursor)
	}
	var paged []string
	for cursor := ""; ; {
		args := []string{"--limit", "7"}
		if cursor != "" {
			args = append(args, "--cursor", cursor)
		}
		page := ask(args...)
		rels, _ := ids(page)
		paged = append(paged, rels...)
		if page.NextCursor == nil {
			break
		}
		cursor = *page.NextCursor
	}
	allRels, allNodes := ids(ask("--limit", "7", "--all"))
	if !slices.Equal(paged, wantRels) || !slices.Equal(allRels, wantRels) || !slices.Equal(allNodes, wantNodes) {
		t.Errorf("pages %v\n--all %v, nodes %v\nwant %v, nodes %v", paged, allRels, allNodes, wantRels, wantNodes)
	}
	if _, out, _ := geokg(t, db, "neighbors", "Q30", "--depth", "2", "--limit", "7"); !strings.Contains(out, "more relations: --all for every page, or the next page with\n--cursor ") {
		t.Errorf("a first page does not offer the next:\n%s", out)
	}
	if _, out, _ := geokg(t, db, "neighbors", "Q30", "--depth", "2", "--limit", "7", "--all"); strings.Contains(out, "more relations") {
		t.Errorf("--all offers more relations:\n%s", out)
	}
}

// TestNothingMatched checks that an empty answer says so, and why where it
// can be known.
func TestNothingMatched(t *testing.T) {
	db := importedDB(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"path", "Ali Khamenei", "Joe Biden", "--max-hops", "1", "--types", "threatens"}, "no path from Ali Khamenei to Joe Biden with --max-hops 1 --types threatens; a path is at most --max-hops long (4 unless given, at most 6)\n"},
		{[]string{"neighbors", "Iran", "--types", "signs"}, "no relation of Iran with --types signs\n"},
		{[]string{"entities", "zzzzqqq"}, "no entity matches\n"},
	} {
		if code, out, stderr := geokg(t, db, tc.args...); code != 0 || out != tc.want {
			t.Errorf("%v: exit %d, %q (%s); want %q", tc.args, code, out, stderr, tc.want)
		}
	}
}

// Numbers typed in Arabic-Indic digits are numbers.
func TestArabicIndicFlags(t *testing.T) {
	db := importedDB(t)
	code, stdout, stderr := geokg(t, db, "--json", "path", "Iran", "Q30", "--k", "٢", "--per-hop", "١", "--min-confidence", "٠٫٥")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var res query.PathsResponse
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Paths) != 2 {
		t.Fatalf("%d routes, want 2", len(res.Paths))
	}
	for _, p := range res.Paths {
		for _, h := range p.Hops {
			if len(h.Relations) != 1 || h.Relations[0].Confidence < 0.5 {
				t.Fatalf("a hop lists %d relations (want 1, at least 0.5 confident): %+v", len(h.Relations), h.Relations)
			}
		}
	}
}

// A brat article without a publication date imports with a warning, its
// reports undated, and takes one from --published; bad --published and
// --language values name the flag.
func TestPublishedFlag(t *testing.T) {
	dir := t.TempDir()
	const name = "alarab-2021-03-24-us-iraq-strategic-dialogue.ar"
	for _, ext := range []string{".ann", ".txt"} {
		data, err := os.ReadFile(fixtures + "/brat/" + name + ext)
		if err != nil {
			t.Fatal(err)
		}
		if ext == ".ann" {
			data = []byte(strings.Replace(string(data), "published=2021-03-24", "", 1))
		}
		if err := os.WriteFile(filepath.Join(dir, name+ext), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ann := filepath.Join(dir, name+".ann")
	if code, _, stderr := geokg(t, "", "validate", ann); code != 0 || !strings.Contains(stderr, "warning: the article has no published date") ||
		!strings.Contains(stderr, "or import with --published DATE") {
		t.Fatalf("validate without a date: exit %d, %s", code, stderr)
	}
	// Without a date it imports, its reports without a date of report.
	undated := filepath.Join(t.TempDir(), "g.db")
	if code, _, stderr := geokg(t, undated, "import", ann); code != 0 {
		t.Fatalf("import without a date: exit %d, %s", code, stderr)
	}
	if code, out, stderr := geokg(t, undated, "--json", "timeline", "Q30", "--reports", "--limit", "1"); code != 0 ||
		!strings.Contains(out, `"article": "`+strings.TrimSuffix(name, ".ar")+`"`) || strings.Contains(out, `"published"`) {
		t.Errorf("the undated reports: exit %d, %.600s %s", code, out, stderr)
	}
	if code, out, stderr := geokg(t, "", "validate", "--published", "2021-03-24", ann); code != 0 {
		t.Fatalf("validate --published: exit %d, %s %s", code, out, stderr)
	}
	db := filepath.Join(t.TempDir(), "g.db")
	for flag, value := range map[string]string{"--published": "2021-13-01", "--language": "Arabic"} {
		args := []string{"import", "--published", "2021-03-24", flag, value, ann}
		if code, _, stderr := geokg(t, db, args...); code != 2 || !strings.Contains(stderr, flag+` "`+value+`"`) {
			t.Errorf("a bad %s: exit %d, %s", flag, code, stderr)
		}
	}
	if code, _, stderr := geokg(t, db, "import", "--published", "٢٠٢١-٠٣-٢٤", ann); code != 0 { // Arabic-Indic digits
		t.Fatalf("import --published: exit %d, %s", code, stderr)
	}
	code, out, stderr := geokg(t, db, "--json", "timeline", "Q30", "--reports", "--limit", "1")
	if code != 0 || !strings.Contains(out, `"published": "2021-03-24"`) {
		t.Errorf("the imported reports' date: exit %d, %.400s %s", code, out, stderr)
	}
}
