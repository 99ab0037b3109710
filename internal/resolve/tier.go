package resolve

import (
	"maps"
	"slices"

	"github.com/geokg/geokg/internal/graph"
)

// Tier is how an entity holds the name a reference matched: as one of its
// names, one of its aliases, as a form of a demonym a gazetteer declared
// for it, or only as the text of a mention. A name resolves to the entity
// named so before one only mentioned under it.
type Tier int

// Tiers, best first.
const (
	TierName Tier = iota
	TierAlias
	TierDemonym
	TierMention
)

func (t Tier) String() string {
	return [...]string{graph.RoleName, graph.RoleAlias, graph.RoleDemonym, graph.RoleMention}[t]
}

// TierOf returns the best tier at which e holds a name whose key satisfies
// matches: TierName for one of its names, TierAlias for an alias,
// TierDemonym for a form of a demonym (DemonymForms), else TierMention (the stores index mentions too, which graph.Entity does not
// list). key maps a name to the key matches is given (Key, or Fold of it).
func TierOf(e graph.Entity, key func(string) string, matches func(string) bool) Tier {
	for _, n := range e.Names {
		if matches(key(n)) {
			return TierName
		}
	}
	for _, as := range e.Aliases {
		for _, a := range as {
			if matches(key(a)) {
				return TierAlias
			}
		}
	}
	for _, ds := range e.Demonyms {
		for _, d := range ds {
			if slices.ContainsFunc(DemonymForms(key(d)), matches) {
				return TierDemonym
			}
		}
	}
	return TierMention
}

// equals returns the test of a key being k.
func equals(k string) func(string) bool { return func(x string) bool { return x == k } }

// ranked collects the entities a reference found, each at the best tier
// it was found at, by id.
type ranked map[string]struct {
	graph.Entity
	Tier
}

func (r ranked) add(e graph.Entity, t Tier) {
	if old, ok := r[e.ID]; !ok || t < old.Tier {
		r[e.ID] = struct {
			graph.Entity
			Tier
		}{e, t}
	}
}

// best returns the entities at the best tier any was found at, by id.
func (r ranked) best() []graph.Entity {
	var out []graph.Entity
	top := TierMention + 1
	for _, id := range slices.Sorted(maps.Keys(r)) {
		switch f := r[id]; {
		case f.Tier < top:
			top, out = f.Tier, []graph.Entity{f.Entity}
		case f.Tier == top:
			out = append(out, f.Entity)
		}
	}
	return out
}
