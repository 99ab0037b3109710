package storetest

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/graph"
)

// Run runs the contract suite. open must return a fresh, empty store each
// time it is called and arrange for it to be closed (Close may be called
// twice: the suite closes some stores itself).
func Run(t *testing.T, open func(t *testing.T) graph.Store) {
	t.Run("ReplaceSource", func(t *testing.T) { testReplaceSource(t, open) })
	t.Run("RemoveSource", func(t *testing.T) { testRemoveSource(t, open) })
	t.Run("Sources", func(t *testing.T) { testSources(t, open) })
	t.Run("Entity", func(t *testing.T) { testEntity(t, open) })
	t.Run("EntityLookup", func(t *testing.T) { testEntityLookup(t, open) })
	t.Run("Lookup", func(t *testing.T) { testLookup(t, open) })
	t.Run("ReportsByRefs", func(t *testing.T) { testReportsByRefs(t, open) })
	t.Run("Import", func(t *testing.T) { testImport(t, open) })
	t.Run("Source", func(t *testing.T) { testSource(t, open) })
	t.Run("SearchEntities", func(t *testing.T) { testSearch(t, open) })
	t.Run("EntityCounts", func(t *testing.T) { testEntityCounts(t, open) })
	t.Run("Neighbors", func(t *testing.T) { testNeighbors(t, open) })
	t.Run("Paths", func(t *testing.T) { testPaths(t, open) })
	t.Run("Timeline", func(t *testing.T) { testTimeline(t, open) })
	t.Run("Events", func(t *testing.T) { testEvents(t, open) })
	t.Run("Drafts", func(t *testing.T) { testDrafts(t, open) })
	t.Run("Buckets", func(t *testing.T) { testBuckets(t, open) })
	t.Run("Stats", func(t *testing.T) { testStats(t, open) })
	// New with the exports (see export.go): Relations and Entities.
	t.Run("Relations", func(t *testing.T) { testRelations(t, open) })
	t.Run("Entities", func(t *testing.T) { testEntities(t, open) })
	t.Run("RoundTrip", func(t *testing.T) { testRoundTrip(t, open) })
	t.Run("Close", func(t *testing.T) { testClose(t, open) })
	t.Run("Differential", func(t *testing.T) { testDifferential(t, open) })
}

var ctx = context.Background()

// loaded opens a store holding the fixture.
func loaded(t *testing.T, open func(t *testing.T) graph.Store) graph.Store {
	t.Helper()
	s := open(t)
	for _, c := range Fixture() {
		if _, err := s.ReplaceSource(ctx, c); err != nil {
			t.Fatalf("ReplaceSource(%s): %v", c.Source.ID, err)
		}
	}
	return s
}

func wantCode(t *testing.T, what string, err error, code graph.Code) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s: no error, want %s", what, code)
	}
	var ge *graph.Error
	if !asError(err, &ge) {
		t.Fatalf("%s: error %v (%T) is not a *graph.Error", what, err, err)
	}
	if got := graph.ErrorCode(err); got != code {
		t.Fatalf("%s: error %v has code %s, want %s", what, err, got, code)
	}
}

func asError(err error, target **graph.Error) bool {
	for err != nil {
		if ge, ok := err.(*graph.Error); ok {
			*target = ge
			return true
		}
		u, ok := err.(interface{ Unwrap() error })
		if !ok {
			return false
		}
		err = u.Unwrap()
	}
	return false
}

func relIDs(rs []graph.Relation) string {
	ids := make([]string, len(rs))
	for i, r := range rs {
		ids[i] = r.ID
	}
	return strings.Join(ids, " ")
}

func entIDs(es []graph.Entity) string {
	ids := make([]string, len(es))
	for i, e := range es {
		ids[i] = e.ID
	}
	return strings.Join(ids, " ")
}

// pathIDs renders paths as "A [r1 r2] B [r3] C | A [r4] C": each route's
// entities and the relations of each hop.
func pathIDs(ps []graph.Path) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		parts := []string{p.Nodes[0].ID}
		for j, h := range p.Hops {
			parts = append(parts, "["+relIDs(h.Relations)+"]", p.Nodes[j+1].ID)
		}
		s[i] = strings.Join(parts, " ")
	}
	return strings.Join(s, " | ")
}

func hitIDs(hs []graph.EntityHit) string {
	s := make([]string, len(hs))
	for i, h := range hs {
		s[i] = h.Entity.ID + ":" + h.Match
	}
	return strings.Join(s, " ")
}

func bucketString(bs []graph.Bucket) string {
	s := make([]string, len(bs))
	for i, b := range bs {
		mean := "nil"
		if b.MeanIntensity != nil {
			mean = fmt.Sprintf("%.4g", *b.MeanIntensity)
		}
		s[i] = fmt.Sprintf("%s:%d/%d%v%s", b.Key, b.Events, b.Happened, b.Quad, mean)
	}
	return strings.Join(s, " ")
}

// NormRelation returns r with empty Participants and Evidence as nil, the
// form relations are compared in.
func NormRelation(r graph.Relation) graph.Relation {
	if len(r.Participants) == 0 {
		r.Participants = nil
	}
	if len(r.Evidence) == 0 {
		r.Evidence = nil
	}
	return r
}

// fixtureRelations indexes the relations of contributions by id.
func fixtureRelations(cs ...*graph.Contribution) map[string]graph.Relation {
	groups := map[string][]graph.Report{}
	for _, c := range cs {
		for _, r := range c.Relations {
			groups[r.GroupKey()] = append(groups[r.GroupKey()], graph.Report{Relation: r, Source: c.Source.ID})
		}
	}
	m := map[string]graph.Relation{}
	taken := map[string]bool{}
	for _, k := range slices.Sorted(maps.Keys(groups)) {
		for _, e := range graph.Events(groups[k], nil, taken) {
			m[e.ID] = e
		}
	}
	return m
}

// reportIDs lists the reports of an event's evidence, each once, sorted.
func reportIDs(r graph.Relation) string {
	ids := map[string]bool{}
	for _, ev := range r.Evidence {
		ids[ev.Report] = true
	}
	return strings.Join(slices.Sorted(maps.Keys(ids)), " ")
}

// sameRelations checks that relations read back equal the ones written.
func sameRelations(t *testing.T, what string, got []graph.Relation, want map[string]graph.Relation) {
	t.Helper()
	for _, r := range got {
		w, ok := want[r.ID]
		if !ok {
			t.Fatalf("%s: unexpected relation %s", what, r.ID)
		}
		if g, w := NormRelation(r), NormRelation(w); !reflect.DeepEqual(g, w) {
			gj, _ := json.Marshal(g)
			wj, _ := json.Marshal(w)
			t.Fatalf("%s: relation %s reads back as\n%s\nwant\n%s\n(%#v)", what, r.ID, gj, wj, g)
		}
	}
}

// assembled returns the entity the fixture's records make.
func assembled(id string, cs ...*graph.Contribution) graph.Entity {
	var recs []graph.SourcedRecord
	for _, c := range cs {
		for _, rec := range c.Entities {
			if rec.ID == id {
				recs = append(recs, graph.SourcedRecord{Source: c.Source.ID, Priority: c.Priority, EntityRecord: rec})
			}
		}
	}
	return graph.Assemble(id, recs)
}

var fixtureIDs = []string{US, IR, IQ, IRGC, QF, PMF, KH, JC, SOL, BIAP}

// snapshot renders what a store answers about the fixture, to check that a
// failed write changed nothing.
func snapshot(t *testing.T, s graph.Store) string {
	t.Helper()
	var b strings.Builder
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	src, err := s.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	j, _ := json.Marshal([]any{st, src})
	b.Write(j)
	for _, id := range append(fixtureIDs, "nobody") {
		e, err := s.Entity(ctx, id)
		if err != nil {
			fmt.Fprintf(&b, "\n%s: %s", id, graph.ErrorCode(err))
			continue
		}
		n, err := s.Neighbors(ctx, graph.NeighborQuery{ID: id, Depth: 1})
		if err != nil {
			t.Fatal(err)
		}
		for i := range n.Relations {
			n.Relations[i] = NormRelation(n.Relations[i])
		}
		j, _ := json.Marshal([]any{e, n})
		fmt.Fprintf(&b, "\n%s", j)
	}
	return b.String()
}

func replace(t *testing.T, s graph.Store, c *graph.Contribution) graph.ReplaceResult {
	t.Helper()
	res, err := s.ReplaceSource(ctx, c)
	if err != nil {
		t.Fatalf("ReplaceSource(%s): %v", c.Source.ID, err)
	}
	return res
}

func testReplaceSource(t *testing.T, open func(t *testing.T) graph.Store) {
	t.Run("Counts", func(t *testing.T) {
		s := open(t)
		if got, want := replace(t, s, Gazetteer()), (graph.ReplaceResult{EntitiesNew: 8, Relations: 3}); got != want {
			t.Fatalf("gazetteer: got %+v, want %+v", got, want)
		}
		if got, want := replace(t, s, Article1()), (graph.ReplaceResult{EntitiesNew: 2, EntitiesMerged: 4, Relations: 6}); got != want {
			t.Fatalf("a1: got %+v, want %+v", got, want)
		}
		if got, want := replace(t, s, Article2()), (graph.ReplaceResult{EntitiesMerged: 5, Relations: 6}); got != want {
			t.Fatalf("a2: got %+v, want %+v", got, want)
		}
	})

	t.Run("Idempotent", func(t *testing.T) {
		s := loaded(t, open)
		before := snapshot(t, s)
		if got, want := replace(t, s, Article1()), (graph.ReplaceResult{Unchanged: true}); got != want {
			t.Fatalf("same digest: got %+v, want %+v", got, want)
		}
		// The digest decides: same digest, different content changes nothing.
		c := Article1()
		c.Relations = c.Relations[:1]
		c.Source.Title = "changed"
		if got, want := replace(t, s, c), (graph.ReplaceResult{Unchanged: true}); got != want {
			t.Fatalf("same digest, other content: got %+v, want %+v", got, want)
		}
		if after := snapshot(t, s); after != before {
			t.Fatalf("storing the same digest changed the store:\n%s\nwas\n%s", after, before)
		}
	})

	t.Run("Correction", func(t *testing.T) {
		s := loaded(t, open)
		got := replace(t, s, Article1v2())
		if want := (graph.ReplaceResult{Replaced: true, EntitiesMerged: 4, Relations: 5, RelationsRemoved: 1}); got != want {
			t.Fatalf("got %+v, want %+v", got, want)
		}
		if _, err := s.Entity(ctx, BIAP); err == nil {
			t.Fatalf("%s outlived the only source and relation that named it", BIAP)
		} else {
			wantCode(t, "Entity(orphan)", err, graph.ENotFound)
		}
		for key, want := range map[string]string{"baghdad": IQ, "soleimani": "", "us": "", "kataib hizballah": "", "american": US} {
			es, err := s.EntitiesByKey(ctx, key)
			if err != nil {
				t.Fatal(err)
			}
			if got := entIDs(es); got != want {
				t.Fatalf("EntitiesByKey(%q) after correction = %q, want %q", key, got, want)
			}
		}
		sol, err := s.Entity(ctx, SOL)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := fmt.Sprintf("%s %v", sol.Name, sol.Aliases["en"]), "Qasem Soleimani []"; got != want {
			t.Fatalf("Soleimani after correction: %q, want %q", got, want)
		}
		us, err := s.Entity(ctx, US)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := fmt.Sprint(us.Aliases["en"]), "[USA]"; got != want {
			t.Fatalf("US aliases after correction: %s, want %s", got, want)
		}
		n, err := s.Neighbors(ctx, graph.NeighborQuery{ID: KH, Depth: 1})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := relIDs(n.Relations), "a1/r3 a1/r6 a2/r4"; got != want {
			t.Fatalf("KH relations after correction: %s, want %s", got, want)
		}
		want := fixtureRelations(Gazetteer(), Article1v2(), Article2())
		sameRelations(t, "neighbors after correction", n.Relations, want)
		p, err := s.Timeline(ctx, graph.TimelineQuery{Entity: US})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := relIDs(p.Events), "a2/r3 a1/r3 a1/r1 a1/r2 a1/r5 a2/r1 a2/r4 a2/r5"; got != want {
			t.Fatalf("US timeline after correction: %s, want %s", got, want)
		}
		sameRelations(t, "timeline after correction", p.Events, want)
		st, err := s.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := fmt.Sprintf("%d %d %d", st.Entities, st.Relations, st.Sources), "9 14 3"; got != want {
			t.Fatalf("entities, relations, sources after correction: %s, want %s", got, want)
		}
		srcs, err := s.Sources(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := srcs[0].Digest, "a1-v2"; got != want {
			t.Fatalf("digest after correction: %s, want %s", got, want)
		}
		// And back: the first version restores the first state.
		if got, want := replace(t, s, Article1()), (graph.ReplaceResult{Replaced: true, EntitiesNew: 1, EntitiesMerged: 5, Relations: 6}); got != want {
			t.Fatalf("back to v1: got %+v, want %+v", got, want)
		}
		ref := loaded(t, func(*testing.T) graph.Store { return NewReference() })
		if got, want := snapshot(t, s), snapshot(t, ref); got != want {
			t.Fatalf("v1, v2, v1 differs from v1:\n%s\nwant\n%s", got, want)
		}
	})

	t.Run("ImportOrder", func(t *testing.T) {
		want := snapshot(t, loaded(t, open))
		s := open(t)
		if got, want := replace(t, s, Article2()), (graph.ReplaceResult{EntitiesNew: 5, Relations: 6}); got != want {
			t.Fatalf("a2 first: got %+v, want %+v", got, want)
		}
		_, err := s.ReplaceSource(ctx, Article1())
		wantCode(t, "a1 before the gazetteer that records pmf", err, graph.EInvalid)
		// The gazetteer and a1 come after a2 but sort before it: their
		// names and labels win all the same.
		if got, want := replace(t, s, Gazetteer()), (graph.ReplaceResult{EntitiesNew: 4, EntitiesMerged: 4, Relations: 3}); got != want {
			t.Fatalf("gazetteer after a2: got %+v, want %+v", got, want)
		}
		replace(t, s, Article1())
		if got := snapshot(t, s); got != want {
			t.Fatalf("importing in another order gives another graph:\n%s\nwant\n%s", got, want)
		}
	})

	t.Run("UnknownEntity", func(t *testing.T) {
		s := loaded(t, open)
		before := snapshot(t, s)
		check := func(what string, c *graph.Contribution) {
			t.Helper()
			_, err := s.ReplaceSource(ctx, c)
			wantCode(t, what, err, graph.EInvalid)
			if after := snapshot(t, s); after != before {
				t.Fatalf("%s: the failed write changed the store:\n%s\nwas\n%s", what, after, before)
			}
		}
		c := Article1()
		c.Source.Digest = "a1-v3"
		c.Relations = append(c.Relations, graph.Relation{ID: "a1/r7", Type: "meets", Class: "event", From: US, To: "nobody", Modality: graph.Asserted, Confidence: 1})
		check("unknown target", c)
		c = &graph.Contribution{Source: graph.Source{ID: "a3", Kind: "article", Digest: "a3"}, Priority: 1,
			Relations: []graph.Relation{{ID: "a3/r1", Type: "meets", Class: "event", From: US, To: IR,
				Participants: []graph.Participant{{Entity: "nobody", Role: "location"}}, Modality: graph.Asserted, Confidence: 1}}}
		check("unknown participant", c)
		// Only the earlier version of a1 knew the airport: a new version
		// that names it without recording it is invalid.
		c = Article1()
		c.Source.Digest = "a1-v3"
		c.Entities = slices.DeleteFunc(c.Entities, func(r graph.EntityRecord) bool { return r.ID == BIAP })
		check("entity only the replaced version knew", c)
		// Another source may name the airport without recording it.
		c = &graph.Contribution{Source: graph.Source{ID: "a3", Kind: "article", Digest: "a3"}, Priority: 1,
			Relations: []graph.Relation{{ID: "a3/r1", Type: "meets", Class: "event", From: US, To: BIAP, Modality: graph.Asserted, Confidence: 1}}}
		if got, want := replace(t, s, c), (graph.ReplaceResult{Relations: 1}); got != want {
			t.Fatalf("relation to an entity of another source: got %+v, want %+v", got, want)
		}
	})

	t.Run("RelationOfAnotherSource", func(t *testing.T) {
		s := loaded(t, open)
		before := snapshot(t, s)
		c := &graph.Contribution{Source: graph.Source{ID: "a3", Kind: "article", Digest: "a3"}, Priority: 1,
			Entities:  []graph.EntityRecord{{ID: "newcomer", Kind: "person", Label: "Newcomer"}},
			Relations: []graph.Relation{{ID: "a1/r1", Type: "meets", Class: "event", From: "newcomer", To: IR, Modality: graph.Asserted, Confidence: 1}}}
		_, err := s.ReplaceSource(ctx, c)
		wantCode(t, "relation id of another source", err, graph.EInvalid)
		if after := snapshot(t, s); after != before {
			t.Fatalf("the failed write changed the store:\n%s\nwas\n%s", after, before)
		}
		if _, err := s.Entity(ctx, "newcomer"); err == nil {
			t.Fatal("the failed write stored an entity")
		}
	})

	t.Run("Invalid", func(t *testing.T) {
		s := loaded(t, open)
		before := snapshot(t, s)
		mk := func(f func(c *graph.Contribution)) *graph.Contribution {
			c := Article1()
			c.Source.Digest = "a1-bad"
			f(c)
			return c
		}
		cases := map[string]*graph.Contribution{
			"nil":                   nil,
			"no source id":          mk(func(c *graph.Contribution) { c.Source.ID = "" }),
			"no digest":             mk(func(c *graph.Contribution) { c.Source.Digest = "" }),
			"record without id":     mk(func(c *graph.Contribution) { c.Entities[0].ID = "" }),
			"entity recorded twice": mk(func(c *graph.Contribution) { c.Entities = append(c.Entities, c.Entities[0]) }),
			"relation without id":   mk(func(c *graph.Contribution) { c.Relations[0].ID = "" }),
			"relation twice":        mk(func(c *graph.Contribution) { c.Relations = append(c.Relations, c.Relations[0]) }),
			"relation without target": mk(func(c *graph.Contribution) {
				c.Relations[1].To = ""
			}),
			"participant without entity": mk(func(c *graph.Contribution) {
				c.Relations[0].Participants = []graph.Participant{{Role: "location"}}
			}),
		}
		for what, c := range cases {
			_, err := s.ReplaceSource(ctx, c)
			wantCode(t, what, err, graph.EInvalid)
		}
		if after := snapshot(t, s); after != before {
			t.Fatalf("invalid writes changed the store:\n%s\nwas\n%s", after, before)
		}
	})
}

func testRemoveSource(t *testing.T, open func(t *testing.T) graph.Store) {
	s := loaded(t, open)
	remove := func(id string, want bool) {
		t.Helper()
		got, err := s.RemoveSource(ctx, id)
		if err != nil {
			t.Fatalf("RemoveSource(%s): %v", id, err)
		}
		if got != want {
			t.Fatalf("RemoveSource(%s) = %v, want %v", id, got, want)
		}
	}
	entity := func(id string) graph.Entity {
		t.Helper()
		e, err := s.Entity(ctx, id)
		if err != nil {
			t.Fatalf("Entity(%s): %v", id, err)
		}
		return e
	}
	gone := func(id string) {
		t.Helper()
		_, err := s.Entity(ctx, id)
		wantCode(t, "Entity("+id+")", err, graph.ENotFound)
	}
	remove("nope", false)
	remove("a2", true)
	remove("a2", false)
	srcs, err := s.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprintf("%d %s %s", len(srcs), srcs[0].ID, srcs[1].ID), "2 a1 gazetteer:test"; got != want {
		t.Fatalf("sources after removing a2: %s, want %s", got, want)
	}
	if e := entity(JC); e.Names["ar"] != "" || e.Name != "Joint Comprehensive Plan of Action" {
		t.Fatalf("jcpoa after removing a2: %+v", e)
	}
	if e := entity(KH); e.Wikidata != "" || e.Kind != "armed_group" {
		t.Fatalf("KH after removing a2: %+v", e)
	}
	p, err := s.Timeline(ctx, graph.TimelineQuery{Entity: US})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := relIDs(p.Events), "a1/r3 a1/r2 a1/r1 a1/r5"; got != want {
		t.Fatalf("US timeline after removing a2: %s, want %s", got, want)
	}

	remove("gazetteer:test", true)
	gone(IRGC)
	gone(QF)
	gone(JC)
	// pmf has no record left, but relations: a bare node.
	if got, want := entity(PMF), graph.Assemble(PMF, nil); !reflect.DeepEqual(got, want) {
		t.Fatalf("pmf without records: %+v, want %+v", got, want)
	}
	if got, want := entity(SOL).Name, "Soleimani"; got != want {
		t.Fatalf("Soleimani's name without the gazetteer: %q, want %q", got, want)
	}
	if got, want := entity(US), assembled(US, Article1()); !reflect.DeepEqual(got, want) {
		t.Fatalf("US without the gazetteer: %+v, want %+v", got, want)
	}
	es, err := s.EntitiesByKey(ctx, "pmf")
	if err != nil || len(es) != 0 {
		t.Fatalf("EntitiesByKey(pmf) without the gazetteer: %v, %v", entIDs(es), err)
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := graph.Stats{Entities: 7, Relations: 6, Sources: 1,
		ByKind:     map[string]int{"country": 3, "person": 1, "armed_group": 1, "facility": 1, "": 1},
		ByType:     map[string]int{"kills": 1, "threatens": 1, "attacks": 1, "backs": 1, "negotiates_with": 1, "member_of": 1},
		BySource:   map[string]int{"article": 1},
		FirstDate:  "2014-06-01",
		LastDate:   "2020-01-31",
		ByModality: map[string]int{"asserted": 4, "claimed": 1, "hedged": 1},
	}
	if !reflect.DeepEqual(st, want) {
		t.Fatalf("stats of a1 alone: %+v, want %+v", st, want)
	}

	remove("a1", true)
	st, err = s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	empty := graph.Stats{ByKind: map[string]int{}, ByType: map[string]int{}, BySource: map[string]int{}, ByModality: map[string]int{}}
	if !reflect.DeepEqual(st, empty) {
		t.Fatalf("stats of the emptied store: %+v, want %+v", st, empty)
	}
	gone(US)
	srcs, err = s.Sources(ctx)
	if err != nil || len(srcs) != 0 {
		t.Fatalf("sources of the emptied store: %v, %v", srcs, err)
	}
}

func testSources(t *testing.T, open func(t *testing.T) graph.Store) {
	s := open(t)
	srcs, err := s.Sources(ctx)
	if err != nil || len(srcs) != 0 {
		t.Fatalf("sources of an empty store: %v, %v", srcs, err)
	}
	s = loaded(t, open)
	srcs, err = s.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := []graph.Source{srcA1, srcA2, srcGazetteer}; !reflect.DeepEqual(srcs, want) {
		t.Fatalf("Sources() = %+v, want %+v", srcs, want)
	}
}

func testEntity(t *testing.T, open func(t *testing.T) graph.Store) {
	s := loaded(t, open)
	for _, id := range fixtureIDs {
		e, err := s.Entity(ctx, id)
		if err != nil {
			t.Fatalf("Entity(%s): %v", id, err)
		}
		if want := assembled(id, Fixture()...); !reflect.DeepEqual(e, want) {
			t.Fatalf("Entity(%s) = %+v, want %+v", id, e, want)
		}
	}
	us, _ := s.Entity(ctx, US)
	if got, want := fmt.Sprintf("%s %v %v %v", us.Name, us.Names, us.Aliases, us.Demonyms), "United States map[ar:الولايات المتحدة en:United States] map[ar:[واشنطن] en:[USA U.S.]] map[ar:[أمريكي] en:[American]]"; got != want {
		t.Fatalf("US: %s, want %s", got, want)
	}
	kh, _ := s.Entity(ctx, KH)
	if got, want := fmt.Sprintf("%s/%s/%s/%v", kh.Name, kh.Kind, kh.Wikidata, kh.Names), "Kataib Hezbollah/armed_group/Q2597185/map[ar:كتائب حزب الله en:Kataib Hezbollah]"; got != want {
		t.Fatalf("KH: %s, want %s", got, want)
	}
	iq, _ := s.Entity(ctx, IQ)
	if got, want := fmt.Sprintf("%v %v", iq.Names, iq.Aliases), "map[ar:العراق en:Iraq] map[en:[Baghdad]]"; got != want {
		t.Fatalf("Iraq: %s, want %s", got, want)
	}
	for _, id := range []string{"nobody", "", "q30"} {
		_, err := s.Entity(ctx, id)
		wantCode(t, fmt.Sprintf("Entity(%q)", id), err, graph.ENotFound)
	}
}

func testEntityLookup(t *testing.T, open func(t *testing.T) graph.Store) {
	s := loaded(t, open)
	for qid, want := range map[string]string{"Q30": US, "Q2597185": KH, "Q1631584": SOL, "Q1": "", "": ""} {
		es, err := s.EntitiesByWikidata(ctx, qid)
		if err != nil {
			t.Fatalf("EntitiesByWikidata(%s): %v", qid, err)
		}
		if got := entIDs(es); got != want {
			t.Fatalf("EntitiesByWikidata(%q) = %q, want %q", qid, got, want)
		}
	}
	for key, want := range map[string]string{
		"iran": IR, "ايران": IR, "baghdad": IQ + " " + BIAP, "american": US, "us": US,
		"kataib hizballah": KH, "ira": "", "": "", "IRAN": "", "americans": US, "امريكيين": US,
	} {
		es, err := s.EntitiesByKey(ctx, key)
		if err != nil {
			t.Fatalf("EntitiesByKey(%s): %v", key, err)
		}
		if got := entIDs(es); got != want {
			t.Fatalf("EntitiesByKey(%q) = %q, want %q", key, got, want)
		}
		for _, e := range es {
			if want := assembled(e.ID, Fixture()...); !reflect.DeepEqual(e, want) {
				t.Fatalf("EntitiesByKey(%q) gave %+v, want %+v", key, e, want)
			}
		}
	}
}

func testSearch(t *testing.T, open func(t *testing.T) graph.Store) {
	s := loaded(t, open)
	for _, c := range []struct {
		q    graph.EntitySearch
		want string
	}{
		{graph.EntitySearch{Key: "iran"}, "Q794:exact jcpoa:prefix irgc:substring"},
		{graph.EntitySearch{Key: "iran", Limit: 2}, "Q794:exact jcpoa:prefix"},
		{graph.EntitySearch{Key: "iran", Kind: "military"}, "irgc:substring"},
		{graph.EntitySearch{Key: "ira"}, "Q794:prefix Q796:prefix jcpoa:prefix irgc:substring"},
		{graph.EntitySearch{Key: "ira", Kind: "country", Limit: 1}, "Q794:prefix"},
		{graph.EntitySearch{Key: "baghdad"}, "Q796:exact baghdad-airport:exact"},
		{graph.EntitySearch{Key: "force"}, "pmf:substring quds-force:substring"},
		{graph.EntitySearch{Key: "kataib"}, "kataib-hezbollah:prefix"},
		{graph.EntitySearch{Key: "americans"}, "Q30:exact"},
		{graph.EntitySearch{Key: "الحرس"}, "irgc:prefix"},
		{graph.EntitySearch{Key: "zzz"}, ""},
		{graph.EntitySearch{Key: "%"}, ""},
		{graph.EntitySearch{Key: "_"}, ""},
	} {
		hits, err := s.SearchEntities(ctx, c.q)
		if err != nil {
			t.Fatalf("SearchEntities(%+v): %v", c.q, err)
		}
		if got := hitIDs(hits); got != c.want {
			t.Fatalf("SearchEntities(%+v) = %q, want %q", c.q, got, c.want)
		}
		for _, h := range hits {
			if want := assembled(h.Entity.ID, Fixture()...); !reflect.DeepEqual(h.Entity, want) {
				t.Fatalf("SearchEntities gave %+v, want %+v", h.Entity, want)
			}
		}
	}
	_, err := s.SearchEntities(ctx, graph.EntitySearch{})
	wantCode(t, "empty search key", err, graph.EInvalid)
}

func testEntityCounts(t *testing.T, open func(t *testing.T) graph.Store) {
	s := loaded(t, open)
	for id, want := range map[string]graph.EntityCounts{
		US: {Relations: 9, Neighbors: 7, Sources: 3, ByType: map[string]int{
			"kills": 1, "threatens": 1, "attacks": 2, "negotiates_with": 3, "signs": 1, "condemns": 1}},
		PMF:  {Relations: 2, Neighbors: 2, Sources: 2, ByType: map[string]int{"attacks": 1, "member_of": 1}},
		BIAP: {Relations: 1, Neighbors: 3, Sources: 1, ByType: map[string]int{"kills": 1}},
		QF:   {Relations: 2, Neighbors: 2, Sources: 1, ByType: map[string]int{"part_of": 1, "member_of": 1}},
	} {
		got, err := s.EntityCounts(ctx, id)
		if err != nil {
			t.Fatalf("EntityCounts(%s): %v", id, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("EntityCounts(%s) = %+v, want %+v", id, got, want)
		}
	}
	_, err := s.EntityCounts(ctx, "nobody")
	wantCode(t, "EntityCounts(nobody)", err, graph.ENotFound)
}

func testNeighbors(t *testing.T, open func(t *testing.T) graph.Store) {
	s := loaded(t, open)
	rels := fixtureRelations(Fixture()...)
	for _, c := range []struct {
		name      string
		q         graph.NeighborQuery
		rels      string
		nodes     string
		truncated bool
	}{
		{"Depth1", graph.NeighborQuery{ID: KH, Depth: 1}, "a1/r3 a1/r4 a1/r6 a2/r4", "Q30 Q794 pmf", false},
		{"Depth0IsDepth1", graph.NeighborQuery{ID: KH}, "a1/r3 a1/r4 a1/r6 a2/r4", "Q30 Q794 pmf", false},
		{"Limit", graph.NeighborQuery{ID: KH, Depth: 1, Limit: 2}, "a1/r3 a1/r4", "Q30 Q794 pmf", true},
		{"LimitExact", graph.NeighborQuery{ID: KH, Depth: 1, Limit: 4}, "a1/r3 a1/r4 a1/r6 a2/r4", "Q30 Q794 pmf", false},
		{"Out", graph.NeighborQuery{ID: KH, Depth: 1, Direction: graph.Out}, "a1/r3 a1/r6 a2/r4", "Q30 pmf", false},
		{"In", graph.NeighborQuery{ID: KH, Depth: 1, Direction: graph.In}, "a1/r4", "Q794", false},
		{"ParticipantsAreNeighbors", graph.NeighborQuery{ID: PMF, Depth: 1}, "a1/r3 a1/r6", "Q30 kataib-hezbollah", false},
		{"Depth2", graph.NeighborQuery{ID: PMF, Depth: 2}, "a1/r1 a1/r2 a1/r3 a1/r4 a1/r5 a1/r6 a2/r1 a2/r3 a2/r4 a2/r5 a2/r6",
			"Q30 Q794 Q796 baghdad-airport jcpoa kataib-hezbollah soleimani", false},
		{"Depth2In", graph.NeighborQuery{ID: PMF, Depth: 2, Direction: graph.In}, "a1/r3 a1/r4 a1/r6", "Q30 Q794 kataib-hezbollah", false},
		{"Depth2OutNone", graph.NeighborQuery{ID: PMF, Depth: 2, Direction: graph.Out}, "", "", false},
		{"Depth2Out", graph.NeighborQuery{ID: SOL, Depth: 2, Direction: graph.Out}, gQF + " " + gSOL, "irgc quds-force", false},
		{"Depth2Modality", graph.NeighborQuery{ID: PMF, Depth: 2, Filter: graph.Filter{Modalities: []graph.Modality{graph.Asserted}}}, "a1/r6", "kataib-hezbollah", false},
		{"Depth2Wide", graph.NeighborQuery{ID: SOL, Depth: 2},
			"a1/r1 a1/r2 a1/r3 a1/r5 a2/r1 a2/r3 a2/r4 a2/r5 a2/r6 " + gQF + " " + gSOL,
			"Q30 Q794 Q796 baghdad-airport irgc jcpoa kataib-hezbollah pmf quds-force", false},
		{"Depth2WideLimit", graph.NeighborQuery{ID: SOL, Depth: 2, Limit: 5}, "a1/r1 a1/r2 a1/r3 a1/r5 a2/r1",
			"Q30 Q794 Q796 baghdad-airport jcpoa kataib-hezbollah pmf", true},
		{"Since", graph.NeighborQuery{ID: KH, Depth: 1, Filter: graph.Filter{Since: "2021-01-01"}}, "a1/r4 a1/r6 a2/r4", "Q30 Q794 pmf", false},
		{"Types", graph.NeighborQuery{ID: KH, Depth: 2, Filter: graph.Filter{Types: []string{"member_of", "backs"}}}, "a1/r4 a1/r6", "Q794 pmf", false},
		{"MinConfidence", graph.NeighborQuery{ID: KH, Depth: 1, Filter: graph.Filter{MinConfidence: 0.7}}, "a1/r3 a1/r6", "Q30 pmf", false},
		{"AsOf", graph.NeighborQuery{ID: SOL, Depth: 1, Filter: graph.Filter{AsOf: "2021-01-01"}}, "a1/r1", "Q30 Q796 baghdad-airport", false},
		{"AfterTheLast", graph.NeighborQuery{ID: SOL, Depth: 2, After: gSOL}, "", "", false},
		{"AfterAll", graph.NeighborQuery{ID: SOL, Depth: 2, After: "~"}, "", "", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			n, err := s.Neighbors(ctx, c.q)
			if err != nil {
				t.Fatal(err)
			}
			if got := relIDs(n.Relations); got != c.rels {
				t.Fatalf("relations %q, want %q", got, c.rels)
			}
			if got := entIDs(n.Nodes); got != c.nodes {
				t.Fatalf("nodes %q, want %q", got, c.nodes)
			}
			if n.Truncated != c.truncated {
				t.Fatalf("truncated %v, want %v", n.Truncated, c.truncated)
			}
			if want := assembled(c.q.ID, Fixture()...); !reflect.DeepEqual(n.Center, want) {
				t.Fatalf("center %+v, want %+v", n.Center, want)
			}
			for _, e := range n.Nodes {
				if want := assembled(e.ID, Fixture()...); !reflect.DeepEqual(e, want) {
					t.Fatalf("node %+v, want %+v", e, want)
				}
			}
			sameRelations(t, "neighbors", n.Relations, rels)
		})
	}
	// Paging by After walks through the whole neighbourhood once, in id
	// order, from any relation id (of the neighbourhood or not): each
	// page's nodes are its own relations' parties, and only the last page
	// is not truncated.
	for _, c := range []struct {
		q     graph.NeighborQuery
		after string
	}{
		{graph.NeighborQuery{ID: SOL, Depth: 2, Limit: 2}, ""},
		{graph.NeighborQuery{ID: SOL, Depth: 2, Limit: 3}, "a1/r4"},
		{graph.NeighborQuery{ID: KH, Depth: 1, Limit: 1, Direction: graph.Out}, ""},
		{graph.NeighborQuery{ID: PMF, Depth: 2, Limit: 4, Filter: graph.Filter{Since: "2020-01-01"}}, "a"},
	} {
		all := c.q
		all.Limit = 0
		whole, err := s.Neighbors(ctx, all)
		if err != nil {
			t.Fatal(err)
		}
		var want []graph.Relation
		for _, r := range whole.Relations {
			if r.ID > c.after {
				want = append(want, r)
			}
		}
		var got []graph.Relation
		q := c.q
		q.After = c.after
		for pages := 0; ; pages++ {
			if pages > len(want) {
				t.Fatalf("%+v: more pages than relations", c.q)
			}
			n, err := s.Neighbors(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if len(n.Relations) > q.Limit || (n.Truncated && len(n.Relations) != q.Limit) {
				t.Fatalf("%+v after %q: a page of %d relations, truncated %v", c.q, q.After, len(n.Relations), n.Truncated)
			}
			parties := map[string]bool{}
			for _, r := range n.Relations {
				for _, id := range r.Parties() {
					parties[id] = true
				}
			}
			delete(parties, q.ID)
			if got, want := entIDs(n.Nodes), strings.Join(slices.Sorted(maps.Keys(parties)), " "); got != want {
				t.Fatalf("%+v after %q: nodes %q, want the parties of the page %q", c.q, q.After, got, want)
			}
			got = append(got, n.Relations...)
			if !n.Truncated {
				break
			}
			q.After = n.Relations[len(n.Relations)-1].ID
		}
		if relIDs(got) != relIDs(want) || len(want) == 0 {
			t.Fatalf("%+v after %q, paged: %q, want %q", c.q, c.after, relIDs(got), relIDs(want))
		}
	}
	_, err := s.Neighbors(ctx, graph.NeighborQuery{ID: "nobody", Depth: 1})
	wantCode(t, "Neighbors(nobody)", err, graph.ENotFound)
	_, err = s.Neighbors(ctx, graph.NeighborQuery{ID: KH, Depth: 1, Direction: "sideways"})
	wantCode(t, "Neighbors(sideways)", err, graph.EInvalid)
}

func testPaths(t *testing.T, open func(t *testing.T) graph.Store) {
	s := loaded(t, open)
	rels := fixtureRelations(Fixture()...)
	noMember := graph.Filter{ExcludeTypes: []string{"member_of"}}
	for _, c := range []struct {
		name string
		q    graph.PathQuery
		want string
	}{
		{"Direct", graph.PathQuery{From: US, To: SOL, MaxHops: 3, K: 10},
			"Q30 [a1/r1] soleimani | Q30 [a2/r5 a1/r1 a1/r5 a2/r6] Q796 [a1/r1] soleimani | Q30 [a1/r1] baghdad-airport [a1/r1] soleimani | Q30 [a2/r5 a1/r1 a1/r5 a2/r6] Q796 [a1/r1] baghdad-airport [a1/r1] soleimani | Q30 [a1/r1] baghdad-airport [a1/r1] Q796 [a1/r1] soleimani"},
		{"Parallel", graph.PathQuery{From: US, To: IR, MaxHops: 3, K: 10},
			"Q30 [a2/r1 a1/r2] Q794 | Q30 [a2/r3 a2/r1] jcpoa [a2/r2 a2/r1] Q794 | Q30 [a1/r3 a2/r4] kataib-hezbollah [a1/r4] Q794 | Q30 [a1/r3] pmf [a1/r6 a1/r3] kataib-hezbollah [a1/r4] Q794"},
		{"ParallelOut", graph.PathQuery{From: US, To: IR, MaxHops: 3, K: 10, Direction: graph.Out},
			"Q30 [a2/r1] Q794"},
		{"ParallelIn", graph.PathQuery{From: US, To: IR, MaxHops: 3, K: 10, Direction: graph.In},
			"Q30 [a1/r2] Q794 | Q30 [a1/r3 a2/r4] kataib-hezbollah [a1/r4] Q794"},
		{"TwoHops", graph.PathQuery{From: SOL, To: IRGC, MaxHops: 4, K: 10},
			"soleimani [" + gSOL + "] quds-force [" + gQF + "] irgc | soleimani [a1/r1] Q30 [a2/r1 a1/r2] Q794 [" + gIRGC + "] irgc | soleimani [a1/r1] Q30 [a2/r3 a2/r1] jcpoa [a2/r2 a2/r1] Q794 [" + gIRGC + "] irgc | soleimani [a1/r1] Q30 [a1/r3 a2/r4] kataib-hezbollah [a1/r4] Q794 [" + gIRGC + "] irgc | soleimani [a1/r1] Q796 [a2/r5 a1/r1 a1/r5 a2/r6] Q30 [a2/r1 a1/r2] Q794 [" + gIRGC + "] irgc | soleimani [a1/r1] baghdad-airport [a1/r1] Q30 [a2/r1 a1/r2] Q794 [" + gIRGC + "] irgc"},
		{"TwoHopsOut", graph.PathQuery{From: SOL, To: IRGC, MaxHops: 4, K: 10, Direction: graph.Out},
			"soleimani [" + gSOL + "] quds-force [" + gQF + "] irgc"},
		{"ThreeHopsIn", graph.PathQuery{From: SOL, To: IRGC, MaxHops: 4, K: 10, Direction: graph.In},
			"soleimani [a1/r1] Q30 [a1/r2] Q794 [" + gIRGC + "] irgc | soleimani [a1/r1] Q30 [a1/r3 a2/r4] kataib-hezbollah [a1/r4] Q794 [" + gIRGC + "] irgc"},
		{"ExcludeMakesLonger", graph.PathQuery{From: SOL, To: IRGC, MaxHops: 4, K: 10, Filter: noMember},
			"soleimani [a1/r1] Q30 [a2/r1 a1/r2] Q794 [" + gIRGC + "] irgc | soleimani [a1/r1] Q30 [a2/r3 a2/r1] jcpoa [a2/r2 a2/r1] Q794 [" + gIRGC + "] irgc | soleimani [a1/r1] Q30 [a1/r3 a2/r4] kataib-hezbollah [a1/r4] Q794 [" + gIRGC + "] irgc | soleimani [a1/r1] Q796 [a2/r5 a1/r1 a1/r5 a2/r6] Q30 [a2/r1 a1/r2] Q794 [" + gIRGC + "] irgc | soleimani [a1/r1] baghdad-airport [a1/r1] Q30 [a2/r1 a1/r2] Q794 [" + gIRGC + "] irgc"},
		{"ExcludeK1", graph.PathQuery{From: SOL, To: IRGC, MaxHops: 4, K: 1, Filter: noMember},
			"soleimani [a1/r1] Q30 [a2/r1 a1/r2] Q794 [" + gIRGC + "] irgc"},
		{"ExcludeAsOf", graph.PathQuery{From: SOL, To: IRGC, MaxHops: 4, K: 10,
			Filter: graph.Filter{ExcludeTypes: []string{"member_of"}, AsOf: "2020-06-01"}},
			"soleimani [a1/r1] Q30 [a1/r2] Q794 [" + gIRGC + "] irgc | soleimani [a1/r1] Q30 [a2/r3] jcpoa [a2/r2] Q794 [" + gIRGC + "] irgc | soleimani [a1/r1] Q30 [a1/r3] kataib-hezbollah [a1/r4] Q794 [" + gIRGC + "] irgc | soleimani [a1/r1] Q796 [a1/r1 a1/r5 a2/r6] Q30 [a1/r2] Q794 [" + gIRGC + "] irgc | soleimani [a1/r1] baghdad-airport [a1/r1] Q30 [a1/r2] Q794 [" + gIRGC + "] irgc"},
		{"ExcludeMakesImpossible", graph.PathQuery{From: SOL, To: IRGC, MaxHops: 6, K: 10,
			Filter: graph.Filter{ExcludeTypes: []string{"member_of", "kills"}}}, ""},
		{"AsOfEndedInterval", graph.PathQuery{From: SOL, To: IRGC, MaxHops: 4, K: 10, Filter: graph.Filter{AsOf: "2021-01-01"}},
			"soleimani [a1/r1] Q30 [a2/r1 a1/r2] Q794 [" + gIRGC + "] irgc | soleimani [a1/r1] Q30 [a2/r3 a2/r1] jcpoa [a2/r2 a2/r1] Q794 [" + gIRGC + "] irgc | soleimani [a1/r1] Q30 [a1/r3] kataib-hezbollah [a1/r4] Q794 [" + gIRGC + "] irgc | soleimani [a1/r1] Q796 [a1/r1 a1/r5 a2/r6] Q30 [a2/r1 a1/r2] Q794 [" + gIRGC + "] irgc | soleimani [a1/r1] baghdad-airport [a1/r1] Q30 [a2/r1 a1/r2] Q794 [" + gIRGC + "] irgc"},
		{"AsOfBeforeEverything", graph.PathQuery{From: SOL, To: IRGC, MaxHops: 4, K: 10, Filter: graph.Filter{AsOf: "1990-01-01"}}, ""},
		{"ThreeHops", graph.PathQuery{From: PMF, To: JC, MaxHops: 3, K: 10},
			"pmf [a1/r3] Q30 [a2/r3 a2/r1] jcpoa | pmf [a1/r3] Q30 [a2/r1 a1/r2] Q794 [a2/r2 a2/r1] jcpoa | pmf [a1/r6 a1/r3] kataib-hezbollah [a1/r3 a2/r4] Q30 [a2/r3 a2/r1] jcpoa | pmf [a1/r6 a1/r3] kataib-hezbollah [a1/r4] Q794 [a2/r2 a2/r1] jcpoa"},
		{"ThreeHopsK2", graph.PathQuery{From: PMF, To: JC, MaxHops: 5, K: 2},
			"pmf [a1/r3] Q30 [a2/r3 a2/r1] jcpoa | pmf [a1/r3] Q30 [a2/r1 a1/r2] Q794 [a2/r2 a2/r1] jcpoa"},
		{"ThreeHopsThroughUS", graph.PathQuery{From: PMF, To: JC, MaxHops: 3, K: 10, Filter: graph.Filter{ExcludeTypes: []string{"backs"}}},
			"pmf [a1/r3] Q30 [a2/r3 a2/r1] jcpoa | pmf [a1/r3] Q30 [a2/r1 a1/r2] Q794 [a2/r2 a2/r1] jcpoa | pmf [a1/r6 a1/r3] kataib-hezbollah [a1/r3 a2/r4] Q30 [a2/r3 a2/r1] jcpoa"},
		{"Modalities", graph.PathQuery{From: PMF, To: JC, MaxHops: 6, K: 10, Filter: graph.Filter{Modalities: []graph.Modality{graph.Asserted}}}, ""},
		{"MinConfidence", graph.PathQuery{From: PMF, To: JC, MaxHops: 3, K: 10, Filter: graph.Filter{MinConfidence: 0.65}},
			"pmf [a1/r3] Q30 [a2/r3 a2/r1] jcpoa | pmf [a1/r3] Q30 [a2/r1 a1/r2] Q794 [a2/r2 a2/r1] jcpoa | pmf [a1/r6 a1/r3] kataib-hezbollah [a1/r3] Q30 [a2/r3 a2/r1] jcpoa"},
		{"MaxHopsTooSmall", graph.PathQuery{From: PMF, To: JC, MaxHops: 2, K: 10},
			"pmf [a1/r3] Q30 [a2/r3 a2/r1] jcpoa"},
		{"MaxHopsZero", graph.PathQuery{From: US, To: SOL, K: 10}, ""},
		{"OutNone", graph.PathQuery{From: PMF, To: JC, MaxHops: 6, K: 10, Direction: graph.Out}, ""},
		{"Out", graph.PathQuery{From: KH, To: JC, MaxHops: 3, K: 10, Direction: graph.Out},
			"kataib-hezbollah [a1/r3 a2/r4] Q30 [a2/r3 a2/r1] jcpoa | kataib-hezbollah [a1/r3 a2/r4] Q30 [a2/r1] Q794 [a2/r2] jcpoa"},
		{"Any", graph.PathQuery{From: KH, To: JC, MaxHops: 3, K: 10},
			"kataib-hezbollah [a1/r3 a2/r4] Q30 [a2/r3 a2/r1] jcpoa | kataib-hezbollah [a1/r4] Q794 [a2/r2 a2/r1] jcpoa | kataib-hezbollah [a1/r3 a2/r4] Q30 [a2/r1 a1/r2] Q794 [a2/r2 a2/r1] jcpoa | kataib-hezbollah [a1/r4] Q794 [a2/r1 a1/r2] Q30 [a2/r3 a2/r1] jcpoa | kataib-hezbollah [a1/r6 a1/r3] pmf [a1/r3] Q30 [a2/r3 a2/r1] jcpoa"},
		{"InNone", graph.PathQuery{From: KH, To: JC, MaxHops: 6, K: 10, Direction: graph.In}, ""},
		{"Since", graph.PathQuery{From: US, To: IRGC, MaxHops: 4, K: 10, Filter: graph.Filter{Since: "2021-01-01"}},
			"Q30 [a2/r1] Q794 [" + gIRGC + "] irgc | Q30 [a2/r1] jcpoa [a2/r1] Q794 [" + gIRGC + "] irgc | Q30 [a2/r4] kataib-hezbollah [a1/r4] Q794 [" + gIRGC + "] irgc"},
		{"Until", graph.PathQuery{From: US, To: IRGC, MaxHops: 4, K: 10, Filter: graph.Filter{Until: "2020-06-01"}},
			"Q30 [a1/r2] Q794 [" + gIRGC + "] irgc | Q30 [a2/r3] jcpoa [a2/r2] Q794 [" + gIRGC + "] irgc | Q30 [a1/r3] kataib-hezbollah [a1/r4] Q794 [" + gIRGC + "] irgc | Q30 [a1/r1] soleimani [" + gSOL + "] quds-force [" + gQF + "] irgc | Q30 [a1/r1 a1/r5 a2/r6] Q796 [a1/r1] soleimani [" + gSOL + "] quds-force [" + gQF + "] irgc | Q30 [a1/r1] baghdad-airport [a1/r1] soleimani [" + gSOL + "] quds-force [" + gQF + "] irgc | Q30 [a1/r3] pmf [a1/r6 a1/r3] kataib-hezbollah [a1/r4] Q794 [" + gIRGC + "] irgc"},
		{"UntilMakesLonger", graph.PathQuery{From: US, To: IRGC, MaxHops: 4, K: 10, Filter: graph.Filter{Until: "2019-01-01"}},
			"Q30 [a2/r3] jcpoa [a2/r2] Q794 [" + gIRGC + "] irgc"},
		{"UntilMakesImpossible", graph.PathQuery{From: US, To: IRGC, MaxHops: 6, K: 10, Filter: graph.Filter{Until: "1979-01-01"}}, ""},
		{"BothWays", graph.PathQuery{From: US, To: IRGC, MaxHops: 4, K: 10},
			"Q30 [a2/r1 a1/r2] Q794 [" + gIRGC + "] irgc | Q30 [a2/r3 a2/r1] jcpoa [a2/r2 a2/r1] Q794 [" + gIRGC + "] irgc | Q30 [a1/r3 a2/r4] kataib-hezbollah [a1/r4] Q794 [" + gIRGC + "] irgc | Q30 [a1/r1] soleimani [" + gSOL + "] quds-force [" + gQF + "] irgc | Q30 [a2/r5 a1/r1 a1/r5 a2/r6] Q796 [a1/r1] soleimani [" + gSOL + "] quds-force [" + gQF + "] irgc | Q30 [a1/r1] baghdad-airport [a1/r1] soleimani [" + gSOL + "] quds-force [" + gQF + "] irgc | Q30 [a1/r3] pmf [a1/r6 a1/r3] kataib-hezbollah [a1/r4] Q794 [" + gIRGC + "] irgc"},
		{"Unlimited", graph.PathQuery{From: KH, To: JC, MaxHops: 3},
			"kataib-hezbollah [a1/r3 a2/r4] Q30 [a2/r3 a2/r1] jcpoa"},
		{"AvoidUS", graph.PathQuery{From: KH, To: JC, MaxHops: 3, K: 10, Avoid: []string{US}},
			"kataib-hezbollah [a1/r4] Q794 [a2/r2 a2/r1] jcpoa"},
		{"AvoidBoth", graph.PathQuery{From: KH, To: JC, MaxHops: 6, K: 10, Avoid: []string{US, IR}}, ""},
		{"AvoidOffRoute", graph.PathQuery{From: PMF, To: JC, MaxHops: 3, K: 10, Avoid: []string{SOL, "nobody"}},
			"pmf [a1/r3] Q30 [a2/r3 a2/r1] jcpoa | pmf [a1/r3] Q30 [a2/r1 a1/r2] Q794 [a2/r2 a2/r1] jcpoa | pmf [a1/r6 a1/r3] kataib-hezbollah [a1/r3 a2/r4] Q30 [a2/r3 a2/r1] jcpoa | pmf [a1/r6 a1/r3] kataib-hezbollah [a1/r4] Q794 [a2/r2 a2/r1] jcpoa"},
		{"ThroughCountries", graph.PathQuery{From: KH, To: JC, MaxHops: 3, K: 10, Through: []string{"country"}},
			"kataib-hezbollah [a1/r3 a2/r4] Q30 [a2/r3 a2/r1] jcpoa | kataib-hezbollah [a1/r4] Q794 [a2/r2 a2/r1] jcpoa | kataib-hezbollah [a1/r3 a2/r4] Q30 [a2/r1 a1/r2] Q794 [a2/r2 a2/r1] jcpoa | kataib-hezbollah [a1/r4] Q794 [a2/r1 a1/r2] Q30 [a2/r3 a2/r1] jcpoa"},
		{"ThroughPeopleOnly", graph.PathQuery{From: KH, To: JC, MaxHops: 6, K: 10, Through: []string{"person"}}, ""},
		{"ThroughGroupsAndCountries", graph.PathQuery{From: PMF, To: JC, MaxHops: 3, K: 10, Through: []string{"armed_group", "country"}},
			"pmf [a1/r3] Q30 [a2/r3 a2/r1] jcpoa | pmf [a1/r3] Q30 [a2/r1 a1/r2] Q794 [a2/r2 a2/r1] jcpoa | pmf [a1/r6 a1/r3] kataib-hezbollah [a1/r3 a2/r4] Q30 [a2/r3 a2/r1] jcpoa | pmf [a1/r6 a1/r3] kataib-hezbollah [a1/r4] Q794 [a2/r2 a2/r1] jcpoa"},
		{"ThroughCountriesOnly", graph.PathQuery{From: PMF, To: JC, MaxHops: 3, K: 10, Through: []string{"country"}},
			"pmf [a1/r3] Q30 [a2/r3 a2/r1] jcpoa | pmf [a1/r3] Q30 [a2/r1 a1/r2] Q794 [a2/r2 a2/r1] jcpoa"},
		{"ParticipantAny", graph.PathQuery{From: SOL, To: "baghdad-airport", MaxHops: 2, K: 2},
			"soleimani [a1/r1] baghdad-airport | soleimani [a1/r1] Q30 [a1/r1] baghdad-airport"},
		{"ParticipantOut", graph.PathQuery{From: US, To: "baghdad-airport", MaxHops: 2, K: 2, Direction: graph.Out},
			"Q30 [a1/r1] baghdad-airport"},
		{"ParticipantNotFromTarget", graph.PathQuery{From: SOL, To: "baghdad-airport", MaxHops: 2, K: 2, Direction: graph.Out},
			""},
		{"ParticipantIn", graph.PathQuery{From: "baghdad-airport", To: US, MaxHops: 2, K: 2, Direction: graph.In},
			"baghdad-airport [a1/r1] Q30"},
		{"LongerWhenShorterExhausted", graph.PathQuery{From: KH, To: JC, MaxHops: 3, K: 10, Direction: graph.Out},
			"kataib-hezbollah [a1/r3 a2/r4] Q30 [a2/r3 a2/r1] jcpoa | kataib-hezbollah [a1/r3 a2/r4] Q30 [a2/r1] Q794 [a2/r2] jcpoa"},
		{"Chronological", graph.PathQuery{From: KH, To: JC, MaxHops: 3, K: 3, Chronological: true},
			"kataib-hezbollah [a1/r3 a2/r4] Q30 [a2/r1] jcpoa | kataib-hezbollah [a1/r3 a2/r4] Q30 [a2/r1 a1/r2] Q794 [a2/r1] jcpoa | kataib-hezbollah [a1/r6 a1/r3] pmf [a1/r3] Q30 [a2/r1] jcpoa"},
		{"ChronologicalUndatedLeftOut", graph.PathQuery{From: SOL, To: IRGC, MaxHops: 4, K: 3, Chronological: true},
			"soleimani [a1/r1] Q30 [a2/r1 a1/r2] Q794 [" + gIRGC + "] irgc | soleimani [a1/r1] Q30 [a2/r1] jcpoa [a2/r1] Q794 [" + gIRGC + "] irgc | soleimani [a1/r1] Q796 [a2/r5 a1/r1 a1/r5] Q30 [a2/r1 a1/r2] Q794 [" + gIRGC + "] irgc"},
		{"ChronologicalWindow", graph.PathQuery{From: KH, To: JC, MaxHops: 3, K: 3, Chronological: true, Filter: graph.Filter{Until: "2020-12-31"}},
			""},
		{"ByConfidence", graph.PathQuery{From: KH, To: JC, MaxHops: 3, K: 2, Order: graph.ByConfidence},
			"kataib-hezbollah [a1/r3 a2/r4] Q30 [a2/r3 a2/r1] jcpoa | kataib-hezbollah [a1/r3 a2/r4] Q30 [a2/r1 a1/r2] Q794 [a2/r2 a2/r1] jcpoa"},
		{"ByRecency", graph.PathQuery{From: KH, To: JC, MaxHops: 3, K: 2, Order: graph.ByRecency},
			"kataib-hezbollah [a1/r3 a2/r4] Q30 [a2/r3 a2/r1] jcpoa | kataib-hezbollah [a1/r3 a2/r4] Q30 [a2/r1 a1/r2] Q794 [a2/r2 a2/r1] jcpoa"},
		{"ByLength", graph.PathQuery{From: KH, To: JC, MaxHops: 3, K: 2, Order: graph.ByLength},
			"kataib-hezbollah [a1/r3 a2/r4] Q30 [a2/r3 a2/r1] jcpoa | kataib-hezbollah [a1/r4] Q794 [a2/r2 a2/r1] jcpoa"},
		{"PerHop", graph.PathQuery{From: KH, To: JC, MaxHops: 3, K: 1, PerHop: 1},
			"kataib-hezbollah [a1/r3] Q30 [a2/r3] jcpoa"},
		{"AvoidKHMakesLongerOrNone", graph.PathQuery{From: PMF, To: JC, MaxHops: 3, K: 10, Avoid: []string{KH}},
			"pmf [a1/r3] Q30 [a2/r3 a2/r1] jcpoa | pmf [a1/r3] Q30 [a2/r1 a1/r2] Q794 [a2/r2 a2/r1] jcpoa"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ps, err := s.Paths(ctx, c.q)
			if err != nil {
				t.Fatal(err)
			}
			if ps == nil && c.want == "" {
				ps = []graph.Path{}
			}
			if got := pathIDs(ps); got != c.want {
				t.Fatalf("paths %q, want %q", got, c.want)
			}
			for _, p := range ps {
				if len(p.Nodes) != len(p.Hops)+1 {
					t.Fatalf("path of %d hops has %d nodes", len(p.Hops), len(p.Nodes))
				}
				for i, h := range p.Hops {
					sameRelations(t, "hop", h.Relations, rels)
					if h.Count < len(h.Relations) || h.Count == 0 {
						t.Fatalf("hop %d counts %d relations and lists %d", i, h.Count, len(h.Relations))
					}
					a, b := p.Nodes[i].ID, p.Nodes[i+1].ID
					for _, r := range h.Relations {
						if !slices.Contains(r.Steps(a, cmp.Or(c.q.Direction, graph.Any)), b) {
							t.Fatalf("relation %s (%s → %s) does not lead from %s to %s", r.ID, r.From, r.To, a, b)
						}
					}
				}
				if p.Nodes[0].ID != c.q.From || p.Nodes[len(p.Nodes)-1].ID != c.q.To {
					t.Fatalf("path goes from %s to %s", p.Nodes[0].ID, p.Nodes[len(p.Nodes)-1].ID)
				}
				for _, e := range p.Nodes {
					if want := assembled(e.ID, Fixture()...); !reflect.DeepEqual(e, want) {
						t.Fatalf("node %+v, want %+v", e, want)
					}
					if slices.Contains(c.q.Avoid, e.ID) {
						t.Fatalf("path passes through %s, which it must avoid", e.ID)
					}
					if inner := e.ID != c.q.From && e.ID != c.q.To; inner && len(c.q.Through) > 0 && !slices.Contains(c.q.Through, e.Kind) {
						t.Fatalf("path passes through %s, a %s, not one of %v", e.ID, e.Kind, c.q.Through)
					}
				}
			}
		})
	}
	ps, err := s.Paths(ctx, graph.PathQuery{From: KH, To: JC, MaxHops: 3, K: 1, PerHop: 1})
	if err != nil {
		t.Fatal(err)
	}
	if got := []int{ps[0].Hops[0].Count, ps[0].Hops[1].Count}; !slices.Equal(got, []int{2, 2}) {
		t.Fatalf("hops of one relation each count %v, want [2 2]", got)
	}
	_, err = s.Paths(ctx, graph.PathQuery{From: KH, To: JC, MaxHops: 3, Avoid: []string{JC}})
	wantCode(t, "Paths avoiding its own end", err, graph.EInvalid)
	ps, err = s.Paths(ctx, graph.PathQuery{From: PMF, To: JC, MaxHops: 3, K: 1})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := entIDs(ps[0].Nodes), "pmf Q30 jcpoa"; got != want {
		t.Fatalf("path nodes %q, want %q", got, want)
	}
	_, err = s.Paths(ctx, graph.PathQuery{From: "nobody", To: US, MaxHops: 3, K: 1})
	wantCode(t, "Paths(from nobody)", err, graph.ENotFound)
	_, err = s.Paths(ctx, graph.PathQuery{From: US, To: "nobody", MaxHops: 3, K: 1})
	wantCode(t, "Paths(to nobody)", err, graph.ENotFound)
	_, err = s.Paths(ctx, graph.PathQuery{From: US, To: US, MaxHops: 3, K: 1})
	wantCode(t, "Paths(US, US)", err, graph.EInvalid)
	_, err = s.Paths(ctx, graph.PathQuery{From: US, To: IR, MaxHops: 3, K: 1, Direction: "up"})
	wantCode(t, "Paths(direction up)", err, graph.EInvalid)
}

func testTimeline(t *testing.T, open func(t *testing.T) graph.Store) {
	s := loaded(t, open)
	rels := fixtureRelations(Fixture()...)
	const usAll = "a2/r3 a1/r3 a1/r2 a1/r1 a1/r5 a2/r1 a2/r4 a2/r5"
	asserted := []graph.Modality{graph.Asserted}
	for _, c := range []struct {
		name string
		q    graph.TimelineQuery
		want string
	}{
		{"All", graph.TimelineQuery{Entity: US}, usAll},
		{"With", graph.TimelineQuery{Entity: US, With: IR}, "a1/r2 a2/r1"},
		{"WithParticipant", graph.TimelineQuery{Entity: US, With: IQ}, "a1/r1 a1/r5 a2/r5"},
		{"WithItself", graph.TimelineQuery{Entity: US, With: US}, usAll},
		{"Participant", graph.TimelineQuery{Entity: IQ}, "a1/r1 a1/r5 a2/r5"},
		{"StructuralLeftOut", graph.TimelineQuery{Entity: SOL}, "a1/r1"},
		{"ParticipantOnly", graph.TimelineQuery{Entity: PMF}, "a1/r3"},
		{"SameDay", graph.TimelineQuery{Entity: JC}, "a2/r2 a2/r3 a2/r1"},
		{"None", graph.TimelineQuery{Entity: IRGC}, ""},
		{"Modalities", graph.TimelineQuery{Entity: US, Filter: graph.Filter{Modalities: asserted}}, "a2/r3 a1/r2 a1/r1 a1/r5 a2/r5"},
		{"Types", graph.TimelineQuery{Entity: US, Filter: graph.Filter{Types: []string{"attacks"}}}, "a1/r3 a2/r4"},
		{"ExcludeTypes", graph.TimelineQuery{Entity: US, Filter: graph.Filter{ExcludeTypes: []string{"negotiates_with", "signs"}}}, "a1/r3 a1/r2 a1/r1 a2/r4"},
		{"Since", graph.TimelineQuery{Entity: US, Filter: graph.Filter{Since: "2021-01-01"}}, "a2/r1 a2/r4 a2/r5"},
		{"SinceInsideMonth", graph.TimelineQuery{Entity: US, Filter: graph.Filter{Since: "2020-01-05"}}, "a1/r2 a1/r5 a2/r1 a2/r4 a2/r5"},
		{"Until", graph.TimelineQuery{Entity: US, Filter: graph.Filter{Until: "2019-12-31"}}, "a2/r3 a1/r3"},
		{"AsOf", graph.TimelineQuery{Entity: US, Filter: graph.Filter{AsOf: "2020-01-04"}}, "a2/r3 a1/r3 a1/r2 a1/r1"},
		{"MinConfidence", graph.TimelineQuery{Entity: US, Filter: graph.Filter{MinConfidence: 0.9}}, "a2/r3 a1/r1 a1/r5 a2/r1 a2/r5"},
		{"AfterBetween", graph.TimelineQuery{Entity: US, After: &graph.Cursor{Lo: "2020-01-02"}}, "a1/r1 a1/r5 a2/r1 a2/r4 a2/r5"},
		{"AfterEvent", graph.TimelineQuery{Entity: US, After: &graph.Cursor{Lo: "2020-01-01", Hi: "2020-01-31", ID: "a1/r2"}}, "a1/r1 a1/r5 a2/r1 a2/r4 a2/r5"},
		{"AfterLast", graph.TimelineQuery{Entity: US, After: &graph.Cursor{Lo: "2021-04-07", Hi: "2021-04-07", ID: "a2/r5"}}, ""},
		{"Limit", graph.TimelineQuery{Entity: US, Limit: 3}, "a2/r3 a1/r3 a1/r2"},
		{"Newest", graph.TimelineQuery{Entity: US, Newest: true}, "a2/r5 a2/r4 a2/r1 a1/r5 a1/r1 a1/r2 a1/r3 a2/r3"},
		{"NewestSameDay", graph.TimelineQuery{Entity: JC, Newest: true}, "a2/r1 a2/r3 a2/r2"},
		{"NewestFilter", graph.TimelineQuery{Entity: US, Newest: true, Filter: graph.Filter{Until: "2019-12-31"}}, "a1/r3 a2/r3"},
		{"NewestAfterEvent", graph.TimelineQuery{Entity: US, Newest: true, After: &graph.Cursor{Lo: "2020-01-01", Hi: "2020-01-31", ID: "a1/r2", Newest: true}}, "a1/r3 a2/r3"},
		{"NewestAfterBetween", graph.TimelineQuery{Entity: US, Newest: true, After: &graph.Cursor{Lo: "2020-01-02", Newest: true}}, "a1/r2 a1/r3 a2/r3"},
		{"NewestLimit", graph.TimelineQuery{Entity: US, Newest: true, Limit: 3}, "a2/r5 a2/r4 a2/r1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, err := s.Timeline(ctx, c.q)
			if err != nil {
				t.Fatal(err)
			}
			if got := relIDs(p.Events); got != c.want {
				t.Fatalf("events %q, want %q", got, c.want)
			}
			sameRelations(t, "timeline", p.Events, rels)
		})
	}

	t.Run("Paging", func(t *testing.T) {
		p, err := s.Timeline(ctx, graph.TimelineQuery{Entity: US, Limit: 3})
		if err != nil {
			t.Fatal(err)
		}
		if p.Next == nil || *p.Next != (graph.Cursor{Lo: "2020-01-01", Hi: "2020-01-31", ID: "a1/r2"}) {
			t.Fatalf("Next after the first page of 3: %+v", p.Next)
		}
		reversed := strings.Fields(usAll)
		slices.Reverse(reversed)
		for newest, want := range map[bool]string{false: usAll, true: strings.Join(reversed, " ")} {
			pages(t, s, newest, want)
		}
	})

	_, err := s.Timeline(ctx, graph.TimelineQuery{Entity: "nobody"})
	wantCode(t, "Timeline(nobody)", err, graph.ENotFound)
	_, err = s.Timeline(ctx, graph.TimelineQuery{Entity: US, With: "nobody"})
	wantCode(t, "Timeline(with nobody)", err, graph.ENotFound)
}

// pages reads the timeline of US in pages of every size from 1 to 9,
// oldest or newest first, and checks that they make want.
func pages(t *testing.T, s graph.Store, newest bool, want string) {
	t.Helper()
	for limit := 1; limit <= 9; limit++ {
		var all []string
		q := graph.TimelineQuery{Entity: US, Limit: limit, Newest: newest}
		for n := 0; ; n++ {
			if n > 10 {
				t.Fatalf("limit %d: paging does not end", limit)
			}
			p, err := s.Timeline(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Events) > limit || len(p.Events) == 0 && n > 0 {
				t.Fatalf("limit %d: page %d has %d events", limit, n, len(p.Events))
			}
			all = append(all, relIDs(p.Events))
			if p.Next == nil {
				break
			}
			if last := &p.Events[len(p.Events)-1]; *p.Next != (graph.Cursor{Lo: last.Lo(), Hi: last.Hi(), ID: last.ID, Newest: newest}) {
				t.Fatalf("limit %d: Next %+v is not the last event %s", limit, p.Next, last.ID)
			}
			q.After = p.Next
		}
		if got := strings.Join(all, " "); got != want {
			t.Fatalf("limit %d, newest %v: pages make %q, want %q", limit, newest, got, want)
		}
	}
}

func testBuckets(t *testing.T, open func(t *testing.T) graph.Store) {
	s := loaded(t, open)
	asserted := graph.Filter{Modalities: []graph.Modality{graph.Asserted}}
	for _, c := range []struct {
		name string
		q    graph.TimelineQuery
		unit graph.BucketUnit
		want string
	}{
		// key:events/happened: quad classes and intensity count only what
		// happened (asserted); the claimed attack of 2019 is an event, not
		// a happening.
		{"Year", graph.TimelineQuery{Entity: US}, graph.BucketYear,
			"2015:1/1[1 0 0 0]8 2019:1/0[0 0 0 0]nil 2020:3/3[1 0 1 1]-4 2021:3/1[1 0 0 0]0"},
		{"Month", graph.TimelineQuery{Entity: US}, graph.BucketMonth,
			"2015-07:1/1[1 0 0 0]8 2019-12:1/0[0 0 0 0]nil 2020-01:3/3[1 0 1 1]-4 2021-03:1/0[0 0 0 0]nil 2021-04:1/1[1 0 0 0]0"},
		{"Week", graph.TimelineQuery{Entity: US}, graph.BucketWeek,
			"2015-07-13:1/1[1 0 0 0]8 2019-12-23:1/0[0 0 0 0]nil 2019-12-30:1/1[0 0 0 1]-10 2020-01-06:1/1[1 0 0 0]2 2021-04-05:1/1[1 0 0 0]0"},
		{"Day", graph.TimelineQuery{Entity: US}, graph.BucketDay,
			"2015-07-14:1/1[1 0 0 0]8 2019-12-27:1/0[0 0 0 0]nil 2020-01-03:1/1[0 0 0 1]-10 2020-01-06:1/1[1 0 0 0]2 2021-04-07:1/1[1 0 0 0]0"},
		{"Filter", graph.TimelineQuery{Entity: US, Filter: asserted}, graph.BucketYear,
			"2015:1/1[1 0 0 0]8 2020:3/3[1 0 1 1]-4 2021:1/1[1 0 0 0]0"},
		{"With", graph.TimelineQuery{Entity: US, With: KH}, graph.BucketYear, "2019:1/0[0 0 0 0]nil 2021:1/0[0 0 0 0]nil"},
		{"PageIgnored", graph.TimelineQuery{Entity: US, Limit: 1, After: &graph.Cursor{Lo: "2020-06-01"}}, graph.BucketYear,
			"2015:1/1[1 0 0 0]8 2019:1/0[0 0 0 0]nil 2020:3/3[1 0 1 1]-4 2021:3/1[1 0 0 0]0"},
		{"None", graph.TimelineQuery{Entity: IRGC}, graph.BucketYear, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := bucketString(buckets(t, s, c.q, c.unit).Buckets); got != c.want {
				t.Fatalf("buckets\n%s\nwant\n%s", got, c.want)
			}
		})
	}
	// Events dated to a month or a year are never put on a first day:
	// they are counted apart, per period of their own precision.
	if got, want := bucketString(buckets(t, s, graph.TimelineQuery{Entity: US}, graph.BucketDay).Coarser),
		"2020-01:1/1[0 0 1 0]-4 2021:1/0[0 0 0 0]nil 2021-03:1/0[0 0 0 0]nil"; got != want {
		t.Fatalf("events coarser than a day:\n%s\nwant\n%s", got, want)
	}
	if bs := buckets(t, s, graph.TimelineQuery{Entity: US, Filter: graph.Filter{Since: "2020-01-02"}}, graph.BucketMonth).Buckets; len(bs) == 0 || !bs[0].Partial || bs[len(bs)-1].Partial {
		t.Fatalf("buckets since 2020-01-02: %+v, want the first partial, the last whole", bs)
	}
	_, err := s.Tallies(ctx, graph.TimelineQuery{Entity: "nobody"})
	wantCode(t, "Tallies(nobody)", err, graph.ENotFound)
}

// buckets counts the events of q per unit, from s's tallies.
func buckets(t *testing.T, s graph.Store, q graph.TimelineQuery, unit graph.BucketUnit) graph.Buckets {
	t.Helper()
	ts, err := s.Tallies(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	return graph.CountBuckets(ts, unit, q.Filter.Since, q.Filter.Until, false)
}

func testStats(t *testing.T, open func(t *testing.T) graph.Store) {
	s := open(t)
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	empty := graph.Stats{ByKind: map[string]int{}, ByType: map[string]int{}, BySource: map[string]int{}, ByModality: map[string]int{}}
	if !reflect.DeepEqual(st, empty) {
		t.Fatalf("stats of an empty store: %+v, want %+v", st, empty)
	}
	s = loaded(t, open)
	st, err = s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := graph.Stats{Entities: 10, Relations: 15, Sources: 3,
		ByKind: map[string]int{"country": 3, "military": 2, "armed_group": 2, "agreement": 1, "person": 1, "facility": 1},
		ByType: map[string]int{"part_of": 2, "member_of": 2, "kills": 1, "threatens": 1, "attacks": 2, "backs": 1,
			"negotiates_with": 3, "signs": 2, "condemns": 1},
		BySource:   map[string]int{"gazetteer": 1, "article": 2},
		FirstDate:  "1979-05-01",
		LastDate:   "2021-12-31",
		ByModality: map[string]int{"asserted": 11, "claimed": 1, "hedged": 1, "planned": 1, "denied": 1},
	}
	if !reflect.DeepEqual(st, want) {
		t.Fatalf("Stats() = %+v, want %+v", st, want)
	}
	if err := s.Ping(ctx); err != nil {
		t.Fatalf("Ping: %v", err)
	}
}

func testRoundTrip(t *testing.T, open func(t *testing.T) graph.Store) {
	s := loaded(t, open)
	for _, r := range fixtureRelations(Fixture()...) {
		n, err := s.Neighbors(ctx, graph.NeighborQuery{ID: r.From, Depth: 1, Direction: graph.Out})
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(n.Relations, func(x graph.Relation) bool { return x.ID == r.ID })
		if i < 0 {
			t.Fatalf("relation %s is not among the relations of its source %s", r.ID, r.From)
		}
		if got, want := NormRelation(n.Relations[i]), NormRelation(r); !reflect.DeepEqual(got, want) {
			t.Fatalf("relation %s reads back as\n%#v\nwant\n%#v", r.ID, got, want)
		}
	}
	// The inputs stay the caller's: changing them changes nothing stored.
	c := Article1()
	c.Source.ID, c.Source.Digest = "a9", "a9"
	for i := range c.Relations {
		c.Relations[i].ID = strings.Replace(c.Relations[i].ID, "a1/", "a9/", 1)
	}
	replace(t, s, c)
	*c.Relations[0].Intensity = 99
	c.Relations[0].Participants[0].Role = "changed"
	c.Relations[0].Evidence[0].Quote = "changed"
	n, err := s.Neighbors(ctx, graph.NeighborQuery{ID: US, Depth: 1, Direction: graph.Out, Filter: graph.Filter{Types: []string{"kills"}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range n.Relations {
		if *r.Intensity != -10 || r.Participants[0].Role != "location" || r.Evidence[0].Quote == "changed" {
			t.Fatalf("the store shares memory with its input: %+v", r)
		}
	}
}

func testClose(t *testing.T, open func(t *testing.T) graph.Store) {
	s := loaded(t, open)
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	wantCode(t, "Ping after Close", s.Ping(ctx), graph.EUnavailable)
	_, err := s.Stats(ctx)
	wantCode(t, "Stats after Close", err, graph.EUnavailable)
	_, err = s.Entity(ctx, US)
	wantCode(t, "Entity after Close", err, graph.EUnavailable)
	_, err = s.ReplaceSource(ctx, Article1v2())
	wantCode(t, "ReplaceSource after Close", err, graph.EUnavailable)
	_, err = s.Paths(ctx, graph.PathQuery{From: US, To: IR, MaxHops: 2, K: 1})
	wantCode(t, "Paths after Close", err, graph.EUnavailable)
	if err := s.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}
