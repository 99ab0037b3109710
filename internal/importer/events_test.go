package importer_test

import (
	"context"
	"os"
	"path/filepath"
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
