package importer_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/graph"
)

// GDELT emits an event again in a later 15-minute export: the same row in
// two export files is one event of one report (its URL), with the evidence
// of both files, not two events.
func TestGDELTEventInTwoExports(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(fixtures, "events", "20200103.export.CSV"))
	if err != nil {
		t.Fatal(err)
	}
	row := strings.SplitN(string(raw), "\n", 2)[0] + "\n"
	dir := t.TempDir()
	for _, name := range []string{"20200103013000.export.CSV", "20200103014500.export.CSV"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(row), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s := openStore(t)
	run(t, s, filepath.Join(fixtures, "gazetteer.yaml"))
	if sum := run(t, s, dir); sum.Imported != 2 || sum.Errors != 0 {
		t.Fatalf("importing two exports: %+v", sum)
	}
	rs, err := s.Relations(context.Background(), graph.RelationQuery{})
	if err != nil {
		t.Fatal(err)
	}
	var events []graph.Relation
	for _, r := range rs {
		for _, ev := range r.Evidence {
			if strings.HasPrefix(ev.Article, "gdelt:") {
				events = append(events, r)
				break
			}
		}
	}
	if len(events) != 1 {
		t.Fatalf("%d events from one row in two exports, want 1", len(events))
	}
	e := events[0]
	articles := map[string]bool{}
	for _, ev := range e.Evidence {
		articles[ev.Article] = true
	}
	if e.Reports != 1 || e.Sources != 1 || len(articles) != 2 || e.Joined != graph.JoinedRule {
		t.Fatalf("the event: %d reports, %d sources, evidence of %d files, joined %q; want 1, 1, 2, rule", e.Reports, e.Sources, len(articles), e.Joined)
	}
}

// icewsGraph returns the events of a store that ICEWS reports, each with
// what an analyst sees of it: type, ends, date, and how many reports,
// outlets and items of evidence it has.
func icewsGraph(t *testing.T, s graph.Store) map[string]string {
	t.Helper()
	rs, err := s.Relations(context.Background(), graph.RelationQuery{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, r := range rs {
		if len(r.Evidence) == 0 || !strings.HasPrefix(r.Evidence[0].Article, "icews:") {
			continue
		}
		out[r.ID] = fmt.Sprintf("%s %s→%s %s: %d reports, %d sources, %d evidence", r.Type, r.From, r.To, r.Date, r.Reports, r.Sources, len(r.Evidence))
	}
	return out
}

// An ICEWS story is the same document in the weekly file that first
// publishes it and in the yearly file re-released with it: importing the
// weekly file and then the release, or both in one run, gives the graph
// the release alone gives, each event reported once; importing the release
// again changes nothing.
func TestICEWSWeeklyFileAndRelease(t *testing.T) {
	release := filepath.Join(fixtures, "icews", "events.2020.20200601120000.tab")
	raw, err := os.ReadFile(release)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(raw), "\n")
	weekly := filepath.Join(t.TempDir(), "20200105-icews-events.tab")
	if err := os.WriteFile(weekly, []byte(strings.Join(lines[:5], "")), 0o644); err != nil { // the header and the three stories of 2020-01-03
		t.Fatal(err)
	}
	gazetteer := filepath.Join(fixtures, "gazetteer.yaml")

	alone := openStore(t)
	run(t, alone, gazetteer)
	sum := run(t, alone, release)
	if sum.Errors != 0 || sum.Datasets != 6 || sum.Imported != 6 {
		t.Fatalf("importing the release: %+v", sum)
	}
	want := icewsGraph(t, alone)
	if len(want) != 7 {
		t.Fatalf("%d ICEWS events, want the 7 rows with both actors: %v", len(want), want)
	}
	for id, ev := range want {
		if !strings.HasSuffix(ev, ": 1 reports, 1 sources, 1 evidence") {
			t.Errorf("event %s: %s", id, ev)
		}
	}
	t.Run("ReimportChangesNothing", func(t *testing.T) {
		before := stats(t, alone)
		again := run(t, alone, release)
		if again.Unchanged != 6 || again.Imported+again.Replaced != 0 || again.Relations != 0 || again.EntitiesNew != 0 || again.Errors != 0 {
			t.Errorf("importing the release again: %+v", again)
		}
		if after := stats(t, alone); !reflect.DeepEqual(after, before) {
			t.Errorf("stats changed: %+v → %+v", before, after)
		}
		if got := icewsGraph(t, alone); !reflect.DeepEqual(got, want) {
			t.Errorf("events changed:\n got %v\nwant %v", got, want)
		}
	})
	t.Run("WeeklyThenRelease", func(t *testing.T) {
		s := openStore(t)
		run(t, s, gazetteer)
		if sum := run(t, s, weekly); sum.Errors != 0 || sum.Imported != 3 {
			t.Fatalf("importing the weekly file: %+v", sum)
		}
		if sum := run(t, s, release); sum.Errors != 0 || sum.Unchanged != 3 || sum.Imported != 3 {
			t.Errorf("importing the release after the weekly file: %+v", sum)
		}
		if got := icewsGraph(t, s); !reflect.DeepEqual(got, want) {
			t.Errorf("events:\n got %v\nwant %v", got, want)
		}
		if a, b := stats(t, s), stats(t, alone); !reflect.DeepEqual(a, b) {
			t.Errorf("stats %+v, the release alone gives %+v", a, b)
		}
	})
	t.Run("OneRun", func(t *testing.T) {
		s := openStore(t)
		sum := run(t, s, gazetteer, weekly, release)
		if sum.Errors != 0 || sum.Datasets != 9 || sum.Imported != 1+6 || sum.Unchanged != 3 { // the gazetteer and 6 stories, 3 of them twice
			t.Errorf("importing both in one run: %+v", sum)
		}
		if got := icewsGraph(t, s); !reflect.DeepEqual(got, want) {
			t.Errorf("events:\n got %v\nwant %v", got, want)
		}
	})
	t.Run("AnotherVersionInOneRun", func(t *testing.T) {
		// A story that two files of one run give differently is one source
		// defined twice: which is meant cannot be told.
		changed := filepath.Join(t.TempDir(), "20200106-icews-events.tab")
		if err := os.WriteFile(changed, []byte(lines[0]+strings.Replace(lines[1], "\t195\t", "\t190\t", 1)), 0o644); err != nil {
			t.Fatal(err)
		}
		sum := run(t, openStore(t), weekly, changed)
		if errs := sum.Problems.Errors(); len(errs) != 1 || !strings.Contains(errs[0].Message, `source "icews:story-47900001" is also defined in `+weekly) {
			t.Errorf("problems %v", sum.Problems)
		}
	})
}

// An ACLED event is a source of its own, named by its event_id_cnty: an
// export that overlaps another gives the same sources, each event counted
// once, and a later export applies ACLED's edits of an event in place.
func TestACLEDExportsAndEdits(t *testing.T) {
	first := filepath.Join(fixtures, "acled", "acled-iraq-2019-11-01-2020-01-31.csv")
	raw, err := os.ReadFile(first)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(raw), "\n")
	s := openStore(t)
	run(t, s, filepath.Join(fixtures, "gazetteer.yaml"))
	if sum := run(t, s, first); sum.Errors != 0 || sum.Datasets != 5 || sum.Imported != 5 {
		t.Fatalf("importing the export: %+v", sum)
	}
	events := func() map[string]string {
		rs, err := s.Relations(context.Background(), graph.RelationQuery{})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, r := range rs {
			if len(r.Evidence) > 0 && strings.HasPrefix(r.Evidence[0].Article, "acled:") {
				out[r.ID] = fmt.Sprintf("%s %s→%s %s: %d reports, %d evidence: %s", r.Type, r.From, r.To, r.Date, r.Reports, len(r.Evidence), r.Evidence[0].Quote)
			}
		}
		return out
	}
	want := events()
	if len(want) != 5 {
		t.Fatalf("%d ACLED events, want 5: %v", len(want), want)
	}
	before := stats(t, s)
	if again := run(t, s, first); again.Unchanged != 5 || again.Relations != 0 || again.EntitiesNew != 0 || again.Errors != 0 {
		t.Errorf("importing the export again: %+v", again)
	}
	// A wider export: the same events and one more (of other days), in
	// another order.
	dir := t.TempDir()
	other := strings.NewReplacer("IRQ41003", "IRQ41009", "2019-12-31", "2019-12-20", "31 December", "20 December").Replace(lines[3])
	wider := append([]string{lines[0], other}, lines[1:]...)
	if err := os.WriteFile(filepath.Join(dir, "acled-middle-east.csv"), []byte(strings.Join(wider, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	if sum := run(t, s, filepath.Join(dir, "acled-middle-east.csv")); sum.Errors != 0 || sum.Unchanged != 5 || sum.Imported != 1 {
		t.Errorf("importing the wider export: %+v", sum)
	}
	got := events()
	for id, ev := range want {
		if got[id] != ev {
			t.Errorf("event %s: %s, was %s", id, got[id], ev)
		}
	}
	if after := stats(t, s); after.Sources != before.Sources+1 {
		t.Errorf("%d sources, want the %d before and one", after.Sources, before.Sources)
	}
	// ACLED edits an event: its fatalities and notes change, in place.
	edited := lines[0] + strings.Replace(lines[2], "US air strikes hit", "US air strikes on five sites hit", 1)
	if err := os.WriteFile(filepath.Join(dir, "acled-update.csv"), []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	if sum := run(t, s, filepath.Join(dir, "acled-update.csv")); sum.Errors != 0 || sum.Replaced != 1 {
		t.Errorf("importing the edit: %+v", sum)
	}
	edits := 0
	for id, ev := range events() {
		if strings.Contains(ev, "on five sites") {
			edits++
			if !strings.Contains(ev, "strikes_from_air") || !strings.Contains(ev, ": 1 reports, 1 evidence: ") {
				t.Errorf("the edited event %s: %s", id, ev)
			}
		}
	}
	if n := len(events()); edits != 1 || n != 6 {
		t.Errorf("%d edited events of %d, want 1 of 6", edits, n)
	}
}
