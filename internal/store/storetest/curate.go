package storetest

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/geokg/geokg/internal/graph"
)

// RunCurator runs the contract of graph.Curator (see "Curation" in the
// package documentation). open must return a fresh, empty store that
// implements graph.Curator, as for Run. Persistence across a reopen is the
// store's own test to write.
func RunCurator(t *testing.T, open func(t *testing.T) graph.Store) {
	cur := func(t *testing.T, s graph.Store) graph.Curator {
		t.Helper()
		c, ok := s.(graph.Curator)
		if !ok {
			t.Fatalf("%T does not implement graph.Curator", s)
		}
		return c
	}
	t.Run("Merge", func(t *testing.T) { testMerge(t, open, cur) })
	t.Run("Split", func(t *testing.T) { testSplit(t, open, cur) })
	t.Run("Sequence", func(t *testing.T) { testCurateSequence(t, open, cur) })
	t.Run("Errors", func(t *testing.T) { testCurateErrors(t, open, cur) })
	t.Run("Undo", func(t *testing.T) { testUndo(t, open, cur) })
	t.Run("Differential", func(t *testing.T) {
		for _, seed := range []uint64{1, 2} {
			t.Run(fmt.Sprint("Seed", seed), func(t *testing.T) {
				s := open(t)
				curateDifferential(t, s, cur(t, s), Generate(int64(seed), 80, 400), seed)
			})
		}
	})
}

// The duplicate of Kataib Hezbollah that the curation tests merge away.
const khDup = "kh-dup"

// curateA3 is an article that records Kataib Hezbollah twice, under its
// own key and under khDup, with relations of both kinds around khDup: an
// event, a structural relation, a structural relation and an event with KH
// (loops once merged) and one it only takes part in.
func curateA3() *graph.Contribution {
	s := graph.Source{ID: "a3", Kind: "article", Title: "Rockets on the base", Language: "en", Published: "2020-02-02", Digest: "a3-v1"}
	return &graph.Contribution{
		Source:   s,
		Priority: 1,
		Entities: []graph.EntityRecord{
			{ID: khDup, Kind: "armed_group", Label: "Kata'ib Hizballah", Names: []graph.Name{
				nm("en", "Kata'ib Hizballah", graph.RoleName, 0, "kataib hizballah"),
				nm("en", "KH", graph.RoleAlias, 1, "kh"),
			}},
			{ID: KH, Kind: "armed_group", Label: "Kataib Hezbollah", Names: []graph.Name{
				nm("en", "Kataib Hezbollah", graph.RoleName, 0, "kataib hezbollah"),
			}},
		},
		Relations: []graph.Relation{
			rel{id: "a3/r1", typ: "attacks", src: khDup, tgt: US, date: "2020-01-01", quad: 4, intensity: fp(-9), mod: graph.Asserted, conf: 0.8,
				parts: []graph.Participant{{Entity: IQ, Role: "location"}}}.relation(s, "KH fired rockets at the base."),
			rel{id: "a3/r2", typ: "backs", src: IR, tgt: khDup, mod: graph.Asserted, conf: 0.7}.relation(s, "Iran arms KH."),
			rel{id: "a3/r3", typ: "member_of", src: khDup, tgt: KH, date: "2014", mod: graph.Hedged, conf: 0.5}.relation(s, "KH is part of Kataib Hezbollah."),
			rel{id: "a3/r4", typ: "negotiates_with", src: US, tgt: IQ, date: "2020-02-01", quad: 1, intensity: fp(2), mod: graph.Asserted, conf: 0.9,
				parts: []graph.Participant{{Entity: khDup, Role: "subject"}}}.relation(s, "Talks on KH."),
			rel{id: "a3/r5", typ: "negotiates_with", src: KH, tgt: khDup, date: "2020-01-20", quad: 1, intensity: fp(1), mod: graph.Claimed, conf: 0.6}.relation(s, "Kataib Hezbollah talked to KH."),
		},
	}
}

// curateA4 names khDup in a relation without recording it.
func curateA4() *graph.Contribution {
	s := graph.Source{ID: "a4", Kind: "article", Title: "Threats", Language: "en", Published: "2020-01-16", Digest: "a4-v1"}
	return &graph.Contribution{
		Source:   s,
		Priority: 1,
		Relations: []graph.Relation{
			rel{id: "a4/r1", typ: "threatens", src: khDup, tgt: IQ, date: "2020-01-15", quad: 3, intensity: fp(-4), mod: graph.Asserted, conf: 0.9}.relation(s, "KH threatened Baghdad."),
		},
	}
}

// renamed returns copies of cs with from renamed into in the sources
// only (all of them when only is empty): what a merge or a split must
// leave.
func renamed(cs []*graph.Contribution, from, into string, only string) []*graph.Contribution {
	out := make([]*graph.Contribution, len(cs))
	for i, c := range cs {
		out[i] = CloneContribution(c)
		if only == "" || c.Source.ID == only {
			out[i].RenameEntity(from, into)
		}
	}
	return out
}

// sameAs fails unless s answers every question as a Reference holding cs
// (and no decision) does. The contributions are put in place without the
// checks of ReplaceSource: a split may leave a source naming an entity that
// only it knows without a record of it, which ReplaceSource would refuse.
func sameAs(t *testing.T, s graph.Store, cs []*graph.Contribution, seed uint64) {
	t.Helper()
	want := NewReference()
	for _, c := range cs {
		want.contrib[c.Source.ID] = CloneContribution(c)
	}
	want.derive()
	d := &differ{t: t, s: s, ref: want, pool: want, rng: rand.New(rand.NewPCG(seed, 11))}
	d.compareAll()
	d.compareExports(slices.Sorted(maps.Keys(want.ents)))
}

// decisionsAre checks a store's decisions, At apart, and that every At is
// an RFC 3339 time.
func decisionsAre(t *testing.T, c graph.Curator, want ...graph.Decision) {
	t.Helper()
	got, err := c.Decisions(ctx)
	if err != nil {
		t.Fatalf("Decisions: %v", err)
	}
	if got == nil {
		t.Fatal("Decisions() = nil, want an empty slice")
	}
	for i := range got {
		if _, err := time.Parse(time.RFC3339, got[i].At); err != nil {
			t.Fatalf("decision %d: At %q is not RFC 3339", i, got[i].At)
		}
		got[i].At = ""
	}
	for i := range want {
		want[i].At = ""
	}
	if len(got) != len(want) || (len(want) > 0 && !reflect.DeepEqual(got, want)) {
		t.Fatalf("Decisions() = %+v, want %+v", got, want)
	}
}

func curated(t *testing.T, open func(t *testing.T) graph.Store, cur func(*testing.T, graph.Store) graph.Curator, extra ...*graph.Contribution) (graph.Store, graph.Curator) {
	t.Helper()
	s := loaded(t, open)
	for _, c := range extra {
		replace(t, s, c)
	}
	return s, cur(t, s)
}

func testMerge(t *testing.T, open func(t *testing.T) graph.Store, cur func(*testing.T, graph.Store) graph.Curator) {
	all := append(Fixture(), curateA3(), curateA4())
	s, c := curated(t, open, cur, curateA3(), curateA4())
	before, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	d, err := c.MergeEntities(ctx, khDup, KH, "one militia")
	if err != nil {
		t.Fatalf("MergeEntities: %v", err)
	}
	// a3 names both (its records become one), a4 only the duplicate.
	want := graph.Decision{Kind: graph.DecisionMerge, Entity: khDup, Into: KH, Note: "one militia",
		DecisionExtra: graph.DecisionExtra{Moved: map[string]string{"a4": "a4-v1"}, Joined: []string{"a3"}}}
	if _, err := time.Parse(time.RFC3339, d.At); err != nil {
		t.Fatalf("the decision's time %q is not RFC 3339", d.At)
	}
	if d.At = ""; !reflect.DeepEqual(d, want) {
		t.Fatalf("MergeEntities = %+v, want %+v", d, want)
	}
	decisionsAre(t, c, want)

	// The merged-away entity is gone everywhere.
	_, err = s.Entity(ctx, khDup)
	wantCode(t, "Entity(merged away)", err, graph.ENotFound)
	_, err = s.EntityCounts(ctx, khDup)
	wantCode(t, "EntityCounts(merged away)", err, graph.ENotFound)
	_, err = s.Timeline(ctx, graph.TimelineQuery{Entity: khDup})
	wantCode(t, "Timeline(merged away)", err, graph.ENotFound)
	_, err = s.Neighbors(ctx, graph.NeighborQuery{ID: khDup})
	wantCode(t, "Neighbors(merged away)", err, graph.ENotFound)

	// KH has a3's two records as one: its own first, the duplicate's names
	// as aliases after it.
	kh, err := s.Entity(ctx, KH)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprintf("%s/%s/%s/%v/%v", kh.Name, kh.Kind, kh.Wikidata, kh.Names, kh.Aliases),
		"Kataib Hezbollah/armed_group/Q2597185/map[ar:كتائب حزب الله en:Kataib Hezbollah]/map[en:[Kata'ib Hizballah KH]]"; got != want {
		t.Fatalf("KH after the merge: %s, want %s", got, want)
	}
	merged := renamed(all, khDup, KH, "")
	if want := assembled(KH, merged...); !reflect.DeepEqual(kh, want) {
		t.Fatalf("KH after the merge = %+v, want %+v", kh, want)
	}
	// The duplicate's names find KH.
	for _, key := range []string{"kataib hizballah", "kh", "kataib hezbollah"} {
		es, err := s.EntitiesByKey(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		if got := entIDs(es); got != KH {
			t.Fatalf("EntitiesByKey(%q) after the merge = %q, want %q", key, got, KH)
		}
	}
	hs, err := s.SearchEntities(ctx, graph.EntitySearch{Key: "kata"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := hitIDs(hs), KH+":prefix"; got != want {
		t.Fatalf("search after the merge: %s, want %s", got, want)
	}

	// Relations: every end and participant that was the duplicate is KH;
	// a3/r3 and a3/r5 are now loops on KH, each once among its relations.
	// "Iran backs the duplicate" (a3/r2) is now the fact a1/r4 reports,
	// Iran backs KH: one event of two reports.
	rels := fixtureRelations(merged...)
	n, err := s.Neighbors(ctx, graph.NeighborQuery{ID: KH, Depth: 1})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := relIDs(n.Relations), "a1/r3 a1/r4 a1/r6 a2/r4 a3/r1 a3/r3 a3/r4 a3/r5 a4/r1"; got != want {
		t.Fatalf("KH's relations after the merge: %s, want %s", got, want)
	}
	if got := reportIDs(rels["a1/r4"]); got != "a1/r4 a3/r2" {
		t.Fatalf("the reports of a1/r4 after the merge: %s, want a1/r4 a3/r2", got)
	}
	sameRelations(t, "neighbors after the merge", n.Relations, rels)
	if got, want := entIDs(n.Nodes), "Q30 Q794 Q796 pmf"; got != want {
		t.Fatalf("KH's neighbours after the merge: %s, want %s", got, want)
	}
	for _, id := range []string{"a3/r3", "a3/r5"} {
		if r := rels[id]; r.From != KH || r.To != KH {
			t.Fatalf("%s after renaming: %s → %s", id, r.From, r.To)
		}
	}
	p, err := s.Timeline(ctx, graph.TimelineQuery{Entity: KH})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := relIDs(p.Events), "a1/r3 a3/r1 a4/r1 a3/r5 a3/r4 a2/r4"; got != want {
		t.Fatalf("KH's timeline after the merge: %s, want %s", got, want)
	}
	sameRelations(t, "timeline after the merge", p.Events, rels)
	p, err = s.Timeline(ctx, graph.TimelineQuery{Entity: KH, With: KH})
	if err != nil || relIDs(p.Events) != "a1/r3 a3/r1 a4/r1 a3/r5 a3/r4 a2/r4" {
		t.Fatalf("KH's timeline with itself after the merge: %q, %v", relIDs(p.Events), err)
	}
	if got, want := bucketString(buckets(t, s, graph.TimelineQuery{Entity: KH}, graph.BucketMonth).Buckets), "2019-12:1/0[0 0 0 0]nil 2020-01:3/2[0 0 1 1]-6.5 2020-02:1/1[1 0 0 0]2 2021-03:1/0[0 0 0 0]nil"; got != want {
		t.Fatalf("KH's buckets after the merge:\n%s\nwant\n%s", got, want)
	}
	cnt, err := s.EntityCounts(ctx, KH)
	if err != nil {
		t.Fatal(err)
	}
	// Ten reports, nine events: a1/r4 and a3/r2 are one.
	if got, want := fmt.Sprintf("%d %d %d", cnt.Relations, cnt.Neighbors, cnt.Sources), "9 4 4"; got != want {
		t.Fatalf("KH's relations, neighbours, sources after the merge: %s, want %s", got, want)
	}
	// The loop is no step of a path: Iran reaches KH directly, by the one
	// fact two sources report.
	ps, err := s.Paths(ctx, graph.PathQuery{From: IR, To: KH, MaxHops: 3, K: 1})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := pathIDs(ps), "Q794 [a1/r4] kataib-hezbollah"; got != want {
		t.Fatalf("paths from Iran to KH after the merge: %s, want %s", got, want)
	}
	ps, err = s.Paths(ctx, graph.PathQuery{From: KH, To: IQ, MaxHops: 3, K: 1})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := pathIDs(ps), "kataib-hezbollah [a3/r4 a4/r1 a3/r1] Q796"; got != want {
		t.Fatalf("paths from KH to Iraq after the merge: %s, want %s", got, want)
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Entities != before.Entities-1 || st.Relations != before.Relations-1 || st.Sources != before.Sources {
		t.Fatalf("stats after the merge: %+v, before %+v", st, before)
	}
	// Sources keep their digests: the same contribution again changes
	// nothing (an importer applies the decision, so its contribution
	// differs: see graph.ApplyDecisions).
	if res := replace(t, s, curateA3()); !res.Unchanged {
		t.Fatalf("a3 with its digest after the merge: %+v, want unchanged", res)
	}
	sameAs(t, s, merged, 1)

	// Removing a source takes its part of the merged entity with it.
	if _, err := s.RemoveSource(ctx, "a3"); err != nil {
		t.Fatal(err)
	}
	sameAs(t, s, slices.DeleteFunc(merged, func(c *graph.Contribution) bool { return c.Source.ID == "a3" }), 2)

	_, err = c.MergeEntities(ctx, khDup, KH, "")
	wantCode(t, "merging a merged-away entity again", err, graph.ENotFound)
}

func testSplit(t *testing.T, open func(t *testing.T) graph.Store, cur func(*testing.T, graph.Store) graph.Curator) {
	t.Run("Record", func(t *testing.T) {
		// a2 records Kataib Hezbollah as an organisation with a QID: say it
		// meant another group.
		s, c := curated(t, open, cur)
		d, err := c.SplitEntity(ctx, KH, "a2", "kh-a2", "not the same group")
		if err != nil {
			t.Fatalf("SplitEntity: %v", err)
		}
		want := graph.Decision{Kind: graph.DecisionSplit, Entity: KH, Into: "kh-a2", Source: "a2", Note: "not the same group"}
		if d.At = ""; !reflect.DeepEqual(d, want) {
			t.Fatalf("SplitEntity = %+v, want %+v", d, want)
		}
		decisionsAre(t, c, want)
		split := renamed(Fixture(), KH, "kh-a2", "a2")
		for id, want := range map[string]string{
			"kh-a2": "كتائب حزب الله/organization/Q2597185/map[ar:كتائب حزب الله]/map[]",
			KH:      "Kataib Hezbollah/armed_group//map[en:Kataib Hezbollah]/map[]",
		} {
			e, err := s.Entity(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if got := fmt.Sprintf("%s/%s/%s/%v/%v", e.Name, e.Kind, e.Wikidata, e.Names, e.Aliases); got != want {
				t.Fatalf("%s after the split: %s, want %s", id, got, want)
			}
			if w := assembled(id, split...); !reflect.DeepEqual(e, w) {
				t.Fatalf("%s after the split = %+v, want %+v", id, e, w)
			}
		}
		for _, q := range []struct{ id, want string }{{KH, "a1/r3 a1/r4 a1/r6"}, {"kh-a2", "a2/r4"}} {
			n, err := s.Neighbors(ctx, graph.NeighborQuery{ID: q.id, Depth: 1})
			if err != nil {
				t.Fatal(err)
			}
			if got := relIDs(n.Relations); got != q.want {
				t.Fatalf("relations of %s after the split: %s, want %s", q.id, got, q.want)
			}
			sameRelations(t, "neighbours after the split", n.Relations, fixtureRelations(split...))
		}
		es, err := s.EntitiesByWikidata(ctx, "Q2597185")
		if err != nil || entIDs(es) != "kh-a2" {
			t.Fatalf("EntitiesByWikidata(Q2597185) after the split: %q, %v", entIDs(es), err)
		}
		es, err = s.EntitiesByKey(ctx, "كتائب حزب الله")
		if err != nil || entIDs(es) != "kh-a2" {
			t.Fatalf("EntitiesByKey(كتائب حزب الله) after the split: %q, %v", entIDs(es), err)
		}
		sameAs(t, s, split, 3)
	})

	t.Run("RelationsOnly", func(t *testing.T) {
		// a1 has no record of the PMF, only a relation to it and one it
		// takes part in: the new entity is a bare node.
		s, c := curated(t, open, cur)
		if _, err := c.SplitEntity(ctx, PMF, "a1", "pmf-a1", ""); err != nil {
			t.Fatal(err)
		}
		e, err := s.Entity(ctx, "pmf-a1")
		if err != nil {
			t.Fatal(err)
		}
		if want := graph.Assemble("pmf-a1", nil); !reflect.DeepEqual(e, want) {
			t.Fatalf("pmf-a1 = %+v, want %+v", e, want)
		}
		p, err := s.Timeline(ctx, graph.TimelineQuery{Entity: "pmf-a1"})
		if err != nil || relIDs(p.Events) != "a1/r3" {
			t.Fatalf("timeline of pmf-a1: %q, %v", relIDs(p.Events), err)
		}
		sameAs(t, s, renamed(Fixture(), PMF, "pmf-a1", "a1"), 4)
	})

	t.Run("OnlySource", func(t *testing.T) {
		// Only a1 says anything of the airport: a split renames it.
		s, c := curated(t, open, cur)
		if _, err := c.SplitEntity(ctx, BIAP, "a1", "biap", ""); err != nil {
			t.Fatal(err)
		}
		_, err := s.Entity(ctx, BIAP)
		wantCode(t, "Entity(split from its only source)", err, graph.ENotFound)
		sameAs(t, s, renamed(Fixture(), BIAP, "biap", "a1"), 5)
	})
}

// testCurateSequence makes decisions on the results of others: a split
// that undoes part of a merge into the merged-away id.
func testCurateSequence(t *testing.T, open func(t *testing.T) graph.Store, cur func(*testing.T, graph.Store) graph.Curator) {
	s, c := curated(t, open, cur, curateA3(), curateA4())
	if _, err := c.MergeEntities(ctx, khDup, KH, "first"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.MergeEntities(ctx, IQ, KH, "wrong"); err != nil {
		t.Fatal(err)
	}
	// The merged-away id is free again: a3's part goes back to it (its
	// record of KH too, which it had merged with).
	if _, err := c.SplitEntity(ctx, KH, "a3", khDup, "second thoughts"); err != nil {
		t.Fatal(err)
	}
	decisionsAre(t, c,
		graph.Decision{Kind: graph.DecisionMerge, Entity: khDup, Into: KH, Note: "first",
			DecisionExtra: graph.DecisionExtra{Moved: map[string]string{"a4": "a4-v1"}, Joined: []string{"a3"}}},
		graph.Decision{Kind: graph.DecisionMerge, Entity: IQ, Into: KH, Note: "wrong",
			DecisionExtra: graph.DecisionExtra{Moved: map[string]string{srcGazetteer.ID: srcGazetteer.Digest}, Joined: []string{"a1", "a2", "a3", "a4"}}},
		graph.Decision{Kind: graph.DecisionSplit, Entity: KH, Into: khDup, Source: "a3", Note: "second thoughts"},
	)
	want := append(Fixture(), curateA3(), curateA4())
	want = renamed(want, khDup, KH, "")
	want = renamed(want, IQ, KH, "")
	want = renamed(want, KH, khDup, "a3")
	sameAs(t, s, want, 6)
}

// testUndo takes decisions back: a split wholly, a merge in the sources
// it did not join, last first; and refuses what cannot be undone.
func testUndo(t *testing.T, open func(t *testing.T) graph.Store, cur func(*testing.T, graph.Store) graph.Curator) {
	all := append(Fixture(), curateA3(), curateA4())
	t.Run("Split", func(t *testing.T) {
		s, c := curated(t, open, cur, curateA3(), curateA4())
		split, err := c.SplitEntity(ctx, KH, "a2", "kh-a2", "not the same group")
		if err != nil {
			t.Fatal(err)
		}
		u, err := c.UndoDecision(ctx, 1, "the same after all")
		if err != nil {
			t.Fatal(err)
		}
		want := graph.Decision{Kind: graph.DecisionUndo, Entity: KH, Into: "kh-a2", Source: "a2", Note: "the same after all",
			DecisionExtra: graph.DecisionExtra{Undoes: 1}}
		if u.At = ""; !reflect.DeepEqual(u, want) {
			t.Fatalf("UndoDecision = %+v, want %+v", u, want)
		}
		decisionsAre(t, c, split, want)
		_, err = s.Entity(ctx, "kh-a2")
		wantCode(t, "Entity(split undone)", err, graph.ENotFound)
		sameAs(t, s, all, 7)
	})
	t.Run("Merge", func(t *testing.T) {
		s, c := curated(t, open, cur, curateA3(), curateA4())
		if _, err := c.MergeEntities(ctx, khDup, KH, "one militia"); err != nil {
			t.Fatal(err)
		}
		u, err := c.UndoDecision(ctx, 1, "")
		if err != nil {
			t.Fatal(err)
		}
		// a4 said only the duplicate: it has it back; a3 said both, and its
		// records stay one until it is imported again.
		if got, want := fmt.Sprintf("%s %s→%s undoes %d, joined %v", u.Kind, u.Entity, u.Into, u.Undoes, u.Joined), "undo kh-dup→kataib-hezbollah undoes 1, joined [a3]"; got != want {
			t.Fatalf("UndoDecision = %s, want %s", got, want)
		}
		sameAs(t, s, renamed(all, khDup, KH, "a3"), 8)
		_, err = c.UndoDecision(ctx, 1, "")
		wantCode(t, "UndoDecision of a decision undone", err, graph.EConflict)
		_, err = c.UndoDecision(ctx, 2, "")
		wantCode(t, "UndoDecision of an undo", err, graph.EInvalid)
	})
	t.Run("LastFirst", func(t *testing.T) {
		s, c := curated(t, open, cur, curateA3(), curateA4())
		for _, m := range [][2]string{{khDup, KH}, {PMF, KH}} {
			if _, err := c.MergeEntities(ctx, m[0], m[1], ""); err != nil {
				t.Fatal(err)
			}
		}
		_, err := c.UndoDecision(ctx, 1, "")
		wantCode(t, "UndoDecision of a merge into an entity merged into since", err, graph.EConflict)
		var joined []string
		for _, n := range []int{2, 1} {
			u, err := c.UndoDecision(ctx, n, "")
			if err != nil {
				t.Fatalf("UndoDecision(%d): %v", n, err)
			}
			joined = append(joined, fmt.Sprint(u.Joined))
		}
		// The militias' merge joined a1 (which names both) and moved the
		// gazetteer's record: a1 keeps it, as a3 keeps the first.
		if got := strings.Join(joined, " "); got != "[a1] [a3]" {
			t.Fatalf("the undos joined %s, want [a1] [a3]", got)
		}
		sameAs(t, s, renamed(renamed(all, khDup, KH, "a3"), PMF, KH, "a1"), 10)
	})
	t.Run("Changed", func(t *testing.T) {
		// a4, imported again after the merge, cannot be parted by a rename.
		s, c := curated(t, open, cur, curateA3(), curateA4())
		if _, err := c.MergeEntities(ctx, khDup, KH, ""); err != nil {
			t.Fatal(err)
		}
		a4 := renamed([]*graph.Contribution{curateA4()}, khDup, KH, "")[0]
		a4.Source.Digest = "a4-v2"
		replace(t, s, a4)
		u, err := c.UndoDecision(ctx, 1, "")
		if err != nil || fmt.Sprint(u.Joined) != "[a3 a4]" {
			t.Fatalf("UndoDecision = %+v, %v; want a3 and a4 joined", u, err)
		}
		want := renamed(all, khDup, KH, "")
		want[len(want)-1] = a4
		sameAs(t, s, want, 9)
	})
	t.Run("Errors", func(t *testing.T) {
		s, c := curated(t, open, cur)
		before := snapshot(t, s)
		for _, n := range []int{0, 1, -1} {
			_, err := c.UndoDecision(ctx, n, "")
			wantCode(t, fmt.Sprintf("UndoDecision(%d) with no decision", n), err, graph.ENotFound)
		}
		if after := snapshot(t, s); after != before {
			t.Fatalf("failed undos changed the store:\n%s\nwas\n%s", after, before)
		}
		decisionsAre(t, c)
	})
}

func testCurateErrors(t *testing.T, open func(t *testing.T) graph.Store, cur func(*testing.T, graph.Store) graph.Curator) {
	s, c := curated(t, open, cur)
	before := snapshot(t, s)
	for _, x := range []struct {
		what     string
		from, to string
		code     graph.Code
	}{
		{"unknown from", "nobody", US, graph.ENotFound},
		{"unknown into", US, "nobody", graph.ENotFound},
		{"empty from", "", US, graph.ENotFound},
		{"both unknown and equal", "nobody", "nobody", graph.ENotFound},
		{"into itself", US, US, graph.EInvalid},
	} {
		_, err := c.MergeEntities(ctx, x.from, x.to, "")
		wantCode(t, "MergeEntities: "+x.what, err, x.code)
	}
	for _, x := range []struct {
		what               string
		id, source, target string
		code               graph.Code
	}{
		{"unknown entity", "nobody", "a1", "new", graph.ENotFound},
		{"unknown source", US, "a9", "new", graph.ENotFound},
		{"empty new id", US, "a1", "", graph.EInvalid},
		{"invalid new id", US, "a1", "New Entity", graph.EInvalid},
		{"existing new id", US, "a1", IR, graph.EConflict},
		{"into itself", US, "a1", US, graph.EConflict},
		{"source silent on the entity", JC, "a1", "jc-a1", graph.EInvalid},
	} {
		_, err := c.SplitEntity(ctx, x.id, x.source, x.target, "")
		wantCode(t, "SplitEntity: "+x.what, err, x.code)
	}
	if after := snapshot(t, s); after != before {
		t.Fatalf("failed decisions changed the store:\n%s\nwas\n%s", after, before)
	}
	decisionsAre(t, c)

	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	_, err := c.MergeEntities(ctx, KH, US, "")
	wantCode(t, "MergeEntities after Close", err, graph.EUnavailable)
	_, err = c.SplitEntity(ctx, KH, "a2", "kh-a2", "")
	wantCode(t, "SplitEntity after Close", err, graph.EUnavailable)
	_, err = c.Decisions(ctx)
	wantCode(t, "Decisions after Close", err, graph.EUnavailable)
}

// curateDifferential loads cs into s and a Reference, then, twice,
// makes the same random decisions (valid and not) in both, wants the same
// answers, and makes the same corrections and removals of sources; the
// answers after the last must be the same too.
func curateDifferential(t *testing.T, s graph.Store, c graph.Curator, cs []*graph.Contribution, seed uint64) {
	d := &differ{t: t, s: s, ref: NewReference(), pool: NewReference(), rng: rand.New(rand.NewPCG(seed, 17))}
	ref := d.ref.(*Reference)
	for _, x := range cs {
		d.replace(x)
	}
	var made []graph.Decision
	decide := func(what string, f func(c graph.Curator) (graph.Decision, error)) {
		t.Helper()
		got, err := f(c)
		want, werr := f(ref)
		f(d.pool)
		if graph.ErrorCode(err) != graph.ErrorCode(werr) || (err == nil) != (werr == nil) {
			t.Fatalf("%s: error %v, reference %v", what, err, werr)
		}
		got.At, want.At = "", ""
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s = %+v, reference %+v", what, got, want)
		}
		if err == nil {
			made = append(made, want)
		}
	}
	r := d.rng
	for round := range 2 {
		for i := range 10 {
			d.pool.mu.RLock()
			ids := slices.Sorted(maps.Keys(d.pool.ents))
			srcs := slices.Sorted(maps.Keys(d.pool.contrib))
			d.pool.mu.RUnlock()
			pick := func() string { return ids[r.IntN(len(ids))] }
			switch r.IntN(4) {
			case 3:
				n := r.IntN(len(made) + 2) // 0 and len+1: no such decision
				decide(fmt.Sprintf("UndoDecision(%d)", n), func(c graph.Curator) (graph.Decision, error) {
					return c.UndoDecision(ctx, n, "u")
				})
			case 0, 1:
				from, into := pick(), pick()
				if r.IntN(10) == 0 {
					from = "nobody"
				}
				decide(fmt.Sprintf("MergeEntities(%s, %s)", from, into), func(c graph.Curator) (graph.Decision, error) {
					return c.MergeEntities(ctx, from, into, "m")
				})
			default:
				id, newID := pick(), fmt.Sprintf("split-%d-%d", round, i)
				d.pool.mu.RLock()
				var mine []string
				for _, src := range srcs {
					if d.pool.contrib[src].Mentions(id) {
						mine = append(mine, src)
					}
				}
				d.pool.mu.RUnlock()
				src := srcs[r.IntN(len(srcs))] // any source: often silent on id
				if len(mine) > 0 && r.IntN(4) > 0 {
					src = mine[r.IntN(len(mine))]
				}
				if r.IntN(10) == 0 {
					newID = pick()
				}
				decide(fmt.Sprintf("SplitEntity(%s, %s, %s)", id, src, newID), func(c graph.Curator) (graph.Decision, error) {
					return c.SplitEntity(ctx, id, src, newID, "s")
				})
			}
		}
		decisionsAre(t, c, made...)
		d.compareAll()
		// Corrections of the original articles (which may name entities
		// merged away: both stores must agree on that) and removals.
		for i := range 4 {
			x := CloneContribution(cs[1+r.IntN(len(cs)-1)])
			x.Source.Digest = fmt.Sprintf("%s-cur%d-%d", x.Source.Digest, round, i)
			x.Relations = slices.DeleteFunc(x.Relations, func(graph.Relation) bool { return r.IntN(3) == 0 })
			d.replace(x)
		}
		for range 2 {
			d.remove(cs[1+r.IntN(len(cs)-1)].Source.ID)
		}
	}
	d.compareAll()
	d.pool.mu.RLock()
	ids := slices.Sorted(maps.Keys(d.pool.ents))
	d.pool.mu.RUnlock()
	d.compareExports(ids)
}
