package query_test

import (
	"cmp"
	"context"
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/query"
)

// fixtureStore returns a store holding storetest's hand-made graph.
func fixtureStore(t *testing.T) graph.Store {
	t.Helper()
	s := openStore(t)
	for _, c := range fixtureContributions() {
		if _, err := s.ReplaceSource(context.Background(), c); err != nil {
			t.Fatalf("ReplaceSource(%s): %v", c.Source.ID, err)
		}
	}
	return s
}

func TestSearchEntities(t *testing.T) {
	svc := &query.Service{Store: fixtureStore(t)}
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		res, err := query.Run(ctx, svc.SearchEntities)(query.ParseSearch(url.Values{"q": {"Islamic"}}))
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, e := range res.Entities {
			ids = append(ids, e.ID+":"+e.Match+":"+e.Tier)
		}
		// Within a match, an entity named so before one aliased so.
		if want := []string{"irgc:prefix:name", "Q794:prefix:alias"}; !slices.Equal(ids, want) {
			t.Fatalf("hits = %v, want %v", ids, want)
		}
	})
	t.Run("IDAndQIDFirst", func(t *testing.T) {
		res, err := query.Run(ctx, svc.SearchEntities)(query.ParseSearch(url.Values{"q": {"q30"}}))
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Entities) == 0 || res.Entities[0].ID != "Q30" || res.Entities[0].Match != "wikidata" {
			t.Fatalf("hits = %+v, want Q30 by wikidata first", res.Entities)
		}
	})
	t.Run("KindAndLimit", func(t *testing.T) {
		res, err := query.Run(ctx, svc.SearchEntities)(query.ParseSearch(url.Values{"q": {"i"}, "kind": {"country"}, "limit": {"1"}}))
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Entities) != 1 || res.Entities[0].Kind != "country" {
			t.Fatalf("hits = %+v, want one country", res.Entities)
		}
	})
	t.Run("NoneIsEmptyList", func(t *testing.T) {
		res, err := query.Run(ctx, svc.SearchEntities)(query.ParseSearch(url.Values{"q": {"zzzz"}}))
		if err != nil {
			t.Fatal(err)
		}
		if b, _ := json.Marshal(res); string(b) != `{"entities":[]}` {
			t.Fatalf("JSON = %s", b)
		}
	})
}

func TestEntity(t *testing.T) {
	svc := &query.Service{Store: fixtureStore(t)}
	ctx := context.Background()
	for _, ref := range []string{"Q30", "q30", "واشنطن", "United States", "the United States", "USA"} {
		res, err := query.Run(ctx, svc.Entity)(query.ParseEntity(ref, nil))
		if err != nil {
			t.Fatalf("Entity(%q): %v", ref, err)
		}
		if res.ID != "Q30" || res.Counts.Relations == 0 {
			t.Errorf("Entity(%q) = %s with %+v, want Q30 with relations", ref, res.ID, res.Counts)
		}
	}
	_, err := query.Run(ctx, svc.Entity)(query.ParseEntity("Quds Forc", nil))
	if got, want := graph.ErrorCode(err), graph.ENotFound; got != want {
		t.Fatalf("code %q, want %q", got, want)
	}
	if d := graph.ErrorDetails(err); d["parameter"] != "id" || d["suggestions"] == nil {
		t.Errorf("details = %v, want parameter and suggestions", d)
	}
}

func TestNeighborsNames(t *testing.T) {
	svc := &query.Service{Store: fixtureStore(t)}
	res, err := query.Run(context.Background(), svc.Neighbors)(query.ParseNeighbors(nil, "kataib-hezbollah", url.Values{"types": {"attacks"}}))
	if err != nil {
		t.Fatal(err)
	}
	if res.Center.ID != "kataib-hezbollah" || len(res.Relations) == 0 {
		t.Fatalf("center %s, %d relations", res.Center.ID, len(res.Relations))
	}
	for _, r := range res.Relations {
		if r.Type != "attacks" || r.SourceName != "Kataib Hezbollah" || r.TargetName != "United States" {
			t.Errorf("relation %s: %s %s→%s", r.ID, r.Type, r.SourceName, r.TargetName)
		}
		for _, p := range r.Participants {
			if p.Name == "" {
				t.Errorf("relation %s: participant %s without name", r.ID, p.Entity)
			}
		}
	}
}

func TestPaths(t *testing.T) {
	svc := &query.Service{Store: fixtureStore(t)}
	res, err := query.Run(context.Background(), svc.Paths)(query.ParsePaths(nil, url.Values{"from": {"Quds Force"}, "to": {"Iran"}, "direction": {"out"}}))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Paths) != 1 {
		t.Fatalf("%d paths, want 1", len(res.Paths))
	}
	p := res.Paths[0]
	if p.Length != 2 || len(p.Nodes) != 3 || p.Nodes[0].ID != "quds-force" || p.Nodes[2].ID != "Q794" {
		t.Fatalf("path = %+v", p)
	}
	none, err := query.Run(context.Background(), svc.Paths)(query.ParsePaths(nil, url.Values{"from": {"jcpoa"}, "to": {"Q30"}, "direction": {"out"}}))
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := json.Marshal(none.Paths); string(b) != "[]" {
		t.Fatalf("no path: %s, want []", b)
	}
}

func TestTimelinePages(t *testing.T) {
	svc := &query.Service{Store: fixtureStore(t)}
	ctx := context.Background()
	all, err := query.Run(ctx, svc.Timeline)(query.ParseTimeline(nil, url.Values{"entity": {"Q30"}, "bucket": {"year"}}))
	if err != nil {
		t.Fatal(err)
	}
	if all.NextCursor != nil || len(all.Events) < 3 {
		t.Fatalf("%d events, next %v", len(all.Events), all.NextCursor)
	}
	sum := 0
	for _, b := range append(all.Buckets, all.Coarser...) {
		sum += b.Events
	}
	if sum != len(all.Events) {
		t.Errorf("buckets count %d events, timeline has %d", sum, len(all.Events))
	}
	var want []string
	for _, e := range all.Events {
		want = append(want, e.ID)
	}
	for _, sort := range []string{"", query.SortOldest, query.SortNewest} {
		var got []string
		cursor := ""
		for range 100 {
			v := url.Values{"entity": {"Q30"}, "limit": {"2"}, "cursor": {cursor}, "sort": {sort}}
			page, err := query.Run(ctx, svc.Timeline)(query.ParseTimeline(nil, v))
			if err != nil {
				t.Fatal(err)
			}
			if page.Buckets != nil {
				t.Fatal("buckets without bucket=")
			}
			if page.Sort != cmp.Or(sort, query.SortOldest) {
				t.Fatalf("sort=%s: the answer says sort %q", sort, page.Sort)
			}
			for _, e := range page.Events {
				got = append(got, e.ID)
			}
			if page.NextCursor == nil {
				break
			}
			cursor = *page.NextCursor
		}
		if sort == query.SortNewest {
			slices.Reverse(got)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("sort=%s: pages give %v (oldest first), want %v", sort, got, want)
		}
	}
	// A cursor pages in its own order only.
	first, err := query.Run(ctx, svc.Timeline)(query.ParseTimeline(nil, url.Values{"entity": {"Q30"}, "limit": {"1"}, "sort": {query.SortNewest}}))
	if err != nil || first.NextCursor == nil {
		t.Fatalf("the first page newest first: %+v, %v", first, err)
	}
	_, err = query.ParseTimeline(nil, url.Values{"entity": {"Q30"}, "cursor": {*first.NextCursor}})
	if graph.ErrorCode(err) != graph.EInvalid || graph.ErrorDetails(err)["parameter"] != "cursor" {
		t.Fatalf("a newest-first cursor asked for oldest first: %v, want invalid cursor", err)
	}
	empty, err := query.Run(ctx, svc.Timeline)(query.ParseTimeline(nil, url.Values{"entity": {"Q30"}, "until": {"1900"}, "bucket": {"month"}}))
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := json.Marshal(empty); !strings.Contains(string(b), `"events":[],"sort":"oldest","next_cursor":null,"buckets":[]`) {
		t.Errorf("empty timeline: %s", b)
	}
	b, _ := json.Marshal(all)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	if _, ok := m["with"]; ok {
		t.Error("with present without with=")
	}
}

func TestNeighborsPages(t *testing.T) {
	svc := &query.Service{Store: fixtureStore(t)}
	ctx := context.Background()
	ask := func(v url.Values) *query.NeighborsResponse {
		t.Helper()
		res, err := query.Run(ctx, svc.Neighbors)(query.ParseNeighbors(nil, "Q30", v))
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	all := ask(url.Values{"depth": {"2"}})
	if all.NextCursor != nil || all.Truncated || len(all.Relations) < 5 {
		t.Fatalf("%d relations, truncated %v, next %v", len(all.Relations), all.Truncated, all.NextCursor)
	}
	var want, got []string
	for _, r := range all.Relations {
		want = append(want, r.ID)
	}
	nodes := map[string]bool{}
	cursor := ""
	for range len(want) {
		page := ask(url.Values{"depth": {"2"}, "limit": {"2"}, "cursor": {cursor}})
		if len(page.Relations) > 2 || page.Truncated != (page.NextCursor != nil) {
			t.Fatalf("a page of %d relations, truncated %v, next %v", len(page.Relations), page.Truncated, page.NextCursor)
		}
		for _, r := range page.Relations {
			got = append(got, r.ID)
			if r.SourceName == "" || r.TargetName == "" {
				t.Errorf("%s is not named on its page: %q, %q", r.ID, r.SourceName, r.TargetName)
			}
		}
		for _, e := range page.Nodes {
			nodes[e.ID] = true
		}
		if page.NextCursor == nil {
			break
		}
		cursor = *page.NextCursor
	}
	if !slices.Equal(got, want) {
		t.Fatalf("pages give %v, want %v", got, want)
	}
	for _, e := range all.Nodes {
		if !nodes[e.ID] {
			t.Errorf("%s is on no page", e.ID)
		}
	}
	// A timeline's cursor is not a neighbourhood's, nor is garbage.
	tl, err := query.Run(ctx, svc.Timeline)(query.ParseTimeline(nil, url.Values{"entity": {"Q30"}, "limit": {"1"}}))
	if err != nil || tl.NextCursor == nil {
		t.Fatalf("a timeline page: %+v, %v", tl, err)
	}
	for _, bad := range []string{*tl.NextCursor, "nonsense"} {
		_, err = query.ParseNeighbors(nil, "Q30", url.Values{"cursor": {bad}})
		if graph.ErrorCode(err) != graph.EInvalid || graph.ErrorDetails(err)["parameter"] != "cursor" {
			t.Errorf("cursor %q: %v, want invalid cursor", bad, err)
		}
	}
}

func TestStatsAndTypes(t *testing.T) {
	svc := &query.Service{Store: fixtureStore(t)}
	st, err := svc.Stats(context.Background(), query.StatsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if st.Entities == 0 || st.ByModality == nil {
		t.Fatalf("stats = %+v", st)
	}
	types := svc.RelationTypes(query.RelationTypesRequest{}).RelationTypes
	if !slices.ContainsFunc(types, func(x ontologyType) bool { return x.ID == "threatens" }) {
		t.Fatal("no threatens among relation types")
	}
}
