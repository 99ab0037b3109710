package draft

import (
	"cmp"
	_ "embed"
	"fmt"
	"maps"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/ontology"
	"github.com/geokg/geokg/internal/resolve"
)

//go:embed lexicon.yaml
var builtinLexicon []byte

// Lexicon holds the cues of relation types, of the roles of persons and of
// modalities, per language.
type Lexicon struct {
	relations, roles, modalities []cue
	locatives                    map[string]map[string]bool // language → keys of locative words
}

// A cue is a phrase, as the keys of its words, and what it signals: a
// relation type or a modality, with how the type's parties are read.
type cue struct {
	lang   string
	words  []string
	prefix bool // the last word matches any word starting with it
	value  string
	source string // the cue as written, for the rule of a drafted item
	reading
}

// A reading says how a relation cue's parties are read, or of a role
// what may hold it.
type reading struct {
	// Reverse: the party after the cue is the source ("led by").
	Reverse bool `yaml:"reverse"`
	// Place: the target is a place ("stationed in Iraq").
	Place bool `yaml:"place"`
	// States: officials stand for the states whose office they hold (the
	// talks of two foreign ministers are their states').
	States bool `yaml:"states"`
	// Holders are the kinds of entity a role is held in.
	Holders []string `yaml:"holders"`
	// Government: the role is held in the government of the country named.
	Government bool `yaml:"government"`
}

// typeCues are the cues of a relation type in a lexicon file.
type typeCues struct {
	Type    string   `yaml:"type"`
	En      []string `yaml:"en"`
	Ar      []string `yaml:"ar"`
	reading `yaml:",inline"`
}

// lexiconFile is the shape of a lexicon file.
type lexiconFile struct {
	Relations  []typeCues `yaml:"relations"`
	Roles      []typeCues `yaml:"roles"`
	Modalities []struct {
		Modality string   `yaml:"modality"`
		En       []string `yaml:"en"`
		Ar       []string `yaml:"ar"`
	} `yaml:"modalities"`
	Locatives map[string][]string `yaml:"locatives"`
}

// BuiltinLexicon returns the lexicon embedded in geokg, checked against
// vocab.
func BuiltinLexicon(vocab *ontology.Vocabulary) (*Lexicon, error) {
	return ParseLexicon(builtinLexicon, "lexicon.yaml", vocab)
}

// ParseLexicon reads a lexicon file (see lexicon.yaml) named name and checks
// every relation type against vocab and every modality against graph's.
// Types are stored by their ontology id.
func ParseLexicon(data []byte, name string, vocab *ontology.Vocabulary) (*Lexicon, error) {
	var f lexiconFile
	if err := yaml.Unmarshal(data, &f); err != nil {
		return nil, graph.Errorf(graph.EInvalid, "%s: %v", name, err)
	}
	lex := &Lexicon{locatives: map[string]map[string]bool{}}
	for lang, list := range f.Locatives {
		lex.locatives[lang] = map[string]bool{}
		for _, w := range list {
			lex.locatives[lang][resolve.Key(w)] = true
		}
	}
	for _, section := range []struct {
		name string
		list []typeCues
		into *[]cue
	}{{"relations", f.Relations, &lex.relations}, {"roles", f.Roles, &lex.roles}} {
		for i, r := range section.list {
			t, err := vocab.Lookup(r.Type)
			if err != nil {
				return nil, graph.Errorf(graph.EInvalid, "%s: %s[%d]: %v", name, section.name, i, err)
			}
			for _, k := range r.Holders {
				if !slices.Contains(graph.Kinds, k) {
					return nil, graph.Errorf(graph.EInvalid, "%s: %s[%d]: unknown entity kind %q", name, section.name, i, k)
				}
			}
			if section.name == "roles" && len(r.Holders) == 0 {
				return nil, graph.Errorf(graph.EInvalid, "%s: roles[%d]: a role needs its holders", name, i)
			}
			*section.into = append(*section.into, cues(t.ID, r.reading, r.En, r.Ar)...)
		}
	}
	for i, m := range f.Modalities {
		if !slices.Contains(graph.Modalities, graph.Modality(m.Modality)) {
			return nil, graph.Errorf(graph.EInvalid, "%s: modalities[%d]: unknown modality %q", name, i, m.Modality)
		}
		lex.modalities = append(lex.modalities, cues(m.Modality, reading{}, m.En, m.Ar)...)
	}
	for _, list := range [][]cue{lex.relations, lex.roles, lex.modalities} {
		sortCues(list)
	}
	return lex, nil
}

// Add returns a lexicon with the cues of lex and of more.
func (lex *Lexicon) Add(more *Lexicon) *Lexicon {
	out := &Lexicon{
		relations:  slices.Concat(lex.relations, more.relations),
		roles:      slices.Concat(lex.roles, more.roles),
		modalities: slices.Concat(lex.modalities, more.modalities),
		locatives:  map[string]map[string]bool{},
	}
	for _, list := range [][]cue{out.relations, out.roles, out.modalities} {
		sortCues(list)
	}
	for _, l := range []*Lexicon{lex, more} {
		for lang, words := range l.locatives {
			if out.locatives[lang] == nil {
				out.locatives[lang] = map[string]bool{}
			}
			maps.Copy(out.locatives[lang], words)
		}
	}
	return out
}

func cues(value string, how reading, en, ar []string) []cue {
	var out []cue
	for _, lang := range []string{"ar", "en"} {
		for _, s := range map[string][]string{"en": en, "ar": ar}[lang] {
			prefix := strings.HasSuffix(s, "*")
			k := resolve.Key(strings.TrimSuffix(s, "*"))
			if k == "" {
				continue
			}
			out = append(out, cue{lang: lang, words: strings.Fields(k), prefix: prefix, value: value, source: s, reading: how})
		}
	}
	return out
}

// sortCues puts the longest cues first, so that "air strike" wins over
// "strike" and "رئيس الوزراء" over "رئيس" whatever entry holds them; then
// the order of their entries, and a fixed order within one whatever the
// map gave.
func sortCues(list []cue) {
	slices.SortStableFunc(list, func(a, b cue) int {
		return cmp.Compare(len(b.words), len(a.words))
	})
}

// A hit is a cue found in the text, at code points [start, end).
type hit struct {
	start, end int
	cue        cue
}

// rule names the cue of h for a drafted item.
func (h hit) rule() string { return fmt.Sprintf("cue:%s:%s", h.cue.lang, h.cue.source) }

// find returns the cues of list, for lang, found in the words ws of text,
// in order; a word is part of at most one hit, the longest.
func find(list []cue, lang string, text []rune, ws []word, wkeys [][]string) []hit {
	var hits []hit
	for i := 0; i < len(ws); i++ {
		for _, c := range list {
			if c.lang == lang && matchCue(c, wkeys, i) {
				n := len(c.words)
				hits = append(hits, hit{start: ws[i].start, end: ws[i+n-1].end, cue: c})
				i += n - 1
				break
			}
		}
	}
	return hits
}

// matchCue reports whether cue c matches the words from i on: the first
// word with or without a clitic, the last as a prefix if c says so.
func matchCue(c cue, wkeys [][]string, i int) bool {
	if i+len(c.words) > len(wkeys) {
		return false
	}
	for j, w := range c.words {
		keys := wkeys[i+j]
		if j > 0 && len(keys) > 1 {
			keys = keys[:1] // clitics only on the first word
		}
		last := j == len(c.words)-1
		if !slices.ContainsFunc(keys, func(k string) bool {
			return k == w || last && c.prefix && strings.HasPrefix(k, w)
		}) {
			return false
		}
	}
	return true
}
