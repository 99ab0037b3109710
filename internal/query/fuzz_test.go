package query_test

import (
	"context"
	"net/url"
	"testing"

	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/query"
	"github.com/geokg/geokg/internal/store/storetest"
)

// FuzzParameters sends arbitrary query strings to every operation: none
// may panic, and every failure must be a client error that, when it is
// about a parameter, names it.
func FuzzParameters(f *testing.F) {
	for _, seed := range []string{
		"q=iran&limit=5", "entity=Q30&with=Q796&bucket=year&cursor=abc", "from=Q30&to=Q794&k=3&max_hops=6",
		"types=threatns,attacks&since=2020-13&until=2020", "depth=2&direction=in&modalities=asserted,denied",
		"min_confidence=0.5&as_of=2020-02-29", "limit=%2B5&q=%D9%88%D8%A7%D8%B4%D9%86%D8%B7%D9%86",
		"depth=2&limit=2&cursor=" + graph.EncodeRelationCursor("a1/r3"),
	} {
		f.Add(seed)
	}
	ref := storetest.NewReference()
	for _, c := range storetest.Fixture() {
		if _, err := ref.ReplaceSource(context.Background(), c); err != nil {
			f.Fatal(err)
		}
	}
	svc := &query.Service{Store: ref}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		for _, op := range query.Operations {
			_, err := call(context.Background(), svc, op, "Q30", v.Encode())
			if err == nil {
				continue
			}
			switch graph.ErrorCode(err) {
			case graph.EInvalid:
				if _, ok := graph.ErrorDetails(err)["parameter"].(string); !ok {
					t.Fatalf("%s?%s: invalid without a parameter: %v", op, raw, err)
				}
			case graph.ENotFound, graph.EConflict:
			default:
				t.Fatalf("%s?%s: %v", op, raw, err)
			}
		}
	})
}
