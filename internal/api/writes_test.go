package api_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/geokg/geokg/internal/api"
	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/keys"
)

// keyed makes a key of the scope in the store and returns its
// Authorization header.
func keyed(t *testing.T, s graph.Store, scope string) string {
	t.Helper()
	token, k, err := keys.New("test", scope, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.(graph.Keyring).PutKey(context.Background(), k); err != nil {
		t.Fatal(err)
	}
	return "Bearer " + token
}

// The writes need a key of scope write; with one, an upload imports whole
// or not at all, a source is removed, and decisions are made and undone.
// Every answer is as openapi.json documents it.
func TestWrites(t *testing.T) {
	spec, v := openAPI(t), newValidator(t)
	store := loadFixtures(t)
	ts := newTestServer(t, func(c *config) { c.store = store; c.opts.MaxBodyBytes = 1 << 20 })
	read, write := keyed(t, store, keys.Read), keyed(t, store, keys.Write)
	revoked := keyed(t, store, keys.Write)
	id, _, _ := keys.Parse(strings.TrimPrefix(revoked, "Bearer "))
	if _, err := store.(graph.Keyring).RevokeKey(context.Background(), id, "2026-12-01T00:00:00Z"); err != nil {
		t.Fatal(err)
	}
	article, err := os.ReadFile("../cli/testdata/extra/cli-test-iraqi-government-duplicate.en.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct{ Article struct{ ID string } }
	if err := json.Unmarshal(article, &doc); err != nil || doc.Article.ID == "" {
		t.Fatalf("the test article: %v", err)
	}
	send := func(method, path, url string, body []byte, status int, header ...string) *response {
		t.Helper()
		r := ts.send(method, url, body, header...)
		if r.status != status {
			t.Fatalf("%s %s: status %d, want %d; body %s", method, url, r.status, status, r.body)
		}
		spec.checkOp(t, v, strings.ToLower(method), path, url, r)
		return r
	}
	stats := func() string { return string(ts.get("/v1/stats").want(t, http.StatusOK).body) }
	before := stats()

	// Keys.
	const upload = "/v1/sources?name=duplicate.json"
	r := send("POST", "/v1/sources", upload, article, 401)
	if r.header.Get("WWW-Authenticate") != `Bearer realm="geokg"` {
		t.Errorf("401 without WWW-Authenticate: %v", r.header)
	}
	send("POST", "/v1/sources", upload, article, 401, "Authorization", "Bearer gk_not_a_key")
	send("POST", "/v1/sources", upload, article, 401, "Authorization", revoked)
	send("POST", "/v1/sources", upload, article, 401, "Authorization", strings.TrimPrefix(write, "Bearer ")) // no scheme
	e := send("POST", "/v1/sources", upload, article, 403, "Authorization", read).errorBody(t, 403)
	if e.Error.Details["scope"] != "write" {
		t.Errorf("403 does not name the scope: %+v", e.Error)
	}
	if stats() != before {
		t.Fatal("a refused upload changed the graph")
	}

	// Uploads that are refused whole.
	for _, c := range []struct {
		url    string
		body   []byte
		status int
		param  string
	}{
		{"/v1/sources", article, 400, "name"},
		{"/v1/sources?name=../duplicate.json", article, 400, "name"},
		{"/v1/sources?name=.hidden.json", article, 400, "name"},
		{"/v1/sources?name=x.ann", []byte("T1\tCountry 0 4\tIraq\n"), 400, "name"},
		{"/v1/sources?name=x.ann.gz", []byte("T1\tCountry 0 4\tIraq\n"), 400, "name"},
		{"/v1/sources?name=x.json&verbose=1", article, 400, "verbose"},
		{upload, []byte(strings.Repeat(" ", 2<<20)), 413, ""},
	} {
		e := send("POST", "/v1/sources", c.url, c.body, c.status, "Authorization", write).errorBody(t, c.status)
		if c.param != "" && e.Error.Details["parameter"] != c.param {
			t.Errorf("POST %s: %+v does not name %s", c.url, e.Error, c.param)
		}
	}
	cut := article[:len(article)/2]
	e = send("POST", "/v1/sources", upload, cut, 422, "Authorization", write).errorBody(t, 422)
	problems, _ := e.Error.Details["problems"].([]any)
	if len(problems) == 0 || !strings.Contains(string(mustJSON(t, problems)), `"file":"duplicate.json"`) {
		t.Fatalf("422 of a cut file: %+v", e.Error)
	}
	if stats() != before {
		t.Fatal("an upload with errors changed the graph")
	}

	// An upload that imports, once.
	var sum struct{ Imported, Unchanged, Relations int }
	send("POST", "/v1/sources", upload, article, 200, "Authorization", write).decode(t, &sum)
	if sum.Imported != 1 || sum.Relations == 0 {
		t.Fatalf("the upload: %+v", sum)
	}
	send("POST", "/v1/sources", upload, article, 200, "Authorization", write).decode(t, &sum)
	if sum.Unchanged != 1 {
		t.Fatalf("the same upload again: %+v, want unchanged", sum)
	}
	ts.get("/v1/sources/"+doc.Article.ID).want(t, http.StatusOK)
	if stats() == before {
		t.Fatal("the upload did not change the graph")
	}
	if !strings.Contains(ts.logs.String(), `"msg":"import"`) {
		t.Errorf("the import is not logged with its key:\n%s", ts.logs.String())
	}

	// Decisions.
	var made struct{ Decision graph.Decision }
	send("POST", "/v1/decisions", "/v1/decisions", []byte(`{"kind": "split", "entity": "الولايات المتحدة", "source": "gazetteer:fixtures", "into": "us-gazetteer", "note": "check"}`), 200,
		"Authorization", write).decode(t, &made)
	if made.Decision.Kind != "split" || made.Decision.Entity != "Q30" || made.Decision.Into != "us-gazetteer" {
		t.Fatalf("the split: %+v", made.Decision)
	}
	ts.get("/v1/entities/us-gazetteer").want(t, http.StatusOK)
	send("POST", "/v1/decisions", "/v1/decisions", []byte(`{"kind": "undo", "undoes": 1}`), 200, "Authorization", write).decode(t, &made)
	ts.get("/v1/entities/us-gazetteer").want(t, http.StatusNotFound)
	send("POST", "/v1/decisions", "/v1/decisions", []byte(`{"kind": "undo", "undoes": 1}`), 409, "Authorization", write)
	send("POST", "/v1/decisions", "/v1/decisions", []byte(`{"kind": "merge", "entity": "Atlantis", "into": "Q30"}`), 404, "Authorization", write)
	for body, pointer := range map[string]string{
		`{"kind": "merge", "entity": "Q30"}`:                              "/into",
		`{"kind": "merge", "entity": "Q30", "into": "Q796", "undoes": 2}`: "/undoes",
		`{"kind": "annex", "entity": "Q30"}`:                              "/kind",
		`{"kind": "undo", "undoes": "one"}`:                               "/undoes",
		`{"kind": "undo", "undoes": 1, "by": "me"}`:                       "",
		`[1, 2]`: "",
	} {
		e := send("POST", "/v1/decisions", "/v1/decisions", []byte(body), 400, "Authorization", write).errorBody(t, 400)
		if e.Error.Details["pointer"] != pointer {
			t.Errorf("%s: %+v, want the pointer %q", body, e.Error, pointer)
		}
	}
	send("POST", "/v1/decisions", "/v1/decisions", []byte(`{"kind": "undo", "undoes": 1}`), 403, "Authorization", read)
	var ds struct{ Decisions []graph.Decision }
	ts.get("/v1/decisions").want(t, http.StatusOK).decode(t, &ds)
	if len(ds.Decisions) != 2 || ds.Decisions[1].Kind != "undo" || ds.Decisions[1].Undoes != 1 {
		t.Fatalf("the decisions: %+v", ds.Decisions)
	}

	// Removal.
	send("DELETE", "/v1/sources/{id}", "/v1/sources/"+doc.Article.ID, nil, 401)
	send("DELETE", "/v1/sources/{id}", "/v1/sources/"+doc.Article.ID, nil, 200, "Authorization", write)
	send("DELETE", "/v1/sources/{id}", "/v1/sources/"+doc.Article.ID, nil, 404, "Authorization", write)
	ts.get("/v1/sources/"+doc.Article.ID).want(t, http.StatusNotFound)

	// The audit trail, for admins: every write that took effect, newest
	// first, with its key.
	admin := keyed(t, store, keys.Admin)
	send("GET", "/v1/audit", "/v1/audit", nil, 401)
	send("GET", "/v1/audit", "/v1/audit", nil, 403, "Authorization", write)
	send("GET", "/v1/audit", "/v1/audit?limit=0", nil, 400, "Authorization", admin)
	send("GET", "/v1/audit", "/v1/audit?since=2020", nil, 400, "Authorization", admin)
	var trail struct{ Entries []graph.AuditEntry }
	send("GET", "/v1/audit", "/v1/audit", nil, 200, "Authorization", admin).decode(t, &trail)
	var got []string
	for _, e := range trail.Entries {
		got = append(got, e.Request+" → "+e.Change)
	}
	want := []string{
		"DELETE /v1/sources/" + doc.Article.ID + " → removing source " + doc.Article.ID,
		"POST /v1/decisions → undoing decision 1",
		"POST /v1/decisions → splitting entity Q30 of source gazetteer:fixtures",
		"POST /v1/sources?name=duplicate.json → importing source " + doc.Article.ID, // once: the second found it unchanged
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("the audit trail:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	writeID, _, _ := keys.Parse(strings.TrimPrefix(write, "Bearer "))
	if trail.Entries[0].Key != writeID {
		t.Errorf("the entry's key is %s, want %s", trail.Entries[0].Key, writeID)
	}
	send("GET", "/v1/audit", "/v1/audit?limit=2", nil, 200, "Authorization", admin).decode(t, &trail)
	if len(trail.Entries) != 2 {
		t.Errorf("limit=2: %d entries", len(trail.Entries))
	}
}

// A zipped upload is the file it holds: the fixtures' GDELT export, zipped
// then as it is, is imported then unchanged. What an upload may unpack to
// is bounded by the largest upload.
func TestCompressedUploads(t *testing.T) {
	store := loadFixtures(t)
	ts := newTestServer(t, func(c *config) { c.store = store; c.opts.MaxBodyBytes = 1 << 20 })
	write := keyed(t, store, keys.Write)
	data, err := os.ReadFile("../../fixtures/events/20200103.export.CSV")
	if err != nil {
		t.Fatal(err)
	}
	zipOf := func(name string, data []byte) []byte {
		var b bytes.Buffer
		w := zip.NewWriter(&b)
		f, err := w.Create(name)
		if err == nil {
			_, err = f.Write(data)
		}
		if err == nil {
			err = w.Close()
		}
		if err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	var zipped, plain struct{ Imported, Unchanged int }
	ts.send("POST", "/v1/sources?name=20200103.export.CSV.zip", zipOf("20200103.export.CSV", data), "Authorization", write).
		want(t, http.StatusOK).decode(t, &zipped)
	ts.send("POST", "/v1/sources?name=20200103.export.CSV", data, "Authorization", write).
		want(t, http.StatusOK).decode(t, &plain)
	if zipped.Imported != 1 || plain.Unchanged != 1 || plain.Imported != 0 {
		t.Errorf("the fixture's export zipped: %+v, then the file: %+v, want it unchanged", zipped, plain)
	}
	bomb := zipOf("20200103.export.CSV", bytes.Repeat(data, (16<<20)/len(data)+1))
	if len(bomb) > 1<<20 {
		t.Fatalf("the bomb is %d bytes", len(bomb))
	}
	e := ts.send("POST", "/v1/sources?name=20200103.export.CSV.zip", bomb, "Authorization", write).errorBody(t, http.StatusUnprocessableEntity)
	if !strings.Contains(e.Error.Message, "more than the 16777216 bytes geokg unpacks") {
		t.Errorf("a zip bomb: %+v", e.Error)
	}
}

// With KeysForReads, queries need a key of scope read; health and the
// document itself do not.
func TestKeysForReads(t *testing.T) {
	store := loadFixtures(t)
	ts := newTestServer(t, func(c *config) { c.store = store; c.opts = api.Options{KeysForReads: true} })
	read := keyed(t, store, keys.Read)
	ts.get("/v1/stats").errorBody(t, http.StatusUnauthorized)
	ts.get("/v1/stats", "Authorization", read).want(t, http.StatusOK)
	ts.get("/healthz").want(t, http.StatusOK)
	ts.get("/openapi.json").want(t, http.StatusOK)
}

// A store that keeps no keys takes no keyed request.
func TestWritesWithoutKeyring(t *testing.T) {
	ts := newTestServer(t, func(c *config) { c.wrap = func(s graph.Store) graph.Store { return struct{ graph.Store }{s} } })
	ts.send("POST", "/v1/sources?name=a.json", []byte("{}"), "Authorization", "Bearer gk_000000000000_"+strings.Repeat("A", 43)).
		errorBody(t, http.StatusServiceUnavailable)
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// FuzzParseDecision: any body is a decision request or an EInvalid error
// with the pointer of what is wrong.
func FuzzParseDecision(f *testing.F) {
	for _, s := range []string{`{"kind": "merge", "entity": "a", "into": "b"}`, `{"kind": "undo", "undoes": 3}`, `{}`, `[]`, `{"kind": 1}`, `{"kind": "split", "x": null}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		req, err := api.ParseDecision(data)
		if err != nil {
			if graph.ErrorCode(err) != graph.EInvalid {
				t.Fatalf("ParseDecision(%q) = %v", data, err)
			}
			if _, ok := graph.ErrorDetails(err)["pointer"]; !ok {
				t.Fatalf("ParseDecision(%q): %v names no pointer", data, err)
			}
			return
		}
		if req.Kind == "" {
			t.Fatalf("ParseDecision(%q) = %+v without a kind", data, req)
		}
	})
}

// A client over its rate gets 429 with Retry-After; another client (a
// key, or another address) is not slowed by it; health is not counted.
func TestRateLimit(t *testing.T) {
	ts := newTestServer(t, func(c *config) { c.opts.RateLimit, c.opts.RateBurst = 0.5, 2 })
	for range 2 {
		ts.get("/v1/stats").want(t, http.StatusOK)
	}
	r := ts.get("/v1/stats")
	e := r.errorBody(t, http.StatusTooManyRequests)
	if ra := r.header.Get("Retry-After"); e.Error.Code != "rate_limited" || (ra != "1" && ra != "2") { // a token comes back every 2 s
		t.Fatalf("over the rate: %+v, Retry-After %q", e.Error, r.header.Get("Retry-After"))
	}
	ts.get("/v1/stats", "Authorization", "Bearer someone-else").want(t, http.StatusOK)
	ts.get("/healthz").want(t, http.StatusOK)
}
