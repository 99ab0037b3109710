package embedded

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/graph"
)

// The edge matcher must say what graph.Filter.Match says.
func TestMatcherAgreesWithMatch(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	types := []string{"a", "b", "c"}
	date := func() graph.Date {
		y := 2000 + rng.IntN(3)
		switch rng.IntN(4) {
		case 0:
			return graph.Date{}
		case 1:
			return graph.Date{Year: y, Precision: graph.Year}
		case 2:
			return graph.Date{Year: y, Month: 1 + rng.IntN(12), Precision: graph.Month}
		}
		return graph.Date{Year: y, Month: 1 + rng.IntN(12), Day: 1 + rng.IntN(28), Precision: graph.Day}
	}
	someDay := func() string {
		if rng.IntN(2) == 0 {
			return ""
		}
		return graph.Date{Year: 1999 + rng.IntN(5), Month: 1 + rng.IntN(12), Day: 1 + rng.IntN(28), Precision: graph.Day}.String()
	}
	pick := func() []string {
		var out []string
		for _, t := range types {
			if rng.IntN(3) == 0 {
				out = append(out, t)
			}
		}
		return out
	}
	ix := &index{types: types}
	for range 200000 {
		r := graph.Relation{
			Type: types[rng.IntN(3)], Class: []graph.Class{graph.ClassEvent, graph.ClassStructural}[rng.IntN(2)],
			Date: date(), Modality: modalities[rng.IntN(len(modalities))], Confidence: float64(rng.IntN(11)) / 10,
		}
		if !r.Date.IsZero() && rng.IntN(3) == 0 {
			r.End = graph.Date{Year: r.Date.Year + rng.IntN(2), Precision: graph.Year}
		}
		// Known and Reviewed as stores keep them: "" in data stored before
		// they were, Reviewed graph.Unreviewed when only drafts report it.
		r.Known, r.Reviewed = someDay(), []string{"", graph.Unreviewed, someDay()}[rng.IntN(3)]
		f := graph.Filter{Types: pick(), ExcludeTypes: pick(), Since: someDay(), Until: someDay(), AsOf: someDay(),
			MinConfidence: float64(rng.IntN(12)) / 10, KnownAsOf: someDay(), Reviewed: rng.IntN(2) == 0}
		for _, m := range modalities {
			if rng.IntN(4) == 0 {
				f.Modalities = append(f.Modalities, m)
			}
		}
		e := edge{typ: uint16(strings.IndexByte("abc", r.Type[0])), mod: uint8(slices.Index(modalities, r.Modality)), conf: r.Confidence}
		if r.Class == "structural" {
			e.flags = structural
		}
		for to, s := range map[*day]string{&e.lo: r.Lo(), &e.hi: r.Hi(), &e.known: r.Known, &e.reviewed: r.Reviewed} {
			var ok bool
			if *to, ok = toDay(s); !ok {
				t.Fatalf("toDay(%q) fails", s)
			}
		}
		m, err := ix.matcher(&f)
		if err != nil {
			t.Fatal(err)
		}
		if m.passesAll(ix) && !f.Match(&r) {
			t.Fatalf("the matcher passes every edge, but Match refuses %+v for %+v", r, f)
		}
		if got, want := m.match(&e), f.Match(&r); got != want {
			t.Fatalf("matcher says %v, Match says %v, for %+v and %+v", got, want, f, r)
		}
	}
}

// Timelines and searches use their indexes rather than scanning.
func TestQueryPlans(t *testing.T) {
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "g.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	plan := func(query string, args ...any) string {
		rows, err := s.db.Query("EXPLAIN QUERY PLAN "+query, args...)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var b strings.Builder
		for rows.Next() {
			var id, parent, notused int
			var detail string
			if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
				t.Fatal(err)
			}
			b.WriteString(detail + "\n")
		}
		return b.String()
	}
	q := graph.TimelineQuery{Entity: "x", With: "y", Limit: 10, After: &graph.Cursor{Lo: "2020-01-01"},
		Filter: graph.Filter{Types: []string{"attacks"}, Since: "2019-01-01", AsOf: "2021-01-01"}}
	query, args := eventsSQL(relationCols, &q, true)
	p := plan(query, args...)
	t.Logf("timeline plan:\n%s", p)
	if !strings.Contains(p, "SEARCH re USING PRIMARY KEY (entity_id=? AND timeline=? AND (lo,hi,relation_id)>(?,?,?))") ||
		!strings.Contains(p, "SEARCH w EXISTS USING COVERING INDEX relation_entities_relation (relation_id=? AND entity_id=? AND timeline=? AND lo=? AND hi=?)") ||
		strings.Contains(p, "TEMP B-TREE") {
		t.Fatalf("timeline plan:\n%s", p)
	}
	query, args = relationsSQL(&graph.RelationQuery{After: "a1/r3", Limit: 100,
		Filter: graph.Filter{Types: []string{"attacks"}, Since: "2019-01-01", Modalities: []graph.Modality{graph.Asserted}}})
	p = plan(query, args...)
	if !strings.Contains(p, "SEARCH r USING INDEX sqlite_autoindex_relations_1 (id>?)") || strings.Contains(p, "TEMP B-TREE") {
		t.Fatalf("relations plan:\n%s", p)
	}
	p = plan("SELECT DISTINCT nk.entity_id FROM name_keys nk WHERE nk.key > ? AND nk.key < ? ORDER BY nk.entity_id", "ka", "ka\xff")
	if !strings.Contains(p, "SEARCH nk USING PRIMARY KEY (key>? AND key<?)") {
		t.Fatalf("prefix search plan:\n%s", p)
	}
}

// Days compare as their strings do, "" below them all and
// graph.Unreviewed above; what is not a day is refused.
func TestDaysCompareAsStrings(t *testing.T) {
	days := []string{"", graph.DayMin, "0000-12-31", "1999-01-09", "1999-01-10", "1999-10-01", "2008-02-29", "2024-12-31", graph.DayMax, graph.Unreviewed}
	for _, a := range days {
		da, ok := toDay(a)
		if !ok || da.String() != a {
			t.Fatalf("toDay(%q) = %v, %v", a, da, ok)
		}
		for _, b := range days {
			db, _ := toDay([]byte(b))
			if got, want := cmp.Compare(da, db), strings.Compare(a, b); got != want {
				t.Errorf("%q against %q: %d, want %d", a, b, got, want)
			}
		}
	}
	for _, bad := range []string{"2008", "2008-02", "2008-02-2x", "2008/02/29", "02-29-2008", "~~", "20080229  "} {
		if d, ok := toDay(bad); ok {
			t.Errorf("toDay(%q) = %v, want a refusal", bad, d)
		}
	}
	ix := &index{}
	for _, f := range []graph.Filter{{Since: "2008"}, {Until: "2008-02-30x"}, {AsOf: graph.Unreviewed}, {KnownAsOf: "yesterday"}} {
		if _, err := ix.matcher(&f); graph.ErrorCode(err) != graph.EInvalid {
			t.Errorf("matcher(%+v): %v, want EInvalid", f, err)
		}
	}
}

// BenchmarkHubBuckets times the month buckets of a hub of 100,000 events
// (the tallies of its timeline from the index, counted by month), on an
// index made in memory: the store adds two point reads of the entities
// whatever the number of events.
func BenchmarkHubBuckets(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	ix := &index{types: []string{"attacks", "meets"}}
	hub := ix.intern([]byte("hub"))
	for i := range 1000 {
		ix.intern(fmt.Appendf(nil, "other-%d", i))
	}
	var ids textsBuilder
	nums := ix.numbering()
	for i := range 100000 {
		d := graph.Date{Year: 2000 + rng.IntN(25), Month: 1 + rng.IntN(12), Day: 1 + rng.IntN(28), Precision: graph.Day}
		if rng.IntN(5) == 0 {
			d.Day, d.Precision = 0, graph.Month
		}
		r := graph.Relation{Date: d}
		appendText(&ids, fmt.Sprintf("r%06d", i))
		e := edge{src: hub, tgt: int32(1 + rng.IntN(1000)), flags: eventClass | dated, conf: 1, mod: uint8(rng.IntN(len(modalities)))}
		m := measure{intensity: math.Float64bits(float64(rng.IntN(21)-10) / 2), reports: int32(1 + rng.IntN(3)), quad: int8(1 + rng.IntN(4)),
			prec: uint8(slices.Index(precisions, d.Precision))}
		if err := nums.num(&e, []byte(ix.types[rng.IntN(2)]), m); err != nil {
			b.Fatal(err)
		}
		e.lo, _ = toDay(r.Lo())
		e.hi, _ = toDay(r.Hi())
		ix.edges = append(ix.edges, e)
	}
	ix.builtIDs = ids.texts(nil)
	ix.link()
	q := graph.TimelineQuery{Entity: "hub"}
	for b.Loop() {
		ts, err := ix.tallies(&q)
		if err != nil || len(ts) != 100000 {
			b.Fatalf("%d tallies, %v", len(ts), err)
		}
		graph.CountBuckets(ts, graph.BucketMonth, "", "", false)
	}
}

// firstByID gives the first edges by id of those picked, whatever the
// mix of edges built (numbered in id order) and appended by patches, and
// wherever its scan of those built starts (before the first picked).
func TestFirstByID(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for round := range 200 {
		ix := &index{}
		built := rng.IntN(30)
		var names textsBuilder
		for i := range built {
			appendText(&names, fmt.Sprintf("r%03d", 2*i))
		}
		ix.edges, ix.built, ix.builtIDs = make([]edge, built), built, names.texts(nil)
		for range rng.IntN(10) { // appended: ids anywhere, in no order
			ix.edges, ix.laterIDs = append(ix.edges, edge{}), append(ix.laterIDs, fmt.Sprintf("r%03d", 2*rng.IntN(built+5)+1))
		}
		in := make([]int8, len(ix.edges))
		var picked []int32
		from := rng.IntN(built + 1) // none built before it picked
		for e := range ix.edges {
			if (e >= from || e >= built) && rng.IntN(2) == 0 {
				in[e], picked = 1, append(picked, int32(e))
			}
		}
		rng.Shuffle(len(picked), func(i, j int) { picked[i], picked[j] = picked[j], picked[i] })
		n := rng.IntN(len(picked) + 2)
		want := slices.Clone(picked)
		slices.SortFunc(want, func(a, b int32) int {
			return cmp.Or(strings.Compare(ix.id(a), ix.id(b)), cmp.Compare(a, b))
		})
		if n > 0 && len(want) > n {
			want = want[:n]
		}
		ids := func(es []int32) (out []string) {
			for _, e := range es {
				out = append(out, ix.id(e))
			}
			return out
		}
		if got := ix.firstByID(slices.Clone(picked), in, from, n); !slices.Equal(ids(got), ids(want)) {
			t.Fatalf("round %d, first %d from %d: %v, want %v", round, n, from, ids(got), ids(want))
		}
	}
}

// sortKeys sorts as slices.Sort does the keys inTimeOrder makes: days
// above the numbers of the events in order.
func TestSortKeys(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{0, 1, 2, 3, 100, 5000} {
		for _, days := range []int{1, 7, 400, 1 << 27} {
			keys := make([]uint64, n)
			for i := range keys {
				keys[i] = uint64(rng.IntN(days))<<37 | uint64(i)
			}
			want := slices.Sorted(slices.Values(keys))
			sortKeys(keys)
			if !slices.Equal(keys, want) {
				t.Fatalf("%d keys of %d days: sorted otherwise than slices.Sort", n, days)
			}
		}
	}
}

// A graph beyond what the index's narrow fields hold is refused, not
// numbered wrong: past 2^28 edges, 65,536 relation types or entity kinds.
func TestIndexLimits(t *testing.T) {
	if err := checkEdges(int(maxEdges) - 1); err != nil {
		t.Fatalf("%d edges: %v", maxEdges-1, err)
	}
	if err := checkEdges(int(maxEdges)); graph.ErrorCode(err) != graph.EInternal {
		t.Fatalf("%d edges: %v, want EInternal", maxEdges, err)
	}
	ix := &index{kindNames: []string{""}}
	for i := range maxTypes {
		ix.types = append(ix.types, fmt.Sprintf("t%d", i))
	}
	for len(ix.kindNames) < maxKinds {
		ix.kindNames = append(ix.kindNames, fmt.Sprintf("k%d", len(ix.kindNames)))
	}
	nums := ix.numbering()
	var e edge
	if err := nums.num(&e, []byte("t65535"), measure{}); err != nil || e.typ != math.MaxUint16 {
		t.Fatalf("the last type: number %d, %v", e.typ, err)
	}
	if err := nums.num(&e, []byte("one more"), measure{}); graph.ErrorCode(err) != graph.EInternal {
		t.Fatalf("a type past the last: %v, want EInternal", err)
	}
	if k, err := nums.kind([]byte("k65535")); err != nil || k != math.MaxUint16 {
		t.Fatalf("the last kind: number %d, %v", k, err)
	}
	if _, err := nums.kind([]byte("one more")); graph.ErrorCode(err) != graph.EInternal {
		t.Fatalf("a kind past the last: %v, want EInternal", err)
	}
}
