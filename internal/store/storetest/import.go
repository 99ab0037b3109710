package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"

	"github.com/geokg/geokg/internal/graph"
)

// testLookup checks graph.Lookup's batches against the one-at-a-time
// lookups: the same entities for each key and QID, keys that find nothing
// left out, repeats harmless.
func testLookup(t *testing.T, open func(t *testing.T) graph.Store) {
	s := loaded(t, open)
	keys := []string{"iran", "ايران", "baghdad", "american", "us", "ira", "", "iran"}
	byKey, err := s.EntitiesByKeys(ctx, keys)
	if err != nil {
		t.Fatalf("EntitiesByKeys: %v", err)
	}
	for _, k := range keys {
		one, err := s.EntitiesByKey(ctx, k)
		if err != nil {
			t.Fatalf("EntitiesByKey(%q): %v", k, err)
		}
		if got, want := entIDs(byKey[k]), entIDs(one); got != want {
			t.Errorf("EntitiesByKeys[%q] = %q, EntitiesByKey = %q", k, got, want)
		}
		if _, ok := byKey[k]; ok && len(one) == 0 {
			t.Errorf("EntitiesByKeys holds %q, which finds nothing", k)
		}
		if len(one) > 0 && !reflect.DeepEqual(byKey[k], one) {
			t.Errorf("EntitiesByKeys[%q] = %+v, want %+v", k, byKey[k], one)
		}
	}
	qids := []string{"Q30", "Q2597185", "Q1", "", "Q30"}
	byQID, err := s.EntitiesByWikidataIDs(ctx, qids)
	if err != nil {
		t.Fatalf("EntitiesByWikidataIDs: %v", err)
	}
	for _, q := range qids {
		one, err := s.EntitiesByWikidata(ctx, q)
		if err != nil {
			t.Fatalf("EntitiesByWikidata(%q): %v", q, err)
		}
		if got, want := entIDs(byQID[q]), entIDs(one); got != want {
			t.Errorf("EntitiesByWikidataIDs[%q] = %q, EntitiesByWikidata = %q", q, got, want)
		}
	}
	if len(byQID["Q30"]) != 1 || byQID["Q30"][0].ID != US {
		t.Errorf("EntitiesByWikidataIDs[Q30] = %+v, want %s", byQID["Q30"], US)
	}
	for _, none := range [][]string{nil, {}} {
		if m, err := s.EntitiesByKeys(ctx, none); err != nil || len(m) != 0 {
			t.Errorf("EntitiesByKeys(%v) = %v, %v; want nothing", none, m, err)
		}
	}
}

// testImport checks graph.Store.Import: the builder reads the graph as the
// write sees it, what it builds is stored as by ReplaceSource, a builder's
// error or an invalid contribution leaves the store as it was, and
// concurrent imports resolve against each other's writes.
func testImport(t *testing.T, open func(t *testing.T) graph.Store) {
	t.Run("AsReplaceSource", func(t *testing.T) {
		s, want := open(t), graph.Store(NewReference()) // one server may back every open
		for _, c := range Fixture() {
			c2 := *c
			res, err := s.Import(ctx, c.Source.ID, func(context.Context, graph.Lookup) (*graph.Contribution, error) { return &c2, nil })
			if err != nil {
				t.Fatalf("Import(%s): %v", c.Source.ID, err)
			}
			if wr := replace(t, want, c); res != wr {
				t.Errorf("Import(%s) = %+v, ReplaceSource gave %+v", c.Source.ID, res, wr)
			}
		}
		if got, w := snapshot(t, s), snapshot(t, want); got != w {
			t.Errorf("after Import:\n%s\nafter ReplaceSource:\n%s", got, w)
		}
	})
	t.Run("SeesTheGraph", func(t *testing.T) {
		s := loaded(t, open)
		var seen []graph.Entity
		var ds []graph.Decision
		_, err := s.Import(ctx, "b1", func(ctx context.Context, l graph.Lookup) (*graph.Contribution, error) {
			m, err := l.EntitiesByKeys(ctx, []string{"iran"})
			if err != nil {
				return nil, err
			}
			seen = m["iran"]
			if ds, err = l.Decisions(ctx); err != nil {
				return nil, err
			}
			return newcomer("b1", seen[0].ID), nil
		})
		if err != nil {
			t.Fatalf("Import: %v", err)
		}
		if entIDs(seen) != IR || len(ds) != 0 {
			t.Fatalf("the builder saw %q and %d decisions, want %s and none", entIDs(seen), len(ds), IR)
		}
		var ids []graph.Entity
		_, err = s.Import(ctx, "b2", func(ctx context.Context, l graph.Lookup) (*graph.Contribution, error) {
			var err error
			ids, err = l.Entities(ctx, []string{"newcomer", "nobody"})
			return newcomer("b2", IR), err
		})
		if err != nil || entIDs(ids) != "newcomer" {
			t.Fatalf("the next builder saw %q (%v), want the entity the first one wrote", entIDs(ids), err)
		}
	})
	t.Run("NotItsOwnEvidence", func(t *testing.T) {
		// b1's earlier version named the newcomer: importing b1 again, its
		// builder does not find it by that name; importing b2, it does.
		s := loaded(t, open)
		replace(t, s, newcomer("b1", IR))
		found := map[string]string{}
		for _, src := range []string{"b1", "b2"} {
			_, err := s.Import(ctx, src, func(ctx context.Context, l graph.Lookup) (*graph.Contribution, error) {
				m, err := l.EntitiesByKeys(ctx, []string{"newcomer", "iran"})
				found[src] = entIDs(m["newcomer"]) + "/" + entIDs(m["iran"])
				// Nor by its id: only b1 says anything of it.
				if err == nil {
					var es []graph.Entity
					es, err = l.Entities(ctx, []string{"newcomer", IR})
					found[src] += "/" + entIDs(es)
				}
				c := newcomer(src, IR)
				c.Source.Digest += "-again"
				return c, err
			})
			if err != nil {
				t.Fatalf("Import(%s): %v", src, err)
			}
		}
		if got, want := fmt.Sprint(found), "map[b1:/Q794/Q794 b2:newcomer/Q794/Q794 newcomer]"; got != want {
			t.Fatalf("the builders found %s, want %s", got, want)
		}
	})
	t.Run("Refused", func(t *testing.T) {
		s := loaded(t, open)
		before := snapshot(t, s)
		boom := errors.New("builder failed")
		_, err := s.Import(ctx, "b1", func(context.Context, graph.Lookup) (*graph.Contribution, error) { return nil, boom })
		if !errors.Is(err, boom) {
			t.Errorf("Import with a failing builder = %v, want its error", err)
		}
		bad := newcomer("b1", "no-such-entity")
		bad.Entities = nil
		_, err = s.Import(ctx, "b1", func(context.Context, graph.Lookup) (*graph.Contribution, error) { return bad, nil })
		wantCode(t, "Import of a relation to an unknown entity", err, graph.EInvalid)
		_, err = s.Import(ctx, "b1", func(context.Context, graph.Lookup) (*graph.Contribution, error) { return nil, nil })
		wantCode(t, "Import of nothing", err, graph.EInvalid)
		_, err = s.Import(ctx, "b2", func(context.Context, graph.Lookup) (*graph.Contribution, error) { return newcomer("b1", IR), nil })
		wantCode(t, "Import of a contribution of another source", err, graph.EInternal)
		if after := snapshot(t, s); after != before {
			t.Errorf("refused imports changed the store:\n%s\nwant\n%s", after, before)
		}
	})
	t.Run("Concurrent", func(t *testing.T) {
		s := loaded(t, open)
		// Each import names the same new entity under a key of its own,
		// and takes the one the graph already has if there is one.
		const trials, writers = 5, 2
		for trial := range trials {
			key := fmt.Sprintf("zz new %d", trial)
			var wg sync.WaitGroup
			errs := make([]error, writers)
			for w := range writers {
				wg.Go(func() {
					src := fmt.Sprintf("c%d-%d", trial, w)
					_, errs[w] = s.Import(ctx, src, func(ctx context.Context, l graph.Lookup) (*graph.Contribution, error) {
						m, err := l.EntitiesByKeys(ctx, []string{key})
						if err != nil {
							return nil, err
						}
						id := fmt.Sprintf("new-%d-%d", trial, w)
						if len(m[key]) > 0 {
							id = m[key][0].ID
						}
						c := newcomer(src, IR)
						c.Entities[0].ID, c.Relations[0].From = id, id
						c.Entities[0].Names = []graph.Name{nm("en", key, graph.RoleName, 0, key)}
						return c, nil
					})
				})
			}
			wg.Wait()
			for _, err := range errs {
				if err != nil {
					t.Fatalf("concurrent Import: %v", err)
				}
			}
			if es, err := s.EntitiesByKey(ctx, key); err != nil || len(es) != 1 {
				t.Fatalf("trial %d: %q names %q (%v), want one entity", trial, key, entIDs(es), err)
			}
		}
	})
}

// newcomer is a contribution of source src that records the entity
// "newcomer" and says it meets target.
func newcomer(src, target string) *graph.Contribution {
	return &graph.Contribution{
		Source:   graph.Source{ID: src, Kind: "article", Title: src, Digest: src + "-v1"},
		Priority: 1,
		Entities: []graph.EntityRecord{{ID: "newcomer", Kind: "person", Label: "Newcomer",
			Names: []graph.Name{nm("en", "Newcomer", graph.RoleName, 0, "newcomer")}}},
		Relations: []graph.Relation{{ID: src + "/r1", Type: "meets", Class: graph.ClassEvent, From: "newcomer", To: target,
			Date: graph.MustDate("2021-04-01"), Modality: graph.Asserted, Confidence: 1}},
	}
}

// testSource checks Store.Source: a source with its text, which a new
// version replaces, a curation keeps and a removal takes away.
func testSource(t *testing.T, open func(t *testing.T) graph.Store) {
	s := loaded(t, open)
	d, err := s.Source(ctx, "a1")
	if err != nil || !reflect.DeepEqual(d.Source, Fixture()[1].Source) || d.Text != "" {
		t.Fatalf("Source(a1) = %+v, %v; want the fixture's a1 without text", d, err)
	}
	c := newcomer("t1", IR)
	c.Text = "يلتقي القادم الجديد بإيران. The newcomer meets Iran."
	replace(t, s, c)
	if d, err := s.Source(ctx, "t1"); err != nil || d.Text != c.Text || d.ID != "t1" || d.Digest != c.Source.Digest {
		t.Fatalf("Source(t1) = %+v, %v; want its text %q", d, err, c.Text)
	}
	c2 := newcomer("t1", IR)
	c2.Source.Digest, c2.Text = "t1-v2", "The newcomer meets Iran again."
	replace(t, s, c2)
	if d, err := s.Source(ctx, "t1"); err != nil || d.Text != c2.Text {
		t.Fatalf("after a new version, Source(t1) = %+v, %v; want %q", d, err, c2.Text)
	}
	if _, err := s.MergeEntities(ctx, "newcomer", SOL, "test"); err != nil {
		t.Fatalf("MergeEntities: %v", err)
	}
	if d, err := s.Source(ctx, "t1"); err != nil || d.Text != c2.Text {
		t.Fatalf("after a merge rewrote it, Source(t1) = %+v, %v; want %q", d, err, c2.Text)
	}
	if ok, err := s.RemoveSource(ctx, "t1"); !ok || err != nil {
		t.Fatalf("RemoveSource(t1) = %v, %v", ok, err)
	}
	_, err = s.Source(ctx, "t1")
	wantCode(t, "Source of a removed source", err, graph.ENotFound)
	_, err = s.Source(ctx, "nowhere")
	wantCode(t, "Source of an unknown source", err, graph.ENotFound)
}
