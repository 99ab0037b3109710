package export

import (
	"html"
	"maps"
	"slices"
	"time"
)

// VisDoc is what vis-timeline takes: new vis.Timeline(el, items, groups).
type VisDoc struct {
	Items  []VisItem  `json:"items"`
	Groups []VisGroup `json:"groups"`
}

// VisItem is one dated relation: a point on its day, or a range from its
// first day to the day after its last (vis-timeline ends are exclusive).
type VisItem struct {
	ID      string `json:"id"`
	Content string `json:"content"` // HTML
	Start   string `json:"start"`
	End     string `json:"end,omitempty"`
	Type    string `json:"type"` // "point" or "range"
	Group   string `json:"group"`
	Title   string `json:"title"` // tooltip, HTML
}

// VisGroup is one row of the timeline: a quad class or a relation type.
type VisGroup struct {
	ID      string `json:"id"`
	Content string `json:"content"`
}

// dayAfter returns the day after a YYYY-MM-DD day.
func dayAfter(day string) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return t.AddDate(0, 0, 1).Format(time.DateOnly)
}

// Vis returns g's dated relations as vis-timeline items in time order, and
// their groups (quad classes in order, then relation types). A relation
// that covers one day is a point; one that covers more, a range; an
// interval without an end is a point at its start.
func Vis(g *Subgraph) VisDoc {
	names := g.names()
	doc := VisDoc{Items: []VisItem{}, Groups: []VisGroup{}}
	groups := map[string]bool{}
	evs := g.dated()
	for i := range evs {
		r := &evs[i]
		start, end := Span(r)
		it := VisItem{ID: r.ID, Content: html.EscapeString(headline(r, names)), Start: start, Type: "point",
			Group: group(r), Title: describe(r)}
		if end != "" && end != start {
			it.End, it.Type = dayAfter(end), "range"
		}
		groups[it.Group] = true
		doc.Items = append(doc.Items, it)
	}
	for _, gr := range slices.SortedFunc(maps.Keys(groups), groupOrder) {
		doc.Groups = append(doc.Groups, VisGroup{ID: gr, Content: html.EscapeString(gr)})
	}
	return doc
}
