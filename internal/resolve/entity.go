package resolve

import (
	"context"
	"strings"

	"github.com/geokg/geokg/internal/graph"
)

// Entity finds the one entity a person means by ref: its key (or the key
// of an entity an analyst merged into another, which means that other:
// graph.Curator), its Wikidata QID, or any of its names and aliases in any
// language, normalised. Several matches give an EConflict error listing the
// candidates; none gives an ENotFound error listing the closest names.
func Entity(ctx context.Context, s graph.Store, ref string) (graph.Entity, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return graph.Entity{}, graph.Errorf(graph.EInvalid, "empty entity reference")
	}
	e, err := s.Entity(ctx, ref)
	if err == nil {
		return e, nil
	}
	if graph.ErrorCode(err) != graph.ENotFound {
		return graph.Entity{}, err
	}
	if e, ok, err := merged(ctx, s, ref); ok || err != nil {
		return e, err
	}
	if qid, ok := graph.NormalizeQID(ref); ok {
		found, err := s.EntitiesByWikidata(ctx, qid)
		if err != nil {
			return graph.Entity{}, err
		}
		if len(found) > 0 {
			return one(ref, found)
		}
	}
	seen := map[string]bool{}
	var found []graph.Entity
	for _, k := range Keys(ref) {
		es, err := s.EntitiesByKey(ctx, k)
		if err != nil {
			return graph.Entity{}, err
		}
		for _, e := range es {
			if !seen[e.ID] {
				seen[e.ID] = true
				found = append(found, e)
			}
		}
		if len(found) > 0 {
			break // the full key wins over clitic-stripped variants
		}
	}
	if len(found) > 0 {
		return one(ref, found)
	}
	return graph.Entity{}, notFound(ctx, s, ref)
}

// merged returns the entity that the entity with key ref was merged into,
// when the store keeps decisions and one says so.
func merged(ctx context.Context, s graph.Store, ref string) (graph.Entity, bool, error) {
	c, ok := s.(graph.Curator)
	if !ok {
		return graph.Entity{}, false, nil
	}
	ds, err := c.Decisions(ctx)
	if err != nil {
		return graph.Entity{}, false, err
	}
	into := graph.ApplyDecisions(ds, "", ref) // no source: merges only
	if into == ref {
		return graph.Entity{}, false, nil
	}
	e, err := s.Entity(ctx, into)
	if err != nil {
		if graph.ErrorCode(err) == graph.ENotFound {
			err = nil
		}
		return graph.Entity{}, false, err
	}
	return e, true, nil
}

func one(ref string, found []graph.Entity) (graph.Entity, error) {
	if len(found) == 1 {
		return found[0], nil
	}
	cands := make([]map[string]string, len(found))
	for i, e := range found {
		cands[i] = map[string]string{"id": e.ID, "name": e.Name, "kind": e.Kind}
	}
	return graph.Entity{}, graph.Errorf(graph.EConflict, "%q names %d entities; use one of their ids", ref, len(found)).With("candidates", cands)
}

func notFound(ctx context.Context, s graph.Store, ref string) error {
	suggestions := []map[string]string{}
	key := Key(ref)
	// Try ever shorter prefixes of the key until something matches.
	for n := len([]rune(key)); n >= 3 && len(suggestions) == 0; n = n * 2 / 3 {
		hits, err := s.SearchEntities(ctx, graph.EntitySearch{Key: string([]rune(key)[:n]), Limit: 5})
		if err != nil {
			return err
		}
		for _, h := range hits {
			suggestions = append(suggestions, map[string]string{"id": h.Entity.ID, "name": h.Entity.Name})
		}
	}
	return graph.Errorf(graph.ENotFound, "no entity is named %q", ref).With("suggestions", suggestions)
}
