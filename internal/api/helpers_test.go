package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/geokg/geokg/internal/api"
	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/importer"
	"github.com/geokg/geokg/internal/ontology"
	"github.com/geokg/geokg/internal/query"
	"github.com/geokg/geokg/internal/store/embedded"
)

// fixtureFiles are the annotated fixtures the acceptance questions are
// asked of.
var fixtureFiles = []string{"../../fixtures/gazetteer.yaml", "../../fixtures/articles"}

// config adjusts a test server.
type config struct {
	store graph.Store                   // nil: a new store loaded with the fixtures
	wrap  func(graph.Store) graph.Store // decorates the store, if set
	opts  api.Options
}

// testServer is an API server over a real store, with its logs.
type testServer struct {
	*httptest.Server
	t    *testing.T
	logs *syncBuffer
}

// newTestServer starts a server over a store loaded with the fixtures, as
// changed by the options.
func newTestServer(t *testing.T, options ...func(*config)) *testServer {
	t.Helper()
	var cfg config
	for _, o := range options {
		o(&cfg)
	}
	if cfg.store == nil {
		cfg.store = loadFixtures(t)
	}
	if cfg.wrap != nil {
		cfg.store = cfg.wrap(cfg.store)
	}
	logs := &syncBuffer{}
	if cfg.opts.Logger == nil {
		cfg.opts.Logger = slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	srv := api.New(&query.Service{Store: cfg.store, Vocabulary: ontology.Default()}, cfg.opts)
	ts := &testServer{Server: httptest.NewServer(srv.Handler()), t: t, logs: logs}
	t.Cleanup(ts.Close)
	return ts
}

// loadFixtures returns a new store holding the fixtures: a copy of a store
// file loaded once per test binary.
func loadFixtures(t *testing.T) graph.Store {
	t.Helper()
	fixtureOnce.Do(func() { fixtureDB, fixtureErr = buildFixtureDB() })
	if fixtureErr != nil {
		t.Fatal(fixtureErr)
	}
	path := filepath.Join(t.TempDir(), "graph.db")
	for _, suffix := range []string{"", "-wal"} { // the log is folded in on close; copied in case it is not
		data, err := os.ReadFile(fixtureDB + suffix)
		if errors.Is(err, fs.ErrNotExist) && suffix != "" {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path+suffix, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	s, err := embedded.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

var (
	fixtureOnce sync.Once
	fixtureDB   string
	fixtureErr  error
)

// buildFixtureDB imports the fixtures into a store file and closes it.
func buildFixtureDB() (string, error) {
	dir, err := os.MkdirTemp("", "geokg-api-test-")
	if err != nil {
		return "", err
	}
	cleanups = append(cleanups, func() { os.RemoveAll(dir) })
	path := filepath.Join(dir, "fixtures.db")
	ctx := context.Background()
	s, err := embedded.Open(ctx, path)
	if err != nil {
		return "", err
	}
	defer s.Close()
	files, err := importer.Files(fixtureFiles)
	if err != nil {
		return "", err
	}
	sum, err := (&importer.Importer{Store: s, Vocabulary: ontology.Default()}).Run(ctx, files)
	switch {
	case err != nil:
		return "", fmt.Errorf("importing the fixtures: %w", err)
	case sum.Errors > 0:
		return "", fmt.Errorf("importing the fixtures: %d errors, first: %v", sum.Errors, sum.Problems.Errors()[0])
	case sum.Articles == 0 || sum.Gazetteers == 0:
		return "", fmt.Errorf("importing the fixtures: %d articles and %d gazetteers", sum.Articles, sum.Gazetteers)
	}
	return path, s.Close()
}

// cleanups run after all tests.
var cleanups []func()

func TestMain(m *testing.M) {
	code := m.Run()
	for _, f := range cleanups {
		f()
	}
	os.Exit(code)
}

// response is an answer of the server.
type response struct {
	status int
	header http.Header
	body   []byte
}

// get sends a GET with optional header name/value pairs.
func (ts *testServer) get(path string, header ...string) *response {
	ts.t.Helper()
	return ts.do(http.MethodGet, path, header...)
}

func (ts *testServer) do(method, path string, header ...string) *response {
	ts.t.Helper()
	return ts.send(method, path, nil, header...)
}

// send sends a request with a body (nil: none) and optional header
// name/value pairs.
func (ts *testServer) send(method, path string, body []byte, header ...string) *response {
	ts.t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, ts.URL+path, rd)
	if err != nil {
		ts.t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := ts.Client().Do(req)
	if err != nil {
		ts.t.Fatal(err)
	}
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	if err != nil {
		ts.t.Fatal(err)
	}
	return &response{status: resp.StatusCode, header: resp.Header, body: got}
}

// decode reads the JSON body into v, failing the test when it is not JSON.
func (r *response) decode(t *testing.T, v any) {
	t.Helper()
	if ct := r.header.Get("Content-Type"); !bytes.HasPrefix([]byte(ct), []byte("application/json")) {
		t.Fatalf("Content-Type %q, want application/json; body %s", ct, r.body)
	}
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("body is not JSON: %v\n%s", err, r.body)
	}
}

// want checks the status.
func (r *response) want(t *testing.T, status int) *response {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d; body %s", r.status, status, r.body)
	}
	return r
}

// apiError is the body of an error response.
type apiError struct {
	Error struct {
		Code    string         `json:"code"`
		Message string         `json:"message"`
		Details map[string]any `json:"details"`
	} `json:"error"`
}

// errorBody checks the status and returns the error.
func (r *response) errorBody(t *testing.T, status int) apiError {
	t.Helper()
	r.want(t, status)
	var e apiError
	r.decode(t, &e)
	if e.Error.Code == "" || e.Error.Message == "" || e.Error.Details == nil {
		t.Fatalf("error body lacks code, message or details: %s", r.body)
	}
	return e
}

// syncBuffer collects logs written from the server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
