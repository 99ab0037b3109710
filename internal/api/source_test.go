package api_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/geokg/geokg/internal/graph"
)

// TestSourceText checks that the evidence of an answer points into the
// text /v1/sources gives: the quote is the span of the source's text.
func TestSourceText(t *testing.T) {
	ts := newTestServer(t)
	var n struct {
		Relations []graph.Relation `json:"relations"`
	}
	ts.get("/v1/entities/kataib-hezbollah/neighbors").want(t, http.StatusOK).decode(t, &n)
	checked := 0
	texts := map[string][]rune{}
	for _, r := range n.Relations {
		for _, ev := range r.Evidence {
			if ev.Start < 0 || ev.Article == "" {
				continue
			}
			text, ok := texts[ev.Article]
			if !ok {
				var d graph.Document
				ts.get("/v1/sources/"+url.PathEscape(ev.Article)).want(t, http.StatusOK).decode(t, &d)
				if d.ID != ev.Article {
					t.Fatalf("/v1/sources/%s answered source %q", ev.Article, d.ID)
				}
				text = []rune(d.Text)
				texts[ev.Article] = text
			}
			if ev.End > len(text) || string(text[ev.Start:ev.End]) != ev.Quote {
				t.Fatalf("relation %s: evidence [%d, %d) of %s is not its quote %q", r.ID, ev.Start, ev.End, ev.Article, ev.Quote)
			}
			checked++
		}
	}
	if checked == 0 {
		t.Fatal("no evidence with a span to check")
	}
}

// TestEntityDecisions checks that an entity's answer lists the analysts'
// decisions that shaped it, and only those.
func TestEntityDecisions(t *testing.T) {
	s := loadFixtures(t)
	if _, err := s.SplitEntity(context.Background(), "kataib-hezbollah", seedSource, "kh-seed", "test split"); err != nil {
		t.Fatalf("SplitEntity: %v", err)
	}
	ts := newTestServer(t, func(c *config) { c.store = s })
	var e struct {
		ID        string           `json:"id"`
		Decisions []graph.Decision `json:"decisions"`
	}
	for _, id := range []string{"kataib-hezbollah", "kh-seed"} {
		ts.get("/v1/entities/"+id).want(t, http.StatusOK).decode(t, &e)
		if len(e.Decisions) != 1 || e.Decisions[0].Kind != graph.DecisionSplit || e.Decisions[0].Into != "kh-seed" || e.Decisions[0].Note != "test split" {
			t.Errorf("%s: decisions %+v, want the split", id, e.Decisions)
		}
	}
	ts.get("/v1/entities/Q30").want(t, http.StatusOK).decode(t, &e)
	if len(e.Decisions) != 0 {
		t.Errorf("Q30: decisions %+v, want none", e.Decisions)
	}
}

// TestPathsAvoid checks that no route of /v1/paths passes through an
// entity it is asked to avoid, and that avoiding one that the shortest
// routes pass through still finds the others.
func TestPathsAvoid(t *testing.T) {
	ts := newTestServer(t)
	type answer struct {
		Paths []struct {
			Nodes []graph.Entity `json:"nodes"`
		} `json:"paths"`
	}
	var all, avoided answer
	ts.get("/v1/paths?from=qasem-soleimani&to=mustafa-al-kadhimi&max_hops=4&k=10").want(t, http.StatusOK).decode(t, &all)
	through := map[string]bool{}
	for _, p := range all.Paths {
		for _, n := range p.Nodes[1 : len(p.Nodes)-1] {
			through[n.ID] = true
		}
	}
	if !through["Q30"] {
		t.Fatalf("no shortest route passes through the United States: %+v", all.Paths)
	}
	ts.get("/v1/paths?from=qasem-soleimani&to=mustafa-al-kadhimi&max_hops=4&k=10&avoid=United%20States").want(t, http.StatusOK).decode(t, &avoided)
	if len(avoided.Paths) == 0 {
		t.Fatal("no route once the United States is avoided")
	}
	for _, p := range avoided.Paths {
		for _, n := range p.Nodes {
			if n.ID == "Q30" {
				t.Fatalf("a route passes through the avoided United States: %+v", p.Nodes)
			}
		}
	}
}
