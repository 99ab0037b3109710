package graph

import (
	"cmp"
	"maps"
	"slices"
)

// SourcedRecord is an EntityRecord with the source that made it.
type SourcedRecord struct {
	Source   string
	Priority int
	EntityRecord
}

// Assemble builds the canonical view of an entity from what every source
// says of it: sources of lower priority number first, then by source id;
// the first label, kind and Wikidata QID given win; each language's first
// name is its name and the rest are aliases. Mentions are matched but not
// shown. Every store builds entities with it, so they agree.
func Assemble(id string, recs []SourcedRecord) Entity {
	recs = slices.Clone(recs)
	slices.SortStableFunc(recs, func(a, b SourcedRecord) int {
		return cmp.Or(cmp.Compare(a.Priority, b.Priority), cmp.Compare(a.Source, b.Source))
	})
	e := Entity{ID: id, Names: map[string]string{}, Aliases: map[string][]string{}}
	seen := map[string]bool{}
	for _, r := range recs {
		e.Name = cmp.Or(e.Name, r.Label)
		e.Kind = cmp.Or(e.Kind, r.Kind)
		e.Wikidata = cmp.Or(e.Wikidata, r.Wikidata)
		names := slices.Clone(r.Names)
		slices.SortStableFunc(names, func(a, b Name) int { return cmp.Compare(a.Order, b.Order) })
		for _, n := range names {
			if n.Role == RoleMention || seen[n.Lang+"\x00"+n.Text] {
				continue
			}
			seen[n.Lang+"\x00"+n.Text] = true
			if _, ok := e.Names[n.Lang]; !ok && n.Role == RoleName {
				e.Names[n.Lang] = n.Text
				continue
			}
			e.Aliases[n.Lang] = append(e.Aliases[n.Lang], n.Text)
		}
	}
	if e.Name == "" {
		langs := slices.Sorted(maps.Keys(e.Names))
		e.Name = cmp.Or(e.Names["en"], e.Names["ar"])
		if e.Name == "" && len(langs) > 0 {
			e.Name = e.Names[langs[0]]
		}
		e.Name = cmp.Or(e.Name, id)
	}
	return e
}

// ComparePaths orders paths by the ids of their relations.
func ComparePaths(a, b Path) int {
	return slices.CompareFunc(a.Relations, b.Relations, func(x, y Relation) int { return cmp.Compare(x.ID, y.ID) })
}

// CompareTime orders relations in time order: first day, last day, id.
func CompareTime(a, b *Relation) int {
	return cmp.Or(cmp.Compare(a.Lo(), b.Lo()), cmp.Compare(a.Hi(), b.Hi()), cmp.Compare(a.ID, b.ID))
}
