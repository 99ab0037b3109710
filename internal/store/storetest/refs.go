package storetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/geokg/geokg/internal/graph"
)

// dataset is a contribution of a dataset whose one relation (id relID,
// Q30 → Q794 attacks on 2020-01-03) has a report per ref given, each with
// its ref (graph.Evidence.Ref) and a URL of its own.
func dataset(id, digest, relID string, refs ...string) *graph.Contribution {
	src := graph.Source{ID: id, Kind: graph.SourceDataset, Title: "dataset " + id, Digest: digest}
	r := rel{id: relID, typ: "attacks", src: US, tgt: IR, date: "2020-01-03", quad: 4, mod: graph.Asserted, conf: 0.5}.relation(src)
	for _, ref := range refs {
		r.Evidence = append(r.Evidence, graph.Evidence{Article: id, URL: "https://example.org/" + ref, Quote: "row " + ref,
			Start: -1, End: -1, Published: "2020-01-03", Ref: ref})
	}
	return &graph.Contribution{Source: src, Priority: 2, Relations: []graph.Relation{r}}
}

// refsOf describes what ReportsByRefs found: each ref's reports as
// source/id@event with their evidence's refs.
func refsOf(m map[string][]graph.Report, refs ...string) string {
	out := ""
	for _, ref := range refs {
		out += ref + ":"
		for _, r := range m[ref] {
			out += fmt.Sprintf(" %s %s", r.Source, r.ID)
			if r.Event == "" {
				out += " (no event)"
			}
			for _, ev := range r.Evidence {
				out += " " + ev.Ref
			}
		}
		out += ";"
	}
	return out
}

// testReportsByRefs checks graph.Lookup's ReportsByRefs: the reports whose
// evidence carries each ref, by source and id, with their event, seen by
// reads and by an import's builder alike; refs that find nothing left
// out, repeats harmless; a source replaced or removed takes its refs with
// it.
func testReportsByRefs(t *testing.T, open func(t *testing.T) graph.Store) {
	s := loaded(t, open)
	replace(t, s, dataset("gdelt:b", "b1", "gdelt:b/e1", "gdelt:1", "gdelt:2"))
	replace(t, s, dataset("gdelt:a", "a1", "gdelt:a/e1", "gdelt:2"))
	refs := []string{"gdelt:2", "gdelt:1", "gdelt:9", "", "gdelt:1"}
	want := "gdelt:1: gdelt:b gdelt:b/e1 gdelt:1 gdelt:2;gdelt:2: gdelt:a gdelt:a/e1 gdelt:2 gdelt:b gdelt:b/e1 gdelt:1 gdelt:2;gdelt:9:;"
	got, err := s.ReportsByRefs(ctx, refs)
	if err != nil {
		t.Fatalf("ReportsByRefs: %v", err)
	}
	if g := refsOf(got, "gdelt:1", "gdelt:2", "gdelt:9"); g != want {
		t.Errorf("ReportsByRefs = %s\nwant %s", g, want)
	}
	if _, ok := got["gdelt:9"]; ok || len(got) != 2 {
		t.Errorf("ReportsByRefs holds %d refs, want the 2 found", len(got))
	}
	if r := got["gdelt:1"]; len(r) == 1 && (r[0].Type != "attacks" || r[0].From != US || r[0].To != IR || r[0].Date.String() != "2020-01-03") {
		t.Errorf("the report of gdelt:1 = %+v", r[0].Relation)
	}
	// The two reports are of one event, which the lookup names.
	if a := got["gdelt:2"]; len(a) != 2 || a[0].Event == "" || a[0].Event != a[1].Event {
		t.Errorf("the reports of gdelt:2 are not of one event: %+v", a)
	}
	// The builder of an import sees the same.
	_, err = s.Import(ctx, "gdelt:c", func(ctx context.Context, l graph.Lookup) (*graph.Contribution, error) {
		in, err := l.ReportsByRefs(ctx, refs)
		if err != nil {
			return nil, err
		}
		if g := refsOf(in, "gdelt:1", "gdelt:2", "gdelt:9"); g != want {
			t.Errorf("ReportsByRefs in an import = %s\nwant %s", g, want)
		}
		return dataset("gdelt:c", "c1", "gdelt:c/e1", "gdelt:3"), nil
	})
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	for _, none := range [][]string{nil, {}, {""}} {
		if m, err := s.ReportsByRefs(ctx, none); err != nil || len(m) != 0 {
			t.Errorf("ReportsByRefs(%q) = %v, %v; want nothing", none, m, err)
		}
	}
	// A new version of a source without a ref, and a source removed, no
	// longer have theirs.
	replace(t, s, dataset("gdelt:b", "b2", "gdelt:b/e1", "gdelt:1"))
	if _, err := s.RemoveSource(ctx, "gdelt:a"); err != nil {
		t.Fatal(err)
	}
	got, err = s.ReportsByRefs(ctx, []string{"gdelt:1", "gdelt:2", "gdelt:3"})
	if err != nil {
		t.Fatalf("ReportsByRefs: %v", err)
	}
	if g, w := refsOf(got, "gdelt:1", "gdelt:2", "gdelt:3"), "gdelt:1: gdelt:b gdelt:b/e1 gdelt:1;gdelt:2:;gdelt:3: gdelt:c gdelt:c/e1 gdelt:3;"; g != w {
		t.Errorf("after replacing and removing: ReportsByRefs = %s\nwant %s", g, w)
	}
}
