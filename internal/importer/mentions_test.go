package importer_test

import (
	"archive/zip"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/importer"
	"github.com/geokg/geokg/internal/ontology"
)

const (
	mentionsFile = "20200103171500.mentions.CSV"
	mentionsID   = "gdelt:gdelt-20200103171500.mentions"
	// The SOURCEURL of the export's line 1, which the mentions' line 1
	// mentions again.
	line1URL = "https://example.org/news/2020/01/03/us-air-strike-baghdad-airport"
)

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func exportInput(t *testing.T) importer.Input {
	return importer.Bytes("20200103.export.CSV", readFile(t, filepath.Join(fixtures, "events", "20200103.export.CSV")))
}

func mentionsInput(t *testing.T) importer.Input {
	return importer.Bytes(mentionsFile, readFile(t, filepath.Join(fixtures, "gdelt", mentionsFile)))
}

func runInputs(t *testing.T, s graph.Store, inputs ...importer.Input) importer.Summary {
	t.Helper()
	sum, err := (&importer.Importer{Store: s, Vocabulary: ontology.Default()}).RunInputs(context.Background(), inputs)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

// events returns the store's events.
func events(t *testing.T, s graph.Store) []graph.Relation {
	t.Helper()
	rs, err := s.Relations(context.Background(), graph.RelationQuery{})
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// graphJSON is every event of the store, for comparing two stores.
func graphJSON(t *testing.T, s graph.Store) string {
	t.Helper()
	b, err := json.Marshal(events(t, s))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// eventOf returns the event whose evidence carries ref (the export's row
// of a GLOBALEVENTID), and how often its evidence gives url.
func eventOf(t *testing.T, s graph.Store, ref, url string) (graph.Relation, int) {
	t.Helper()
	for _, e := range events(t, s) {
		found, n := false, 0
		for _, ev := range e.Evidence {
			found = found || ev.Ref == ref
			if ev.URL == url {
				n++
			}
		}
		if found {
			return e, n
		}
	}
	t.Fatalf("no event of %s", ref)
	return graph.Relation{}, 0
}

// checkMentioned checks the events of the export and its mentions
// (fixtures/gdelt/README.md): the mentions are reports of the export's
// events, none a new event, a URL already reported not counted twice.
func checkMentioned(t *testing.T, s graph.Store, exportEvents int) {
	t.Helper()
	if n := len(events(t, s)); n != exportEvents {
		t.Errorf("%d events, the export alone has %d: mentions made events of their own", n, exportEvents)
	}
	strike, repeated := eventOf(t, s, "gdelt:904512001", line1URL)
	if strike.Reports != 5 || repeated != 1 {
		t.Errorf("the strike of lines 1–3: %d reports, its first URL given %d times; want 5 reports (3 rows, 2 new mentions), the URL once",
			strike.Reports, repeated)
	}
	for ref, want := range map[string]int{"gdelt:904514001": 2, "gdelt:904515002": 2, "gdelt:904516044": 2, "gdelt:904514210": 1} {
		if e, _ := eventOf(t, s, ref, ""); e.Reports != want {
			t.Errorf("the event of %s: %d reports, want %d", ref, e.Reports, want)
		}
	}
	// The threat of line 5: its mention's day, confidence and offsets.
	threat, _ := eventOf(t, s, "gdelt:904514001", "")
	var quote string
	for _, ev := range threat.Evidence {
		if ev.Article == mentionsID {
			quote = ev.Quote
			if ev.URL != "https://example.org/ar/2020/01/03/iran-warns-washington" || ev.Published != "2020-01-03" || ev.Confidence != 0.9 || ev.Start != -1 {
				t.Errorf("the mention of the threat: %+v", ev)
			}
		}
	}
	if !strings.Contains(quote, "Actor1 at character 0, Actor2 at character 25, action at character 9; confidence 90%") {
		t.Errorf("the mention's quote: %q", quote)
	}
}

// unknownWarning returns the one warning about the mentions of events the
// graph does not hold.
func unknownWarning(t *testing.T, sum importer.Summary) annotation.Problem {
	t.Helper()
	var found []annotation.Problem
	for _, p := range sum.Problems.Warnings() {
		if strings.Contains(p.Message, "the graph does not hold") {
			found = append(found, p)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d warnings of unknown events, want 1: %v", len(found), sum.Problems)
	}
	return found[0]
}

// An export and its mentions in one run, the mentions given first: the
// mentions wait for the events, and become reports of them; the two
// mentions of events the export does not give (one skipped, one of
// another file) are one warning.
func TestMentionsInOneRun(t *testing.T) {
	alone := openStore(t)
	runInputs(t, alone, exportInput(t))
	s := openStore(t)
	sum := runInputs(t, s, mentionsInput(t), exportInput(t))
	if sum.Datasets != 2 || sum.Imported != 2 || sum.Errors != 0 {
		t.Fatalf("summary: %+v", sum)
	}
	w := unknownWarning(t, sum)
	if w.File != mentionsFile || !strings.Contains(w.Message, "2 of the 8 mentions are of 2 events the graph does not hold (gdelt:904515801, gdelt:904517777)") {
		t.Errorf("warning: %v", w)
	}
	checkMentioned(t, s, len(events(t, alone)))
}

// Mentions of events an earlier import stored find them as in one run;
// importing the mentions again, the export again, or the mentions zipped
// changes nothing; removing the mentions takes back exactly their reports.
func TestMentionsLater(t *testing.T) {
	together := openStore(t)
	runInputs(t, together, exportInput(t), mentionsInput(t))
	want := graphJSON(t, together)

	s := openStore(t)
	runInputs(t, s, exportInput(t))
	exportOnly := graphJSON(t, s)
	exportEvents := len(events(t, s))
	if sum := runInputs(t, s, mentionsInput(t)); sum.Imported != 1 || sum.Relations != 5 || sum.Errors != 0 {
		t.Fatalf("importing the mentions: %+v", sum)
	}
	checkMentioned(t, s, exportEvents)
	if got := graphJSON(t, s); got != want {
		t.Errorf("the export then its mentions differ from the two in one run:\n%s\nwant\n%s", got, want)
	}

	zipped := filepath.Join(t.TempDir(), mentionsFile+".zip")
	f, err := os.Create(zipped)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	w, err := zw.Create(mentionsFile)
	if err == nil {
		_, err = w.Write(readFile(t, filepath.Join(fixtures, "gdelt", mentionsFile)))
	}
	if err != nil || zw.Close() != nil || f.Close() != nil {
		t.Fatalf("writing the zip: %v", err)
	}
	for name, again := range map[string]func() importer.Summary{
		"the mentions":        func() importer.Summary { return runInputs(t, s, mentionsInput(t)) },
		"the export":          func() importer.Summary { return runInputs(t, s, exportInput(t)) },
		"both":                func() importer.Summary { return runInputs(t, s, exportInput(t), mentionsInput(t)) },
		"the mentions zipped": func() importer.Summary { return run(t, s, zipped) },
	} {
		sum := again()
		if sum.Unchanged != sum.Datasets || sum.Datasets == 0 || sum.Errors != 0 {
			t.Errorf("importing %s again: %+v", name, sum)
		}
		if got := graphJSON(t, s); got != want {
			t.Errorf("importing %s again changed the graph", name)
		}
	}

	if ok, err := s.RemoveSource(context.Background(), mentionsID); !ok || err != nil {
		t.Fatalf("RemoveSource: %v, %v", ok, err)
	}
	if got := graphJSON(t, s); got != exportOnly {
		t.Errorf("without the mentions the graph is not the export's:\n%s\nwant\n%s", got, exportOnly)
	}
}

// Mentions of no event the graph holds are an error, and nothing is
// stored; once the export is imported, importing them again adds them.
func TestMentionsUnknownEvents(t *testing.T) {
	s := openStore(t)
	sum := runInputs(t, s, mentionsInput(t))
	errs := sum.Problems.Errors()
	if len(errs) != 1 || !strings.Contains(errs[0].Message, "none of the 8 mentions") || !strings.Contains(errs[0].Message, "8 are of events the graph does not hold") {
		t.Fatalf("problems: %v", sum.Problems)
	}
	if srcs, err := s.Sources(context.Background()); err != nil || len(srcs) != 0 {
		t.Fatalf("sources after the error: %v, %v", srcs, err)
	}
	runInputs(t, s, exportInput(t))
	if sum := runInputs(t, s, mentionsInput(t)); sum.Imported != 1 || sum.Relations != 5 {
		t.Errorf("the mentions after the export: %+v", sum)
	}
}
