package resolve_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/resolve"
	"github.com/geokg/geokg/internal/store/storetest"
)

// The key of an entity merged into another names that other.
func TestEntityFollowsMerges(t *testing.T) {
	ctx := context.Background()
	s := storetest.NewReference()
	for _, c := range storetest.Fixture() {
		if _, err := s.ReplaceSource(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.MergeEntities(ctx, storetest.BIAP, storetest.IQ, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SplitEntity(ctx, storetest.KH, "a2", "kh-a2", ""); err != nil {
		t.Fatal(err)
	}
	for ref, want := range map[string]string{
		storetest.BIAP:                  storetest.IQ, // merged away
		"Baghdad International Airport": storetest.IQ, // its name
		storetest.KH:                    storetest.KH, // split: still there
		"kh-a2":                         "kh-a2",
	} {
		e, err := resolve.Entity(ctx, s, ref)
		if err != nil {
			t.Fatalf("%s: %v", ref, err)
		}
		if e.ID != want {
			t.Errorf("%s resolves to %s, want %s", ref, e.ID, want)
		}
	}
	if _, err := resolve.Entity(ctx, s, "nobody"); graph.ErrorCode(err) != graph.ENotFound {
		t.Errorf("nobody: %v, want not found", err)
	}
}

// A declared demonym stands for its regular forms: an Arabic nisba in ي
// for its feminine and plurals, a Latin one in -an or -i for its plural
// in s.
func TestDemonymForms(t *testing.T) {
	for d, want := range map[string]string{
		"امريكي":    "[امريكيين امريكيون امريكيه امريكي]",
		"american":  "[american americans]",
		"british":   "[british]",
		"pakistani": "[pakistani pakistanis]",
		"عربي":      "[عربيين عربيون عربيه عربي]",
		"روس":       "[روس]", // no nisba: itself only
	} {
		if got := fmt.Sprint(resolve.DemonymForms(d)); got != want {
			t.Errorf("DemonymForms(%s) = %s, want %s", d, got, want)
		}
	}
}

// A bare demonym means its place, after any entity that has it as a name
// or alias; as a word of a name it stands for the place's names.
func TestDemonymTier(t *testing.T) {
	ctx := context.Background()
	s := storetest.NewReference()
	for _, c := range storetest.Fixture() {
		if _, err := s.ReplaceSource(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	for ref, want := range map[string]string{"American": storetest.US, "الأمريكيون": storetest.US} {
		if e, err := resolve.Entity(ctx, s, ref); err != nil || e.ID != want {
			t.Errorf("%s resolves to %s, %v; want %s", ref, e.ID, err, want)
		}
	}
	hits, err := resolve.Search(ctx, s, graph.EntitySearch{Key: "americans", Limit: 5})
	if err != nil || len(hits) != 1 || hits[0].Entity.ID != storetest.US || hits[0].Tier != resolve.TierDemonym {
		t.Fatalf("search americans: %+v, %v; want the United States by its demonym", hits, err)
	}
	c := storetest.Article1()
	c.Source.ID, c.Source.Digest = "named-american", "x"
	c.Entities = []graph.EntityRecord{{ID: "american-co", Kind: "organization", Label: "American", Names: []graph.Name{
		{Lang: "en", Text: "American", Role: graph.RoleName, Keys: []string{"american"}}}}}
	c.Relations = nil
	if _, err := s.ReplaceSource(ctx, c); err != nil {
		t.Fatal(err)
	}
	if e, err := resolve.Entity(ctx, s, "American"); err != nil || e.ID != "american-co" {
		t.Errorf("American, with an entity named so: %s, %v; want american-co", e.ID, err)
	}
}
