package embedded

import (
	"context"
	"math/rand/v2"
	"path/filepath"
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
	day := func() string {
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
			Date: date(), Modality: graph.Modalities[rng.IntN(5)], Confidence: float64(rng.IntN(11)) / 10,
		}
		if !r.Date.IsZero() && rng.IntN(3) == 0 {
			r.End = graph.Date{Year: r.Date.Year + rng.IntN(2), Precision: graph.Year}
		}
		f := graph.Filter{Types: pick(), ExcludeTypes: pick(), Since: day(), Until: day(), AsOf: day(),
			MinConfidence: float64(rng.IntN(12)) / 10}
		for _, m := range graph.Modalities {
			if rng.IntN(4) == 0 {
				f.Modalities = append(f.Modalities, m)
			}
		}
		e := edge{typ: int32(strings.IndexByte("abc", r.Type[0])), structural: r.Class == "structural",
			mod: r.Modality, conf: r.Confidence, lo: r.Lo(), hi: r.Hi()}
		if got, want := ix.matcher(&f).match(&e), f.Match(&r); got != want {
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
