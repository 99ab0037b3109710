package storetest

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/graph"
)

// The sources of the events test: four articles and two dataset files,
// over the fixture's gazetteer.
var (
	evA = graph.Source{ID: "ev-a", Kind: "article", URL: "https://www.a.example/1", Published: "2020-01-06", Digest: "a1"}
	evB = graph.Source{ID: "ev-b", Kind: "article", URL: "https://b.example/2", Published: "2020-01-08", Digest: "b1"}
	evC = graph.Source{ID: "ev-c", Kind: "article", URL: "https://a.example/3", Published: "2020-02-01", Digest: "c1"}
	evD = graph.Source{ID: "ev-d", Kind: "article", URL: "https://d.example/4", Published: "2020-01-09", Digest: "d1"}
	// Two export files that carry the same row, reported by ev-a's URL.
	evX = graph.Source{ID: "ev-x", Kind: "dataset", Published: "2020-01-10", Digest: "x1"}
	evY = graph.Source{ID: "ev-y", Kind: "dataset", Published: "2020-01-11", Digest: "y1"}
)

// attack is a report that KH attacked the United States.
func attack(src graph.Source, id, date string, mod graph.Modality, conf float64, place string) graph.Relation {
	x := rel{id: src.ID + "/" + id, typ: "attacks", src: KH, tgt: US, date: date, quad: 4, intensity: fp(-9), mod: mod, conf: conf}
	if place != "" {
		x.parts = []graph.Participant{{Entity: place, Role: "location"}}
	}
	return x.relation(src, "KH attacked US forces.")
}

func keyed(r graph.Relation, key string) graph.Relation {
	r.EventKey = key
	return r
}

func eventSources() []*graph.Contribution {
	meets := func(src graph.Source, id, date string) graph.Relation {
		return rel{id: src.ID + "/" + id, typ: "meets", src: US, tgt: IQ, date: date, quad: 1, intensity: fp(1), mod: graph.Asserted, conf: 0.9}.
			relation(src, "The US and Iraq met.")
	}
	member := func(src graph.Source, id, date string) graph.Relation {
		return rel{id: src.ID + "/" + id, typ: "member_of", src: KH, tgt: PMF, date: date, mod: graph.Asserted, conf: 0.9}.
			relation(src, "KH is part of the PMF.")
	}
	row := func(src graph.Source) graph.Relation {
		r := attack(src, "row", "2020-01-03", graph.Asserted, 0.5, IQ)
		r.Evidence = []graph.Evidence{{Article: src.ID, URL: evA.URL, Start: -1, End: -1, Published: evA.Published}}
		return r
	}
	return []*graph.Contribution{
		{Source: evA, Priority: 1, Entities: []graph.EntityRecord{{ID: KH, Kind: "armed_group", Label: "Kataib Hezbollah"}}, Relations: []graph.Relation{
			attack(evA, "r1", "2020-01-03", graph.Asserted, 0.8, IQ),
			attack(evA, "r2", "2020-01-03", graph.Asserted, 0.8, IR), // another place: another attack
			keyed(meets(evA, "r3", "2020-01-10"), "talks-2020"),
			member(evA, "r4", ""),
		}},
		{Source: evB, Priority: 1, Relations: []graph.Relation{
			attack(evB, "r1", "2020-01-04", graph.Asserted, 0.9, IQ), // a day later, the same place: the same attack
			attack(evB, "r4", "2020-01-04", graph.Asserted, 0.9, ""), // the attack on Iraq, or on Iran? never a guess
			attack(evB, "r2", "2020-01-20", graph.Asserted, 0.9, ""), // another attack that month
			keyed(meets(evB, "r3", "2020-01-10"), "other-talks"),
		}},
		{Source: evC, Priority: 1, Relations: []graph.Relation{
			attack(evC, "r1", "2020-01", graph.Asserted, 0.6, ""), // which of January's attacks? neither
			keyed(meets(evC, "r2", "2020-02-01"), "talks-2020"),
			member(evC, "r3", "2014"),
		}},
		{Source: evD, Priority: 1, Relations: []graph.Relation{
			attack(evD, "r1", "2020-01-03", graph.Denied, 0.7, IQ),
		}},
		{Source: evX, Priority: 2, Relations: []graph.Relation{row(evX)}},
		{Source: evY, Priority: 2, Relations: []graph.Relation{row(evY)}},
	}
}

// eventsOf reads every event of s by id.
func eventsOf(t *testing.T, s graph.Store, f graph.Filter) map[string]graph.Relation {
	t.Helper()
	rs, err := s.Relations(ctx, graph.RelationQuery{Filter: f})
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]graph.Relation{}
	for _, r := range rs {
		m[r.ID] = r
	}
	return m
}

// describe is an event's id, date, modality, counts and reports.
func describe(e graph.Relation) string {
	mods := []string{}
	for _, m := range graph.Modalities {
		if n := e.Modalities[m]; n > 0 {
			mods = append(mods, fmt.Sprintf("%s:%d", m, n))
		}
	}
	return fmt.Sprintf("%s %s %s{%s} reports=%d sources=%d known=%s joined=%s [%s]", e.ID, e.Date, e.Modality,
		strings.Join(mods, ","), e.Reports, e.Sources, e.Known, e.Joined, reportIDs(e))
}

func describeAll(events map[string]graph.Relation, typ string) string {
	var out []string
	for _, e := range events {
		if e.Type == typ {
			out = append(out, describe(e))
		}
	}
	slices.Sort(out)
	return strings.Join(out, "\n")
}

func testEvents(t *testing.T, open func(t *testing.T) graph.Store) {
	s := open(t)
	replace(t, s, Gazetteer())
	for _, c := range eventSources() {
		replace(t, s, c)
	}
	const attacks = `ev-a/r1 2020-01-03 disputed{asserted:4,denied:1} reports=3 sources=3 known=2020-01-06 joined=rule [ev-a/r1 ev-b/r1 ev-d/r1 ev-x/row ev-y/row]
ev-a/r2 2020-01-03 asserted{} reports=1 sources=1 known=2020-01-06 joined= [ev-a/r2]
ev-b/r2 2020-01-20 asserted{} reports=1 sources=1 known=2020-01-08 joined= [ev-b/r2]
ev-b/r4 2020-01-04 asserted{} reports=1 sources=1 known=2020-01-08 joined= [ev-b/r4]
ev-c/r1 2020-01 asserted{} reports=1 sources=1 known=2020-02-01 joined= [ev-c/r1]`
	t.Run("Rule", func(t *testing.T) {
		// One attack told by three articles and two export rows of one
		// of them: three reports (documents), three sources (outlets),
		// disputed by one denial. Another place, another day and a month
		// that holds both are other events, and so is a report a day
		// later that could be either of two attacks.
		if got := describeAll(eventsOf(t, s, graph.Filter{}), "attacks"); got != attacks {
			t.Fatalf("attack events:\n%s\nwant\n%s", got, attacks)
		}
		e := eventsOf(t, s, graph.Filter{})["ev-a/r1"]
		if len(e.Participants) != 1 || e.Participants[0].Entity != IQ || e.Confidence != 0.9 {
			t.Fatalf("the joined attack: participants %+v, confidence %v", e.Participants, e.Confidence)
		}
	})
	t.Run("Key", func(t *testing.T) {
		want := `ev-a/r3 2020-01-10 asserted{} reports=2 sources=1 known=2020-01-06 joined=key [ev-a/r3 ev-c/r2]
ev-b/r3 2020-01-10 asserted{} reports=1 sources=1 known=2020-01-08 joined=key [ev-b/r3]`
		if got := describeAll(eventsOf(t, s, graph.Filter{}), "meets"); got != want {
			t.Fatalf("meetings:\n%s\nwant\n%s", got, want)
		}
	})
	t.Run("Structural", func(t *testing.T) {
		// An undated fact reported in 2020 and one dated 2014 overlap.
		want := `ev-a/r4 2014 asserted{} reports=2 sources=1 known=2020-01-06 joined=rule [ev-a/r4 ev-c/r3]
` + gSOL + ` 1998 asserted{} reports=1 sources=1 known= joined= [` + gSOL + `]`
		if got := describeAll(eventsOf(t, s, graph.Filter{}), "member_of"); got != want {
			t.Fatalf("membership:\n%s\nwant\n%s", got, want)
		}
	})
	t.Run("Counts", func(t *testing.T) {
		c, err := s.EntityCounts(ctx, KH)
		if err != nil {
			t.Fatal(err)
		}
		if c.Relations != 6 || c.ByType["attacks"] != 5 || c.Sources != 6 {
			t.Fatalf("KH's counts: %+v, want 6 events (5 attacks) from 6 sources", c)
		}
		tl, err := s.Timeline(ctx, graph.TimelineQuery{Entity: KH, With: US})
		if err != nil {
			t.Fatal(err)
		}
		if got := relIDs(tl.Events); got != "ev-c/r1 ev-a/r1 ev-a/r2 ev-b/r4 ev-b/r2" {
			t.Fatalf("KH–US timeline: %s", got)
		}
	})
	t.Run("KnownAsOf", func(t *testing.T) {
		f := graph.Filter{KnownAsOf: "2020-01-07"}
		got := eventsOf(t, s, f)
		if ids := slices.Sorted(maps.Keys(got)); strings.Join(ids, " ") != "ev-a/r1 ev-a/r2 ev-a/r3 ev-a/r4 "+gIRGC+" "+gQF+" "+gSOL {
			t.Fatalf("events known on 2020-01-07: %v", ids)
		}
		e := got["ev-a/r1"]
		f.View(&e)
		if d := describe(e); d != "ev-a/r1 2020-01-03 asserted{} reports=1 sources=1 known=2020-01-06 joined=rule [ev-a/r1 ev-x/row ev-y/row]" {
			t.Fatalf("the attack as known on 2020-01-07: %s", d)
		}
	})
	t.Run("StableIDs", func(t *testing.T) {
		cs := eventSources()
		a := cs[0]
		a.Source.Digest = "a2" // a corrected version, same relations
		replace(t, s, a)
		if got := describeAll(eventsOf(t, s, graph.Filter{}), "attacks"); got != attacks {
			t.Fatalf("attacks after correcting ev-a:\n%s\nwant\n%s", got, attacks)
		}
		// Without its first report the event keeps its id; without the
		// attack on Iran, the report that could have been either is this
		// one's.
		if ok, err := s.RemoveSource(ctx, "ev-a"); err != nil || !ok {
			t.Fatalf("RemoveSource: %v, %v", ok, err)
		}
		e, ok := eventsOf(t, s, graph.Filter{})["ev-a/r1"]
		if !ok || reportIDs(e) != "ev-b/r1 ev-b/r4 ev-d/r1 ev-x/row ev-y/row" || e.Date.String() != "2020-01-03" {
			t.Fatalf("the attack without ev-a: %s", describe(e))
		}
		replace(t, s, cs[0])
		if got := describeAll(eventsOf(t, s, graph.Filter{}), "attacks"); got != attacks {
			t.Fatalf("attacks after importing ev-a again:\n%s\nwant\n%s", got, attacks)
		}
	})
	// Last, on the store as StableIDs leaves it: every source once.
	t.Run("Decisions", func(t *testing.T) {
		// The denial is of another attack, says the analyst; the month's
		// report is of the attack of the 3rd.
		d, err := s.SplitEvent(ctx, "ev-a/r1", "ev-d/r1", "another attack")
		if err != nil || d.Kind != graph.DecisionSplitEvent || d.Into != "ev-d/r1" || d.Report != "ev-d/r1" {
			t.Fatalf("SplitEvent: %+v, %v", d, err)
		}
		if d, err = s.MergeEvents(ctx, "ev-c/r1", "ev-a/r1", "the same attack"); err != nil || d.Into != "ev-a/r1" {
			t.Fatalf("MergeEvents: %+v, %v", d, err)
		}
		want := `ev-a/r1 2020-01-03 asserted{} reports=3 sources=2 known=2020-01-06 joined=analyst [ev-a/r1 ev-b/r1 ev-c/r1 ev-x/row ev-y/row]
ev-a/r2 2020-01-03 asserted{} reports=1 sources=1 known=2020-01-06 joined= [ev-a/r2]
ev-b/r2 2020-01-20 asserted{} reports=1 sources=1 known=2020-01-08 joined= [ev-b/r2]
ev-b/r4 2020-01-04 asserted{} reports=1 sources=1 known=2020-01-08 joined= [ev-b/r4]
ev-d/r1 2020-01-03 denied{} reports=1 sources=1 known=2020-01-09 joined= [ev-d/r1]`
		if got := describeAll(eventsOf(t, s, graph.Filter{}), "attacks"); got != want {
			t.Fatalf("attacks after the decisions:\n%s\nwant\n%s", got, want)
		}
		// The decisions hold when the sources are imported again.
		for _, c := range eventSources()[1:4] {
			c.Source.Digest += "-v2"
			replace(t, s, c)
		}
		if got := describeAll(eventsOf(t, s, graph.Filter{}), "attacks"); got != want {
			t.Fatalf("attacks after importing again:\n%s\nwant\n%s", got, want)
		}
		ds, err := s.Decisions(ctx)
		if err != nil || len(ds) != 2 || ds[0].Kind != graph.DecisionSplitEvent || ds[1].Kind != graph.DecisionMergeEvents {
			t.Fatalf("decisions: %+v, %v", ds, err)
		}
		_, err = s.MergeEvents(ctx, "ev-a/r3", "ev-a/r1", "")
		wantCode(t, "MergeEvents of two groups", err, graph.EInvalid)
		_, err = s.MergeEvents(ctx, "ev-a/r1", "ev-a/r1", "")
		wantCode(t, "MergeEvents into itself", err, graph.EInvalid)
		_, err = s.MergeEvents(ctx, "nothing", "ev-a/r1", "")
		wantCode(t, "MergeEvents of an unknown event", err, graph.ENotFound)
		_, err = s.SplitEvent(ctx, "ev-b/r2", "ev-b/r2", "")
		wantCode(t, "SplitEvent of a one-report event", err, graph.EInvalid)
		_, err = s.SplitEvent(ctx, "ev-a/r1", "ev-d/r1", "")
		wantCode(t, "SplitEvent of another event's report", err, graph.EInvalid)
		if got := describeAll(eventsOf(t, s, graph.Filter{}), "attacks"); got != want {
			t.Fatalf("attacks after refused decisions:\n%s\nwant\n%s", got, want)
		}
	})
}
