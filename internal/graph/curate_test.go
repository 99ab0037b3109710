package graph_test

import (
	"fmt"
	"testing"

	"github.com/geokg/geokg/internal/graph"
)

func TestApplyDecisions(t *testing.T) {
	merge := func(from, into string) graph.Decision {
		return graph.Decision{Kind: graph.DecisionMerge, Entity: from, Into: into}
	}
	split := func(id, src, into string) graph.Decision {
		return graph.Decision{Kind: graph.DecisionSplit, Entity: id, Source: src, Into: into}
	}
	for _, tc := range []struct {
		name      string
		ds        []graph.Decision
		src, id   string
		want      string
		wantOther string // the same id from another source
	}{
		{"None", nil, "a1", "x", "x", "x"},
		{"Merge", []graph.Decision{merge("x", "y")}, "a1", "x", "y", "y"},
		{"MergeChain", []graph.Decision{merge("x", "y"), merge("y", "z")}, "a1", "x", "z", "z"},
		{"Split", []graph.Decision{split("g", "a1", "n")}, "a1", "g", "n", "g"},
		{"SplitAfterMerge", []graph.Decision{merge("x", "g"), split("g", "a1", "n")}, "a1", "x", "n", "g"},
		{"MergeUndoesSplit", []graph.Decision{split("g", "a1", "n"), merge("n", "g")}, "a1", "g", "g", "g"},
		{"SplitUndoesMerge", []graph.Decision{merge("x", "y"), split("y", "a1", "x")}, "a1", "x", "x", "y"},
		{"SplitBeforeMerge", []graph.Decision{split("g", "a1", "n"), merge("g", "h")}, "a1", "g", "n", "h"},
		{"Cycle", []graph.Decision{merge("x", "y"), merge("y", "x"), merge("x", "y")}, "a1", "x", "y", "y"},
		{"Unrelated", []graph.Decision{merge("p", "q"), split("g", "a1", "n")}, "a1", "x", "x", "x"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := graph.ApplyDecisions(tc.ds, tc.src, tc.id); got != tc.want {
				t.Errorf("for %s: %s, want %s", tc.src, got, tc.want)
			}
			if got := graph.ApplyDecisions(tc.ds, "other", tc.id); got != tc.wantOther {
				t.Errorf("for another source: %s, want %s", got, tc.wantOther)
			}
		})
	}
}

func TestRenameEntity(t *testing.T) {
	mk := func() *graph.Contribution {
		return &graph.Contribution{
			Source: graph.Source{ID: "a1", Digest: "d"},
			Entities: []graph.EntityRecord{
				{ID: "x", Kind: "person", Label: "X", Names: []graph.Name{
					{Lang: "en", Text: "X", Role: graph.RoleName, Keys: []string{"x"}},
					{Lang: "en", Text: "Mr X", Role: graph.RoleMention, Keys: []string{"mr x"}, Order: 1}}},
				{ID: "y", Wikidata: "Q1", Names: []graph.Name{{Lang: "en", Text: "Y", Role: graph.RoleName, Keys: []string{"y"}}}},
				{ID: "z", Kind: "country"},
			},
			Relations: []graph.Relation{
				{ID: "r1", From: "x", To: "y", Participants: []graph.Participant{{Entity: "x", Role: "a"}, {Entity: "z", Role: "b"}}},
				{ID: "r2", From: "z", To: "z"},
			},
		}
	}
	c := mk()
	if !c.RenameEntity("x", "y") || !c.Mentions("y") || c.Mentions("x") {
		t.Fatalf("renaming x into y: %+v", c)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprintf("%+v", c.Entities), "[{ID:y Kind:person Wikidata:Q1 Label:X Names:[{Lang:en Text:Y Role:name Keys:[y] Order:0} "+
		"{Lang:en Text:X Role:alias Keys:[x] Order:1} {Lang:en Text:Mr X Role:mention Keys:[mr x] Order:2}]} {ID:z Kind:country Wikidata: Label: Names:[]}]"; got != want {
		t.Errorf("records:\n%s\nwant\n%s", got, want)
	}
	if got, want := fmt.Sprintf("%v", c.Relations[0].Entities()), "[y y y z]"; got != want {
		t.Errorf("r1's entities: %s, want %s", got, want)
	}
	// Into an id c does not have: the record moves as it is.
	c = mk()
	c.RenameEntity("z", "w")
	if got, want := fmt.Sprintf("%s %s %v %v", c.Entities[2].ID, c.Entities[2].Kind, c.Relations[0].Entities(), c.Relations[1].Entities()), "w country [x y x w] [w w]"; got != want {
		t.Errorf("renaming z into w: %s, want %s", got, want)
	}
	c = mk()
	if c.RenameEntity("nobody", "w") || c.RenameEntity("x", "x") {
		t.Error("renaming what c does not say reports a change")
	}
}

func TestCheckEntityID(t *testing.T) {
	for _, id := range []string{"Q30", "kataib-hezbollah", "a", "0", "us.state_dept"} {
		if err := graph.CheckEntityID(id); err != nil {
			t.Errorf("%q: %v", id, err)
		}
	}
	for _, id := range []string{"", "Q0", "q30x ", "Kataib", "-x", "a b", "gazetteer:x", string(make([]byte, 201))} {
		if err := graph.CheckEntityID(id); graph.ErrorCode(err) != graph.EInvalid {
			t.Errorf("%q: %v, want invalid", id, err)
		}
	}
}
