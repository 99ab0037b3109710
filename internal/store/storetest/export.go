package storetest

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/graph"
)

// The subtests in this file were added with the exports (graph.Store's
// Relations and Entities): Run's "Relations" and "Entities", and the
// Relations and Entities questions of "Differential" (compareExports). A
// store written before them passes everything else unchanged.

// matchingIDs returns, in id order, the ids of the fixture's relations that
// f selects: what Relations must answer without After and Limit.
func matchingIDs(f graph.Filter) []string {
	var ids []string
	for id, r := range fixtureRelations(Fixture()...) {
		if f.Match(&r) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

func testRelations(t *testing.T, open func(t *testing.T) graph.Store) {
	s := loaded(t, open)
	rels := fixtureRelations(Fixture()...)
	const all = "a1/r1 a1/r2 a1/r3 a1/r4 a1/r5 a1/r6 a2/r1 a2/r2 a2/r3 a2/r4 a2/r5 a2/r6 " +
		gIRGC + " " + gQF + " " + gSOL
	for _, c := range []struct {
		name string
		q    graph.RelationQuery
		want string
	}{
		{"All", graph.RelationQuery{}, all},
		{"LimitZero", graph.RelationQuery{Limit: 0}, all},
		{"LimitNegative", graph.RelationQuery{Limit: -1}, all},
		{"Limit", graph.RelationQuery{Limit: 4}, "a1/r1 a1/r2 a1/r3 a1/r4"},
		{"AfterStored", graph.RelationQuery{After: "a2/r4"}, "a2/r5 a2/r6 " + gIRGC + " " + gQF + " " + gSOL},
		{"AfterBetween", graph.RelationQuery{After: "a1/r35", Limit: 2}, "a1/r4 a1/r5"},
		{"AfterLast", graph.RelationQuery{After: gSOL}, ""},
		{"AfterEverything", graph.RelationQuery{After: "\xff"}, ""},
		{"Types", graph.RelationQuery{Filter: graph.Filter{Types: []string{"attacks", "signs"}}}, "a1/r3 a2/r2 a2/r3 a2/r4"},
		{"ExcludeTypes", graph.RelationQuery{Filter: graph.Filter{ExcludeTypes: []string{"part_of", "negotiates_with", "signs", "attacks"}}},
			"a1/r1 a1/r2 a1/r4 a1/r6 a2/r6 " + gSOL},
		// Undated relations and open intervals cover every day.
		{"Since", graph.RelationQuery{Filter: graph.Filter{Since: "2021-01-01"}},
			"a1/r4 a1/r6 a2/r1 a2/r4 a2/r5 a2/r6 " + gIRGC + " " + gQF},
		{"Window", graph.RelationQuery{Filter: graph.Filter{Since: "2020-01-04", Until: "2020-01-31"}},
			"a1/r2 a1/r4 a1/r5 a1/r6 a2/r6 " + gIRGC + " " + gQF},
		// a1/r4, undated, holds from its first report (2020-01-05) on.
		{"AsOf", graph.RelationQuery{Filter: graph.Filter{AsOf: "2000-01-01"}}, "a2/r6 " + gIRGC + " " + gQF + " " + gSOL},
		{"AsOfReported", graph.RelationQuery{Filter: graph.Filter{AsOf: "2020-01-05"}}, "a1/r1 a1/r2 a1/r3 a1/r4 a1/r6 a2/r2 a2/r3 a2/r6 " + gIRGC + " " + gQF},
		{"Modalities", graph.RelationQuery{Filter: graph.Filter{Modalities: []graph.Modality{graph.Planned, graph.Denied}}}, "a2/r1 a2/r4"},
		{"MinConfidence", graph.RelationQuery{Filter: graph.Filter{MinConfidence: 0.95}},
			"a1/r1 a2/r2 a2/r3 a2/r5 " + gIRGC + " " + gQF + " " + gSOL},
		{"FilterAfterLimit", graph.RelationQuery{After: "a1/r5", Limit: 3, Filter: graph.Filter{MinConfidence: 0.9}}, "a1/r6 a2/r1 a2/r2"},
	} {
		t.Run(c.name, func(t *testing.T) {
			rs, err := s.Relations(ctx, c.q)
			if err != nil {
				t.Fatal(err)
			}
			if got := relIDs(rs); got != c.want {
				t.Fatalf("relations %q, want %q", got, c.want)
			}
			if want := strings.Join(slices.DeleteFunc(matchingIDs(c.q.Filter), func(id string) bool { return id <= c.q.After }), " "); c.q.Limit <= 0 && c.want != want {
				t.Fatalf("the case expects %q but Filter.Match selects %q", c.want, want) // a mistake in this table
			}
			sameRelations(t, "Relations", rs, rels)
		})
	}

	t.Run("Paging", func(t *testing.T) {
		for _, f := range []graph.Filter{{}, {Since: "2020-01-01"}, {ExcludeTypes: []string{"negotiates_with"}, MinConfidence: 0.7}} {
			want := strings.Join(matchingIDs(f), " ")
			for limit := 1; limit <= 16; limit++ {
				var got []string
				q := graph.RelationQuery{Filter: f, Limit: limit}
				for pages := 0; ; pages++ {
					if pages > 16 {
						t.Fatalf("limit %d: paging does not end", limit)
					}
					rs, err := s.Relations(ctx, q)
					if err != nil {
						t.Fatal(err)
					}
					if len(rs) > limit {
						t.Fatalf("limit %d: a page of %d", limit, len(rs))
					}
					if len(rs) == 0 {
						break
					}
					got = append(got, relIDs(rs))
					q.After = rs[len(rs)-1].ID
				}
				if g := strings.Join(got, " "); g != want {
					t.Fatalf("filter %+v, limit %d: pages make %q, want %q", f, limit, g, want)
				}
			}
		}
	})

	t.Run("Empty", func(t *testing.T) {
		rs, err := open(t).Relations(ctx, graph.RelationQuery{})
		if err != nil || len(rs) != 0 {
			t.Fatalf("Relations of an empty store: %v, %v", relIDs(rs), err)
		}
	})

	t.Run("Closed", func(t *testing.T) {
		s := loaded(t, open)
		s.Close()
		_, err := s.Relations(ctx, graph.RelationQuery{})
		wantCode(t, "Relations after Close", err, graph.EUnavailable)
	})
}

func testEntities(t *testing.T, open func(t *testing.T) graph.Store) {
	s := loaded(t, open)
	for _, c := range []struct {
		name string
		ids  []string
		want string
	}{
		{"Nil", nil, ""},
		{"Unknown", []string{"nobody"}, ""},
		{"Some", []string{KH, US, "nobody", IR, US}, "Q30 Q794 kataib-hezbollah"},
		{"All", fixtureIDs, "Q30 Q794 Q796 baghdad-airport irgc jcpoa kataib-hezbollah pmf quds-force soleimani"},
		// Many ids: more than fit in one query of most stores.
		{"Many", append(manyIDs(1500), SOL, IQ), "Q796 soleimani"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ids := slices.Clone(c.ids)
			es, err := s.Entities(ctx, ids)
			if err != nil {
				t.Fatal(err)
			}
			if got := entIDs(es); got != c.want {
				t.Fatalf("entities %q, want %q", got, c.want)
			}
			if !slices.Equal(ids, c.ids) {
				t.Fatalf("Entities changed its argument: %v", ids)
			}
			for _, e := range es {
				if want := assembled(e.ID, Fixture()...); !reflect.DeepEqual(e, want) {
					t.Fatalf("entity %+v, want %+v", e, want)
				}
			}
		})
	}

	t.Run("WithoutRecords", func(t *testing.T) {
		s := loaded(t, open)
		if _, err := s.RemoveSource(ctx, "gazetteer:test"); err != nil {
			t.Fatal(err)
		}
		es, err := s.Entities(ctx, []string{PMF, IRGC})
		if err != nil {
			t.Fatal(err)
		}
		if want := []graph.Entity{graph.Assemble(PMF, nil)}; !reflect.DeepEqual(es, want) {
			t.Fatalf("Entities(pmf, irgc) without the gazetteer: %+v, want %+v", es, want)
		}
	})

	t.Run("Closed", func(t *testing.T) {
		s := loaded(t, open)
		s.Close()
		_, err := s.Entities(ctx, []string{US})
		wantCode(t, "Entities after Close", err, graph.EUnavailable)
	})
}

func manyIDs(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("unknown-%04d", i)
	}
	return ids
}

// compareExports asks the store and the reference for the whole graph page
// by page under random filters, and for random batches of entities.
func (d *differ) compareExports(ids []string) {
	d.t.Helper()
	r := d.rng
	for range 15 {
		q := graph.RelationQuery{Filter: d.filter(), Limit: []int{0, 25, 150, 400}[r.IntN(4)]}
		if r.IntN(3) == 0 {
			q.Filter = graph.Filter{}
		}
		for page := 0; ; page++ {
			rs, err := d.s.Relations(ctx, q)
			wrs, werr := d.ref.Relations(ctx, q)
			d.same(fmt.Sprintf("Relations(%+v) page %d", q, page), normRels(rs), normRels(wrs), err, werr)
			if err != nil || len(wrs) == 0 || q.Limit <= 0 {
				break
			}
			q.After = wrs[len(wrs)-1].ID
		}
	}
	for range 10 {
		var batch []string
		for range r.IntN(60) {
			if r.IntN(5) == 0 {
				batch = append(batch, fmt.Sprintf("nobody-%d", r.IntN(10)))
			} else {
				batch = append(batch, ids[r.IntN(len(ids))])
			}
		}
		es, err := d.s.Entities(ctx, batch)
		wes, werr := d.ref.Entities(ctx, batch)
		d.same(fmt.Sprintf("Entities(%v)", batch), es, wes, err, werr)
	}
}
