package draft

import (
	"cmp"
	"slices"
	"strings"
	"unicode"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/resolve"
)

// Mention is a drafted mention of a known entity.
type Mention struct {
	Entity     string // key of the known entity
	Start, End int    // code points of the article text
	Text       string
	Rule       string // "name", "alias", "adjective", with "+clitic" when a clitic was left out
	Confidence float64
}

// Ambiguous is a stretch of text that names several known entities: it is
// left out of the draft, its candidates listed for review.
type Ambiguous struct {
	Start      int      `json:"start"`
	End        int      `json:"end"`
	Text       string   `json:"text"`
	Candidates []string `json:"candidates"` // entity keys, sorted
}

// An indexEntry says which entity a matching key names and how.
type indexEntry struct {
	entity  int
	alias   bool
	acronym bool // a Latin name in capitals ("US", "IRGC"): matched only in capitals
	// adjective: an Arabic adjective of a country's name ("العراقية") or a
	// form of a demonym its gazetteer declares ("American", "الأميركية")
	adjective bool
}

// An index finds known entities by the resolve.Key of their names.
type index struct {
	known []annotation.Entity
	byKey map[string][]indexEntry
	// maxWords bounds the words of a name by the key of its first word, or
	// the first word of its key ("أبو مهدي" is "ابومهدي"): only where a
	// text's word is one of them can a name start.
	maxWords map[string]int
}

func newIndex(known []annotation.Entity) *index {
	ix := &index{known: known, byKey: map[string][]indexEntry{}, maxWords: map[string]int{}}
	put := func(k string, e indexEntry, n int, firsts ...string) {
		for j, old := range ix.byKey[k] {
			if known[old.entity].Key == known[e.entity].Key { // one entity, in several gazetteers
				ix.byKey[k][j].alias = old.alias && e.alias
				ix.byKey[k][j].acronym = old.acronym && e.acronym
				ix.byKey[k][j].adjective = old.adjective && e.adjective
				return
			}
		}
		ix.byKey[k] = append(ix.byKey[k], e)
		for _, first := range firsts {
			ix.maxWords[first] = max(ix.maxWords[first], n)
		}
	}
	add := func(i int, name string, alias bool) {
		k := resolve.Key(name)
		if k == "" {
			return
		}
		acronym := resolve.Script(name) == "latin" && strings.ToUpper(name) == name
		rs := []rune(name)
		ws := words(rs)
		firsts := []string{resolve.Key(string(rs[ws[0].start:ws[0].end])), strings.Fields(k)[0]}
		if acronym {
			firsts = append(firsts, string([]rune(k)[:1])) // written with dots: "U.S."
		}
		// A word more: "U.S." may be written "U. S.".
		put(k, indexEntry{entity: i, alias: alias, acronym: acronym}, len(ws)+1, firsts...)
		if known[i].Kind == "country" && !strings.Contains(k, " ") {
			for _, a := range adjectives(k) {
				put(a, indexEntry{entity: i, alias: true, adjective: true}, 1, a)
			}
		}
	}
	for i, e := range known {
		for _, n := range sortedValues(e.Names) {
			add(i, n, false)
		}
		for _, lang := range sortedKeys(e.Aliases) {
			for _, a := range e.Aliases[lang] {
				add(i, a, true)
			}
		}
		for _, lang := range sortedKeys(e.Demonyms) {
			for _, d := range e.Demonyms[lang] {
				for _, f := range resolve.DemonymForms(resolve.Key(d)) {
					put(f, indexEntry{entity: i, alias: true, adjective: true}, 1, f)
				}
			}
		}
	}
	return ix
}

// nisbaSuffixes end the keys of an Arabic adjective (nisba) of a name,
// the longer before the shorter they end with.
var nisbaSuffixes = []string{"يون", "يين", "يان", "يه", "ي"}

// latinAdjectiveSuffixes make the regular English adjectives of a country's
// one-word name, and their plurals: "Iraqi", "Iranian"; after a final "a",
// "n" and "ns" do ("Syrian", "Russians"). Irregular ones ("French") are the
// demonyms a gazetteer declares.
var latinAdjectiveSuffixes = []string{"i", "is", "ian", "ians"}

// adjectives returns the keys of the adjectives of a one-word country
// name's key: in Arabic the nisba ("اميركا" gives "اميركي", "اميركيه",
// "اميركيون"…, "عراق" gives "عراقي"…), in English the regular forms above.
func adjectives(k string) []string {
	var out []string
	if resolve.Script(k) != "ar" {
		for _, suffix := range latinAdjectiveSuffixes {
			out = append(out, k+suffix)
		}
		if strings.HasSuffix(k, "a") {
			out = append(out, k+"n", k+"ns")
		}
		return out
	}
	stem := strings.TrimSuffix(k, "ا")
	for _, suffix := range nisbaSuffixes {
		out = append(out, stem+suffix)
	}
	return out
}

// lookup returns the entries of key that the raw text may name: acronyms
// only where the text has no lower-case letter.
func (ix *index) lookup(key string, raw []rune) []indexEntry {
	lower := slices.ContainsFunc(raw, unicode.IsLower)
	var out []indexEntry
	for _, e := range ix.byKey[key] {
		if !e.acronym || !lower {
			out = append(out, e)
		}
	}
	return out
}

type candidate struct {
	start, end int
	entries    []indexEntry
	clitic     bool
}

// mentions finds the mentions of known entities in text: every run of words
// (as many as a name starting with its first word has) whose key, or whose key without an attached Arabic clitic,
// is a name's key. Overlapping candidates go to the longest (then the
// earliest); a candidate naming several entities is returned as ambiguous.
func (ix *index) mentions(text []rune) ([]Mention, []Ambiguous) {
	ws := words(text)
	var cands []candidate
	for i, w := range ws {
		keys := resolve.Keys(string(text[w.start:w.end]))
		if len(keys) == 0 || keys[0] == "the" {
			continue // a name's key leaves a leading "the" out, so does its span
		}
		most := 0
		for _, k := range keys {
			most = max(most, ix.maxWords[k])
		}
		for n := 1; n <= most && i+n <= len(ws); n++ {
			if n > 1 && !joinable(text[ws[i+n-2].end:ws[i+n-1].start]) {
				break
			}
			start, end := ws[i].start, ws[i+n-1].end
			if end < len(text) && text[end] == '.' && ws[i+n-1].end-ws[i+n-1].start == 1 {
				end++ // the last dot of "U.S."
			}
			if c, ok := ix.match(text, start, end, ws[i].end); ok {
				cands = append(cands, c)
			}
		}
	}
	slices.SortStableFunc(cands, func(a, b candidate) int {
		return cmp.Or(cmp.Compare(b.end-b.start, a.end-a.start), cmp.Compare(a.start, b.start))
	})
	var taken []candidate
	for _, c := range cands {
		if !slices.ContainsFunc(taken, func(t candidate) bool { return c.start < t.end && t.start < c.end }) {
			taken = append(taken, c)
		}
	}
	slices.SortFunc(taken, func(a, b candidate) int { return cmp.Compare(a.start, b.start) })
	var ms []Mention
	var amb []Ambiguous
	for _, c := range taken {
		raw := string(text[c.start:c.end])
		if len(c.entries) > 1 {
			var keys []string
			for _, e := range c.entries {
				keys = append(keys, ix.known[e.entity].Key)
			}
			slices.Sort(keys)
			amb = append(amb, Ambiguous{Start: c.start, End: c.end, Text: raw, Candidates: keys})
			continue
		}
		e := c.entries[0]
		m := Mention{Entity: ix.known[e.entity].Key, Start: c.start, End: c.end, Text: raw, Rule: "name", Confidence: 0.9}
		switch {
		case e.adjective:
			m.Rule, m.Confidence = "adjective", 0.6
		case e.alias:
			m.Rule, m.Confidence = "alias", 0.8
		}
		if c.clitic {
			m.Rule += "+clitic"
			m.Confidence -= 0.1
		}
		ms = append(ms, m)
	}
	return ms, amb
}

// match reports whether text[start:end] names known entities, directly or
// with a clitic attached to its first word (which ends at firstEnd); the
// candidate's span then leaves the clitic out.
func (ix *index) match(text []rune, start, end, firstEnd int) (candidate, bool) {
	for j, k := range resolve.Keys(string(text[start:end])) {
		entries := ix.lookup(k, text[start:end])
		if len(entries) == 0 {
			continue
		}
		c := candidate{start: start, end: end, entries: entries}
		if j > 0 { // a clitic: the span starts after it
			for off := 1; start+off < firstEnd; off++ {
				if resolve.Key(string(text[start+off:end])) == k {
					c.clitic = true
					if !strings.HasSuffix(string(text[start:start+off]), "لل") {
						c.start = start + off // "للقوات" keeps its fused article
					}
					break
				}
			}
		}
		return c, true
	}
	return candidate{}, false
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

func sortedValues(m map[string]string) []string {
	var vs []string
	for _, k := range sortedKeys(m) {
		vs = append(vs, m[k])
	}
	return vs
}
