package export

import (
	"io"
	"strings"

	"github.com/geokg/geokg/internal/graph"
)

// Format is one export format.
type Format struct {
	Name        string // as --format and the API's format parameter say it
	Extension   string // of its files
	ContentType string
	// Document builds the JSON document of a JSON format (nil for the
	// others): the API answers with it, Write encodes it.
	Document func(g *Subgraph) any
	write    func(w io.Writer, g *Subgraph) error
}

// Write writes g in the format.
func (f Format) Write(w io.Writer, g *Subgraph) error {
	if f.write != nil {
		return f.write(w, g)
	}
	return writeJSON(w, f.Document(g))
}

var formats = []Format{
	{Name: "graphml", Extension: ".graphml", ContentType: "application/graphml+xml", write: WriteGraphML},
	{Name: "gexf", Extension: ".gexf", ContentType: "application/gexf+xml", write: WriteGEXF},
	{Name: "cytoscape", Extension: ".cyjs", ContentType: "application/json", Document: func(g *Subgraph) any { return Cytoscape(g) }},
	{Name: "csv", Extension: ".zip", ContentType: "application/zip", write: WriteCSV},
	{Name: "timelinejs", Extension: ".json", ContentType: "application/json", Document: func(g *Subgraph) any { return TimelineJS(g) }},
	{Name: "vis", Extension: ".json", ContentType: "application/json", Document: func(g *Subgraph) any { return Vis(g) }},
}

// Names lists the formats' names.
func Names() []string {
	out := make([]string, len(formats))
	for i, f := range formats {
		out[i] = f.Name
	}
	return out
}

// Lookup returns the format of a name; EInvalid listing the names (detail
// "allowed") when there is none.
func Lookup(name string) (Format, error) {
	for _, f := range formats {
		if f.Name == name {
			return f, nil
		}
	}
	return Format{}, graph.Errorf(graph.EInvalid, "unknown export format %q: want one of %s", name, strings.Join(Names(), ", ")).
		With("allowed", Names())
}
