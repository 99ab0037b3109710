package export

import (
	"archive/zip"
	"encoding/csv"
	"io"

	"github.com/geokg/geokg/internal/graph"
)

// csvTable writes a header and one row per x: the leading columns, then
// the fields (empty when absent).
func csvTable[T any](w io.Writer, lead []string, leadValues func(x *T) []string, fs []field[T], xs []T) error {
	cw := csv.NewWriter(w)
	header := append([]string{}, lead...)
	for _, f := range fs {
		header = append(header, f.name)
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	for i := range xs {
		row := leadValues(&xs[i])
		for j := range fs {
			v, _ := fs[j].present(&xs[i])
			row = append(row, text(v))
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvFiles are the tables of the csv format, in archive order: nodes (id
// and the node attributes) and edges (id, source, target and the edge
// attributes).
var csvFiles = []struct {
	name  string
	write func(w io.Writer, g *Subgraph) error
}{
	{"nodes.csv", func(w io.Writer, g *Subgraph) error {
		nodes := g.nodes()
		return csvTable(w, []string{"id"}, func(e *graph.Entity) []string { return []string{e.ID} }, nodeFields(nodes), nodes)
	}},
	{"edges.csv", func(w io.Writer, g *Subgraph) error {
		return csvTable(w, []string{"id", "source", "target"},
			func(r *edge) []string { return []string{r.ID, r.From, r.To} }, edgeFields, g.edges())
	}},
}

// WriteCSV writes g as a zip archive of nodes.csv and edges.csv. The
// archive holds no timestamps: the same graph makes the same bytes.
func WriteCSV(w io.Writer, g *Subgraph) error { return writeCSV(w, g, false) }

// WriteCSVWithBOM is WriteCSV with each file starting with a UTF-8 byte
// order mark, without which Excel reads UTF-8 (Arabic names) as its local
// code page.
func WriteCSVWithBOM(w io.Writer, g *Subgraph) error { return writeCSV(w, g, true) }

// utf8BOM is the byte order mark of UTF-8.
const utf8BOM = "\ufeff"

func writeCSV(w io.Writer, g *Subgraph, bom bool) error {
	zw := zip.NewWriter(w)
	for _, f := range csvFiles {
		fw, err := zw.Create(f.name)
		if err != nil {
			return err
		}
		if bom {
			if _, err := io.WriteString(fw, utf8BOM); err != nil {
				return err
			}
		}
		if err := f.write(fw, g); err != nil {
			return err
		}
	}
	return zw.Close()
}
