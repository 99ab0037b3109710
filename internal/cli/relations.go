package cli

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/query"
)

// width is the width tables are fitted to: the terminal's, else COLUMNS,
// else none (lines are not cut).
func (e *env) width() int {
	if f, ok := e.stdout.(interface{ Fd() uintptr }); ok && isTerminal(e.stdout) {
		if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 0 {
			return w
		}
	}
	n, _ := strconv.Atoi(e.getenv("COLUMNS"))
	return max(n, 0)
}

// given records the filter flags (and the path's length and direction) set
// on cmd's command line, which an empty answer names as the reason it may
// be empty.
func (e *env) given(cmd *cobra.Command) {
	e.filters = nil
	for _, p := range append([]string{"max_hops", "direction"}, query.FilterParameters...) {
		if f := cmd.LocalFlags().Lookup(strings.ReplaceAll(p, "_", "-")); f != nil && f.Changed {
			e.filters = append(e.filters, "--"+f.Name+" "+f.Value.String())
		}
	}
}

// because says why an answer may be empty: the filters given, if any.
func (e *env) because() string {
	if len(e.filters) == 0 {
		return ""
	}
	return " with " + strings.Join(e.filters, " ")
}

// learnNames reads, for --lang, the names of the entities of v's relations
// in that language (JSON answers keep their names as the API gives them).
func (e *env) learnNames(ctx context.Context, s graph.Store, v any) error {
	if e.lang == "" || e.asJSON {
		return nil
	}
	var ids []string
	for _, r := range relationsOf(v) {
		ids = append(ids, r.From, r.To)
	}
	for _, x := range entitiesOf(v) {
		ids = append(ids, x.ID)
	}
	slices.Sort(ids)
	es, err := s.Entities(ctx, slices.Compact(ids))
	if err != nil {
		return err
	}
	e.names = map[string]string{}
	for _, x := range es {
		if n := x.Names[e.lang]; n != "" {
			e.names[x.ID] = n
		}
	}
	return nil
}

// relationsOf returns the relations of an answer.
func relationsOf(v any) []query.Relation {
	switch v := v.(type) {
	case *query.PathsResponse:
		var out []query.Relation
		for _, p := range v.Paths {
			for _, h := range p.Hops {
				out = append(out, h.Relations...)
			}
		}
		return out
	case *query.TimelineResponse:
		return v.Events
	case *query.NeighborsResponse:
		return v.Relations
	}
	return nil
}

// entitiesOf returns the entities an answer names outside its relations.
func entitiesOf(v any) []graph.Entity {
	switch v := v.(type) {
	case *query.PathsResponse:
		return []graph.Entity{v.From, v.To}
	case *query.TimelineResponse:
		if v.With != nil {
			return []graph.Entity{v.Entity, *v.With}
		}
		return []graph.Entity{v.Entity}
	case *query.NeighborsResponse:
		return []graph.Entity{v.Center}
	case *query.EntityResponse:
		return []graph.Entity{v.Entity}
	case *query.SearchResponse:
		out := make([]graph.Entity, len(v.Entities))
		for i, m := range v.Entities {
			out[i] = m.Entity
		}
		return out
	}
	return nil
}

// name is the display name of an entity: in the --lang language when it
// has one there, isolated for the terminal.
func (e *env) name(id, name string) string {
	return isolate(cmp.Or(e.names[id], name, id))
}

// plural says n things: "1 hop", "2 hops".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// relationHeader is the header of a table of relations.
var relationHeader = []string{"DATE", "RELATION", "MODALITY", "CONF."}

// relationRow is a relation in a table: its date, parties and type,
// modality and confidence, and under it the key part of its first quote
// and where it was reported.
func (e *env) relationRow(r query.Relation) row {
	date := r.Date.String()
	if !r.End.IsZero() {
		date += "…" + r.End.String()
	}
	rel := e.name(r.From, r.SourceName) + " —" + r.Type + "→ " + e.name(r.To, r.TargetName)
	mod := string(r.Modality)
	if n := r.Modalities[graph.Denied]; r.Modality == graph.Disputed && n > 0 {
		all := 0
		for _, k := range r.Modalities {
			all += k
		}
		mod += fmt.Sprintf(" (%d of %d deny)", n, all)
	}
	if r.Draft {
		mod += " (draft)"
	}
	out := row{cells: []string{cmp.Or(date, "undated"), rel, mod, fmt.Sprintf("%.2f", r.Confidence)}}
	if len(r.Evidence) == 0 {
		return out
	}
	ev := r.Evidence[0]
	out.notes = append(out.notes, note{text: ev.Quote, keys: []string{r.SourceName, r.TargetName, e.names[r.From], e.names[r.To]}, quote: true})
	var where []string
	for _, s := range []string{isolate(oneLine(ev.Title)), ev.Published, cmp.Or(ev.URL, ev.Article)} {
		if s != "" {
			where = append(where, s)
		}
	}
	if ev.Draft {
		where = append(where, "draft, not reviewed")
	}
	line := strings.Join(where, " · ")
	if n := r.Reports - 1; n > 0 {
		line = "(+" + plural(n, "more report", "more reports") + ") " + line
	}
	out.notes = append(out.notes, note{text: line})
	return out
}

// relationTable is a table of relations.
func (e *env) relationTable() *table { return &table{header: relationHeader, flex: 1} }

func (e *env) printPaths(w io.Writer, v any) {
	resp := v.(*query.PathsResponse)
	if len(resp.Paths) == 0 {
		wrap(w, fmt.Sprintf("no path from %s to %s%s; a path is at most --max-hops long (%d unless given, at most %d)",
			e.name(resp.From.ID, resp.From.Name), e.name(resp.To.ID, resp.To.Name), e.because(), query.MaxHopsDefault, query.MaxHopsMax), e.width())
		return
	}
	t := e.relationTable()
	for i, p := range resp.Paths {
		names := make([]string, len(p.Nodes))
		for j, n := range p.Nodes {
			names[j] = e.name(n.ID, n.Name)
		}
		t.rows = append(t.rows, row{heading: fmt.Sprintf("route %d, %s: %s", i+1, plural(p.Length, "hop", "hops"), strings.Join(names, " — "))})
		for j, h := range p.Hops {
			shown := ""
			if len(h.Relations) < h.Count {
				shown = fmt.Sprintf(", %d shown", len(h.Relations))
			}
			t.rows = append(t.rows, row{heading: fmt.Sprintf("  %s — %s: %s%s", names[j], names[j+1], plural(h.Count, "relation", "relations"), shown)})
			for _, r := range h.Relations {
				t.rows = append(t.rows, e.relationRow(r))
			}
		}
	}
	t.write(w, e.width())
}

func (e *env) printTimeline(w io.Writer, v any) {
	resp := v.(*query.TimelineResponse)
	who := e.name(resp.Entity.ID, resp.Entity.Name)
	if resp.With != nil {
		who += " and " + e.name(resp.With.ID, resp.With.Name)
	}
	if len(resp.Events) == 0 {
		wrap(w, fmt.Sprintf("no event of %s%s. Timelines hold dated events only: undated relations and structural ones (member_of, head_of_state…, even when dated) are left out; geokg neighbors shows them.", who, e.because()), e.width())
	} else {
		t := e.relationTable()
		for _, r := range resp.Events {
			t.rows = append(t.rows, e.relationRow(r))
		}
		t.write(w, e.width())
	}
	if len(resp.Buckets)+len(resp.Coarser) > 0 {
		fmt.Fprintln(w)
		t := &table{header: []string{"PERIOD", "EVENTS", "REPORTS", "HAPPENED", "V.COOP", "M.COOP", "V.CONFL", "M.CONFL", "MEAN"}, flex: 8}
		for _, b := range append(resp.Buckets, resp.Coarser...) {
			mean := "-"
			if b.MeanIntensity != nil {
				mean = fmt.Sprintf("%+.2f", *b.MeanIntensity)
			}
			key := b.Key
			if b.Precision != "" {
				key += " (" + string(b.Precision) + ")"
			} else if b.Partial {
				key += " (part)"
			}
			t.rows = append(t.rows, row{cells: []string{key, strconv.Itoa(b.Events), strconv.Itoa(b.Reports), strconv.Itoa(b.Happened),
				strconv.Itoa(b.Quad[0]), strconv.Itoa(b.Quad[1]), strconv.Itoa(b.Quad[2]), strconv.Itoa(b.Quad[3]), mean}})
		}
		t.write(w, e.width())
		wrap(w, "HAPPENED: asserted events (and disputed ones with --disputed), which the quad classes and the MEAN Goldstein "+
			"intensity (−10…+10) count; V/M: verbal/material; COOP/CONFL: cooperation/conflict. "+
			"(month), (year): events dated only to that period, coarser than the bucket, counted apart and never on its first day; "+
			"(part): the period reaches beyond --since/--until.", e.width())
	}
	if resp.NextCursor != nil {
		order := ""
		if resp.Sort == query.SortNewest {
			order = " --sort " + query.SortNewest
		}
		fmt.Fprintf(w, "more events: --all for every page, or the next page with\n--cursor %s%s\n", *resp.NextCursor, order)
	}
}

// neighborGroup is the relations of a neighbourhood that reach one
// neighbour, at its depth.
type neighborGroup struct {
	entity    string
	name      string
	depth     int
	relations []query.Relation
}

// neighborGroups groups relations by the neighbour they reach: a relation
// of the center reaches its other end at depth 1; another relation reaches
// its end that is not at depth 1 (or its target, when both are) at depth 2.
// Groups are by depth then name, relations in time order.
func (e *env) neighborGroups(resp *query.NeighborsResponse) []*neighborGroup {
	center := resp.Center.ID
	depth1 := map[string]bool{}
	for _, r := range resp.Relations {
		if r.From == center {
			depth1[r.To] = true
		}
		if r.To == center {
			depth1[r.From] = true
		}
	}
	groups := map[string]*neighborGroup{}
	for _, r := range resp.Relations {
		id, name, depth := r.To, r.TargetName, 2
		switch {
		case r.From == center && r.To == center:
			id, name, depth = center, resp.Center.Name, 1
		case r.From == center:
			depth = 1
		case r.To == center:
			id, name, depth = r.From, r.SourceName, 1
		case !depth1[r.From]:
			id, name = r.From, r.SourceName
		}
		g := groups[id]
		if g == nil {
			g = &neighborGroup{entity: id, name: e.name(id, name), depth: depth}
			groups[id] = g
		}
		g.depth = min(g.depth, depth)
		g.relations = append(g.relations, r)
	}
	out := slices.SortedFunc(maps.Values(groups), func(a, b *neighborGroup) int {
		return cmp.Or(cmp.Compare(a.depth, b.depth), cmp.Compare(a.name, b.name), cmp.Compare(a.entity, b.entity))
	})
	for _, g := range out {
		slices.SortFunc(g.relations, func(a, b query.Relation) int { return graph.CompareTime(&a.Relation, &b.Relation) })
	}
	return out
}

func (e *env) printNeighbors(w io.Writer, v any) {
	resp := v.(*query.NeighborsResponse)
	if len(resp.Relations) == 0 {
		fmt.Fprintf(w, "no relation of %s%s\n", e.name(resp.Center.ID, resp.Center.Name), e.because())
		return
	}
	groups := e.neighborGroups(resp)
	t := e.relationTable()
	for _, g := range groups {
		t.rows = append(t.rows, row{heading: fmt.Sprintf("%s (%s) · depth %d · %s", g.name, g.entity, g.depth, plural(len(g.relations), "relation", "relations"))})
		for _, r := range g.relations {
			t.rows = append(t.rows, e.relationRow(r))
		}
	}
	t.write(w, e.width())
	fmt.Fprintf(w, "%s around %s, %s\n", plural(len(resp.Relations), "relation", "relations"), e.name(resp.Center.ID, resp.Center.Name), plural(len(groups), "neighbor", "neighbors"))
	if resp.NextCursor != nil {
		fmt.Fprintf(w, "more relations: --all for every page, or the next page with\n--cursor %s\n", *resp.NextCursor)
	}
}

func (e *env) printSearch(w io.Writer, v any) {
	resp := v.(*query.SearchResponse)
	if len(resp.Entities) == 0 {
		fmt.Fprintln(w, "no entity matches")
		return
	}
	t := &table{header: []string{"ID", "KIND", "NAME", "MATCH", "BY"}, flex: 2}
	for _, m := range resp.Entities {
		t.rows = append(t.rows, row{cells: []string{m.ID, m.Kind, e.name(m.ID, m.Name), m.Match, m.Tier}})
	}
	t.write(w, e.width())
}

func (e *env) printEntity(w io.Writer, v any) {
	x := v.(*query.EntityResponse)
	t := &table{flex: 1}
	add := func(k, v string) { t.rows = append(t.rows, row{cells: []string{k, v}}) }
	add("id", x.ID)
	add("name", e.name(x.ID, x.Name))
	add("kind", x.Kind)
	if x.Wikidata != "" {
		add("wikidata", x.Wikidata)
	}
	for _, lang := range slices.Sorted(maps.Keys(x.Names)) {
		add("name ("+lang+")", isolate(x.Names[lang]))
	}
	for _, role := range []struct {
		label string
		lists map[string][]string
	}{{"aliases", x.Aliases}, {"demonyms", x.Demonyms}} {
		for _, lang := range slices.Sorted(maps.Keys(role.lists)) {
			add(role.label+" ("+lang+")", isolate(strings.Join(role.lists[lang], ", ")))
		}
	}
	add("relations", strconv.Itoa(x.Counts.Relations))
	add("neighbors", strconv.Itoa(x.Counts.Neighbors))
	add("sources", strconv.Itoa(x.Counts.Sources))
	t.write(w, e.width())
}

func (e *env) printConflicts(w io.Writer, v any) {
	resp := v.(*query.ConflictsResponse)
	if len(resp.Conflicts) == 0 {
		wrap(w, "no conflict: no two facts of a single-holder type (geokg types lists them: head_of_state, head_of_government) give two holders at once.", e.width())
		return
	}
	t := e.relationTable()
	for _, c := range resp.Conflicts {
		until := c.Until
		if until == graph.DayMax {
			until = "open"
		}
		t.rows = append(t.rows, row{heading: fmt.Sprintf("%s of %s: two holders from %s to %s", c.Type, e.name(c.Shared, c.SharedName), c.From, until)})
		for _, r := range c.Relations {
			t.rows = append(t.rows, e.relationRow(r))
		}
	}
	t.write(w, e.width())
}
