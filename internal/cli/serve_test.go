package cli_test

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/cli"
)

// TestServeExamples serves the fixtures on a free port: the banner comes
// once the server listens, and every example URL it prints answers 200.
func TestServeExamples(t *testing.T) {
	db := importedDB(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r, w := io.Pipe()
	done := make(chan int)
	go func() {
		env := func(k string) string {
			return map[string]string{"GEOKG_DB": db, "GEOKG_ADDR": "127.0.0.1:0"}[k]
		}
		done <- cli.Run(ctx, []string{"serve"}, env, strings.NewReader(""), w, io.Discard)
		w.Close()
	}()
	lines := bufio.NewScanner(r)
	if !lines.Scan() || !strings.HasPrefix(lines.Text(), "serving on http://127.0.0.1:") {
		t.Fatalf("first line %q", lines.Text())
	}
	var urls []string
	for lines.Scan() {
		u := strings.TrimSpace(lines.Text())
		urls = append(urls, u)
		if strings.HasSuffix(u, "/openapi.json") {
			break
		}
	}
	if len(urls) < 5 || !strings.Contains(strings.Join(urls, "\n"), "entity=Q30&with=Q796") {
		t.Fatalf("example URLs: %v", urls)
	}
	for _, u := range urls {
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: %d %s", u, resp.StatusCode, body)
		}
	}
	go io.Copy(io.Discard, r)
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("serve: exit %d after the context ended", code)
	}
}

// TestServeBusyPort checks that serve on a port in use fails before it
// prints any banner.
func TestServeBusyPort(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	code, out, stderr := geokg(t, importedDB(t), "serve", "--addr", ln.Addr().String())
	if code != 2 || out != "" || !strings.Contains(stderr, "cannot listen on "+ln.Addr().String()) || !strings.Contains(stderr, "GEOKG_ADDR") {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit 2, no banner, the address", code, out, stderr)
	}
}
