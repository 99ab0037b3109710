package export

import (
	"encoding/xml"
	"io"

	"github.com/geokg/geokg/internal/graph"
)

// GEXF 1.3 namespace.
const gexfNS = "http://gexf.net/1.3"

type gexfDoc struct {
	XMLName xml.Name  `xml:"gexf"`
	NS      string    `xml:"xmlns,attr"`
	Version string    `xml:"version,attr"`
	Meta    gexfMeta  `xml:"meta"`
	Graph   gexfGraph `xml:"graph"`
}

type gexfMeta struct {
	Creator     string `xml:"creator"`
	Description string `xml:"description,omitempty"`
}

type gexfGraph struct {
	Mode            string      `xml:"mode,attr"`
	DefaultEdgeType string      `xml:"defaultedgetype,attr"`
	TimeFormat      string      `xml:"timeformat,attr"`
	Attributes      []gexfAttrs `xml:"attributes"`
	Nodes           []gexfNode  `xml:"nodes>node"`
	Edges           []gexfEdge  `xml:"edges>edge"`
}

type gexfAttrs struct {
	Class string     `xml:"class,attr"`
	Mode  string     `xml:"mode,attr"`
	Attrs []gexfAttr `xml:"attribute"`
}

type gexfAttr struct {
	ID    string `xml:"id,attr"`
	Title string `xml:"title,attr"`
	Type  string `xml:"type,attr"`
}

type gexfNode struct {
	ID     string      `xml:"id,attr"`
	Label  string      `xml:"label,attr"`
	Values []gexfValue `xml:"attvalues>attvalue"`
}

type gexfEdge struct {
	ID     string      `xml:"id,attr"`
	Source string      `xml:"source,attr"`
	Target string      `xml:"target,attr"`
	Label  string      `xml:"label,attr"`
	Start  string      `xml:"start,attr,omitempty"`
	End    string      `xml:"end,attr,omitempty"`
	Values []gexfValue `xml:"attvalues>attvalue"`
}

type gexfValue struct {
	For   string `xml:"for,attr"`
	Value string `xml:"value,attr"`
}

// gexfTypes maps field types to GEXF's attribute types.
var gexfTypes = map[string]string{"string": "string", "int": "integer", "double": "double"}

func gexfDecl[T any](fs []field[T], class string) gexfAttrs {
	a := gexfAttrs{Class: class, Mode: "static"}
	for _, f := range fs {
		a.Attrs = append(a.Attrs, gexfAttr{ID: f.name, Title: f.name, Type: gexfTypes[f.typ]})
	}
	return a
}

func gexfValues[T any](fs []field[T], x *T) []gexfValue {
	var out []gexfValue
	for i := range fs {
		if v, ok := fs[i].present(x); ok {
			out = append(out, gexfValue{For: fs[i].name, Value: text(v)})
		}
	}
	return out
}

// Span returns the first and last day of r for a dynamic graph: an event's
// days (start = end for a single day), an interval's first to last day;
// "" where r is open (an open interval has no end, an undated relation
// neither).
func Span(r *graph.Relation) (start, end string) {
	if r.Date.IsZero() {
		return "", ""
	}
	if end = r.Hi(); end == graph.DayMax {
		end = ""
	}
	return r.Lo(), end
}

// WriteGEXF writes g as a dynamic GEXF 1.3 graph (timeformat date): edges
// carry start and end days (see Span) and their attributes as attvalues;
// nodes are always present.
func WriteGEXF(w io.Writer, g *Subgraph) error {
	nodes, edges := g.nodes(), g.edges()
	nf := nodeFields(nodes)
	doc := gexfDoc{NS: gexfNS, Version: "1.3", Meta: gexfMeta{Creator: "geokg", Description: g.Title},
		Graph: gexfGraph{Mode: "dynamic", DefaultEdgeType: "directed", TimeFormat: "date",
			Attributes: []gexfAttrs{gexfDecl(nf, "node"), gexfDecl(edgeFields, "edge")}}}
	for i := range nodes {
		e := &nodes[i]
		doc.Graph.Nodes = append(doc.Graph.Nodes, gexfNode{ID: e.ID, Label: e.Name, Values: gexfValues(nf, e)})
	}
	for i := range edges {
		r := &edges[i]
		start, end := Span(&r.Relation)
		doc.Graph.Edges = append(doc.Graph.Edges, gexfEdge{ID: r.ID, Source: r.From, Target: r.To, Label: r.Type,
			Start: start, End: end, Values: gexfValues(edgeFields, r)})
	}
	return writeXML(w, doc)
}
