package cli

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"maps"
	"net"
	"net/url"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/geokg/geokg/internal/api"
	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/importer"
	"github.com/geokg/geokg/internal/query"
)

func (e *env) serveCommand() *cobra.Command {
	var addr string
	var imports []string
	var timeout, maxAge time.Duration
	var origins []string
	var keysForReads bool
	var maxBody int64
	var rateLimit float64
	var rateBurst int
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the REST API and the workbench (optionally importing files first)",
		Long: `Serve the REST API and the analyst's workbench. Once it listens, it prints
its address and example URLs that name entities of the graph it serves.

Writes over HTTP (POST /v1/sources, DELETE /v1/sources/ID, POST
/v1/decisions) need an API key of scope write (geokg keys create), sent as
Authorization: Bearer gk_…; queries need a key of scope read only with
--keys-for-reads. The default address is loopback only.`,
		Example: `  geokg serve --import fixtures/gazetteer.yaml,fixtures/articles,fixtures/events   # import, then serve
  geokg serve --addr 127.0.0.1:9000
  GEOKG_ADDR=0.0.0.0:8080 geokg serve`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			vocab, s, err := e.open(ctx, len(imports) > 0) // an import creates the store file
			if err != nil {
				return err
			}
			defer s.Close()
			if len(imports) > 0 {
				files, err := importer.Files(imports)
				if err != nil {
					return err
				}
				sum, err := (&importer.Importer{Store: s, Vocabulary: vocab}).Run(ctx, files)
				for _, line := range sum.Problems.Lines(warningsShown) {
					fmt.Fprintln(e.stderr, line)
				}
				if err != nil {
					return err
				}
				fmt.Fprintln(e.stdout, summaryLine(sum, false))
			}
			logger := slog.New(slog.NewJSONHandler(e.stderr, nil))
			ready := s.Ping
			if r, ok := s.(interface{ Ready(context.Context) error }); ok { // not ready while the first index is built
				ready = r.Ready
			}
			srv := api.New(&query.Service{Store: s, Vocabulary: vocab}, api.Options{
				Logger: logger, RequestTimeout: timeout, Ready: ready,
				CORSOrigins: origins, CacheMaxAge: maxAge, KeysForReads: keysForReads, MaxBodyBytes: maxBody,
				RateLimit: rateLimit, RateBurst: rateBurst,
			})
			var lc net.ListenConfig
			ln, err := lc.Listen(ctx, "tcp", addr)
			if err != nil {
				return graph.Wrap(graph.EInvalid, err, "cannot listen on %s (choose another address with --addr or GEOKG_ADDR)", addr)
			}
			base := "http://" + ln.Addr().String()
			fmt.Fprintf(e.stdout, "serving on %s — the workbench is at %s/ — try:\n", base, base)
			for _, ex := range examples(ctx, s) {
				fmt.Fprintf(e.stdout, "  %s%s\n", base, ex)
			}
			defer warm(ctx, s, logger)()
			return srv.Serve(ctx, ln)
		},
	}
	cmd.Flags().StringVar(&addr, "addr", e.getenvOr("GEOKG_ADDR", "127.0.0.1:8080"), "address to listen on, HOST:PORT (env GEOKG_ADDR)")
	cmd.Flags().StringSliceVar(&imports, "import", nil, "files or folders to import before serving")
	cmd.Flags().DurationVar(&timeout, "request-timeout", api.DefaultRequestTimeout, "time limit for one request")
	cmd.Flags().StringSliceVar(&origins, "cors-origin", e.getenvList("GEOKG_CORS_ORIGINS"),
		"ORIGIN whose pages may read the API (scheme://host[:port], * for any; repeatable; env GEOKG_CORS_ORIGINS, comma-separated)")
	cmd.Flags().DurationVar(&maxAge, "cache-max-age", 0, "how long clients may reuse an answer without asking again (0: revalidate with the ETag every time)")
	cmd.Flags().BoolVar(&keysForReads, "keys-for-reads", false, "queries need an API key of scope read (writes always need one of scope write)")
	cmd.Flags().Int64Var(&maxBody, "max-upload-bytes", api.DefaultMaxBodyBytes, "the largest body a write may send (an upload)")
	cmd.Flags().Float64Var(&rateLimit, "rate-limit", 0, "requests a second each client (its key, else its IP address) may make to /v1; 0: no limit")
	cmd.Flags().IntVar(&rateBurst, "rate-burst", 20, "how many requests a client may make at once within --rate-limit")
	return cmd
}

// warm builds what the first path query of a store needs (the embedded
// store's index) in the background while the server starts; the function
// it returns stops waiting for it and returns once nothing more is logged.
func warm(ctx context.Context, s graph.Store, logger *slog.Logger) (stop func()) {
	w, ok := s.(interface{ Warm(context.Context) error })
	if !ok {
		return func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := w.Warm(ctx); err != nil && ctx.Err() == nil {
			logger.Warn("warming the graph index", "error", err.Error())
		}
	}()
	return func() {
		cancel()
		<-done
	}
}

// examplePage is how many relations examples reads to choose from.
const examplePage = 1000

// examples returns paths and queries of example URLs that name entities of
// s: the two entities of the most dated relations among the first
// examplePage, by id. Without such a pair (an empty graph, or one the
// store cannot read now) only the OpenAPI document is named.
func examples(ctx context.Context, s graph.Store) []string {
	out := []string{"/openapi.json"}
	rels, err := s.Relations(ctx, graph.RelationQuery{Limit: examplePage})
	if err != nil {
		return out
	}
	type pair struct{ a, b string }
	counts := map[pair]int{}
	for _, r := range rels {
		if !r.Date.IsZero() && r.From != r.To {
			counts[pair{min(r.From, r.To), max(r.From, r.To)}]++
		}
	}
	if len(counts) == 0 {
		return out
	}
	busiest := slices.MinFunc(slices.Collect(maps.Keys(counts)), func(p, q pair) int {
		return cmp.Or(cmp.Compare(counts[q], counts[p]), cmp.Compare(p.a, q.a), cmp.Compare(p.b, q.b))
	})
	a, err := s.Entity(ctx, busiest.a)
	if err != nil {
		return out
	}
	b, err := s.Entity(ctx, busiest.b)
	if err != nil {
		return out
	}
	q := url.QueryEscape
	return append([]string{
		"/v1/paths?from=" + q(a.ID) + "&to=" + q(b.ID) + "&max_hops=3",
		"/v1/timeline?entity=" + q(a.ID) + "&with=" + q(b.ID),
		"/v1/timeline?entity=" + q(a.ID) + "&with=" + q(b.ID) + "&bucket=year",
		"/v1/entities/" + url.PathEscape(otherName(a)) + "/neighbors",
		"/v1/entities?q=" + q(b.Name),
	}, out...)
}

// otherName is a name of e in a language other than English when it has
// one (a query by any name finds it), else its display name.
func otherName(e graph.Entity) string {
	for _, lang := range slices.Sorted(maps.Keys(e.Names)) {
		if lang != "en" && e.Names[lang] != "" {
			return e.Names[lang]
		}
	}
	return e.Name
}
