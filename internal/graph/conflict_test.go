package graph

import (
	"fmt"
	"testing"
)

func TestConflicts(t *testing.T) {
	fact := func(id, holder, state, from, until string) Relation {
		r := Relation{ID: id, Type: "head_of_state", Class: ClassStructural, From: holder, To: state}
		if from != "" {
			r.Date = MustDate(from)
		}
		if until != "" {
			r.End = MustDate(until)
		}
		return r
	}
	events := []Relation{
		fact("trump", "trump", "us", "2017-01-20", "2021-01-20"),
		fact("biden", "biden", "us", "2021-01-20", ""),    // a handover day is no conflict
		fact("biden-month", "biden", "us", "2021-01", ""), // nor a start known to the month
		fact("obama", "obama", "us", "2009-01-20", "2017-01"),
		fact("impostor", "x", "us", "2020-03-01", "2020-06-01"),
		fact("trump-again", "trump", "us", "2018", ""), // open: it overlaps Biden
		fact("year", "y", "us", "2020", "2020"),        // no day it surely held
		// An undated fact holds from its first report on: no conflict
		// with the one before.
		{ID: "kadhimi", Type: "head_of_government", Class: ClassStructural, From: "kadhimi", To: "iq", Known: "2021-07-27"},
		{ID: "abdul-mahdi", Type: "head_of_government", Class: ClassStructural, From: "abdul-mahdi", To: "iq",
			Date: MustDate("2018-10-25"), End: MustDate("2020-05-07")},
		fact("salih", "salih", "iq", "2018-10-02", ""), // another type
		{ID: "visit", Type: "visits", Class: ClassEvent, From: "a", To: "us", Date: MustDate("2020-01-01")},
	}
	got := fmt.Sprint(Conflicts(events, map[string]string{"head_of_state": "target", "head_of_government": "target"}))
	want := "[{head_of_state us target 2021-01-20 9999-12-31 [biden trump-again]} " +
		"{head_of_state us target 2021-01-31 9999-12-31 [biden-month trump-again]} " +
		"{head_of_state us target 2020-03-01 2020-06-01 [impostor trump]} " +
		"{head_of_state us target 2020-03-01 2020-06-01 [impostor trump-again]}]"
	if got != want {
		t.Fatalf("conflicts\n%s\nwant\n%s", got, want)
	}
}
