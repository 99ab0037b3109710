package resolve

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/geokg/geokg/internal/graph"
)

// Hit is one search result: the entity, how one of its names matched and
// at which tier it holds that name.
type Hit struct {
	Entity graph.Entity
	// Match is "exact", "prefix" or "substring" (by Key, as the store
	// matched it) or MatchTransliteration (by Fold).
	Match string
	Tier  Tier
}

// MatchTransliteration is the match of a name found by Fold only.
const MatchTransliteration = "transliteration"

// maxProbes bounds the store searches of the transliteration fallback.
const maxProbes = 12

// Search finds up to q.Limit entities whose names match q.Key: the store's
// matches (exact, then prefix, then substring), each rank ordered by tier
// (names before aliases before mentions); then, when none matched exactly
// and there is room, the entities with a name or alias whose transliteration
// key (Fold) equals, starts with or contains that of q.Key, in that order
// and by tier. Those are found among the store's matches of the
// three-letter pieces of q.Key, so a Latin spelling finds another that
// shares a few letters with it.
func Search(ctx context.Context, s graph.Store, q graph.EntitySearch) ([]Hit, error) {
	found, err := s.SearchEntities(ctx, q)
	if err != nil {
		return nil, err
	}
	hits := make([]Hit, 0, len(found))
	seen := map[string]bool{}
	exact := false
	for _, h := range found {
		match := equals(q.Key)
		switch h.Match {
		case "prefix":
			match = func(k string) bool { return strings.HasPrefix(k, q.Key) }
		case "substring":
			match = func(k string) bool { return strings.Contains(k, q.Key) }
		}
		exact = exact || h.Match == "exact"
		seen[h.Entity.ID] = true
		hits = append(hits, Hit{Entity: h.Entity, Match: h.Match, Tier: TierOf(h.Entity, Key, match)})
	}
	rank := map[string]int{"exact": 0, "prefix": 1, "substring": 2}
	slices.SortStableFunc(hits, func(a, b Hit) int {
		return cmp.Or(cmp.Compare(rank[a.Match], rank[b.Match]), cmp.Compare(a.Tier, b.Tier))
	})
	if exact || len(hits) >= q.Limit {
		return hits, nil
	}
	more, err := transliterated(ctx, s, q, seen)
	if err != nil {
		return nil, err
	}
	return append(hits, more[:min(len(more), q.Limit-len(hits))]...), nil
}

// transliterated returns the entities not seen whose names match q.Key by
// Fold, best first.
func transliterated(ctx context.Context, s graph.Store, q graph.EntitySearch, seen map[string]bool) ([]Hit, error) {
	fq := Fold(q.Key)
	if Script(q.Key) != "latin" || utf8.RuneCountInString(fq) < 3 {
		return nil, nil
	}
	type scored struct {
		Hit
		level int // 0 equal, 1 prefix, 2 substring
	}
	var out []scored
	for _, p := range probes(q.Key) {
		found, err := s.SearchEntities(ctx, graph.EntitySearch{Key: p, Kind: q.Kind, Limit: 100})
		if err != nil {
			return nil, err
		}
		for _, h := range found {
			if seen[h.Entity.ID] {
				continue
			}
			seen[h.Entity.ID] = true
			for level, match := range []func(string) bool{
				func(f string) bool { return f == fq },
				func(f string) bool { return strings.HasPrefix(f, fq) },
				func(f string) bool { return strings.Contains(f, fq) },
			} {
				foldKey := func(n string) string { return Fold(Key(n)) }
				if t := TierOf(h.Entity, foldKey, match); t != TierMention {
					out = append(out, scored{Hit{h.Entity, MatchTransliteration, t}, level})
					break
				}
			}
		}
	}
	slices.SortFunc(out, func(a, b scored) int {
		return cmp.Or(cmp.Compare(a.level, b.level), cmp.Compare(a.Tier, b.Tier), cmp.Compare(a.Entity.ID, b.Entity.ID))
	})
	hits := make([]Hit, len(out))
	for i, h := range out {
		hits[i] = h.Hit
	}
	return hits, nil
}

// probes returns the distinct three-letter pieces of the words of key, at
// most maxProbes of them, spread over the key.
func probes(key string) []string {
	var all []string
	for _, w := range strings.Fields(key) {
		rs := []rune(w)
		for i := 0; i+3 <= len(rs); i++ {
			if p := string(rs[i : i+3]); !slices.Contains(all, p) {
				all = append(all, p)
			}
		}
	}
	if len(all) <= maxProbes {
		return all
	}
	out := make([]string, maxProbes)
	for i := range out {
		out[i] = all[i*len(all)/maxProbes]
	}
	return out
}
