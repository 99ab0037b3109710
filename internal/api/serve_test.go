package api_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/geokg/geokg/internal/api"
	"github.com/geokg/geokg/internal/ontology"
	"github.com/geokg/geokg/internal/query"
)

// TestLongParameter checks that a huge value is refused at once, naming its
// parameter, instead of feeding the closest-name suggestions.
func TestLongParameter(t *testing.T) {
	ts := newTestServer(t)
	long := strings.Repeat("threatns", 50_000) // 400 KB
	for _, tc := range []struct{ url, param string }{
		{"/v1/paths?from=Q30&to=Q794&types=" + long, "types"},
		{"/v1/entities/Q30/neighbors?exclude_types=" + long, "exclude_types"},
		{"/v1/entities?q=" + long, "q"},
		{"/v1/entities/" + long, "id"},
	} {
		start := time.Now()
		e := ts.get(tc.url).errorBody(t, http.StatusBadRequest)
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%s: answered in %v", tc.param, d)
		}
		if e.Error.Details["parameter"] != tc.param || !strings.Contains(e.Error.Message, tc.param) {
			t.Errorf("%s: error %+v does not name it", tc.param, e.Error)
		}
	}
	if logs := ts.logs.String(); strings.Contains(logs, long[:api.MaxLoggedBytes+8]) || !strings.Contains(logs, `"query_bytes"`) {
		t.Errorf("the access log does not cut long query strings")
	}
}

func TestHead(t *testing.T) {
	ts := newTestServer(t)
	for _, path := range []string{"/v1/stats", "/v1/entities/Q30", "/healthz", "/openapi.json", "/v1/nowhere", "/"} {
		get, head := ts.get(path), ts.do(http.MethodHead, path)
		if head.status != get.status || len(head.body) != 0 {
			t.Errorf("HEAD %s: %d with %d bytes; GET %d", path, head.status, len(head.body), get.status)
		}
		for _, h := range []string{"Content-Type", "ETag", "Cache-Control"} {
			if head.header.Get(h) != get.header.Get(h) {
				t.Errorf("HEAD %s: %s %q, GET %q", path, h, head.header.Get(h), get.header.Get(h))
			}
		}
	}
	if !strings.Contains(ts.logs.String(), `"method":"HEAD"`) {
		t.Error("HEAD is logged as GET")
	}
}

func TestCORS(t *testing.T) {
	const origin = "https://dash.example"
	ts := newTestServer(t, func(c *config) { c.opts.CORSOrigins = []string{origin} })
	r := ts.do(http.MethodOptions, "/v1/timeline?entity=Q30", "Origin", origin,
		"Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "x-request-id")
	if r.status != http.StatusNoContent || r.header.Get("Access-Control-Allow-Origin") != origin ||
		!strings.Contains(r.header.Get("Access-Control-Allow-Methods"), "GET") ||
		!strings.EqualFold(r.header.Get("Access-Control-Allow-Headers"), "x-request-id") {
		t.Fatalf("preflight: %d %v", r.status, r.header)
	}
	r = ts.get("/v1/stats", "Origin", origin).want(t, http.StatusOK)
	if r.header.Get("Access-Control-Allow-Origin") != origin || !strings.Contains(r.header.Get("Access-Control-Expose-Headers"), "Etag") {
		t.Fatalf("GET from %s: %v", origin, r.header)
	}
	r = ts.do(http.MethodOptions, "/v1/stats", "Origin", "https://evil.example", "Access-Control-Request-Method", "GET")
	if r.header.Get("Access-Control-Allow-Origin") != "" {
		t.Fatalf("preflight from another origin allowed: %v", r.header)
	}
	if r := ts.get("/v1/stats", "Origin", "https://evil.example").want(t, http.StatusOK); r.header.Get("Access-Control-Allow-Origin") != "" {
		t.Fatalf("GET from another origin allowed: %v", r.header)
	}

	// Without origins, no CORS: OPTIONS is a method the API does not have.
	plain := newTestServer(t)
	r = plain.do(http.MethodOptions, "/v1/stats", "Origin", origin, "Access-Control-Request-Method", "GET")
	if r.errorBody(t, http.StatusMethodNotAllowed); r.header.Get("Access-Control-Allow-Origin") != "" {
		t.Fatalf("CORS without origins: %v", r.header)
	}
}

func TestCaching(t *testing.T) {
	ts := newTestServer(t)
	r := ts.get("/v1/timeline?entity=Q30&with=Q796").want(t, http.StatusOK)
	etag := r.header.Get("ETag")
	if !strings.HasPrefix(etag, `W/"`) || r.header.Get("Cache-Control") != "no-cache" {
		t.Fatalf("ETag %q, Cache-Control %q", etag, r.header.Get("Cache-Control"))
	}
	if again := ts.get("/v1/timeline?entity=Q30&with=Q796"); again.header.Get("ETag") != etag || !bytes.Equal(again.body, r.body) {
		t.Fatal("the same answer twice has two ETags")
	}
	nm := ts.get("/v1/timeline?entity=Q30&with=Q796", "If-None-Match", `"other", `+etag)
	if nm.status != http.StatusNotModified || len(nm.body) != 0 || nm.header.Get("ETag") != etag {
		t.Fatalf("If-None-Match: %d, %d bytes, ETag %q", nm.status, len(nm.body), nm.header.Get("ETag"))
	}
	if other := ts.get("/v1/timeline?entity=Q30", "If-None-Match", etag); other.status != http.StatusOK {
		t.Fatalf("another answer with that ETag: %d", other.status)
	}
	e := ts.get("/v1/timeline?entity=Atlantis", "If-None-Match", "*")
	if e.errorBody(t, http.StatusNotFound); e.header.Get("Cache-Control") != "no-store" || e.header.Get("ETag") != "" {
		t.Fatalf("error: Cache-Control %q, ETag %q", e.header.Get("Cache-Control"), e.header.Get("ETag"))
	}

	aged := newTestServer(t, func(c *config) { c.opts.CacheMaxAge = 90 * time.Second })
	if cc := aged.get("/v1/stats").header.Get("Cache-Control"); cc != "max-age=90" {
		t.Fatalf("CacheMaxAge: Cache-Control %q", cc)
	}
}

func TestGzip(t *testing.T) {
	ts := newTestServer(t)
	plain := ts.get("/v1/relation-types").want(t, http.StatusOK)
	// The test client would ask for gzip and decompress on its own; asking
	// explicitly shows the encoded body.
	for _, accept := range []string{"gzip", "br;q=1, gzip;q=0.5", "*"} {
		r := ts.get("/v1/relation-types", "Accept-Encoding", accept).want(t, http.StatusOK)
		if r.header.Get("Content-Encoding") != "gzip" || !strings.Contains(r.header.Get("Vary"), "Accept-Encoding") {
			t.Fatalf("Accept-Encoding %q: Content-Encoding %q, Vary %q", accept, r.header.Get("Content-Encoding"), r.header.Get("Vary"))
		}
		zr, err := gzip.NewReader(bytes.NewReader(r.body))
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(zr)
		if err != nil || !bytes.Equal(body, plain.body) {
			t.Fatalf("gzipped body differs (%v)", err)
		}
		if r.header.Get("ETag") != plain.header.Get("ETag") {
			t.Fatal("the ETag depends on the encoding")
		}
	}
	for _, accept := range []string{"identity", "gzip;q=0", "br"} {
		if r := ts.get("/v1/relation-types", "Accept-Encoding", accept); r.header.Get("Content-Encoding") != "" {
			t.Fatalf("Accept-Encoding %q: Content-Encoding %q", accept, r.header.Get("Content-Encoding"))
		}
	}
	if r := ts.get("/healthz", "Accept-Encoding", "gzip"); r.header.Get("Content-Encoding") != "" {
		t.Fatal("a tiny answer is gzipped")
	}
}

func TestSecurityHeaders(t *testing.T) {
	ts := newTestServer(t)
	for _, path := range []string{"/v1/stats", "/v1/nowhere", "/healthz", "/openapi.json"} {
		r := ts.get(path)
		if r.header.Get("X-Content-Type-Options") != "nosniff" || r.header.Get("Referrer-Policy") != "no-referrer" {
			t.Errorf("GET %s: %v", path, r.header)
		}
	}
}

func TestMetrics(t *testing.T) {
	ts := newTestServer(t)
	ts.get("/v1/entities/Q30").want(t, http.StatusOK)
	ts.get("/v1/entities/Atlantis").want(t, http.StatusNotFound)
	ts.do("BREW", "/v1/stats")
	r := ts.get("/metrics").want(t, http.StatusOK)
	body := string(r.body)
	for _, want := range []string{
		`geokg_http_requests_total{method="GET",route="/v1/entities/:id",status="200"} 1`,
		`geokg_http_requests_total{method="GET",route="/v1/entities/:id",status="404"} 1`,
		`geokg_http_requests_total{method="other",route="other",status="405"} 1`,
		`geokg_http_request_duration_seconds_bucket{route="/v1/entities/:id",le="+Inf"} 2`,
		"geokg_http_requests_in_flight",
		"go_goroutines",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if !strings.HasPrefix(r.header.Get("Content-Type"), "text/plain") {
		t.Errorf("/metrics: Content-Type %q", r.header.Get("Content-Type"))
	}
}

// served starts a server with ListenAndServe's http.Server on a loopback
// port and returns its address.
func served(t *testing.T, opts api.Options) string {
	t.Helper()
	srv := api.New(&query.Service{Store: loadFixtures(t), Vocabulary: ontology.Default()}, opts)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
	return ln.Addr().String()
}

// raw sends a request as bytes and reads the answer.
func raw(t *testing.T, addr, request string) (*http.Response, []byte) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(c, request); err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, body
}

// TestErrorsBelowGin checks that what net/http refuses on its own is
// answered in the JSON error shape too.
func TestErrorsBelowGin(t *testing.T) {
	addr := served(t, api.Options{MaxHeaderBytes: 4 << 10})
	for _, tc := range []struct {
		name, request string
		status        int
	}{
		{"bad escape in the path", "GET /v1/entities/%zz HTTP/1.1\r\nHost: x\r\n\r\n", 400},
		{"headers too large", "GET /v1/stats HTTP/1.1\r\nHost: x\r\nX-Big: " + strings.Repeat("a", 8<<10) + "\r\n\r\n", 431},
		{"request line too long", "GET /v1/stats?q=" + strings.Repeat("a", 8<<10) + " HTTP/1.1\r\nHost: x\r\n\r\n", 431},
		{"malformed header", "GET /v1/stats HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n", 400},
		{"no host", "GET /v1/stats HTTP/1.1\r\n\r\n", 400},
		{"bad method", "G(T /v1/stats HTTP/1.1\r\nHost: x\r\n\r\n", 400},
		{"bad transfer encoding", "GET /v1/stats HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: zip\r\n\r\n", 501},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, body := raw(t, addr, tc.request)
			var e apiError
			if err := json.Unmarshal(body, &e); err != nil || res.StatusCode != tc.status || e.Error.Code != "invalid" || e.Error.Message == "" || e.Error.Details == nil {
				t.Fatalf("%d %q: %s (%v)", res.StatusCode, res.Header.Get("Content-Type"), body, err)
			}
			if !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
				t.Fatalf("Content-Type %q", res.Header.Get("Content-Type"))
			}
		})
	}
	// The same connection answers normal requests as before.
	res, body := raw(t, addr, "GET /v1/stats HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	if res.StatusCode != http.StatusOK || !json.Valid(body) {
		t.Fatalf("GET /v1/stats: %d %s", res.StatusCode, body)
	}
}

// TestServerTimeouts checks that a client that sends its headers too slowly
// is cut off, by the limit Options set.
func TestServerTimeouts(t *testing.T) {
	addr := served(t, api.Options{ReadHeaderTimeout: 200 * time.Millisecond})
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	fmt.Fprint(c, "GET /v1/stats HTTP/1.1\r\nHost: x\r\n") // and never the blank line
	_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
	start := time.Now()
	_, err = io.ReadAll(c)
	if d := time.Since(start); err != nil || d > 3*time.Second {
		t.Fatalf("slow headers: closed after %v (%v)", d, err)
	}
}
