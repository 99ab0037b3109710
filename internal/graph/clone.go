package graph

import (
	"maps"
	"slices"
)

// Clone is a deep copy of e: nothing the copy holds is shared with e, so
// a cache can hand out copies of what it keeps. Nil and empty maps stay
// as they were (JSON writes them differently).
func (e Entity) Clone() Entity {
	e.Names = maps.Clone(e.Names)
	e.Aliases = cloneLists(e.Aliases)
	e.Demonyms = cloneLists(e.Demonyms)
	return e
}

func cloneLists(m map[string][]string) map[string][]string {
	if m == nil {
		return nil
	}
	out := make(map[string][]string, len(m))
	for k, v := range m {
		out[k] = slices.Clone(v)
	}
	return out
}

// Clone is a deep copy of r, as Entity.Clone.
func (r Relation) Clone() Relation {
	if r.Intensity != nil {
		v := *r.Intensity
		r.Intensity = &v
	}
	r.Participants = slices.Clone(r.Participants)
	r.Evidence = slices.Clone(r.Evidence)
	r.Modalities = maps.Clone(r.Modalities)
	return r
}
