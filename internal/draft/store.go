package draft

import (
	"context"
	"maps"
	"slices"
	"strings"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/resolve"
)

// maxNameWords is the longest run of words whose key Known looks up: the
// names that mentions find are shorter.
const maxNameWords = 8

// candidateKeys returns every key under which a name may be mentioned in
// text, as the index of a drafter looks names up: the keys of every run of
// up to maxNameWords joinable words (with and without an attached clitic),
// and for one word that may be the nisba of a country ("العراقي"), the
// keys of the country's name it comes from ("عراق", "عراقا").
func candidateKeys(text string) []string {
	rs := []rune(text)
	ws := words(rs)
	seen := map[string]bool{}
	for i := range ws {
		for n := 1; n <= maxNameWords && i+n <= len(ws); n++ {
			if n > 1 && !joinable(rs[ws[i+n-2].end:ws[i+n-1].start]) {
				break
			}
			for _, k := range resolve.Keys(string(rs[ws[i].start:ws[i+n-1].end])) {
				seen[k] = true
				if n > 1 {
					continue
				}
				for _, suffix := range nisbaSuffixes {
					if stem, ok := strings.CutSuffix(k, suffix); ok && stem != "" {
						seen[stem], seen[stem+"ا"] = true, true
						break
					}
				}
			}
		}
	}
	delete(seen, "")
	return slices.Sorted(maps.Keys(seen))
}

// Known returns the entities of the graph seen through l that text may
// mention, as a drafter knows them (New): those with a name, alias or
// demonym whose key is one of a run of words of text, found in one batched
// lookup, so that drafting against a store costs the size of the article,
// not of the graph.
func Known(ctx context.Context, l graph.Lookup, text string) ([]annotation.Entity, error) {
	byKey, err := l.EntitiesByKeys(ctx, candidateKeys(text))
	if err != nil {
		return nil, err
	}
	byID := map[string]graph.Entity{}
	for _, es := range byKey {
		for _, e := range es {
			byID[e.ID] = e
		}
	}
	known := make([]annotation.Entity, 0, len(byID))
	for _, id := range slices.Sorted(maps.Keys(byID)) {
		e := byID[id]
		known = append(known, annotation.Entity{Key: e.ID, Kind: e.Kind, Wikidata: e.Wikidata,
			Names: e.Names, Aliases: e.Aliases, Demonyms: e.Demonyms})
	}
	return known, nil
}
