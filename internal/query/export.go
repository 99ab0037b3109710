package query

import (
	"cmp"
	"context"
	"net/url"
	"slices"

	"github.com/geokg/geokg/internal/export"
	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/ontology"
)

// FormatJSON is the default format of the operations that take a format
// parameter: their own JSON response.
const FormatJSON = "json"

// formats are the allowed values of the format parameter, by operation.
var formats = map[Operation][]string{
	OpNeighbors: {FormatJSON, "cytoscape"},
	OpTimeline:  {FormatJSON, "timelinejs", "vis", FormatCSV, FormatBucketsCSV, FormatSeries},
	OpExport:    export.Names(),
}

// Formats returns the allowed values of op's format parameter; nil when op
// takes none.
func Formats(op Operation) []string { return slices.Clone(formats[op]) }

// format reads the format parameter of op: FormatJSON when absent, except
// for OpExport, where it is required.
func (r *reader) format(op Operation) string {
	if op == OpExport {
		r.required("format")
	}
	return r.enum("format", FormatJSON, formats[op])
}

// Subgraph returns the neighbourhood for an export (cytoscape): the
// center, the entities reached and the relations of the page asked for
// (limit and cursor apply); a client that wants more pages follows
// next_cursor in json.
func (r *NeighborsResponse) Subgraph() *export.Subgraph {
	return &export.Subgraph{
		Title:     "Neighbourhood of " + r.Center.Name,
		Nodes:     append([]graph.Entity{r.Center}, r.Nodes...),
		Relations: plain(r.Relations),
	}
}

// Subgraph returns the page of events for an export: the timeline formats
// (timelinejs, vis) hold the events of the page asked for (limit and cursor
// apply) and no buckets; a client that wants more pages follows
// next_cursor in json. Its nodes are the entity, with, and the other
// entities the events involve, known only by their names.
func (r *TimelineResponse) Subgraph() *export.Subgraph {
	g := &export.Subgraph{Title: "Timeline of " + r.Entity.Name, Nodes: []graph.Entity{r.Entity}, Relations: plain(r.Events)}
	if r.With != nil {
		g.Title += " and " + r.With.Name
		g.Nodes = append(g.Nodes, *r.With)
	}
	seen := map[string]bool{}
	for _, e := range g.Nodes {
		seen[e.ID] = true
	}
	add := func(id, name string) {
		if !seen[id] {
			seen[id] = true
			g.Nodes = append(g.Nodes, graph.Entity{ID: id, Name: cmp.Or(name, id)})
		}
	}
	for _, ev := range r.Events {
		add(ev.From, ev.SourceName)
		add(ev.To, ev.TargetName)
		for _, p := range ev.Participants {
			add(p.Entity, p.Name)
		}
	}
	return g
}

// plain returns the relations without their names.
func plain(rs []Relation) []graph.Relation {
	out := make([]graph.Relation, len(rs))
	for i, r := range rs {
		out[i] = r.Relation
	}
	return out
}

// ExportRequest asks Export for the whole graph or the neighbourhood of an
// entity, to write in an export format.
type ExportRequest struct {
	Format    string          // one of export.Names(): the caller writes the export in it
	Entity    string          // the center of the neighbourhood (id, QID or any name); "" for the whole graph
	Depth     int             // with Entity: from IntMin to DepthMax
	Direction graph.Direction // with Entity
	Filter    graph.Filter
}

// ParseExport reads the parameters of `geokg export`: format (required,
// one of export.Names()), entity, depth and direction (only with entity),
// and the filters, whose type names voc knows (nil: ontology.Default()).
func ParseExport(voc *ontology.Vocabulary, values url.Values) (ExportRequest, error) {
	r := newReader(OpExport, values, voc)
	req := ExportRequest{
		Format:    r.format(OpExport),
		Entity:    r.one("entity"),
		Depth:     r.int("depth", DepthDefault, DepthMax),
		Direction: r.direction(),
	}
	if req.Entity == "" {
		for _, name := range []string{"depth", "direction"} {
			if r.one(name) != "" {
				r.fail(invalid(name, nil, "%s needs entity: it shapes the neighbourhood of an entity", name))
			}
		}
	}
	req.Filter = r.filter()
	return parsed(r, req)
}

// Export reads what `geokg export` writes: the neighbourhood of
// req.Entity, not limited, or the whole graph, read a page at a time (see
// export.Whole).
// Each relation is shown as req.Filter shows it (graph.Filter.View).
func (s *Service) Export(ctx context.Context, req ExportRequest) (*export.Subgraph, error) {
	g, err := s.export(ctx, req)
	if err != nil {
		return nil, err
	}
	for i := range g.Relations {
		req.Filter.View(&g.Relations[i])
	}
	return g, nil
}

func (s *Service) export(ctx context.Context, req ExportRequest) (*export.Subgraph, error) {
	if req.Entity == "" {
		return export.Whole(ctx, s.Store, req.Filter, "geokg graph")
	}
	center, err := s.resolve(ctx, "entity", req.Entity)
	if err != nil {
		return nil, err
	}
	q := graph.NeighborQuery{ID: center.ID, Depth: req.Depth, Direction: req.Direction, Filter: req.Filter}
	return export.Neighborhood(ctx, s.Store, q, "Neighbourhood of "+center.Name)
}
