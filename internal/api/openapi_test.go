package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/geokg/geokg/internal/api"
	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/ontology"
	"github.com/geokg/geokg/internal/query"
	"github.com/geokg/geokg/internal/resolve"
)

const docURL = "https://geokg.invalid/openapi.json"

// spec is the part of the OpenAPI document the tests read.
type spec struct {
	Paths      map[string]map[string]*operation `json:"paths"`
	Components struct {
		Parameters map[string]*parameter `json:"parameters"`
		Responses  map[string]struct {
			Content map[string]json.RawMessage `json:"content"`
		} `json:"responses"`
	} `json:"components"`
}

type operation struct {
	OperationID string                     `json:"operationId"`
	Tags        []string                   `json:"tags"`
	Parameters  []*parameter               `json:"parameters"`
	Responses   map[string]json.RawMessage `json:"responses"`
}

type parameter struct {
	Ref      string `json:"$ref"`
	Name     string `json:"name"`
	In       string `json:"in"`
	Required bool   `json:"required"`
	Schema   struct {
		Type      any      `json:"type"`
		Enum      []string `json:"enum"`
		MaxLength *int     `json:"maxLength"`
		Items     *struct {
			Enum      []string `json:"enum"`
			MaxLength *int     `json:"maxLength"`
		} `json:"items"`
		Minimum *float64 `json:"minimum"`
		Maximum *float64 `json:"maximum"`
		Default any      `json:"default"`
	} `json:"schema"`
}

// openAPI reads the served document and resolves parameter references.
func openAPI(t *testing.T) *spec {
	t.Helper()
	var s spec
	if err := json.Unmarshal(api.OpenAPI(nil), &s); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	for path, ops := range s.Paths {
		for method, op := range ops {
			if op.OperationID == "" {
				t.Fatalf("%s %s has no operationId", method, path)
			}
			for i, p := range op.Parameters {
				if name, ok := strings.CutPrefix(p.Ref, "#/components/parameters/"); ok {
					if op.Parameters[i] = s.Components.Parameters[name]; op.Parameters[i] == nil {
						t.Fatalf("%s: unknown parameter %s", op.OperationID, p.Ref)
					}
				}
			}
		}
	}
	return &s
}

func (s *spec) queryParams(op *operation) []*parameter {
	var out []*parameter
	for _, p := range op.Parameters {
		if p.In == "query" {
			out = append(out, p)
		}
	}
	return out
}

// ginPath turns "/v1/entities/:id" into "/v1/entities/{id}".
func ginPath(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		if name, ok := strings.CutPrefix(s, ":"); ok {
			parts[i] = "{" + name + "}"
		}
	}
	return strings.Join(parts, "/")
}

// TestOpenAPIRoutes checks that every route is documented and every
// documented operation is routed.
func TestOpenAPIRoutes(t *testing.T) {
	s := openAPI(t)
	engine := api.New(&query.Service{Store: openStore(t)}, api.Options{}).Handler().(*gin.Engine)
	routed := map[string]bool{}
	for _, r := range engine.Routes() {
		key := strings.ToLower(r.Method) + " " + ginPath(r.Path)
		routed[key] = true
		if s.Paths[ginPath(r.Path)][strings.ToLower(r.Method)] == nil {
			t.Errorf("route %s %s is not in openapi.json", r.Method, r.Path)
		}
	}
	ids := map[string]bool{}
	for path, ops := range s.Paths {
		for method, op := range ops {
			if !routed[method+" "+path] {
				t.Errorf("openapi.json documents %s %s, which is not routed", method, path)
			}
			if ids[op.OperationID] {
				t.Errorf("operationId %s is used twice", op.OperationID)
			}
			ids[op.OperationID] = true
		}
	}
	for _, op := range query.Operations {
		if !ids[string(op)] {
			t.Errorf("query operation %s is not documented", op)
		}
	}
}

// validator validates bodies against the document's schemas.
type validator struct {
	c       *jsonschema.Compiler
	schemas map[string]*jsonschema.Schema
}

func newValidator(t *testing.T) *validator {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(api.OpenAPI(nil)))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource(docURL, doc); err != nil {
		t.Fatal(err)
	}
	return &validator{c: c, schemas: map[string]*jsonschema.Schema{}}
}

// schema compiles the schema at a JSON pointer of the document.
func (v *validator) schema(t *testing.T, pointer string) *jsonschema.Schema {
	t.Helper()
	if s, ok := v.schemas[pointer]; ok {
		return s
	}
	s, err := v.c.Compile(docURL + "#" + pointer)
	if err != nil {
		t.Fatalf("compiling %s: %v", pointer, err)
	}
	v.schemas[pointer] = s
	return s
}

func escapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// responseSchema returns the pointer of the JSON schema documented for a
// status of an operation, "" when the status is not documented.
func (s *spec) responseSchema(t *testing.T, method, path, status string) string {
	t.Helper()
	op := s.Paths[path][method]
	raw, ok := op.Responses[status]
	if !ok {
		return ""
	}
	var r struct {
		Ref string `json:"$ref"`
	}
	_ = json.Unmarshal(raw, &r)
	if name, ok := strings.CutPrefix(r.Ref, "#/components/responses/"); ok {
		return "/components/responses/" + escapePointer(name) + "/content/application~1json/schema"
	}
	return "/paths/" + escapePointer(path) + "/" + method + "/responses/" + status + "/content/application~1json/schema"
}

// hasMedia reports whether a documented response may be of the media type.
func (s *spec) hasMedia(method, path, status, media string) bool {
	var r struct {
		Content map[string]json.RawMessage `json:"content"`
	}
	_ = json.Unmarshal(s.Paths[path][method].Responses[status], &r)
	_, ok := r.Content[media]
	return ok
}

// textResponse returns the media type of a documented response that is
// text, not JSON (/metrics), "" for a JSON one.
func (s *spec) textResponse(method, path, status string) string {
	var r struct {
		Content map[string]json.RawMessage `json:"content"`
	}
	_ = json.Unmarshal(s.Paths[path][method].Responses[status], &r)
	if _, ok := r.Content["application/json"]; ok || len(r.Content) != 1 {
		return ""
	}
	for media := range r.Content {
		return media
	}
	return ""
}

// check checks that a response's status is documented for its operation and
// that its body validates against the documented schema.
func (s *spec) check(t *testing.T, v *validator, path, url string, r *response) {
	t.Helper()
	s.checkOp(t, v, "get", path, url, r)
}

// checkOp is check of a response to method.
func (s *spec) checkOp(t *testing.T, v *validator, method, path, url string, r *response) {
	t.Helper()
	status := strconv.Itoa(r.status)
	ptr := s.responseSchema(t, method, path, status)
	if ptr == "" {
		t.Fatalf("%s %s answered %d, which openapi.json does not document for %s; body %s", method, url, r.status, path, r.body)
	}
	if ct := r.header.Get("Content-Type"); strings.HasPrefix(ct, "text/csv") && s.hasMedia(method, path, status, "text/csv") {
		if len(r.body) == 0 {
			t.Fatalf("%s %s: an empty CSV", method, url)
		}
		return
	}
	if text := s.textResponse(method, path, status); text != "" {
		if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, text) || len(r.body) == 0 {
			t.Fatalf("GET %s: Content-Type %q, %d bytes; want %s", url, ct, len(r.body), text)
		}
		return
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("GET %s: Content-Type %q", url, ct)
	}
	body, err := jsonschema.UnmarshalJSON(bytes.NewReader(r.body))
	if err != nil {
		t.Fatalf("GET %s: body is not JSON: %v", url, err)
	}
	if err := v.schema(t, ptr).Validate(body); err != nil {
		t.Fatalf("GET %s (%d): body does not match %s:\n%v\nbody: %.2000s", url, r.status, ptr, err, r.body)
	}
}

// apiCase is a request to a server, the documented path it asks, and the
// status it must get.
type apiCase struct {
	srv    *testServer
	path   string
	url    string
	status int
}

// TestOpenAPIResponses sends real requests for every operation, successes
// and errors, and checks each answer against the document.
func TestOpenAPIResponses(t *testing.T) {
	s := openAPI(t)
	v := newValidator(t)
	ts := newTestServer(t)
	broken := newTestServer(t, func(c *config) {
		c.wrap = func(s graph.Store) graph.Store { return failing{Store: s} }
	})
	slowTS := newTestServer(t, func(c *config) {
		c.wrap = func(s graph.Store) graph.Store { return slow{Store: s, delay: time.Minute} }
		c.opts.RequestTimeout = 20 * time.Millisecond
	})
	ambiguous := newTestServer(t, func(c *config) { c.store = ambiguousStore(t) })
	internal := newTestServer(t, func(c *config) {
		c.wrap = func(s graph.Store) graph.Store { return down{Store: s, err: errors.New("disk on fire")} }
	})
	unavailable := newTestServer(t, func(c *config) {
		c.wrap = func(s graph.Store) graph.Store {
			return down{Store: s, err: graph.Errorf(graph.EUnavailable, "the store is unreachable")}
		}
	})

	var page struct {
		NextCursor string `json:"next_cursor"`
	}
	ts.get("/v1/timeline?entity=Q30&limit=2").want(t, http.StatusOK).decode(t, &page)

	ar := url.PathEscape("واشنطن")
	cases := []apiCase{
		{ts, "/healthz", "/healthz", 200},
		{ts, "/readyz", "/readyz", 200},
		{broken, "/readyz", "/readyz", 503},
		{ts, "/openapi.json", "/openapi.json", 200},
		{ts, "/metrics", "/metrics", 200},

		{ts, "/v1/entities", "/v1/entities?q=iraq", 200},
		{ts, "/v1/entities", "/v1/entities?q=Q30&kind=country&limit=100", 200},
		{ts, "/v1/entities", "/v1/entities?q=zzzzzz", 200},
		{ts, "/v1/entities", "/v1/entities", 400},
		{ts, "/v1/entities", "/v1/entities?q=iran&kind=planet", 400},
		{ts, "/v1/entities", "/v1/entities?q=iran&limit=101", 400},

		{ts, "/v1/entities/{id}", "/v1/entities/Q30", 200},
		{ts, "/v1/entities/{id}", "/v1/entities/" + ar, 200},
		{ts, "/v1/entities/{id}", "/v1/entities/kataib-hezbollah", 200},
		{ts, "/v1/entities/{id}", "/v1/entities/Atlantis", 404},
		{ts, "/v1/entities/{id}", "/v1/entities/Q30?verbose=1", 400},
		{ambiguous, "/v1/entities/{id}", "/v1/entities/Popular%20Front", 409},
		{broken, "/v1/entities/{id}", "/v1/entities/Q30", 500},

		{ts, "/v1/entities/{id}/neighbors", "/v1/entities/Q30/neighbors", 200},
		{ts, "/v1/entities/{id}/neighbors", "/v1/entities/Q796/neighbors?depth=2&limit=5&direction=in&since=2020&until=2021-06&min_confidence=0.5&modalities=asserted,planned&exclude_types=located_in", 200},
		{ts, "/v1/entities/{id}/neighbors", "/v1/entities/Q30/neighbors?format=cytoscape", 200},
		{ts, "/v1/entities/{id}/neighbors", "/v1/entities/Q796/neighbors?format=cytoscape&depth=2&since=2020", 200},
		{ts, "/v1/entities/{id}/neighbors", "/v1/entities/Q30/neighbors?format=graphml", 400},
		{ts, "/v1/entities/{id}/neighbors", "/v1/entities/Atlantis/neighbors?format=cytoscape", 404},
		{ts, "/v1/entities/{id}/neighbors", "/v1/entities/Atlantis/neighbors", 404},
		{ts, "/v1/entities/{id}/neighbors", "/v1/entities/Q30/neighbors?depth=3", 400},
		{ambiguous, "/v1/entities/{id}/neighbors", "/v1/entities/Popular%20Front/neighbors", 409},

		{ts, "/v1/paths", "/v1/paths?from=kataib-hezbollah&to=Q30", 200},
		{ts, "/v1/paths", "/v1/paths?from=Iran&to=United%20States&max_hops=4&k=10&direction=any&types=strikes_from_air,threatens", 200},
		{ts, "/v1/paths", "/v1/paths?from=Q30&to=Q794&max_hops=1&types=signs", 200},
		{ts, "/v1/paths", "/v1/paths?from=Q30&to=Atlantis", 404},
		{ts, "/v1/paths", "/v1/paths?from=kataib-hezbollah&to=Q794&avoid=Q30,Iraq", 200},
		{ts, "/v1/paths", "/v1/paths?from=kataib-hezbollah&to=Q794&avoid=Atlantis", 404},
		{ts, "/v1/paths", "/v1/paths?from=kataib-hezbollah&to=Q794&avoid=Iran", 400},
		{ts, "/v1/paths", "/v1/paths?from=qasem-soleimani&to=mustafa-al-kadhimi&through=country,armed_group&max_hops=5", 200},
		{ts, "/v1/paths", "/v1/paths?from=qasem-soleimani&to=mustafa-al-kadhimi&through=planet", 400},
		{ts, "/v1/paths", "/v1/paths?from=Q30&to=Q794&k=11", 400},
		{ts, "/v1/paths", "/v1/paths?from=Q30&to=Q794&types=threatns", 400},
		{ambiguous, "/v1/paths", "/v1/paths?from=Popular%20Front&to=front-party", 409},
		{slowTS, "/v1/paths", "/v1/paths?from=Q30&to=Q794", 503},

		{ts, "/v1/timeline", "/v1/timeline?entity=Q30&with=Q796", 200},
		{ts, "/v1/timeline", "/v1/timeline?entity=Q30&with=Q796&bucket=month&as_of=2020-06", 200},
		{ts, "/v1/timeline", "/v1/timeline?entity=Q30&limit=2&cursor=" + page.NextCursor, 200},
		{ts, "/v1/timeline", "/v1/timeline?entity=Q30&since=1900&until=1901&bucket=year", 200},
		{ts, "/v1/timeline", "/v1/timeline?entity=Q30&format=timelinejs", 200},
		{ts, "/v1/timeline", "/v1/timeline?entity=Q30&with=Q796&format=timelinejs&bucket=year&limit=500", 200},
		{ts, "/v1/timeline", "/v1/timeline?entity=Q30&format=vis", 200},
		{ts, "/v1/timeline", "/v1/timeline?entity=Q30&format=vis&limit=2&cursor=" + page.NextCursor, 200},
		{ts, "/v1/timeline", "/v1/timeline?entity=Q30&since=1900&until=1901&format=timelinejs", 200},
		{ts, "/v1/timeline", "/v1/timeline?entity=Q30&format=gexf", 400},
		{ts, "/v1/timeline", "/v1/timeline?entity=Q30&with=Q796&format=csv", 200},
		{ts, "/v1/timeline", "/v1/timeline?entity=Q30&format=buckets_csv&bucket=year", 200},
		{ts, "/v1/timeline", "/v1/timeline?entity=Q30&format=series", 200},
		{ts, "/v1/timeline", "/v1/timeline?entity=Atlantis&format=vis", 404},
		{broken, "/v1/timeline", "/v1/timeline?entity=Q30&format=timelinejs", 503},
		{ts, "/v1/timeline", "/v1/timeline?entity=Atlantis", 404},
		{ts, "/v1/timeline", "/v1/timeline?entity=Q30&since=2020-13", 400},
		{ambiguous, "/v1/timeline", "/v1/timeline?entity=Popular%20Front", 409},
		{broken, "/v1/timeline", "/v1/timeline?entity=Q30", 503},

		{ts, "/v1/relation-types", "/v1/relation-types", 200},
		{ts, "/v1/relation-types", "/v1/relation-types?class=event", 400},

		{ts, "/v1/stats", "/v1/stats", 200},
		{ts, "/v1/stats", "/v1/stats?x=1", 400},

		{ts, "/v1/conflicts", "/v1/conflicts", 200},
		{ts, "/v1/conflicts", "/v1/conflicts?types=head_of_state&known_as_of=2020", 200},
		{ts, "/v1/conflicts", "/v1/conflicts?types=hed_of_state", 400},
		{broken, "/v1/stats", "/v1/stats", 500},

		{ts, "/v1/sources/{id}", "/v1/sources/" + seedSource, 200},
		{ts, "/v1/sources/{id}", "/v1/sources/gazetteer:fixtures", 200},
		{ts, "/v1/sources/{id}", "/v1/sources/nowhere", 404},
		{ts, "/v1/sources/{id}", "/v1/sources/" + seedSource + "?text=0", 400},

		{ts, "/v1/decisions", "/v1/decisions", 200},
		{ts, "/v1/decisions", "/v1/decisions?kind=merge", 400},
	}
	for _, op := range []struct{ path, url string }{
		{"/v1/entities", "/v1/entities?q=iran"},
		{"/v1/entities/{id}", "/v1/entities/Q30"},
		{"/v1/entities/{id}/neighbors", "/v1/entities/Q30/neighbors"},
		{"/v1/paths", "/v1/paths?from=Q30&to=Q794"},
		{"/v1/timeline", "/v1/timeline?entity=Q30"},
		{"/v1/stats", "/v1/stats"},
		{"/v1/conflicts", "/v1/conflicts"},
		{"/v1/sources/{id}", "/v1/sources/" + seedSource},
		{"/v1/decisions", "/v1/decisions"},
	} {
		cases = append(cases, apiCase{internal, op.path, op.url, 500}, apiCase{unavailable, op.path, op.url, 503})
	}
	seen := map[string]bool{
		"/v1/relation-types 500": true, // no store behind it: only a bug could answer 500
	}
	for _, tc := range cases {
		t.Run(tc.url, func(t *testing.T) {
			r := tc.srv.get(tc.url).want(t, tc.status)
			s.check(t, v, tc.path, tc.url, r)
			seen[tc.path+" "+strconv.Itoa(tc.status)] = true
		})
	}
	// Every documented status of every operation is exercised.
	for path, ops := range s.Paths {
		if ops["get"] == nil || slices.Contains(ops["get"].Tags, "admin") {
			continue // the writes and the admins' reads, which need keys: TestWrites
		}
		for status := range ops["get"].Responses {
			if status == "431" {
				continue // answered by Go's HTTP server before any handler: TestErrorsBelowGin
			}
			if !seen[path+" "+status] {
				t.Errorf("no case answers %s with %s", path, status)
			}
		}
	}
}

// required gives a valid value to each required parameter.
// seedSource is the source id of the seed article of the fixtures.
const seedSource = "alarab-2021-03-24-us-iraq-strategic-dialogue"

var required = map[string]string{"q": "iran", "from": "Q30", "to": "Q794", "entity": "Q30", "id": "Q30"}

// requestURL builds a request for a path with its required parameters and
// the extra ones.
func requestURL(path string, op *operation, extra url.Values, skip string) string {
	id := required["id"]
	if strings.HasPrefix(path, "/v1/sources/") {
		id = seedSource
	}
	path = strings.ReplaceAll(path, "{id}", id)
	q := url.Values{}
	for _, p := range op.Parameters {
		if p.In == "query" && p.Required && p.Name != skip {
			q.Set(p.Name, required[p.Name])
		}
	}
	for k, vs := range extra {
		q[k] = vs
	}
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

// TestOpenAPIParameters checks the documented parameters against what the
// server accepts: the same names as query.Parameters, unknown ones
// rejected, required ones required, ranges and enums as documented.
func TestOpenAPIParameters(t *testing.T) {
	s := openAPI(t)
	v := newValidator(t)
	ts := newTestServer(t)
	for path, ops := range s.Paths {
		op := ops["get"]
		if op == nil || slices.Contains(op.Tags, "admin") {
			continue // the writes and the admins' reads, which need keys: TestWrites
		}
		qps := s.queryParams(op)
		var names []string
		for _, p := range qps {
			names = append(names, p.Name)
		}
		slices.Sort(names)
		if !slices.Contains(op.Tags, "operations") {
			if got, want := names, query.Parameters(query.Operation(op.OperationID)); !slices.Equal(got, want) {
				t.Errorf("%s documents parameters %v; the service allows %v", op.OperationID, got, want)
			}
		} else if len(names) > 0 {
			t.Errorf("%s documents parameters %v", op.OperationID, names)
		}
		if slices.Contains(op.Tags, "operations") {
			continue // health, readiness and the document itself take no parameters and ignore any
		}

		t.Run(op.OperationID, func(t *testing.T) {
			expect := func(u string, status int, param string) {
				t.Helper()
				r := ts.get(u)
				if r.status != status {
					t.Fatalf("GET %s: status %d, want %d; body %s", u, r.status, status, r.body)
				}
				s.check(t, v, path, u, r)
				if param != "" {
					var e apiError
					r.decode(t, &e)
					if e.Error.Details["parameter"] != param {
						t.Fatalf("GET %s: error %+v does not name %s", u, e.Error, param)
					}
				}
			}
			expect(requestURL(path, op, nil, ""), http.StatusOK, "")
			expect(requestURL(path, op, url.Values{"bogus": {"1"}}, ""), http.StatusBadRequest, "bogus")
			for _, p := range qps {
				if p.Required {
					expect(requestURL(path, op, nil, p.Name), http.StatusBadRequest, p.Name)
				}
				sch := p.Schema
				if sch.Type == "integer" {
					lo, hi := int(*sch.Minimum), int(*sch.Maximum)
					for _, n := range []int{lo, hi} {
						expect(requestURL(path, op, url.Values{p.Name: {strconv.Itoa(n)}}, ""), http.StatusOK, "")
					}
					for _, n := range []int{lo - 1, hi + 1} {
						expect(requestURL(path, op, url.Values{p.Name: {strconv.Itoa(n)}}, ""), http.StatusBadRequest, p.Name)
					}
				}
				if sch.Type == "number" && sch.Minimum != nil && sch.Maximum != nil {
					for _, x := range []float64{*sch.Minimum, *sch.Maximum} {
						expect(requestURL(path, op, url.Values{p.Name: {fmt.Sprint(x)}}, ""), http.StatusOK, "")
					}
					for _, x := range []float64{*sch.Minimum - 0.01, *sch.Maximum + 0.01} {
						expect(requestURL(path, op, url.Values{p.Name: {fmt.Sprint(x)}}, ""), http.StatusBadRequest, p.Name)
					}
				}
				enum, maxLength := sch.Enum, sch.MaxLength
				if sch.Items != nil {
					enum, maxLength = sch.Items.Enum, sch.Items.MaxLength
				}
				if maxLength != nil {
					// The server's bound is the documented one, in characters
					// as maxLength counts them.
					u := requestURL(path, op, url.Values{p.Name: {strings.Repeat("ع", *maxLength+1)}}, "")
					expect(u, http.StatusBadRequest, p.Name)
					var e apiError
					ts.get(u).decode(t, &e)
					if got := fmt.Sprint(e.Error.Details["allowed"]); got != fmt.Sprintf("map[max_length:%d]", *maxLength) {
						t.Errorf("GET %s: allowed %s, want max_length %d", u, got, *maxLength)
					}
				}
				for _, val := range enum {
					expect(requestURL(path, op, url.Values{p.Name: {val}}, ""), http.StatusOK, "")
				}
				if len(enum) > 0 {
					expect(requestURL(path, op, url.Values{p.Name: {"not-a-value"}}, ""), http.StatusBadRequest, p.Name)
				}
			}
		})
	}
}

// ambiguousStore holds two entities that share a name.
func ambiguousStore(t *testing.T) graph.Store {
	t.Helper()
	s := openStore(t)
	name := graph.Name{Lang: "en", Text: "Popular Front", Role: graph.RoleName, Keys: resolve.Keys("Popular Front")}
	_, err := s.ReplaceSource(context.Background(), &graph.Contribution{
		Source: graph.Source{ID: "tiny", Kind: "gazetteer", Digest: "1"},
		Entities: []graph.EntityRecord{
			{ID: "hashd-iraq", Kind: "armed_group", Label: "Popular Front", Names: []graph.Name{name}},
			{ID: "front-party", Kind: "political_party", Label: "Popular Front", Names: []graph.Name{name}},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestOpenAPIVocabulary checks that the served document lists the names of
// the server's vocabulary as the accepted relation types: those of the
// built-in one, and a type a vocabulary file adds, which the server then
// accepts.
func TestOpenAPIVocabulary(t *testing.T) {
	extra := ontology.Type{ID: "twinned_with", Label: "twinned with", Aliases: []string{"twins"}, Class: ontology.ClassStructural}
	vocab, err := ontology.Default().Extend([]ontology.Type{extra})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		vocab *ontology.Vocabulary
	}{{"built-in", nil}, {"extended", vocab}} {
		t.Run(tc.name, func(t *testing.T) {
			srv := api.New(&query.Service{Store: loadFixtures(t), Vocabulary: tc.vocab}, api.Options{})
			ts := httptest.NewServer(srv.Handler())
			defer ts.Close()
			res, err := http.Get(ts.URL + "/openapi.json")
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var s spec
			if err := json.NewDecoder(res.Body).Decode(&s); err != nil {
				t.Fatal(err)
			}
			want := ontology.Default().Names()
			if tc.vocab != nil {
				want = tc.vocab.Names()
				if !slices.Contains(want, "twins") || !slices.Contains(want, "twinned with") {
					t.Fatalf("the extended vocabulary's names %v lack the added type's", want)
				}
			}
			for _, name := range []string{"types", "exclude_types"} {
				if got := s.Components.Parameters[name].Schema.Items.Enum; !slices.Equal(got, want) {
					t.Errorf("%s: enum of %d names, want the vocabulary's %d: %v", name, len(got), len(want), got)
				}
			}
			u := ts.URL + "/v1/paths?from=Q30&to=Q796&types=twins"
			res, err = http.Get(u)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if want := map[bool]int{false: http.StatusBadRequest, true: http.StatusOK}[tc.vocab != nil]; res.StatusCode != want {
				t.Errorf("GET %s: status %d, want %d", u, res.StatusCode, want)
			}
		})
	}
}

// TestOpenAPIDecisions checks the documented body of a decision against
// ParseDecision: for each kind, a body with every field the document gives
// it is valid and parsed, and a body without one of the fields the
// document requires is invalid and refused naming that field.
func TestOpenAPIDecisions(t *testing.T) {
	v := newValidator(t)
	var doc struct {
		Components struct {
			Schemas struct {
				DecisionRequest struct {
					OneOf []struct {
						Properties map[string]struct {
							Const string `json:"const"`
							Type  string `json:"type"`
						} `json:"properties"`
						Required []string `json:"required"`
					} `json:"oneOf"`
				} `json:"DecisionRequest"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(api.OpenAPI(nil), &doc); err != nil {
		t.Fatal(err)
	}
	kinds := doc.Components.Schemas.DecisionRequest.OneOf
	if len(kinds) != 5 {
		t.Fatalf("%d kinds of decision documented, want 5", len(kinds))
	}
	schema := v.schema(t, "/components/schemas/DecisionRequest")
	for _, k := range kinds {
		kind := k.Properties["kind"].Const
		body := map[string]any{}
		for name, p := range k.Properties {
			switch {
			case name == "kind":
				body[name] = kind
			case p.Type == "integer":
				body[name] = 1
			default:
				body[name] = "x"
			}
		}
		check := func(body map[string]any, missing string) {
			t.Helper()
			data, _ := json.Marshal(body)
			var inst any
			_ = json.Unmarshal(data, &inst)
			valid := schema.Validate(inst) == nil
			_, err := api.ParseDecision(data)
			if missing == "" && (!valid || err != nil) {
				t.Errorf("%s: valid %v, parsed with %v", data, valid, err)
			}
			if missing != "" && (valid || graph.ErrorDetails(err)["pointer"] != "/"+missing) {
				t.Errorf("%s without %s: valid %v, parsed with %v", data, missing, valid, err)
			}
		}
		check(body, "")
		for _, name := range k.Required {
			if name == "kind" {
				continue
			}
			without := maps.Clone(body)
			delete(without, name)
			check(without, name)
		}
	}
}
