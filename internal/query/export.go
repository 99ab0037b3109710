package query

import (
	"cmp"
	"context"
	"net/url"
	"slices"

	"github.com/geokg/geokg/internal/export"
	"github.com/geokg/geokg/internal/graph"
)

// FormatJSON is the default format of the operations that take a format
// parameter: their own JSON response.
const FormatJSON = "json"

// formats are the allowed values of the format parameter, by operation.
var formats = map[Operation][]string{
	OpNeighbors: {FormatJSON, "cytoscape"},
	OpTimeline:  {FormatJSON, "timelinejs", "vis"},
	OpExport:    export.Names(),
}

// Formats returns the allowed values of op's format parameter; nil when op
// takes none.
func Formats(op Operation) []string { return slices.Clone(formats[op]) }

// format reads the format parameter of op: FormatJSON when absent, except
// for OpExport, where it is required.
func (p params) format(op Operation) (string, error) {
	if op == OpExport {
		if _, err := p.required("format"); err != nil {
			return "", err
		}
	}
	return p.enum("format", FormatJSON, formats[op])
}

// formatted returns res, the JSON answer of op, in the format values ask
// for: res itself for json, else the export document of sub() (formats
// other than json all have one).
func formatted[R any](op Operation, values url.Values, res R, sub func() *export.Subgraph) (any, error) {
	name, err := params(values).format(op)
	if err != nil || name == FormatJSON {
		return res, err
	}
	f, err := export.Lookup(name)
	if err != nil {
		return nil, err
	}
	return f.Document(sub()), nil
}

// NeighborsAs is Neighbors in the format its format parameter asks for:
// the NeighborsResponse for json (the default), Cytoscape.js elements for
// cytoscape.
func (s *Service) NeighborsAs(ctx context.Context, ref string, values url.Values) (any, error) {
	res, err := s.Neighbors(ctx, ref, values)
	if err != nil {
		return nil, err
	}
	return formatted(OpNeighbors, values, res, res.Subgraph)
}

// TimelineAs is Timeline in the format its format parameter asks for: the
// TimelineResponse for json (the default), a TimelineJS document for
// timelinejs, vis-timeline items and groups for vis. The other formats hold
// the events of the page asked for (limit and cursor apply) and no buckets;
// a client that wants more pages follows next_cursor in json.
func (s *Service) TimelineAs(ctx context.Context, values url.Values) (any, error) {
	res, err := s.Timeline(ctx, values)
	if err != nil {
		return nil, err
	}
	return formatted(OpTimeline, values, res, res.Subgraph)
}

// Subgraph returns the neighbourhood for an export: the center, the
// entities reached and the relations.
func (r *NeighborsResponse) Subgraph() *export.Subgraph {
	return &export.Subgraph{
		Title:     "Neighbourhood of " + r.Center.Name,
		Nodes:     append([]graph.Entity{r.Center}, r.Nodes...),
		Relations: plain(r.Relations),
	}
}

// Subgraph returns the page of events for an export. Its nodes are the
// entity, with, and the other entities the events involve, known only by
// their names.
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
		add(ev.Source, ev.SourceName)
		add(ev.Target, ev.TargetName)
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

// Export reads what `geokg export` writes: parameters format (required,
// one of export.Names()), entity (its neighbourhood; the whole graph when
// absent), depth and direction (only with entity), and the filters. A
// neighbourhood is not limited; the whole graph is read a page at a time
// (see export.Whole).
func (s *Service) Export(ctx context.Context, values url.Values) (export.Format, *export.Subgraph, error) {
	fail := func(err error) (export.Format, *export.Subgraph, error) { return export.Format{}, nil, err }
	if err := CheckParameters(OpExport, values); err != nil {
		return fail(err)
	}
	p := params(values)
	name, err := p.format(OpExport)
	if err != nil {
		return fail(err)
	}
	f, err := export.Lookup(name)
	if err != nil {
		return fail(err)
	}
	ref, err := p.one("entity")
	if err != nil {
		return fail(err)
	}
	q := graph.NeighborQuery{}
	if q.Depth, err = p.intIn("depth", DepthDefault, 1, DepthMax); err != nil {
		return fail(err)
	}
	dir, err := p.enum("direction", string(graph.Any), Directions)
	if err != nil {
		return fail(err)
	}
	q.Direction = graph.Direction(dir)
	if ref == "" {
		for _, name := range []string{"depth", "direction"} {
			if v, _ := p.one(name); v != "" {
				return fail(invalid(name, nil, "%s needs entity: it shapes the neighbourhood of an entity", name))
			}
		}
	}
	if q.Filter, err = p.filter(s.vocabulary()); err != nil {
		return fail(err)
	}
	var g *export.Subgraph
	if ref == "" {
		g, err = export.Whole(ctx, s.Store, q.Filter, "geokg graph")
	} else {
		var center graph.Entity
		if center, err = s.resolve(ctx, "entity", ref); err != nil {
			return fail(err)
		}
		q.ID = center.ID
		g, err = export.Neighborhood(ctx, s.Store, q, "Neighbourhood of "+center.Name)
	}
	if err != nil {
		return fail(err)
	}
	return f, g, nil
}
