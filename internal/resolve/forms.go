package resolve

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/geokg/geokg/internal/graph"
)

// Forms of a place's name that a reader takes for the name itself: the
// possessive ("Iraq's", whose key is "iraqs"), the demonym ("Iraqi",
// "Iranian", "Syrian", "Lebanese") and its plural, and the Arabic nisba
// (العراقي, العراقية, العراقيون, العراقيين). A word of a name is a place
// word when it is such a form of a one-word name (not an alias: a capital
// is an alias of its country, and "Washington Post" is not "US Post") of
// exactly one country or location; the name then also matches the names
// with that word in any other form of the place's names in the same
// script, so "Iraq's parliament", "the Iraqi parliament" and "Iraq
// parliament" are one name. The rest of the name must be the same: "Iraqi
// parliament" is never "Iraq".
var (
	latinSuffixes  = []string{"ians", "ian", "ans", "an", "ese", "ns", "n", "is", "i", "s"}
	latinDerived   = []string{"s", "i", "is", "ian", "ians", "n", "ns", "ese"}
	arabicSuffixes = []string{"يين", "يون", "يه", "ي"}
)

// bases returns w and the words w may be a derived form of, leaving at
// least three letters.
func bases(w string) []string {
	out := []string{w}
	suffixes := latinSuffixes
	if Script(w) == "ar" {
		suffixes = arabicSuffixes
	}
	for _, s := range suffixes {
		if b, ok := strings.CutSuffix(w, s); ok && utf8.RuneCountInString(b) >= 3 {
			out = append(out, b)
		}
	}
	return out
}

// derived returns the one-word name key p and its derived forms.
func derived(p string) []string {
	suffixes := latinDerived
	if Script(p) == "ar" {
		suffixes = arabicSuffixes
	}
	out := []string{p}
	for _, s := range suffixes {
		out = append(out, p+s)
	}
	return out
}

// formVariants returns the keys under which the names of keys may appear
// in another form (see above), each with the key it is a variant of, and
// the entities with those keys. It makes two lookups.
func (r *Resolver) formVariants(ctx context.Context, keys []string) (map[string]string, map[string][]graph.Entity, error) {
	var probe []string
	for _, k := range keys {
		for _, w := range strings.Fields(k) {
			probe = append(probe, bases(w)...)
		}
	}
	if len(probe) == 0 {
		return nil, nil, nil
	}
	places, err := r.lookup.EntitiesByKeys(ctx, probe)
	if err != nil {
		return nil, nil, err
	}
	variants := map[string]string{} // variant key → the key it is a form of
	for _, k := range keys {
		words := strings.Fields(k)
		for i, w := range words {
			for _, f := range placeForms(places, w) {
				if f == w {
					continue
				}
				v := strings.Join(append(append(append([]string{}, words[:i]...), f), words[i+1:]...), " ")
				if _, dup := variants[v]; !dup && v != k {
					variants[v] = k
				}
			}
		}
	}
	if len(variants) == 0 {
		return nil, nil, nil
	}
	vs := make([]string, 0, len(variants))
	for v := range variants {
		vs = append(vs, v)
	}
	m, err := r.lookup.EntitiesByKeys(ctx, vs)
	return variants, m, err
}

// placeForms returns the forms of the place word w, in w's script: those
// of the one-word names of the one place entity that one of w's bases is
// a name of; none if w is not a place word.
func placeForms(places map[string][]graph.Entity, w string) []string {
	for _, b := range bases(w) {
		var found []graph.Entity
		for _, e := range places[b] {
			if placeKinds[e.Kind] && TierOf(e, Key, func(k string) bool { return k == b }) == TierName {
				found = append(found, e)
			}
		}
		switch len(found) {
		case 0:
			continue
		case 1:
			var forms []string
			for _, n := range found[0].Names {
				if p := Key(n); !strings.Contains(p, " ") && Script(p) == Script(w) {
					forms = append(forms, derived(p)...)
				}
			}
			return forms
		}
		return nil // several places: not guessed
	}
	return nil
}
