package export

// CytoscapeDoc is a Cytoscape.js elements document: pass Elements to
// cytoscape({elements}) or cy.add.
type CytoscapeDoc struct {
	Elements CytoscapeElements `json:"elements"`
}

// CytoscapeElements are the nodes and edges.
type CytoscapeElements struct {
	Nodes []CytoscapeElement `json:"nodes"`
	Edges []CytoscapeElement `json:"edges"`
}

// CytoscapeElement is one node or edge: its data (id, label and the
// attributes; source and target for edges).
type CytoscapeElement struct {
	Data map[string]any `json:"data"`
}

func cyData[T any](fs []field[T], x *T, data map[string]any) CytoscapeElement {
	for i := range fs {
		if v, ok := fs[i].present(x); ok {
			data[fs[i].name] = v
		}
	}
	return CytoscapeElement{Data: data}
}

// Cytoscape returns g as Cytoscape.js elements: nodes with id, label (the
// name) and the node attributes; edges with id, source, target, label (the
// type) and the edge attributes, numbers as numbers.
func Cytoscape(g *Subgraph) CytoscapeDoc {
	nodes, edges := g.nodes(), g.edges()
	nf := nodeFields(nodes)
	doc := CytoscapeDoc{CytoscapeElements{Nodes: []CytoscapeElement{}, Edges: []CytoscapeElement{}}}
	for i := range nodes {
		e := &nodes[i]
		doc.Elements.Nodes = append(doc.Elements.Nodes, cyData(nf, e, map[string]any{"id": e.ID, "label": e.Name}))
	}
	for i := range edges {
		r := &edges[i]
		doc.Elements.Edges = append(doc.Elements.Edges, cyData(edgeFields, r,
			map[string]any{"id": r.ID, "source": r.From, "target": r.To, "label": words(r.Type)}))
	}
	return doc
}
