package export

import (
	"cmp"
	"context"
	"encoding/json"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/geokg/geokg/internal/graph"
)

// Subgraph is what an export holds: entities and relations. Every entity a
// relation involves should be among Nodes (writers fall back on the id for
// a name they lack). Writers sort copies; the caller's order is free.
type Subgraph struct {
	Title     string // what the export shows: the TimelineJS title slide, the GEXF and GraphML description
	Nodes     []graph.Entity
	Relations []graph.Relation
}

// Counts are the sizes of an export: what a reader of it must find.
type Counts struct {
	Nodes  int `json:"nodes"`
	Edges  int `json:"edges"`
	Events int `json:"events"` // dated relations: TimelineJS events and vis-timeline items
}

// Counts returns the sizes of the exports of g.
func (g *Subgraph) Counts() Counts {
	return Counts{Nodes: len(g.Nodes), Edges: len(g.edges()), Events: len(g.dated())}
}

// nodes returns the nodes by id.
func (g *Subgraph) nodes() []graph.Entity {
	return slices.SortedFunc(slices.Values(g.Nodes), func(a, b graph.Entity) int { return cmp.Compare(a.ID, b.ID) })
}

// edge is one edge of a graph export: an event from its source to its
// target, or one participation in it (Role set), from the event's source
// to the participant, as the graph links them (graph.Relation.Links).
type edge struct {
	graph.Relation
	Role  string // the participant's role; "" for the event itself
	Event string // the event a participation belongs to
}

// edges returns the edges of the relations: each event, then each of its
// participations (id EVENT#ROLE:ENTITY), by id.
func (g *Subgraph) edges() []edge {
	var out []edge
	for _, r := range g.Relations {
		out = append(out, edge{Relation: r})
		for _, p := range r.Participants {
			if p.Entity == r.From || p.Entity == r.To {
				continue
			}
			part := r
			part.ID, part.To, part.Participants = r.ID+"#"+p.Role+":"+p.Entity, p.Entity, nil
			out = append(out, edge{Relation: part, Role: p.Role, Event: r.ID})
		}
	}
	slices.SortFunc(out, func(a, b edge) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

// dated returns the relations with a date in time order.
func (g *Subgraph) dated() []graph.Relation {
	var out []graph.Relation
	for _, r := range g.Relations {
		if !r.Date.IsZero() {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b graph.Relation) int { return graph.CompareTime(&a, &b) })
	return out
}

// names maps entity ids to display names.
func (g *Subgraph) names() map[string]string {
	m := make(map[string]string, len(g.Nodes))
	for _, e := range g.Nodes {
		m[e.ID] = cmp.Or(e.Name, e.ID)
	}
	return m
}

// PageSize is how many relations Whole reads per call to the store.
const PageSize = 1000

// Whole reads every relation that matches f, PageSize at a time, with the
// entities they involve (source, target and participants). Entities without
// any relation are not part of it.
func Whole(ctx context.Context, s graph.Store, f graph.Filter, title string) (*Subgraph, error) {
	g := &Subgraph{Title: title, Nodes: []graph.Entity{}, Relations: []graph.Relation{}}
	q := graph.RelationQuery{Filter: f, Limit: PageSize}
	for {
		page, err := s.Relations(ctx, q)
		if err != nil {
			return nil, err
		}
		g.Relations = append(g.Relations, page...)
		if len(page) < PageSize {
			break
		}
		q.After = page[len(page)-1].ID
	}
	return g, Complete(ctx, s, g)
}

// Neighborhood reads the relations around an entity (graph.Store.Neighbors)
// with the center, the entities reached and the participants.
func Neighborhood(ctx context.Context, s graph.Store, q graph.NeighborQuery, title string) (*Subgraph, error) {
	n, err := s.Neighbors(ctx, q)
	if err != nil {
		return nil, err
	}
	g := &Subgraph{Title: title, Nodes: append([]graph.Entity{n.Center}, n.Nodes...), Relations: n.Relations}
	return g, Complete(ctx, s, g)
}

// Complete adds to g.Nodes the entities its relations involve that it
// lacks, in one call to the store.
func Complete(ctx context.Context, s graph.Store, g *Subgraph) error {
	have := map[string]bool{}
	for _, e := range g.Nodes {
		have[e.ID] = true
	}
	missing := map[string]bool{}
	for i := range g.Relations {
		for _, id := range g.Relations[i].Entities() {
			if !have[id] {
				missing[id] = true
			}
		}
	}
	if len(missing) == 0 {
		return nil
	}
	es, err := s.Entities(ctx, slices.Sorted(maps.Keys(missing)))
	if err != nil {
		return err
	}
	g.Nodes = append(g.Nodes, es...)
	return nil
}

// field is one attribute of the nodes (T = graph.Entity) or edges (T =
// graph.Relation) of an export.
type field[T any] struct {
	name  string
	typ   string         // "string", "int" or "double"
	value func(x *T) any // string, int or float64; nil or "" when absent
}

// present returns the value of f for x and whether it is there.
func (f *field[T]) present(x *T) (any, bool) {
	v := f.value(x)
	return v, v != nil && v != ""
}

// text formats a field value.
func text(v any) string {
	switch v := v.(type) {
	case int:
		return strconv.Itoa(v)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case string:
		return v
	}
	return ""
}

func str[T any](name string, get func(x *T) string) field[T] {
	return field[T]{name, "string", func(x *T) any { return get(x) }}
}

// nodeFields are the node attributes of nodes: name, kind, wikidata, and
// name_LANG for every language one of them has a name in.
func nodeFields(nodes []graph.Entity) []field[graph.Entity] {
	fs := []field[graph.Entity]{
		str("name", func(e *graph.Entity) string { return e.Name }),
		str("kind", func(e *graph.Entity) string { return e.Kind }),
		str("wikidata", func(e *graph.Entity) string { return e.Wikidata }),
	}
	langs := map[string]bool{}
	for _, e := range nodes {
		for lang := range e.Names {
			langs[lang] = true
		}
	}
	for _, lang := range slices.Sorted(maps.Keys(langs)) {
		fs = append(fs, str("name_"+lang, func(e *graph.Entity) string { return e.Names[lang] }))
	}
	return fs
}

// firstEvidence returns the first evidence of r, or none.
func firstEvidence(r *graph.Relation) graph.Evidence {
	if len(r.Evidence) == 0 {
		return graph.Evidence{}
	}
	return r.Evidence[0]
}

// evidenceList joins a value of every evidence of r, in order, with sep;
// empty values are left out, and so are repeated ones when distinct.
func evidenceList(r *graph.Relation, sep string, distinct bool, get func(e *graph.Evidence) string) string {
	var vals []string
	for i := range r.Evidence {
		if v := get(&r.Evidence[i]); v != "" && (!distinct || !slices.Contains(vals, v)) {
			vals = append(vals, v)
		}
	}
	return strings.Join(vals, sep)
}

// edgeFields are the edge attributes of every format.
var edgeFields = []field[edge]{
	str("type", func(r *edge) string { return r.Type }),
	str("class", func(r *edge) string { return string(r.Class) }),
	{"quad_class", "int", func(r *edge) any {
		if r.QuadClass == 0 {
			return nil
		}
		return r.QuadClass
	}},
	{"intensity", "double", func(r *edge) any {
		if r.Intensity == nil {
			return nil
		}
		return *r.Intensity
	}},
	str("date", func(r *edge) string { return r.Date.String() }),
	str("end", func(r *edge) string { return r.End.String() }),
	str("precision", func(r *edge) string { return string(r.Precision) }),
	str("modality", func(r *edge) string { return string(r.Modality) }),
	{"confidence", "double", func(r *edge) any { return r.Confidence }},
	// An edge is an event: its distinct reports (documents) and sources
	// (outlets), which the evidence columns list.
	{"reports", "int", func(r *edge) any { return r.Reports }},
	{"sources", "int", func(r *edge) any { return r.Sources }},
	str("role", func(r *edge) string { return r.Role }),
	str("event", func(r *edge) string { return r.Event }),
	str("participants", func(r *edge) string {
		parts := make([]string, len(r.Participants))
		for i, p := range r.Participants {
			parts[i] = p.Role + ":" + p.Entity
		}
		return strings.Join(parts, "; ")
	}),
	// Source ids and URLs hold no spaces: a space separates them. A quote
	// is one line (its line breaks become spaces), one line per report.
	str("evidence_article", func(r *edge) string {
		return evidenceList(&r.Relation, " ", true, func(e *graph.Evidence) string { return e.Article })
	}),
	str("evidence_url", func(r *edge) string {
		return evidenceList(&r.Relation, " ", true, func(e *graph.Evidence) string { return e.URL })
	}),
	str("evidence_quote", func(r *edge) string {
		return evidenceList(&r.Relation, "\n", false, func(e *graph.Evidence) string { return strings.Join(strings.Fields(e.Quote), " ") })
	}),
}

// quadLabels name the quad classes 1..4.
var quadLabels = [...]string{"Verbal cooperation", "Material cooperation", "Verbal conflict", "Material conflict"}

// group is the timeline group of a relation: its quad class, else its type.
func group(r *graph.Relation) string {
	if r.QuadClass >= 1 && r.QuadClass <= 4 {
		return quadLabels[r.QuadClass-1]
	}
	return words(r.Type)
}

// groupOrder orders groups: the quad classes in order, then types by name.
func groupOrder(a, b string) int {
	rank := func(g string) int {
		if i := slices.Index(quadLabels[:], g); i >= 0 {
			return i
		}
		return len(quadLabels)
	}
	return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(a, b))
}

// words turns a type id into words: strikes_from_air → strikes from air.
func words(id string) string { return strings.ReplaceAll(id, "_", " ") }

// headline says a relation in a line: "Iran threatens United States", with
// its modality when it is not asserted.
func headline(r *graph.Relation, names map[string]string) string {
	name := func(id string) string { return cmp.Or(names[id], id) }
	h := name(r.From) + " " + words(r.Type) + " " + name(r.To)
	if r.Modality != "" && r.Modality != graph.Asserted {
		h += " (" + string(r.Modality) + ")"
	}
	return h
}

// writeJSON writes v as indented JSON without HTML escaping.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
