package cli

import (
	"fmt"
	"log/slog"
	"net/url"
	"time"

	"github.com/spf13/cobra"

	"github.com/geokg/geokg/internal/api"
	"github.com/geokg/geokg/internal/importer"
	"github.com/geokg/geokg/internal/query"
)

func (e *env) serveCommand() *cobra.Command {
	var addr string
	var imports []string
	var timeout time.Duration
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the REST API (optionally importing files first)",
		Example: `  geokg serve --import fixtures/gazetteer.yaml,fixtures/articles,fixtures/events   # import, then serve
  geokg serve --addr 127.0.0.1:9000`,
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
				for _, p := range sum.Problems {
					fmt.Fprintln(e.stderr, p)
				}
				if err != nil {
					return err
				}
				fmt.Fprintln(e.stdout, summaryLine(sum, false))
			}
			logger := slog.New(slog.NewJSONHandler(e.stderr, nil))
			srv := api.New(&query.Service{Store: s, Vocabulary: vocab}, api.Options{
				Logger: logger, RequestTimeout: timeout, Ready: s.Ping,
			})
			base := "http://" + addr
			fmt.Fprintf(e.stdout, "serving on %s — try:\n", base)
			for _, ex := range []string{
				"/v1/paths?from=" + url.QueryEscape("كتائب حزب الله") + "&to=Q30",
				"/v1/paths?from=Iran&to=United%20States&max_hops=4",
				"/v1/timeline?entity=Q30&with=Q796",
				"/v1/timeline?entity=Q30&with=Q796&bucket=year",
				"/v1/entities/" + url.PathEscape("واشنطن"),
				"/v1/entities?q=hezbollah",
				"/openapi.json",
			} {
				fmt.Fprintf(e.stdout, "  %s%s\n", base, ex)
			}
			return srv.ListenAndServe(ctx, addr)
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "address to listen on (HOST:PORT)")
	cmd.Flags().StringSliceVar(&imports, "import", nil, "files or folders to import before serving")
	cmd.Flags().DurationVar(&timeout, "request-timeout", 10*time.Second, "time limit for one request")
	return cmd
}
