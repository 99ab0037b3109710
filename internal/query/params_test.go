package query_test

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/query"
)

// call parses and runs one operation with raw query parameters, the way
// the API does.
func call(ctx context.Context, svc *query.Service, op query.Operation, ref, raw string) (any, error) {
	v, err := url.ParseQuery(raw)
	if err != nil {
		panic(err)
	}
	voc := svc.Vocabulary
	switch op {
	case query.OpSearchEntities:
		return query.Run(ctx, svc.SearchEntities)(query.ParseSearch(v))
	case query.OpEntity:
		return query.Run(ctx, svc.Entity)(query.ParseEntity(ref, v))
	case query.OpNeighbors:
		return query.Run(ctx, svc.Neighbors)(query.ParseNeighbors(voc, ref, v))
	case query.OpPaths:
		return query.Run(ctx, svc.Paths)(query.ParsePaths(voc, v))
	case query.OpTimeline:
		return query.Run(ctx, svc.Timeline)(query.ParseTimeline(voc, v))
	case query.OpRelationTypes:
		req, err := query.ParseRelationTypes(v)
		if err != nil {
			return nil, err
		}
		return svc.RelationTypes(req), nil
	case query.OpStats:
		return query.Run(ctx, svc.Stats)(query.ParseStats(v))
	case query.OpSource:
		return query.Run(ctx, svc.Source)(query.ParseSource(ref, v))
	case query.OpExport:
		return query.Run(ctx, svc.Export)(query.ParseExport(voc, v))
	case query.OpConflicts:
		return query.Run(ctx, svc.Conflicts)(query.ParseConflicts(voc, v))
	}
	panic("unknown operation " + op)
}

// TestParameterErrors checks that every malformed, missing, repeated,
// out-of-range or unknown parameter is EInvalid and names the parameter,
// before the store is asked anything.
func TestParameterErrors(t *testing.T) {
	tests := []struct {
		name  string
		op    query.Operation
		raw   string
		param string
		// allowed: details must list the allowed values or range.
		allowed bool
	}{
		{"SearchMissingQ", query.OpSearchEntities, "", "q", false},
		{"SearchBlankQ", query.OpSearchEntities, "q=%20", "q", false},
		{"SearchQWithoutLetters", query.OpSearchEntities, "q=«»", "q", false},
		{"SearchQTwice", query.OpSearchEntities, "q=iran&q=iraq", "q", false},
		{"SearchBadKind", query.OpSearchEntities, "q=iran&kind=planet", "kind", true},
		{"SearchLimitZero", query.OpSearchEntities, "q=iran&limit=0", "limit", true},
		{"SearchLimitTooBig", query.OpSearchEntities, "q=iran&limit=101", "limit", true},
		{"SearchLimitNotNumber", query.OpSearchEntities, "q=iran&limit=ten", "limit", true},
		{"SearchUnknown", query.OpSearchEntities, "q=iran&name=iran", "name", true},

		{"EntityUnknown", query.OpEntity, "verbose=1", "verbose", true},

		{"TimelineReportsNotBool", query.OpTimeline, "entity=Q30&reports=yes", "reports", true},
		{"TimelineDisputedTwice", query.OpTimeline, "entity=Q30&disputed=true&disputed=false", "disputed", false},
		{"TimelineKnownAsOfBad", query.OpTimeline, "entity=Q30&known_as_of=2020-13", "known_as_of", true},
		{"ConflictsMisspeltType", query.OpConflicts, "types=hed_of_state", "types", false},
		{"ConflictsUnknown", query.OpConflicts, "since=2020", "since", true},

		{"NeighborsDepthZero", query.OpNeighbors, "depth=0", "depth", true},
		{"NeighborsDepth3", query.OpNeighbors, "depth=3", "depth", true},
		{"NeighborsDirection", query.OpNeighbors, "direction=up", "direction", true},
		{"NeighborsLimitZero", query.OpNeighbors, "limit=0", "limit", true},
		{"NeighborsLimitTooBig", query.OpNeighbors, "limit=1001", "limit", true},
		{"NeighborsMisspeltType", query.OpNeighbors, "types=threatns", "types", false},
		{"NeighborsMisspeltTypeInList", query.OpNeighbors, "types=attacks,threatns", "types", false},
		{"NeighborsMisspeltExclude", query.OpNeighbors, "exclude_types=kils", "exclude_types", false},
		{"NeighborsBadMonth", query.OpNeighbors, "since=2020-13", "since", true},
		{"NeighborsBadDay", query.OpNeighbors, "until=2021-02-29", "until", true},
		{"NeighborsBadShape", query.OpNeighbors, "as_of=20", "as_of", true},
		{"NeighborsUntilBeforeSince", query.OpNeighbors, "since=2021&until=2020-12", "until", false},
		{"NeighborsConfidenceAbove1", query.OpNeighbors, "min_confidence=1.5", "min_confidence", true},
		{"NeighborsConfidenceNegative", query.OpNeighbors, "min_confidence=-0.1", "min_confidence", true},
		{"NeighborsConfidenceNaN", query.OpNeighbors, "min_confidence=NaN", "min_confidence", true},
		{"NeighborsConfidenceText", query.OpNeighbors, "min_confidence=high", "min_confidence", true},
		{"NeighborsModality", query.OpNeighbors, "modalities=asserted,rumoured", "modalities", true},
		{"NeighborsUnknown", query.OpNeighbors, "hops=2", "hops", true},
		{"NeighborsFormat", query.OpNeighbors, "format=graphml", "format", true},

		{"PathsMissingFrom", query.OpPaths, "to=Q30", "from", false},
		{"PathsMissingTo", query.OpPaths, "from=Q30", "to", false},
		{"PathsMaxHopsZero", query.OpPaths, "from=Q30&to=Q794&max_hops=0", "max_hops", true},
		{"PathsMaxHops7", query.OpPaths, "from=Q30&to=Q794&max_hops=7", "max_hops", true},
		{"PathsKZero", query.OpPaths, "from=Q30&to=Q794&k=0", "k", true},
		{"PathsK11", query.OpPaths, "from=Q30&to=Q794&k=11", "k", true},
		{"PathsDirection", query.OpPaths, "from=Q30&to=Q794&direction=both", "direction", true},
		{"PathsUnknown", query.OpPaths, "from=Q30&to=Q794&limit=5", "limit", true},

		{"TimelineMissingEntity", query.OpTimeline, "with=Q796", "entity", false},
		{"TimelineWithTwice", query.OpTimeline, "entity=Q30&with=Q796&with=Q794", "with", false},
		{"TimelineBadCursor", query.OpTimeline, "entity=Q30&cursor=not-a-cursor", "cursor", false},
		{"TimelineLimitZero", query.OpTimeline, "entity=Q30&limit=0", "limit", true},
		{"TimelineLimitTooBig", query.OpTimeline, "entity=Q30&limit=501", "limit", true},
		{"TimelineBucket", query.OpTimeline, "entity=Q30&bucket=decade", "bucket", true},
		{"TimelineBadSince", query.OpTimeline, "entity=Q30&since=2020-13", "since", true},
		{"TimelineUnknown", query.OpTimeline, "entity=Q30&order=desc", "order", true},
		{"TimelineFormat", query.OpTimeline, "entity=Q30&format=gexf", "format", true},
		{"TimelineFormatTwice", query.OpTimeline, "entity=Q30&format=vis&format=json", "format", false},

		{"ExportMissingFormat", query.OpExport, "", "format", false},
		{"ExportBadFormat", query.OpExport, "format=pdf", "format", true},
		{"ExportDepthWithoutEntity", query.OpExport, "format=gexf&depth=2", "depth", false},
		{"ExportDirectionWithoutEntity", query.OpExport, "format=gexf&direction=in", "direction", false},
		{"ExportDepth3", query.OpExport, "format=gexf&entity=Q30&depth=3", "depth", true},
		{"ExportBadSince", query.OpExport, "format=gexf&since=2020-13", "since", true},
		{"ExportMisspeltType", query.OpExport, "format=gexf&types=kils", "types", false},
		{"ExportUnknown", query.OpExport, "format=gexf&limit=5", "limit", true},

		{"RelationTypesUnknown", query.OpRelationTypes, "class=event", "class", true},
		{"StatsUnknown", query.OpStats, "x=1", "x", true},
	}
	// The store is never reached: parameters are checked first.
	svc := &query.Service{Store: unreachable{}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := call(context.Background(), svc, tc.op, "Q30", tc.raw)
			if err == nil {
				t.Fatalf("%s?%s: no error", tc.op, tc.raw)
			}
			if got, want := graph.ErrorCode(err), graph.EInvalid; got != want {
				t.Fatalf("%s?%s: code %q, want %q (%v)", tc.op, tc.raw, got, want, err)
			}
			d := graph.ErrorDetails(err)
			if got := d["parameter"]; got != tc.param {
				t.Errorf("%s?%s: details.parameter = %v, want %q (%v)", tc.op, tc.raw, got, tc.param, err)
			}
			if !strings.Contains(err.Error(), tc.param) {
				t.Errorf("%s?%s: message %q does not name %q", tc.op, tc.raw, err, tc.param)
			}
			if _, ok := d["allowed"]; tc.allowed && !ok {
				t.Errorf("%s?%s: details %v lack allowed", tc.op, tc.raw, d)
			}
		})
	}
}

func TestUnknownParameterListsAllowed(t *testing.T) {
	err := query.CheckParameters(query.OpPaths, url.Values{"from": {"a"}, "hops": {"2"}})
	d := graph.ErrorDetails(err)
	if got, want := d["allowed"], query.Parameters(query.OpPaths); !slices.Equal(got.([]string), want) {
		t.Fatalf("allowed = %v, want %v", got, want)
	}
	for _, p := range query.Parameters(query.OpPaths) {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("message %q does not list %q", err, p)
		}
	}
	if err := query.CheckParameters(query.OpStats, nil); err != nil {
		t.Fatalf("no parameters: %v", err)
	}
}

func TestMisspeltTypeSuggests(t *testing.T) {
	_, err := query.ParseNeighbors(nil, "Q30", url.Values{"types": {"threatns"}})
	sug, _ := graph.ErrorDetails(err)["suggestions"].([]string)
	if !slices.Contains(sug, "threatens") {
		t.Fatalf("suggestions = %v, want threatens among them (%v)", sug, err)
	}
	if !strings.Contains(err.Error(), `"threatens"`) {
		t.Errorf("message %q does not suggest threatens", err)
	}
}

// TestFilters checks how parameters become store queries: defaults, dates
// widened to their first or last day, type names normalised to ids, lists
// comma-separated or repeated.
func TestFilters(t *testing.T) {
	rec := &recorder{Store: fixtureStore(t)}
	svc := &query.Service{Store: rec}
	ctx := context.Background()

	if _, err := query.Run(ctx, svc.Neighbors)(query.ParseNeighbors(nil, "Q30", url.Values{})); err != nil {
		t.Fatal(err)
	}
	if got, want := rec.neighbors, (graph.NeighborQuery{ID: "Q30", Depth: 1, Direction: graph.Any, Limit: 200}); !equalNeighborQuery(got, want) {
		t.Errorf("defaults: %+v, want %+v", got, want)
	}

	v := url.Values{
		"types":          {"Threatened, attacks", "threatens"},
		"exclude_types":  {"member of"},
		"since":          {"2020"},
		"until":          {"2020-02"},
		"as_of":          {"2020"},
		"min_confidence": {"0.75"},
		"modalities":     {"asserted,claimed", "asserted"},
		"depth":          {"2"},
		"direction":      {"out"},
		"limit":          {"7"},
	}
	if _, err := query.Run(ctx, svc.Neighbors)(query.ParseNeighbors(nil, "واشنطن", v)); err != nil {
		t.Fatal(err)
	}
	want := graph.NeighborQuery{ID: "Q30", Depth: 2, Direction: graph.Out, Limit: 7, Filter: graph.Filter{
		Types: []string{"threatens", "attacks"}, ExcludeTypes: []string{"member_of"},
		Since: "2020-01-01", Until: "2020-02-29", AsOf: "2020-12-31", MinConfidence: 0.75,
		Modalities: []graph.Modality{graph.Asserted, graph.Claimed},
	}}
	if got := rec.neighbors; !equalNeighborQuery(got, want) {
		t.Errorf("filters:\n got %+v\nwant %+v", got, want)
	}

	if _, err := query.Run(ctx, svc.Paths)(query.ParsePaths(nil, url.Values{"from": {"Iran"}, "to": {"USA"}, "since": {""}})); err != nil {
		t.Fatal(err)
	}
	if got, want := rec.paths, (graph.PathQuery{From: "Q794", To: "Q30", MaxHops: 4, K: 3, Direction: graph.Any}); got.From != want.From || got.To != want.To || got.MaxHops != want.MaxHops || got.K != want.K || got.Direction != want.Direction {
		t.Errorf("path defaults: %+v, want %+v", got, want)
	}

	if _, err := query.Run(ctx, svc.Timeline)(query.ParseTimeline(nil, url.Values{"entity": {"Q30"}, "with": {"Iraq"}, "until": {"2020-01-05"}})); err != nil {
		t.Fatal(err)
	}
	if got := rec.timeline; got.Entity != "Q30" || got.With != "Q796" || got.Limit != 50 || got.After != nil || got.Filter.Until != "2020-01-05" {
		t.Errorf("timeline query: %+v", got)
	}

	// Arabic-Indic digits are digits.
	arabic := url.Values{"entity": {"Q30"}, "since": {"٢٠٢٠"}, "until": {"٢٠٢٠-٠٢"}, "as_of": {"۲۰۲۰-۰۱-۰۵"}}
	if _, err := query.Run(ctx, svc.Timeline)(query.ParseTimeline(nil, arabic)); err != nil {
		t.Fatal(err)
	}
	if f := rec.timeline.Filter; f.Since != "2020-01-01" || f.Until != "2020-02-29" || f.AsOf != "2020-01-05" {
		t.Errorf("arabic digits: %+v", f)
	}
}

func equalNeighborQuery(a, b graph.NeighborQuery) bool {
	fa, fb := a.Filter, b.Filter
	return a.ID == b.ID && a.Depth == b.Depth && a.Direction == b.Direction && a.Limit == b.Limit &&
		slices.Equal(fa.Types, fb.Types) && slices.Equal(fa.ExcludeTypes, fb.ExcludeTypes) &&
		fa.Since == fb.Since && fa.Until == fb.Until && fa.AsOf == fb.AsOf &&
		fa.MinConfidence == fb.MinConfidence && slices.Equal(fa.Modalities, fb.Modalities)
}

// unreachable is a store that must not be called.
type unreachable struct{ graph.Store }

// recorder is a store that remembers the last query of each kind.
type recorder struct {
	graph.Store
	neighbors graph.NeighborQuery
	paths     graph.PathQuery
	timeline  graph.TimelineQuery
}

func (r *recorder) Neighbors(ctx context.Context, q graph.NeighborQuery) (graph.Neighborhood, error) {
	r.neighbors = q
	return r.Store.Neighbors(ctx, q)
}

func (r *recorder) Paths(ctx context.Context, q graph.PathQuery) ([]graph.Path, error) {
	r.paths = q
	return r.Store.Paths(ctx, q)
}

func (r *recorder) Timeline(ctx context.Context, q graph.TimelineQuery) (graph.TimelinePage, error) {
	r.timeline = q
	return r.Store.Timeline(ctx, q)
}

// TestLongValues checks that a value, a name or an entity reference longer
// than MaxValueLength characters is refused naming its parameter, one of
// as many characters is not, however many bytes they take, and that the
// suggestions for the longest misspelt type allowed stay cheap.
func TestLongValues(t *testing.T) {
	long := strings.Repeat("threatns", 50_000) // 400 KB
	for _, tc := range []struct {
		param string
		parse func() error
	}{
		{"types", func() error {
			_, err := query.ParsePaths(nil, url.Values{"from": {"Q30"}, "to": {"Q794"}, "types": {long}})
			return err
		}},
		{"q", func() error { _, err := query.ParseSearch(url.Values{"q": {"iran", long}}); return err }},
		{"id", func() error { _, err := query.ParseEntity(long, nil); return err }},
		{"id", func() error { _, err := query.ParseNeighbors(nil, long, nil); return err }},
		{strings.Repeat("x", 64) + "…", func() error {
			_, err := query.ParseStats(url.Values{strings.Repeat("x", 2000): {"1"}})
			return err
		}},
	} {
		start := time.Now()
		err := tc.parse()
		if graph.ErrorCode(err) != graph.EInvalid || graph.ErrorDetails(err)["parameter"] != tc.param {
			t.Fatalf("%s: error %v (%v), want EInvalid naming it", tc.param, err, graph.ErrorDetails(err))
		}
		if len(err.Error()) > 300 {
			t.Errorf("%s: message of %d bytes", tc.param, len(err.Error()))
		}
		if d := time.Since(start); d > 100*time.Millisecond {
			t.Errorf("%s: refused in %v", tc.param, d)
		}
	}

	// The bound counts characters, as the OpenAPI document's maxLength does:
	// a name of MaxValueLength Arabic letters (twice as many bytes) is only
	// not found, one more character is too long.
	arabic := strings.Repeat("ع", query.MaxValueLength)
	if _, err := query.ParseSearch(url.Values{"q": {arabic}}); err != nil {
		t.Errorf("q of %d characters (%d bytes): %v", query.MaxValueLength, len(arabic), err)
	}
	_, err := query.ParseSearch(url.Values{"q": {arabic + "0"}})
	if graph.ErrorDetails(err)["parameter"] != "q" {
		t.Errorf("q of %d characters: %v, want too long", query.MaxValueLength+1, err)
	}

	// The costliest value under the bound: one misspelt type of MaxValueLength.
	worst := strings.Repeat("threatns", query.MaxValueLength/8)
	start := time.Now()
	_, err = query.ParsePaths(nil, url.Values{"from": {"Q30"}, "to": {"Q794"}, "types": {worst}})
	if graph.ErrorDetails(err)["parameter"] != "types" {
		t.Fatalf("worst type: %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("suggestions for a type of %d bytes took %v", len(worst), d)
	}
	t.Logf("suggestions for a type of %d bytes: %v", len(worst), time.Since(start))
}

// Numbers, like dates, may be written in Arabic-Indic digits (and with the
// Arabic decimal separator); their limits hold as for ASCII digits.
func TestArabicIndicNumbers(t *testing.T) {
	req, err := query.ParsePaths(nil, url.Values{"from": {"Q30"}, "to": {"Q794"}, "k": {"٣"}, "max_hops": {"۵"}, "min_confidence": {"٠٫٧٥"}})
	if err != nil {
		t.Fatal(err)
	}
	if req.K != 3 || req.MaxHops != 5 || req.Filter.MinConfidence != 0.75 {
		t.Fatalf("k %d, max_hops %d, min_confidence %v; want 3, 5, 0.75", req.K, req.MaxHops, req.Filter.MinConfidence)
	}
	if _, err := query.ParsePaths(nil, url.Values{"from": {"Q30"}, "to": {"Q794"}, "k": {"١١"}}); err == nil {
		t.Fatal("k=١١ (11) accepted; the most is 10")
	}
}
