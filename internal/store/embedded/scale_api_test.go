package embedded

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/geokg/geokg/internal/api"
	"github.com/geokg/geokg/internal/query"
)

// apiClients is how many requests api keeps in flight.
const apiClients = 8

// api times GET /v1/paths (4 hops, k = 1, random pairs of entities) over
// HTTP from a server on a loopback port, apiClients requests in flight,
// against the query service asked such requests in process by as many
// goroutines, each pass new pairs: the ratio of their rates is what HTTP
// and JSON leave of the service's (http-share is the share of a request's
// time they take). The
// client asks without compression, as a client on the same host would
// (gzip-req/s and gzip-share: asking for gzip, which the client then
// decompresses on the same two cores).
func (g *scaleGraph) api(b *testing.B, pairs int) {
	svc := &query.Service{Store: g.store(b)}
	srv := httptest.NewServer(api.New(svc, api.Options{}).Handler())
	defer srv.Close()
	plain := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: apiClients, DisableCompression: true}}
	gzipped := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: apiClients}}
	rng := rand.New(rand.NewPCG(7, 7))
	// rate runs ask on pairs requests of new random pairs, apiClients at
	// a time, and returns the requests answered a second.
	rate := func(ask func(v url.Values) error) float64 {
		reqs := make([]url.Values, pairs)
		for i := range reqs {
			f, t := rng.IntN(len(g.ix.ids)), rng.IntN(len(g.ix.ids)-1)
			if t >= f { // any entity but f
				t++
			}
			reqs[i] = url.Values{"from": {g.ix.ids[f]}, "to": {g.ix.ids[t]}, "max_hops": {"4"}, "k": {"1"}}
		}
		var next atomic.Int64
		var wg sync.WaitGroup
		errs := make(chan error, apiClients)
		start := time.Now()
		for range apiClients {
			wg.Go(func() {
				for i := next.Add(1) - 1; i < int64(len(reqs)); i = next.Add(1) - 1 {
					if err := ask(reqs[i]); err != nil {
						errs <- err
						return
					}
				}
			})
		}
		wg.Wait()
		took := time.Since(start)
		close(errs)
		if err := <-errs; err != nil {
			b.Fatal(err)
		}
		return float64(len(reqs)) / took.Seconds()
	}
	inProcess := func(v url.Values) error {
		req, err := query.ParsePaths(nil, v)
		if err == nil {
			_, err = svc.Paths(context.Background(), req)
		}
		return err
	}
	overHTTP := func(client *http.Client) func(v url.Values) error {
		return func(v url.Values) error { return fetch(client, srv.URL+"/v1/paths?"+v.Encode()) }
	}
	// Two passes open the connections and fill what the store keeps of
	// its reads, as a server's requests before would have.
	rate(overHTTP(plain))
	rate(overHTTP(gzipped))
	var service, overhttp, gzip float64
	for range b.N {
		resetPeak()
		service += rate(inProcess)
		overhttp += rate(overHTTP(plain))
		gzip += rate(overHTTP(gzipped))
		reportPeak(b)
	}
	service, overhttp, gzip = service/float64(b.N), overhttp/float64(b.N), gzip/float64(b.N)
	b.ReportMetric(overhttp, "http-req/s")
	b.ReportMetric(gzip, "gzip-req/s")
	b.ReportMetric(service, "service-req/s")
	b.ReportMetric(overhttp/service, "ratio")
	b.ReportMetric(1-overhttp/service, "http-share")
	b.ReportMetric(1-gzip/service, "gzip-share")
}

// fetch asks for url and reads the whole answer: an error unless 200 OK.
func fetch(client *http.Client, url string) error {
	resp, err := client.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return nil
}
