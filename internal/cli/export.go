package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/geokg/geokg/internal/export"
	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/query"
)

// exportSummary is what `geokg export` reports: the format, the file and
// what a reader of it must find.
type exportSummary struct {
	Format string `json:"format"`
	File   string `json:"file,omitempty"`
	export.Counts
}

func (e *env) exportCommand() *cobra.Command {
	var out string
	var bom bool
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write the graph, a time window of it or a neighbourhood as GraphML, GEXF, Cytoscape.js, CSV, TimelineJS or vis-timeline",
		Long: `Write the whole graph (every relation that matches the filters, with the
entities it involves) or the neighbourhood of one entity (--entity, --depth)
in a format other tools read:

  graphml     GraphML (networkx, yEd, Cytoscape desktop)
  gexf        GEXF 1.3, dynamic: edges carry start and end days (Gephi's time slider)
  cytoscape   Cytoscape.js elements JSON
  csv         a zip archive of nodes.csv and edges.csv (--bom for Excel)
  timelinejs  TimelineJS 3 JSON: one slide per dated relation
  vis         vis-timeline items and groups JSON

The export goes to standard output, or to the file -o names (written whole
or not at all). Then a summary says how many nodes, edges and dated events
it holds (--json for JSON), on standard output after -o, else on standard
error. A zip archive is not written to a terminal: give -o or redirect.

Each edge keeps every report of its relation: the source ids and URLs
(evidence_article, evidence_url, separated by spaces) and the quotes
(evidence_quote, one line per report).`,
		Example: `  geokg export --format graphml -o graph.graphml
  geokg export --format gexf --since 2019 --until 2021 -o window.gexf
  geokg export --format cytoscape --entity 'كتائب حزب الله' --depth 2 -o kh.cyjs
  geokg export --format timelinejs --types attacks,strikes_from_air > attacks.json
  geokg export --format csv -o graph.zip
  geokg export --format csv --bom -o graph.zip   # for Excel: UTF-8 with a byte order mark`,
		Args: cobra.NoArgs,
	}
	filterFlags(cmd)
	cmd.Flags().String("format", "", "required: "+strings.Join(query.Formats(query.OpExport), ", "))
	cmd.Flags().String("entity", "", "export the neighbourhood of this entity (key, QID or any name), not the whole graph")
	intFlag(cmd, "depth", query.DepthDefault, query.DepthMax, "with --entity: hops from it")
	directionFlag(cmd, "with --entity: ")
	cmd.Flags().StringVarP(&out, "output", "o", "", "write to this file (default: standard output)")
	cmd.Flags().BoolVar(&bom, "bom", false, "with --format csv: start each file with a UTF-8 byte order mark, so that Excel reads Arabic right")
	return e.queryCommand(cmd, func(ctx context.Context, svc *query.Service, _ []string) (any, error) {
		req, err := query.ParseExport(svc.Vocabulary, parameters(cmd, query.OpExport))
		if err != nil {
			return nil, err
		}
		f, err := export.Lookup(req.Format)
		if err != nil {
			return nil, err
		}
		write := f.Write
		switch {
		case bom && f.Name != "csv":
			return nil, graph.Errorf(graph.EInvalid, "--bom is for --format csv, not %s", f.Name).With("flag", "--bom")
		case bom:
			write = export.WriteCSVWithBOM
		}
		if out == "" && f.Name == "csv" && isTerminal(e.stdout) {
			return nil, graph.Errorf(graph.EInvalid, "--format csv writes a zip archive, not for a terminal: give -o FILE.zip or redirect standard output").With("flag", "--output")
		}
		g, err := svc.Export(ctx, req)
		if err != nil {
			return nil, err
		}
		sum := exportSummary{Format: f.Name, File: out, Counts: g.Counts()}
		if out != "" {
			return sum, writeFile(out, func(w io.Writer) error { return write(w, g) })
		}
		bw := bufio.NewWriter(e.stdout)
		if err := write(bw, g); err != nil {
			return nil, err
		}
		if err := bw.Flush(); err != nil {
			return nil, err
		}
		return sum, nil
	}, printExportSummary)
}

// besideData: without -o the export itself is on standard output.
func (s exportSummary) besideData() bool { return s.File == "" }

func printExportSummary(w io.Writer, v any) {
	s := v.(exportSummary)
	to := "standard output"
	if s.File != "" {
		to = s.File
	}
	fmt.Fprintf(w, "wrote %s to %s: %d nodes, %d edges, %d dated events\n", s.Format, to, s.Nodes, s.Edges, s.Events)
}

// writeFile writes a file whole or not at all: into a temporary file
// beside it, renamed over it once complete.
func writeFile(path string, write func(w io.Writer) error) error {
	fail := func(err error) error { return graph.Wrap(graph.EInvalid, err, "cannot write %s", path) }
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fail(err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing left to remove
	bw := bufio.NewWriter(tmp)
	if err := write(bw); err != nil {
		tmp.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		tmp.Close()
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		return fail(err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fail(err)
	}
	return nil
}
