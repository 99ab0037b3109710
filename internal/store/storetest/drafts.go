package storetest

import (
	"maps"
	"slices"
	"testing"

	"github.com/geokg/geokg/internal/graph"
)

// The sources of the drafts test: a reviewed article, and a draft (an
// article geokg annotate wrote, imported as it was) published before it.
var (
	srcReviewed = graph.Source{ID: "reviewed", Kind: "article", URL: "https://r.example/1", Published: "2020-01-10", Digest: "r1"}
	srcDraft    = graph.Source{ID: "draft", Kind: "article", URL: "https://d.example/1", Published: "2020-01-05", Digest: "d1"}
)

// draftSources are the reviewed article's attack of KH on the United
// States, and the draft's report of the same attack and its threat to
// Iraq, which only the draft gives.
func draftSources() []*graph.Contribution {
	attack := rel{typ: "attacks", src: KH, tgt: US, date: "2020-01-03", quad: 4, intensity: fp(-9), mod: graph.Asserted, conf: 0.8}
	threat := rel{id: "draft/threat", typ: "threatens", src: KH, tgt: IQ, date: "2020-01-04", quad: 3, intensity: fp(-4), mod: graph.Asserted, conf: 0.7}
	reviewed := attack
	reviewed.id = "reviewed/attack"
	drafted := attack
	drafted.id = "draft/attack"
	kh := []graph.EntityRecord{{ID: KH, Kind: "armed_group", Label: "Kataib Hezbollah"}}
	draft := &graph.Contribution{Source: srcDraft, Priority: 1, Entities: kh, Relations: []graph.Relation{
		drafted.relation(srcDraft, "KH attacked US forces."),
		threat.relation(srcDraft, "KH threatened Iraq."),
	}}
	for i := range draft.Relations {
		for j := range draft.Relations[i].Evidence {
			draft.Relations[i].Evidence[j].Draft = true
		}
	}
	return []*graph.Contribution{
		{Source: srcReviewed, Priority: 1, Entities: kh, Relations: []graph.Relation{reviewed.relation(srcReviewed, "KH attacked US forces.")}},
		draft,
	}
}

// testDrafts checks the draft status of events (graph.Relation.Draft,
// Evidence.Draft) and Filter.Reviewed, alone and with KnownAsOf, in every
// question a filter applies to.
func testDrafts(t *testing.T, open func(t *testing.T) graph.Store) {
	s := open(t)
	replace(t, s, Gazetteer())
	for _, c := range draftSources() {
		replace(t, s, c)
	}
	attack, threat := "reviewed/attack", "draft/threat"
	all := eventsOf(t, s, graph.Filter{})
	a, ok := all[attack]
	if !ok || a.Draft || reportIDs(a) != "draft/attack reviewed/attack" {
		t.Fatalf("the attack two articles report: %s draft=%v", describe(a), a.Draft)
	}
	for _, ev := range a.Evidence {
		if ev.Draft != (ev.Article == srcDraft.ID) {
			t.Fatalf("the attack's evidence from %s: draft=%v", ev.Article, ev.Draft)
		}
	}
	if th, ok := all[threat]; !ok || !th.Draft {
		t.Fatalf("the threat only the draft gives: present %v, draft %v", ok, th.Draft)
	}

	reviewed := graph.Filter{Reviewed: true}
	got := eventsOf(t, s, reviewed)
	if _, ok := got[threat]; ok {
		t.Fatal("status=reviewed kept the threat only a draft gives")
	}
	a, ok = got[attack]
	if !ok {
		t.Fatal("status=reviewed left out the attack a reviewed article gives")
	}
	reviewed.View(&a)
	if reportIDs(a) != "reviewed/attack" || a.Known != srcReviewed.Published || a.Draft {
		t.Fatalf("the attack as reviewed reports give it: %s", describe(a))
	}

	// Known by 2020-01-07, only the draft had reported either; of
	// reviewed reports, none.
	if got := eventsOf(t, s, graph.Filter{KnownAsOf: "2020-01-07"}); len(got) < 2 || got[attack].ID == "" || got[threat].ID == "" {
		t.Fatalf("events known on 2020-01-07: %v", slices.Sorted(maps.Keys(got)))
	}
	if got := eventsOf(t, s, graph.Filter{KnownAsOf: "2020-01-07", Reviewed: true}); got[attack].ID != "" || got[threat].ID != "" {
		t.Fatalf("reviewed events known on 2020-01-07: %v", slices.Sorted(maps.Keys(got)))
	}
	if got := eventsOf(t, s, graph.Filter{KnownAsOf: "2020-01-10", Reviewed: true}); got[attack].ID == "" {
		t.Fatal("the reviewed attack is not known on 2020-01-10")
	}

	// Neighbours, paths, the timeline and its tallies filter alike.
	threats := graph.Filter{Types: []string{"threatens"}}
	for _, f := range []graph.Filter{threats, {Types: []string{"threatens"}, Reviewed: true}} {
		want := 1
		if f.Reviewed {
			want = 0
		}
		n, err := s.Neighbors(ctx, graph.NeighborQuery{ID: KH, Depth: 1, Filter: f, Limit: 100})
		if err != nil || len(n.Relations) != want {
			t.Fatalf("threats around KH (reviewed %v): %d, %v; want %d", f.Reviewed, len(n.Relations), err, want)
		}
		ps, err := s.Paths(ctx, graph.PathQuery{From: KH, To: IQ, MaxHops: 2, K: 3, Filter: f})
		if err != nil || len(ps) != want {
			t.Fatalf("routes of threats from KH to Iraq (reviewed %v): %d, %v; want %d", f.Reviewed, len(ps), err, want)
		}
	}
	tl, err := s.Timeline(ctx, graph.TimelineQuery{Entity: KH, Filter: reviewed, Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	if ids := relIDs(tl.Events); ids != attack {
		t.Fatalf("KH's reviewed timeline: %s", ids)
	}
	tallies, err := s.Tallies(ctx, graph.TimelineQuery{Entity: KH, Filter: reviewed})
	if err != nil || len(tallies) != 1 {
		t.Fatalf("KH's reviewed tallies: %d, %v; want 1", len(tallies), err)
	}

	// Reviewed, the draft's article imports again: its facts are no
	// longer drafts.
	c := draftSources()[1]
	c.Source.Digest = "d2"
	for i := range c.Relations {
		for j := range c.Relations[i].Evidence {
			c.Relations[i].Evidence[j].Draft = false
		}
	}
	replace(t, s, c)
	if got := eventsOf(t, s, reviewed); got[threat].ID == "" || got[threat].Draft {
		t.Fatalf("the reviewed threat: %s", describe(got[threat]))
	}
}
