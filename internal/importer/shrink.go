package importer

import (
	"github.com/geokg/geokg/internal/graph"
)

// contributions is what the shrink guard reads of the graph.Lookup a
// store's Import gives its builder: what a source contributed, as stored
// (ENotFound when it is unknown). The write transactions of both stores
// have it (store/write.Tx).
type contributions interface {
	Contribution(source string) (*graph.Contribution, error)
}

// minShrink is the least number of relations, or of entity records, a
// replacement must remove to be taken for a file cut short.
const minShrink = 3

// shrinks refuses a new version of a source that would remove more than
// half of the relations, or of the entity records, the stored version
// contributed, and at least minShrink of them: a file cut short (a YAML
// file truncated in its list of entities still parses) looks like that.
// Importer.AllowShrink lets it through.
func shrinks(l graph.Lookup, c *graph.Contribution) error {
	cs, ok := l.(contributions)
	if !ok {
		return nil // a store that cannot tell
	}
	old, err := cs.Contribution(c.Source.ID)
	switch {
	case graph.ErrorCode(err) == graph.ENotFound:
		return nil
	case err != nil:
		return err
	case old.Source.Digest == c.Source.Digest:
		return nil
	}
	rels := lost(old.Relations, c.Relations, func(r graph.Relation) string { return r.ID })
	ents := lost(old.Entities, c.Entities, func(e graph.EntityRecord) string { return e.ID })
	if !most(rels, len(old.Relations)) && !most(ents, len(old.Entities)) {
		return nil
	}
	return graph.Errorf(graph.EInvalid, "this version of source %q would remove %d of its %d relations and %d of its %d entities: "+
		"is the file cut short? Check it, or import with --allow-shrink to replace the source anyway",
		c.Source.ID, rels, len(old.Relations), ents, len(old.Entities)).
		With("relations_removed", rels).With("entities_removed", ents)
}

// lost counts the items of old whose id is not among those of now.
func lost[T any](old, now []T, id func(T) string) int {
	kept := make(map[string]bool, len(now))
	for _, x := range now {
		kept[id(x)] = true
	}
	n := 0
	for _, x := range old {
		if !kept[id(x)] {
			n++
		}
	}
	return n
}

// most reports whether removing n of total is removing most of it.
func most(n, total int) bool { return n >= minShrink && 2*n > total }
