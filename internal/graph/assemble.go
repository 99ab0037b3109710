package graph

import (
	"cmp"
	"maps"
	"math"
	"slices"
)

// SourcedRecord is an EntityRecord with the source that made it.
type SourcedRecord struct {
	Source   string
	Priority int
	EntityRecord
}

// Rank is the record's place in Assemble's order.
func (r SourcedRecord) Rank() Rank { return Rank{r.Priority, r.Source} }

// Assemble builds the canonical view of an entity from what every source
// says of it: sources of lower priority number first, then by source id;
// the first label, kind and Wikidata QID given win; each language's first
// name is its name and the rest are aliases; demonyms are kept apart.
// Mentions are matched but not shown. Every store builds entities with it, so they agree.
func Assemble(id string, recs []SourcedRecord) Entity {
	recs = slices.Clone(recs)
	slices.SortStableFunc(recs, func(a, b SourcedRecord) int { return a.Rank().Compare(b.Rank()) })
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
			if n.Role == RoleDemonym {
				if e.Demonyms == nil {
					e.Demonyms = map[string][]string{}
				}
				e.Demonyms[n.Lang] = append(e.Demonyms[n.Lang], n.Text)
				continue
			}
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

// CompareTime orders relations in time order: first day, last day, id.
func CompareTime(a, b *Relation) int {
	return cmp.Or(cmp.Compare(a.Lo(), b.Lo()), cmp.Compare(a.Hi(), b.Hi()), cmp.Compare(a.ID, b.ID))
}

// Rank is the place of a source's record in Assemble's order: lower
// priority number first, then source id.
type Rank struct {
	Priority int
	Source   string
}

// Compare orders ranks as Assemble orders records.
func (r Rank) Compare(o Rank) int {
	return cmp.Or(cmp.Compare(r.Priority, o.Priority), cmp.Compare(r.Source, o.Source))
}

// EntityState is an assembled entity as a store keeps it: the entity and
// what it takes to continue Assemble's fold when one more record arrives.
type EntityState struct {
	Entity
	Label string // the first label a record gave ("" when none; Name may be a fallback)
	Last  *Rank  // the greatest rank folded in; nil when the entity has no record
}

// AssembleState assembles an entity from all its records (none: a bare
// entity that only relations name).
func AssembleState(id string, recs []SourcedRecord) EntityState {
	st := EntityState{Entity: Assemble(id, recs)}
	for _, r := range recs {
		rank := r.Rank()
		if st.Last == nil || rank.Compare(*st.Last) > 0 {
			st.Last = &rank
		}
	}
	recs = slices.Clone(recs)
	slices.SortStableFunc(recs, func(a, b SourcedRecord) int { return a.Rank().Compare(b.Rank()) })
	for _, r := range recs {
		st.Label = cmp.Or(st.Label, r.Label)
	}
	return st
}

// Fold continues Assemble where it stopped for an entity (st; nil when it
// has not been assembled yet) that gains the record rec of rank: possible
// when rec sorts after every record folded in so far. When it does not,
// ok is false and the entity must be assembled again from all its records.
func Fold(st *EntityState, rec *EntityRecord, rank Rank) (_ EntityState, ok bool) {
	if st == nil {
		st = &EntityState{Entity: Entity{ID: rec.ID}}
	}
	if st.Last != nil && rank.Compare(*st.Last) < 0 {
		return EntityState{}, false
	}
	// The fold so far as one record that sorts first.
	so := SourcedRecord{Priority: math.MinInt, EntityRecord: EntityRecord{Kind: st.Kind, Wikidata: st.Wikidata, Label: st.Label}}
	for _, lang := range slices.Sorted(maps.Keys(st.Names)) {
		so.Names = append(so.Names, Name{Lang: lang, Text: st.Names[lang], Role: RoleName, Order: len(so.Names)})
	}
	for _, lang := range slices.Sorted(maps.Keys(st.Aliases)) {
		for _, a := range st.Aliases[lang] {
			so.Names = append(so.Names, Name{Lang: lang, Text: a, Role: RoleAlias, Order: len(so.Names)})
		}
	}
	for _, lang := range slices.Sorted(maps.Keys(st.Demonyms)) {
		for _, d := range st.Demonyms[lang] {
			so.Names = append(so.Names, Name{Lang: lang, Text: d, Role: RoleDemonym, Order: len(so.Names)})
		}
	}
	e := Assemble(st.ID, []SourcedRecord{so, {Source: rank.Source, Priority: rank.Priority, EntityRecord: *rec}})
	return EntityState{Entity: e, Label: cmp.Or(st.Label, rec.Label), Last: &rank}, true
}
