package api_test

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/geokg/geokg/internal/api"
	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/query"
)

// TestAcceptance asks the product's questions of the fixtures over HTTP.
func TestAcceptance(t *testing.T) {
	ts := newTestServer(t)

	t.Run("KataibHezbollahToUnitedStates", func(t *testing.T) {
		for _, from := range []string{"kataib-hezbollah", "كتائب حزب الله", "Kata'ib Hezbollah"} {
			var res query.PathsResponse
			ts.get("/v1/paths?from="+url.QueryEscape(from)+"&to=Q30").want(t, http.StatusOK).decode(t, &res)
			if res.From.ID != "kataib-hezbollah" || res.To.ID != "Q30" {
				t.Fatalf("from %q: resolved %s → %s", from, res.From.ID, res.To.ID)
			}
			if len(res.Paths) == 0 {
				t.Fatalf("from %q: no path to the United States", from)
			}
			for _, p := range res.Paths {
				checkPath(t, p, "kataib-hezbollah", "Q30")
			}
		}
	})

	t.Run("IranUnitedStatesWithin4Hops", func(t *testing.T) {
		var res query.PathsResponse
		ts.get("/v1/paths?from=Iran&to=United%20States&max_hops=4").want(t, http.StatusOK).decode(t, &res)
		if len(res.Paths) == 0 {
			t.Fatal("no path from Iran to the United States within 4 hops")
		}
		for _, p := range res.Paths {
			if p.Length > 4 {
				t.Errorf("path of %d hops", p.Length)
			}
			checkPath(t, p, "Q794", "Q30")
		}
	})

	t.Run("USIraqTimeline", func(t *testing.T) {
		var res query.TimelineResponse
		ts.get("/v1/timeline?entity=Q30&with=Q796&limit=500").want(t, http.StatusOK).decode(t, &res)
		if res.Entity.ID != "Q30" || res.With == nil || res.With.ID != "Q796" {
			t.Fatalf("entity %s with %v", res.Entity.ID, res.With)
		}
		first := func(what string, match func(r query.Relation) bool) int {
			t.Helper()
			i := slices.IndexFunc(res.Events, match)
			if i < 0 {
				t.Fatalf("the US–Iraq timeline lacks %s", what)
			}
			return i
		}
		on := func(types []string, prefix string) func(r query.Relation) bool {
			return func(r query.Relation) bool {
				return slices.Contains(types, r.Type) && strings.HasPrefix(r.Date.String(), prefix)
			}
		}
		steps := []int{
			first("the 2008 agreement signing", on([]string{"signs"}, "2008")),
			first("the January 2020 airstrike", on([]string{"strikes_from_air", "kills", "assassinates"}, "2020-01")),
			first("the June 2020 dialogue session", on([]string{"negotiates_with", "consults"}, "2020-06")),
			first("the August 2020 dialogue session", on([]string{"negotiates_with", "consults"}, "2020-08")),
		}
		if !slices.IsSorted(steps) {
			t.Fatalf("events out of order: positions %v", steps)
		}
		for i := 1; i < len(res.Events); i++ {
			a, b := res.Events[i-1].Relation, res.Events[i].Relation
			if graph.CompareTime(&a, &b) > 0 {
				t.Fatalf("events %s and %s out of time order", a.ID, b.ID)
			}
		}
		for _, e := range res.Events {
			if e.SourceName == "" || e.TargetName == "" {
				t.Errorf("event %s without names", e.ID)
			}
		}
	})

	t.Run("OneEntityManyNames", func(t *testing.T) {
		for _, ref := range []string{"واشنطن", "الولايات المتحدة", "United States", "Q30"} {
			var e query.EntityResponse
			ts.get("/v1/entities/"+url.PathEscape(ref)).want(t, http.StatusOK).decode(t, &e)
			if e.ID != "Q30" {
				t.Errorf("%q resolves to %s, want Q30", ref, e.ID)
			}
			if e.Counts.Relations == 0 {
				t.Errorf("%q: no relations counted", ref)
			}
		}
	})

	t.Run("UnknownName404", func(t *testing.T) {
		e := ts.get("/v1/entities/"+url.PathEscape("Kataib Hezbolla")).errorBody(t, http.StatusNotFound)
		if e.Error.Code != "not_found" {
			t.Fatalf("code %q", e.Error.Code)
		}
		sug, _ := e.Error.Details["suggestions"].([]any)
		if !slices.ContainsFunc(sug, func(s any) bool { m, _ := s.(map[string]any); return m["id"] == "kataib-hezbollah" }) {
			t.Fatalf("suggestions %v lack kataib-hezbollah", sug)
		}
		e = ts.get("/v1/paths?from=Q30&to=Atlantis").errorBody(t, http.StatusNotFound)
		if e.Error.Details["parameter"] != "to" {
			t.Errorf("details %v do not name the parameter to", e.Error.Details)
		}
	})

	t.Run("CursorPagination", func(t *testing.T) {
		var all query.TimelineResponse
		ts.get("/v1/timeline?entity=Q30&with=Q796&limit=500").want(t, http.StatusOK).decode(t, &all)
		if all.NextCursor != nil {
			t.Fatal("the full timeline has a next page")
		}
		var got []string
		next := ""
		for pages := 0; ; pages++ {
			if pages > len(all.Events) {
				t.Fatal("pagination does not end")
			}
			var page query.TimelineResponse
			ts.get("/v1/timeline?entity=Q30&with=Q796&limit=4&cursor="+url.QueryEscape(next)).want(t, http.StatusOK).decode(t, &page)
			if len(page.Events) > 4 {
				t.Fatalf("page of %d events, limit 4", len(page.Events))
			}
			for _, e := range page.Events {
				got = append(got, e.ID)
			}
			if page.NextCursor == nil {
				break
			}
			next = *page.NextCursor
		}
		var want []string
		for _, e := range all.Events {
			want = append(want, e.ID)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("pages concatenate to\n%v\nwant\n%v", got, want)
		}
	})

	t.Run("BucketsSumToEvents", func(t *testing.T) {
		for _, unit := range []string{"year", "month", "week", "day"} {
			var res query.TimelineResponse
			ts.get("/v1/timeline?entity=Q30&with=Q796&limit=500&bucket="+unit).want(t, http.StatusOK).decode(t, &res)
			sum, reports, modalities := 0, 0, 0
			for _, b := range append(res.Buckets, res.Coarser...) {
				sum += b.Events
				reports += b.Reports
				if b.Quad[0]+b.Quad[1]+b.Quad[2]+b.Quad[3] > b.Happened || b.Happened > b.Events {
					t.Errorf("%s bucket %s: quad counts %v, %d happened, %d events", unit, b.Key, b.Quad, b.Happened, b.Events)
				}
				for _, n := range b.ByModality {
					modalities += n
				}
			}
			want := 0
			for _, e := range res.Events {
				want += e.Reports
			}
			if sum != len(res.Events) || sum == 0 || reports != want || modalities != sum {
				t.Errorf("%s buckets count %d events of %d reports (%d by modality), the timeline has %d of %d", unit, sum, reports, modalities, len(res.Events), want)
			}
		}
	})

	t.Run("Neighbors", func(t *testing.T) {
		var res query.NeighborsResponse
		ts.get("/v1/entities/Q796/neighbors?types=negotiates_with&direction=in").want(t, http.StatusOK).decode(t, &res)
		if res.Center.ID != "Q796" || len(res.Relations) == 0 {
			t.Fatalf("center %s, %d relations", res.Center.ID, len(res.Relations))
		}
		for _, r := range res.Relations {
			if r.Type != "negotiates_with" || r.To != "Q796" || r.TargetName != "Iraq" {
				t.Errorf("relation %s: %s %s→%s", r.ID, r.Type, r.From, r.To)
			}
		}
	})

	t.Run("NeighborsPages", func(t *testing.T) {
		var whole, first, second query.NeighborsResponse
		ts.get("/v1/entities/Q30/neighbors?depth=2").want(t, http.StatusOK).decode(t, &whole)
		ts.get("/v1/entities/Q30/neighbors?depth=2&limit=3").want(t, http.StatusOK).decode(t, &first)
		if first.NextCursor == nil || !first.Truncated || len(whole.Relations) < 6 {
			t.Fatalf("a first page of 3 of %d: truncated %v, next_cursor %v", len(whole.Relations), first.Truncated, first.NextCursor)
		}
		ts.get("/v1/entities/Q30/neighbors?depth=2&limit=3&cursor="+url.QueryEscape(*first.NextCursor)).want(t, http.StatusOK).decode(t, &second)
		var got, want []string
		for _, r := range append(first.Relations, second.Relations...) {
			got = append(got, r.ID)
		}
		for _, r := range whole.Relations[:6] {
			want = append(want, r.ID)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("two pages of 3: %v, want %v", got, want)
		}
	})

	t.Run("SearchArabic", func(t *testing.T) {
		var res query.SearchResponse
		ts.get("/v1/entities?q="+url.QueryEscape("حزب الله")).want(t, http.StatusOK).decode(t, &res)
		if !slices.ContainsFunc(res.Entities, func(e query.EntityMatch) bool { return e.ID == "kataib-hezbollah" }) {
			t.Fatalf("search for حزب الله: %+v", res.Entities)
		}
	})
}

// checkPath checks that a path is a route from one entity to another
// through distinct nodes, each hop's relations linking its two nodes.
func checkPath(t *testing.T, p query.Path, from, to string) {
	t.Helper()
	if p.Length != len(p.Hops) || len(p.Nodes) != p.Length+1 {
		t.Fatalf("path of length %d has %d hops and %d nodes", p.Length, len(p.Hops), len(p.Nodes))
	}
	if p.Nodes[0].ID != from || p.Nodes[len(p.Nodes)-1].ID != to {
		t.Fatalf("path from %s to %s, want %s to %s", p.Nodes[0].ID, p.Nodes[len(p.Nodes)-1].ID, from, to)
	}
	seen := map[string]bool{}
	for i, h := range p.Hops {
		a, b := p.Nodes[i].ID, p.Nodes[i+1].ID
		if seen[a] {
			t.Fatalf("path passes %s twice", a)
		}
		seen[a] = true
		if len(h.Relations) == 0 || h.Count < len(h.Relations) {
			t.Fatalf("hop %s — %s lists %d relations of %d", a, b, len(h.Relations), h.Count)
		}
		for _, r := range h.Relations {
			g := r.Relation
			g.Participants = nil
			for _, p := range r.Participants {
				g.Participants = append(g.Participants, p.Participant)
			}
			if !slices.Contains(g.Steps(a, graph.Any), b) {
				t.Fatalf("relation %s (%s→%s) does not join %s and %s", r.ID, r.From, r.To, a, b)
			}
		}
	}
}

// TestAmbiguousName asks for a name two entities share.
func TestAmbiguousName(t *testing.T) {
	s := ambiguousStore(t)
	ts := newTestServer(t, func(c *config) { c.store = s })
	for _, path := range []string{
		"/v1/entities/Popular%20Front",
		"/v1/entities/" + url.PathEscape("the popular front") + "/neighbors",
		"/v1/timeline?entity=popular+front",
	} {
		e := ts.get(path).errorBody(t, http.StatusConflict)
		if e.Error.Code != "conflict" {
			t.Fatalf("%s: code %q", path, e.Error.Code)
		}
		cands, _ := e.Error.Details["candidates"].([]any)
		var ids []string
		for _, c := range cands {
			m, _ := c.(map[string]any)
			ids = append(ids, m["id"].(string))
		}
		slices.Sort(ids)
		if !slices.Equal(ids, []string{"front-party", "hashd-iraq"}) {
			t.Fatalf("%s: candidates %v", path, ids)
		}
	}
	var e query.EntityResponse
	ts.get("/v1/entities/front-party").want(t, http.StatusOK).decode(t, &e)
	if e.Kind != "political_party" {
		t.Fatalf("by id: %+v", e)
	}
}

// TestBadRequests checks the 400s: each names the parameter at fault.
func TestBadRequests(t *testing.T) {
	ts := newTestServer(t)
	tests := []struct {
		name, path, param string
	}{
		{"UnknownParameter", "/v1/paths?from=Q30&to=Q794&hops=2", "hops"},
		{"UnknownParameterOnEntity", "/v1/entities/Q30?full=1", "full"},
		{"K11", "/v1/paths?from=Q30&to=Q794&k=11", "k"},
		{"MaxHops7", "/v1/paths?from=Q30&to=Q794&max_hops=7", "max_hops"},
		{"Depth3", "/v1/entities/Q30/neighbors?depth=3", "depth"},
		{"LimitZero", "/v1/timeline?entity=Q30&limit=0", "limit"},
		{"SearchLimitZero", "/v1/entities?q=iran&limit=0", "limit"},
		{"BadMonth", "/v1/timeline?entity=Q30&since=2020-13", "since"},
		{"MisspeltType", "/v1/entities/Q30/neighbors?types=threatns", "types"},
		{"MissingQ", "/v1/entities", "q"},
		{"MissingFrom", "/v1/paths?to=Q30", "from"},
		{"BadCursor", "/v1/timeline?entity=Q30&cursor=abc", "cursor"},
		{"BadNeighborsCursor", "/v1/entities/Q30/neighbors?cursor=abc", "cursor"},
		{"BadBucket", "/v1/timeline?entity=Q30&bucket=decade", "bucket"},
		{"BadModality", "/v1/timeline?entity=Q30&modalities=rumoured", "modalities"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := ts.get(tc.path).errorBody(t, http.StatusBadRequest)
			if e.Error.Code != "invalid" || e.Error.Details["parameter"] != tc.param || !strings.Contains(e.Error.Message, tc.param) {
				t.Fatalf("error %+v does not name %q", e.Error, tc.param)
			}
		})
	}
	t.Run("SuggestsType", func(t *testing.T) {
		e := ts.get("/v1/paths?from=Q30&to=Q794&types=threatns").errorBody(t, http.StatusBadRequest)
		sug, _ := e.Error.Details["suggestions"].([]any)
		if !slices.Contains(sug, any("threatens")) || !strings.Contains(e.Error.Message, `"threatens"`) {
			t.Fatalf("error %+v does not suggest threatens", e.Error)
		}
	})
	t.Run("AllowedListed", func(t *testing.T) {
		e := ts.get("/v1/timeline?entity=Q30&order=desc").errorBody(t, http.StatusBadRequest)
		allowed, _ := e.Error.Details["allowed"].([]any)
		if len(allowed) != len(query.Parameters(query.OpTimeline)) {
			t.Fatalf("allowed %v, want %v", allowed, query.Parameters(query.OpTimeline))
		}
		e = ts.get("/v1/paths?from=Q30&to=Q794&k=11").errorBody(t, http.StatusBadRequest)
		if r, _ := e.Error.Details["allowed"].(map[string]any); r["minimum"] != 1.0 || r["maximum"] != 10.0 {
			t.Fatalf("allowed %v, want 1 to 10", e.Error.Details["allowed"])
		}
	})
	t.Run("MalformedQuery", func(t *testing.T) {
		ts.get("/v1/stats?%zz").errorBody(t, http.StatusBadRequest)
	})
}

func TestRoutingErrors(t *testing.T) {
	ts := newTestServer(t)
	e := ts.get("/v1/nowhere").errorBody(t, http.StatusNotFound)
	if e.Error.Code != "not_found" {
		t.Errorf("unknown route: code %q", e.Error.Code)
	}
	ts.get("/v1/stats/").errorBody(t, http.StatusNotFound)
	r := ts.do(http.MethodPost, "/v1/paths?from=Q30&to=Q794")
	e = r.errorBody(t, http.StatusMethodNotAllowed)
	if e.Error.Code != "method_not_allowed" || r.header.Get("Allow") != "GET" {
		t.Errorf("POST: code %q, Allow %q", e.Error.Code, r.header.Get("Allow"))
	}
	if r.header.Get(api.RequestIDHeader) == "" {
		t.Error("405 without request id")
	}
}

func TestHealthAndReady(t *testing.T) {
	var migrating atomic.Bool
	ts := newTestServer(t, func(c *config) {
		c.opts.Ready = func(context.Context) error {
			if migrating.Load() {
				return errors.New("store is migrating")
			}
			return nil
		}
	})
	var body map[string]string
	ts.get("/healthz").want(t, http.StatusOK).decode(t, &body)
	if body["status"] != "ok" {
		t.Fatalf("healthz %v", body)
	}
	ts.get("/readyz").want(t, http.StatusOK).decode(t, &body)
	if body["status"] != "ready" {
		t.Fatalf("readyz %v", body)
	}
	// What went wrong is logged, never shown: it may name hosts or files.
	migrating.Store(true)
	r := ts.get("/readyz").want(t, http.StatusServiceUnavailable)
	r.decode(t, &body)
	if body["status"] != "unavailable" || body["reason"] != api.NotReadyReason || strings.Contains(string(r.body), "migrating") {
		t.Fatalf("readyz %v", body)
	}
	if !strings.Contains(ts.logs.String(), "store is migrating") {
		t.Fatalf("the reason is not logged: %s", ts.logs)
	}
	ts.get("/healthz").want(t, http.StatusOK)

	// Without Ready, the store's Ping decides.
	down := newTestServer(t, func(c *config) { c.wrap = func(s graph.Store) graph.Store { return failing{Store: s} } })
	down.get("/readyz").want(t, http.StatusServiceUnavailable)
	down.get("/healthz").want(t, http.StatusOK)
}

func TestRequestID(t *testing.T) {
	ts := newTestServer(t)
	r := ts.get("/v1/stats")
	id := r.header.Get(api.RequestIDHeader)
	if id == "" {
		t.Fatal("no request id")
	}
	if other := ts.get("/v1/stats").header.Get(api.RequestIDHeader); other == id {
		t.Fatal("two requests share an id")
	}
	if got := ts.get("/healthz", api.RequestIDHeader, "dash-7f3a.1").header.Get(api.RequestIDHeader); got != "dash-7f3a.1" {
		t.Fatalf("sane id not echoed: %q", got)
	}
	for _, bad := range []string{"has space", strings.Repeat("x", 200), "quote\"d"} {
		if got := ts.get("/healthz", api.RequestIDHeader, bad).header.Get(api.RequestIDHeader); got == bad || got == "" {
			t.Fatalf("id %q: answered %q", bad, got)
		}
	}
	ts.get("/v1/entities/Q30", api.RequestIDHeader, "trace-42").want(t, http.StatusOK)
	logs := ts.logs.String()
	for _, want := range []string{`"request_id":"trace-42"`, `"path":"/v1/entities/Q30"`, `"status":200`, `"method":"GET"`, `"duration"`} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs lack %s:\n%s", want, logs)
		}
	}
}

func TestTimeout(t *testing.T) {
	ts := newTestServer(t, func(c *config) {
		c.wrap = func(s graph.Store) graph.Store { return slow{Store: s, delay: 5 * time.Second} }
		c.opts.RequestTimeout = 50 * time.Millisecond
	})
	start := time.Now()
	e := ts.get("/v1/paths?from=Q30&to=Q794").errorBody(t, http.StatusServiceUnavailable)
	if e.Error.Code != "unavailable" || !strings.Contains(e.Error.Message, "50ms") {
		t.Fatalf("error %+v", e.Error)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("answered after %s", d)
	}
	ts.get("/healthz").want(t, http.StatusOK)
	ts.get("/v1/relation-types").want(t, http.StatusOK) // no store call
}

func TestInternalErrors(t *testing.T) {
	ts := newTestServer(t, func(c *config) { c.wrap = func(s graph.Store) graph.Store { return failing{Store: s} } })
	r := ts.get("/v1/stats", api.RequestIDHeader, "req-500")
	e := r.errorBody(t, http.StatusInternalServerError)
	if e.Error.Code != "internal" || e.Error.Message != "internal error; request id req-500" || len(e.Error.Details) != 0 {
		t.Fatalf("error %+v", e.Error)
	}
	if strings.Contains(string(r.body), "secret") {
		t.Fatalf("internal error text leaked: %s", r.body)
	}
	logs := ts.logs.String()
	if !strings.Contains(logs, `"level":"ERROR"`) || !strings.Contains(logs, "/var/secret/graph.db") || !strings.Contains(logs, `"request_id":"req-500"`) {
		t.Fatalf("internal error not logged with its request id:\n%s", logs)
	}

	r = ts.get("/v1/entities/Q30", api.RequestIDHeader, "req-panic")
	e = r.errorBody(t, http.StatusInternalServerError)
	if e.Error.Message != "internal error; request id req-panic" {
		t.Fatalf("panic: %+v", e.Error)
	}
	if !strings.Contains(ts.logs.String(), "counts exploded") {
		t.Fatal("panic not logged")
	}
	ts.get("/healthz").want(t, http.StatusOK) // the server lives on

	// Client errors are not logged as errors.
	before := strings.Count(ts.logs.String(), `"level":"ERROR"`)
	ts.get("/v1/paths?from=Q30&to=Q794&k=11").want(t, http.StatusBadRequest)
	ts.get("/v1/entities/Atlantis").want(t, http.StatusNotFound)
	if after := strings.Count(ts.logs.String(), `"level":"ERROR"`); after != before {
		t.Fatalf("client errors logged at error level:\n%s", ts.logs.String())
	}
}

func TestUnavailableStore(t *testing.T) {
	ts := newTestServer(t, func(c *config) { c.wrap = func(s graph.Store) graph.Store { return failing{Store: s} } })
	for _, u := range []string{"/v1/timeline?entity=Q30"} {
		e := ts.get(u).errorBody(t, http.StatusServiceUnavailable)
		if e.Error.Code != "unavailable" || !strings.HasPrefix(e.Error.Message, api.StoreUnavailable) || strings.Contains(e.Error.Message, "10.0.0.7") {
			t.Fatalf("GET %s: error %+v", u, e.Error)
		}
	}
	// The reason, which names the server, is in the log.
	if !strings.Contains(ts.logs.String(), "neo4j store bolt://10.0.0.8:7687 is unavailable") {
		t.Fatalf("the store's reason is not logged:\n%s", ts.logs.String())
	}
}

func TestListenAndServe(t *testing.T) {
	srv := api.New(&query.Service{Store: openStore(t)}, api.Options{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	resp, err := http.Get("http://" + ln.Addr().String() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("healthz %d", resp.StatusCode)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Serve after cancel: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return after cancel")
	}
	if _, err := http.Get("http://" + ln.Addr().String() + "/healthz"); err == nil {
		t.Fatal("still serving after shutdown")
	}
	if err := srv.ListenAndServe(context.Background(), "256.0.0.1:bad"); err == nil {
		t.Fatal("ListenAndServe on a bad address: no error")
	}
}

// slow is a store whose queries take delay, or until their context ends.
type slow struct {
	graph.Store
	delay time.Duration
}

func (s slow) wait(ctx context.Context) error {
	select {
	case <-time.After(s.delay):
		return nil
	case <-ctx.Done():
		return graph.Wrap(graph.EUnavailable, ctx.Err(), "store query interrupted")
	}
}

func (s slow) Paths(ctx context.Context, q graph.PathQuery) ([]graph.Path, error) {
	if err := s.wait(ctx); err != nil {
		return nil, err
	}
	return s.Store.Paths(ctx, q)
}

// failing is a store with broken parts: Stats fails with an internal error
// that must not be shown, EntityCounts panics, Timeline is unavailable and
// Ping fails.
type failing struct{ graph.Store }

func (failing) Stats(context.Context) (graph.Stats, error) {
	return graph.Stats{}, errors.New("open /var/secret/graph.db: permission denied")
}

func (failing) EntityCounts(context.Context, string) (graph.EntityCounts, error) {
	panic("counts exploded")
}

func (failing) Timeline(context.Context, graph.TimelineQuery) (graph.TimelinePage, error) {
	// As the Neo4j store says it: the server in the message, the driver's
	// error as the cause.
	return graph.TimelinePage{}, graph.Wrap(graph.EUnavailable, errors.New("dial tcp 10.0.0.7:7687: refused"),
		"neo4j store bolt://10.0.0.8:7687 is unavailable (reading the timeline): dial tcp 10.0.0.7:7687: connect: connection refused")
}

func (failing) Ping(context.Context) error {
	return graph.Errorf(graph.EUnavailable, "the graph store is unreachable")
}

// down is a store whose every query fails with err.
type down struct {
	graph.Store
	err error
}

func (d down) Entity(context.Context, string) (graph.Entity, error) { return graph.Entity{}, d.err }
func (d down) EntitiesByWikidata(context.Context, string) ([]graph.Entity, error) {
	return nil, d.err
}
func (d down) EntitiesByKey(context.Context, string) ([]graph.Entity, error) { return nil, d.err }
func (d down) EntitiesByKeys(context.Context, []string) (map[string][]graph.Entity, error) {
	return nil, d.err
}
func (d down) EntitiesByWikidataIDs(context.Context, []string) (map[string][]graph.Entity, error) {
	return nil, d.err
}
func (d down) Entities(context.Context, []string) ([]graph.Entity, error) { return nil, d.err }
func (d down) Decisions(context.Context) ([]graph.Decision, error)        { return nil, d.err }
func (d down) Source(context.Context, string) (graph.Document, error)     { return graph.Document{}, d.err }
func (d down) SearchEntities(context.Context, graph.EntitySearch) ([]graph.EntityHit, error) {
	return nil, d.err
}
func (d down) EntityCounts(context.Context, string) (graph.EntityCounts, error) {
	return graph.EntityCounts{}, d.err
}
func (d down) Neighbors(context.Context, graph.NeighborQuery) (graph.Neighborhood, error) {
	return graph.Neighborhood{}, d.err
}
func (d down) Paths(context.Context, graph.PathQuery) ([]graph.Path, error) { return nil, d.err }
func (d down) Timeline(context.Context, graph.TimelineQuery) (graph.TimelinePage, error) {
	return graph.TimelinePage{}, d.err
}
func (d down) Tallies(context.Context, graph.TimelineQuery) ([]graph.Tally, error) {
	return nil, d.err
}
func (d down) Relations(context.Context, graph.RelationQuery) ([]graph.Relation, error) {
	return nil, d.err
}
func (d down) Stats(context.Context) (graph.Stats, error) { return graph.Stats{}, d.err }
func (d down) Ping(context.Context) error                 { return d.err }

// TestSameAsService checks that the API answers exactly what query.Service
// answers for the same parameters, as the CLI does.
func TestSameAsService(t *testing.T) {
	store := loadFixtures(t)
	ts := newTestServer(t, func(c *config) { c.store = store })
	svc := &query.Service{Store: store}
	ctx := context.Background()
	params := func(raw string) url.Values {
		v, err := url.ParseQuery(raw)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	cases := []struct {
		path string
		call func() (any, error)
	}{
		{"/v1/entities?q=iraq&limit=5", func() (any, error) {
			return query.Run(ctx, svc.SearchEntities)(query.ParseSearch(params("q=iraq&limit=5")))
		}},
		{"/v1/entities/" + url.PathEscape("واشنطن"), func() (any, error) {
			return query.Run(ctx, svc.Entity)(query.ParseEntity("واشنطن", nil))
		}},
		{"/v1/entities/Q796/neighbors?depth=2&limit=20", func() (any, error) {
			return query.Run(ctx, svc.Neighbors)(query.ParseNeighbors(nil, "Q796", params("depth=2&limit=20")))
		}},
		{"/v1/paths?from=Iran&to=Q30&k=10", func() (any, error) {
			return query.Run(ctx, svc.Paths)(query.ParsePaths(nil, params("from=Iran&to=Q30&k=10")))
		}},
		{"/v1/timeline?entity=Q30&with=Q796&bucket=year&limit=5", func() (any, error) {
			return query.Run(ctx, svc.Timeline)(query.ParseTimeline(nil, params("entity=Q30&with=Q796&bucket=year&limit=5")))
		}},
		{"/v1/relation-types", func() (any, error) { return svc.RelationTypes(query.RelationTypesRequest{}), nil }},
		{"/v1/stats", func() (any, error) { return svc.Stats(ctx, query.StatsRequest{}) }},
		{"/v1/conflicts", func() (any, error) { return svc.Conflicts(ctx, query.ConflictsRequest{}) }},
	}
	for _, tc := range cases {
		var got, want any
		ts.get(tc.path).want(t, http.StatusOK).decode(t, &got)
		v, err := tc.call()
		if err != nil {
			t.Fatalf("%s: %v", tc.path, err)
		}
		b, _ := json.Marshal(v)
		if err := json.Unmarshal(b, &want); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the API and the service differ:\napi     %.500v\nservice %.500v", tc.path, got, want)
		}
	}
}
