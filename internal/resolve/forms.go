package resolve

import (
	"context"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/geokg/geokg/internal/graph"
)

// Forms of a place's name that a reader takes for the name itself: the
// possessive ("Iraq's", whose key is "iraqs"), the demonym ("Iraqi",
// "Iranian", "Syrian", "Lebanese") and its plural, the Arabic nisba
// (العراقي, العراقية, العراقيون, العراقيين), and the demonyms a gazetteer
// declares for the place where they are not regular ("American",
// "British", أمريكي: DemonymForms). A run of words of a name is a place
// phrase when it is one of the names (not an alias: a capital is an alias
// of its country, and "Washington Post" is not "US Post") of exactly one
// country or location, such a form of a one-word name of it, or a form of
// one of its demonyms; the name then also matches the names with that
// phrase in any other form of the place's names in the same script, so
// "Iraq's parliament", "the Iraqi parliament" and "Iraq parliament" are
// one name, and so are "the American government" and "the United States
// government". The rest of the name must be the same: "Iraqi parliament"
// is never "Iraq".
var (
	latinSuffixes  = []string{"ians", "ian", "ans", "an", "ese", "ns", "n", "is", "i", "s"}
	latinDerived   = []string{"s", "i", "is", "ian", "ians", "n", "ns", "ese"}
	arabicSuffixes = []string{"يين", "يون", "يه", "ي"}
)

// maxPlaceWords bounds the words of a place phrase.
const maxPlaceWords = 4

// DemonymForms returns the keys of the forms of a declared demonym whose
// key is d: an Arabic nisba in ي takes its feminine and plurals
// (امريكي: امريكيه, امريكيون, امريكيين), a Latin one in -an or -i its
// plural in s.
func DemonymForms(d string) []string {
	if Script(d) == "ar" {
		if stem, ok := strings.CutSuffix(d, "ي"); ok && utf8.RuneCountInString(stem) >= 3 {
			return derived(stem)[1:]
		}
		return []string{d}
	}
	if strings.HasSuffix(d, "an") || strings.HasSuffix(d, "i") {
		return []string{d, d + "s"}
	}
	return []string{d} // "British", "French", "Lebanese": their plural is themselves
}

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
		words := strings.Fields(k)
		for i := range words {
			probe = append(probe, bases(words[i])...)
			for j := i + 2; j <= min(len(words), i+maxPlaceWords); j++ {
				probe = append(probe, strings.Join(words[i:j], " "))
			}
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
		for i := range words {
			for j := i + 1; j <= min(len(words), i+maxPlaceWords); j++ {
				phrase := strings.Join(words[i:j], " ")
				for _, f := range placeForms(places, phrase) {
					v := strings.Join(slices.Concat(words[:i], []string{f}, words[j:]), " ")
					if _, dup := variants[v]; !dup && f != phrase && v != k {
						variants[v] = k
					}
				}
			}
		}
	}
	if len(variants) == 0 {
		return nil, nil, nil
	}
	m, err := r.lookup.EntitiesByKeys(ctx, slices.Sorted(maps.Keys(variants)))
	return variants, m, err
}

// placeForms returns the forms of the place phrase p, in p's script: the
// keys of the names of the one place entity that p (or, for one word, one
// of its bases) is a name, a form of a one-word name or a demonym form of,
// with the forms of its one-word names and its demonyms; none if p is not
// a place phrase.
func placeForms(places map[string][]graph.Entity, p string) []string {
	candidates := []string{p}
	if !strings.Contains(p, " ") {
		candidates = bases(p)
	}
	for _, b := range candidates {
		var found []graph.Entity
		for _, e := range places[b] {
			if t := TierOf(e, Key, equals(b)); placeKinds[e.Kind] && (t == TierName || t == TierDemonym) {
				found = append(found, e)
			}
		}
		switch len(found) {
		case 0:
			continue
		case 1:
			return formsOf(found[0], Script(p))
		}
		return nil // several places: not guessed
	}
	return nil
}

// formsOf returns the forms of the names and demonyms of the place e in
// script: each name's key (with its derived forms when it is one word) and
// each demonym's forms.
func formsOf(e graph.Entity, script string) []string {
	var forms []string
	for _, n := range slices.Sorted(maps.Values(e.Names)) {
		switch p := Key(n); {
		case Script(p) != script:
		case strings.Contains(p, " "):
			forms = append(forms, p)
		default:
			forms = append(forms, derived(p)...)
		}
	}
	for _, lang := range slices.Sorted(maps.Keys(e.Demonyms)) {
		for _, d := range e.Demonyms[lang] {
			if k := Key(d); Script(k) == script {
				forms = append(forms, DemonymForms(k)...)
			}
		}
	}
	return forms
}
