package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/api"
	"github.com/geokg/geokg/internal/query"
	"github.com/geokg/geokg/internal/store/embedded"
	"github.com/geokg/geokg/internal/web"
)

// newServer is the API server, which installs the workbench, over an empty
// embedded store.
func newServer(t *testing.T) *httptest.Server {
	t.Helper()
	s, err := embedded.Open(context.Background(), filepath.Join(t.TempDir(), "graph.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	ts := httptest.NewServer(api.New(&query.Service{Store: s}, api.Options{}).Handler())
	t.Cleanup(ts.Close)
	return ts
}

func do(t *testing.T, method, url string, header http.Header) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(body)
}

func TestPage(t *testing.T) {
	ts := newServer(t)
	res, body := do(t, http.MethodGet, ts.URL+"/?e=Q30&x=Q796", nil)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /: %d %s", res.StatusCode, body)
	}
	if ct := res.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("GET /: Content-Type %q", ct)
	}
	if csp := res.Header.Get("Content-Security-Policy"); csp != web.ContentSecurityPolicy || !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("GET /: Content-Security-Policy %q", csp)
	}
	if cc := res.Header.Get("Cache-Control"); cc != "no-cache" {
		t.Errorf("GET /: Cache-Control %q, want no-cache", cc)
	}
	if res.Header.Get(api.RequestIDHeader) == "" {
		t.Errorf("GET /: no %s: the API's middleware did not run", api.RequestIDHeader)
	}
	if strings.Contains(body, "{{version}}") {
		t.Errorf("GET /: the asset version is not filled in")
	}

	// Every asset the page names is served, with its type, cached for
	// good under the version the page names it by.
	refs := regexp.MustCompile(`(?:src|href)="(/ui/[^"?]+)\?v=([0-9a-f]+)"`).FindAllStringSubmatch(body, -1)
	if len(refs) != 4 {
		t.Fatalf("GET /: %d versioned assets, want favicon, stylesheet and two scripts: %q", len(refs), refs)
	}
	types := map[string]string{
		".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml",
	}
	for _, ref := range refs {
		res, body := do(t, http.MethodGet, ts.URL+ref[1]+"?v="+ref[2], nil)
		if res.StatusCode != http.StatusOK || body == "" {
			t.Errorf("GET %s: %d, %d bytes", ref[1], res.StatusCode, len(body))
			continue
		}
		if ct, want := res.Header.Get("Content-Type"), types[filepath.Ext(ref[1])]; ct != want {
			t.Errorf("GET %s: Content-Type %q, want %q", ref[1], ct, want)
		}
		if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
			t.Errorf("GET %s?v=%s: Cache-Control %q, want immutable", ref[1], ref[2], cc)
		}
		if res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: no nosniff", ref[1])
		}
	}

	// Without the current version an asset must be revalidated; its ETag
	// answers 304.
	res, _ = do(t, http.MethodGet, ts.URL+"/ui/app.js", nil)
	if cc := res.Header.Get("Cache-Control"); cc != "no-cache" {
		t.Errorf("GET /ui/app.js: Cache-Control %q, want no-cache", cc)
	}
	etag := res.Header.Get("ETag")
	res, _ = do(t, http.MethodGet, ts.URL+"/ui/app.js", http.Header{"If-None-Match": {etag}})
	if res.StatusCode != http.StatusNotModified {
		t.Errorf("GET /ui/app.js with its ETag: %d, want 304", res.StatusCode)
	}

	// The licence of the vendored library ships with it.
	res, body = do(t, http.MethodGet, ts.URL+"/ui/vendor/cytoscape.LICENSE.txt", nil)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "Permission is hereby granted") {
		t.Errorf("GET the Cytoscape.js licence: %d %.80s", res.StatusCode, body)
	}
	res, body = do(t, http.MethodHead, ts.URL+"/", nil)
	if res.StatusCode != http.StatusOK || body != "" || res.Header.Get("Content-Length") == "" {
		t.Errorf("HEAD /: %d, body %q, Content-Length %q", res.StatusCode, body, res.Header.Get("Content-Length"))
	}
}

// TestAPIStillAnswersJSON checks that the workbench takes nothing from the
// API: its routes answer as before, and what neither serves is the API's
// JSON 404.
func TestAPIStillAnswersJSON(t *testing.T) {
	ts := newServer(t)
	for _, c := range []struct {
		method, path string
		status       int
		code         string
	}{
		{http.MethodGet, "/v1/nowhere", http.StatusNotFound, "not_found"},
		{http.MethodGet, "/v1/", http.StatusNotFound, "not_found"},
		{http.MethodGet, "/ui/missing.js", http.StatusNotFound, "not_found"},
		{http.MethodGet, "/ui/", http.StatusNotFound, "not_found"},
		{http.MethodGet, "/index.html", http.StatusNotFound, "not_found"},
		{http.MethodGet, "/static/app.js", http.StatusNotFound, "not_found"},
		{http.MethodPost, "/", http.StatusNotFound, "not_found"},
		{http.MethodGet, "/v1/stats", http.StatusOK, ""},
	} {
		res, body := do(t, c.method, ts.URL+c.path, nil)
		if res.StatusCode != c.status {
			t.Errorf("%s %s: %d, want %d: %s", c.method, c.path, res.StatusCode, c.status, body)
			continue
		}
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("%s %s: Content-Type %q, want JSON", c.method, c.path, ct)
		}
		if res.Header.Get("Content-Security-Policy") != "" {
			t.Errorf("%s %s: the page's Content-Security-Policy on an API answer", c.method, c.path)
		}
		if c.code == "" {
			continue
		}
		var e struct {
			Error struct{ Code string } `json:"error"`
		}
		if err := json.Unmarshal([]byte(body), &e); err != nil || e.Error.Code != c.code {
			t.Errorf("%s %s: body %s, want error code %s", c.method, c.path, body, c.code)
		}
	}
}

// TestNoMarkupFromStrings checks the page's own code for the ways text
// could become markup: every text from the API (names, quotes, the full
// text of sources) must go in as text nodes or attributes. And the page
// has no inline script or style for the Content-Security-Policy to refuse.
func TestNoMarkupFromStrings(t *testing.T) {
	ts := newServer(t)
	_, js := do(t, http.MethodGet, ts.URL+"/ui/app.js", nil)
	for _, sink := range []string{"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "createContextualFragment", "DOMParser", "eval(", "new Function"} {
		if strings.Contains(js, sink) {
			t.Errorf("app.js uses %s", sink)
		}
	}
	_, page := do(t, http.MethodGet, ts.URL+"/", nil)
	page = regexp.MustCompile(`(?s)<!--.*?-->`).ReplaceAllString(page, "")
	if m := regexp.MustCompile(`<script(?:\s[^>]*)?>[^<]|<style|\sstyle=|\son[a-z]+=`).FindString(page); m != "" {
		t.Errorf("the page has inline script or style: %q", m)
	}
}
