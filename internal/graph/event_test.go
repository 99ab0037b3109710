package graph

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"
)

// Events depends on the reports alone, not on the order they come in,
// and gives every report to exactly one event.
func TestEventsIgnoreOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	dates := []string{"", "2020", "2020-01", "2020-02", "2020-01-03", "2020-01-04", "2020-01-05", "2020-01-20", "2021-06-01"}
	places := []string{"", "", "iq", "ir"}
	mods := []Modality{Asserted, Asserted, Denied, Hedged}
	for round := range 300 {
		class := ClassEvent
		if round%3 == 0 {
			class = ClassStructural
		}
		var reports []Report
		for i := range 1 + rng.IntN(8) {
			r := Report{Source: fmt.Sprintf("s%d", rng.IntN(3)), Relation: Relation{
				ID: fmt.Sprintf("r%d", i), Type: "attacks", Class: class, From: "a", To: "b",
				Modality: mods[rng.IntN(len(mods))], Confidence: 0.5,
			}}
			if d := dates[rng.IntN(len(dates))]; d != "" {
				r.Date = MustDate(d)
			}
			if p := places[rng.IntN(len(places))]; p != "" {
				r.Participants = []Participant{{Entity: p, Role: "location"}}
			}
			if rng.IntN(6) == 0 {
				r.EventKey = fmt.Sprintf("k%d", rng.IntN(2))
			}
			r.Evidence = []Evidence{{Article: r.Source, Published: "2020-0" + fmt.Sprint(1+rng.IntN(9)) + "-01", Start: -1, End: -1}}
			reports = append(reports, r)
		}
		want := Events(reports, nil, map[string]bool{})
		seen := map[string]int{}
		for _, e := range want {
			for id := range distinctReports(e.Evidence) {
				seen[id]++
			}
		}
		for _, r := range reports {
			if seen[r.ID] != 1 {
				t.Fatalf("round %d: report %s is in %d events", round, r.ID, seen[r.ID])
			}
		}
		wj, _ := json.Marshal(want)
		for range 5 {
			shuffled := append([]Report(nil), reports...)
			rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
			gj, _ := json.Marshal(Events(shuffled, nil, map[string]bool{}))
			if string(gj) != string(wj) {
				t.Fatalf("round %d: the order of the reports changed the events:\n%s\nwant\n%s", round, gj, wj)
			}
		}
	}
}

func TestAgree(t *testing.T) {
	for _, c := range []struct {
		dates []string
		want  string
	}{
		{nil, ""},
		{[]string{"2020", "2020-01", "2020-01-03"}, "2020-01-03"},
		{[]string{"2020-01-03", "2020-01-04", "2020-01-04"}, "2020-01-04"},
		{[]string{"2020-01-04", "2020-01-03"}, "2020-01-03"}, // a tie: the earlier
		{[]string{"2020-01", "2020-02"}, "2020-01"},
	} {
		var ds []Date
		for _, d := range c.dates {
			ds = append(ds, MustDate(d))
		}
		if got := Agree(ds).String(); got != c.want {
			t.Errorf("Agree(%v) = %q, want %q", c.dates, got, c.want)
		}
	}
}

func TestMix(t *testing.T) {
	for _, c := range []struct {
		counts map[Modality]int
		want   Modality
	}{
		{map[Modality]int{Denied: 2}, Denied},
		{map[Modality]int{Asserted: 2, Denied: 1}, Disputed},
		{map[Modality]int{Planned: 1, Asserted: 1}, Asserted},
		{map[Modality]int{Hedged: 1, Claimed: 1}, Claimed},
	} {
		if got := Mix(c.counts); got != c.want {
			t.Errorf("Mix(%v) = %s, want %s", c.counts, got, c.want)
		}
	}
}

// A key is the annotation's own text: one that looks like an analyst's pin
// is a key like any other, and a pin outweighs a key.
func TestKeysAreNotPins(t *testing.T) {
	report := func(id, date, key, pin string) Report {
		return Report{Source: "s", Pin: pin, Relation: Relation{ID: id, Type: "attacks", Class: ClassEvent, From: "a", To: "b",
			Date: MustDate(date), EventKey: key, Modality: Asserted, Evidence: []Evidence{{Article: "s", Start: -1, End: -1}}}}
	}
	events := Events([]Report{
		report("r1", "2020-01-03", PinApart+"r1", ""),
		report("r2", "2020-06-01", PinApart+"r1", ""),
		report("r3", "2020-01-03", "", ""),
		report("r4", "2020-09-01", "k", PinApart+"r4"),
		report("r5", "2020-09-01", "k", ""),
	}, nil, map[string]bool{})
	var got []string
	for _, e := range events {
		got = append(got, fmt.Sprintf("%s:%s:%d", e.ID, e.Joined, len(distinctReports(e.Evidence))))
	}
	// r1 and r2 are one event by their key, which r3 joins by the rule;
	// r4 is pinned apart from r5's key.
	if want := "[r1:key:3 r4::1 r5:key:1]"; fmt.Sprint(got) != want {
		t.Fatalf("events %v, want %s", got, want)
	}
}
