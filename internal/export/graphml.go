package export

import (
	"encoding/xml"
	"io"
)

// GraphML namespace.
const graphmlNS = "http://graphml.graphdrawing.org/xmlns"

type gmlDoc struct {
	XMLName xml.Name `xml:"graphml"`
	NS      string   `xml:"xmlns,attr"`
	Desc    string   `xml:"desc,omitempty"`
	Keys    []gmlKey `xml:"key"`
	Graph   gmlGraph `xml:"graph"`
}

type gmlKey struct {
	ID   string `xml:"id,attr"`
	For  string `xml:"for,attr"`
	Name string `xml:"attr.name,attr"`
	Type string `xml:"attr.type,attr"`
}

type gmlGraph struct {
	ID          string    `xml:"id,attr"`
	EdgeDefault string    `xml:"edgedefault,attr"`
	Nodes       []gmlNode `xml:"node"`
	Edges       []gmlEdge `xml:"edge"`
}

type gmlNode struct {
	ID   string    `xml:"id,attr"`
	Data []gmlData `xml:"data"`
}

type gmlEdge struct {
	ID     string    `xml:"id,attr"`
	Source string    `xml:"source,attr"`
	Target string    `xml:"target,attr"`
	Data   []gmlData `xml:"data"`
}

type gmlData struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}

// gmlTypes maps field types to GraphML's attr.type.
var gmlTypes = map[string]string{"string": "string", "int": "int", "double": "double"}

// gmlData returns the data elements of x's present fields; keys are the
// field names after prefix.
func gmlValues[T any](fs []field[T], prefix string, x *T) []gmlData {
	var out []gmlData
	for i := range fs {
		if v, ok := fs[i].present(x); ok {
			out = append(out, gmlData{Key: prefix + fs[i].name, Value: text(v)})
		}
	}
	return out
}

func gmlKeys[T any](fs []field[T], prefix, on string) []gmlKey {
	out := make([]gmlKey, len(fs))
	for i, f := range fs {
		out[i] = gmlKey{ID: prefix + f.name, For: on, Name: f.name, Type: gmlTypes[f.typ]}
	}
	return out
}

// WriteGraphML writes g as a directed GraphML graph: node ids are entity
// ids and edge ids relation ids; keys are declared for every attribute
// (node keys n_NAME, edge keys e_NAME).
func WriteGraphML(w io.Writer, g *Subgraph) error {
	nodes, edges := g.nodes(), g.edges()
	nf := nodeFields(nodes)
	doc := gmlDoc{NS: graphmlNS, Desc: g.Title,
		Keys:  append(gmlKeys(nf, "n_", "node"), gmlKeys(edgeFields, "e_", "edge")...),
		Graph: gmlGraph{ID: "geokg", EdgeDefault: "directed"}}
	for i := range nodes {
		doc.Graph.Nodes = append(doc.Graph.Nodes, gmlNode{ID: nodes[i].ID, Data: gmlValues(nf, "n_", &nodes[i])})
	}
	for i := range edges {
		r := &edges[i]
		doc.Graph.Edges = append(doc.Graph.Edges, gmlEdge{ID: r.ID, Source: r.From, Target: r.To, Data: gmlValues(edgeFields, "e_", r)})
	}
	return writeXML(w, doc)
}

// writeXML writes an XML document with its declaration.
func writeXML(w io.Writer, doc any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
