// Package draft drafts annotations from raw article text, offline and
// deterministically: mentions of known entities (Arabic and English, on the
// normalised text), dates resolved against the publication date, and
// relations from a cue lexicon, between the parties their sentence's
// structure gives, and from the titles of persons, with the modality their
// sentence gives. The
// draft is a native annotation document marked "status": "draft", each
// relation with the rules that produced it and a confidence, for a person
// to review, in the native format or in the tool they review in: as Label
// Studio tasks holding the draft as predictions, or as brat standoff, both
// written so that the readers of those formats (internal/formats) read
// them back into the same article (MarshalLabelStudio, Result.Brat).
package draft

import (
	"bytes"
	"cmp"
	"encoding/json"
	"slices"
	"strings"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/ontology"
)

// Drafter drafts annotations against a set of known entities.
type Drafter struct {
	ix          *index
	lex         *Lexicon
	vocab       *ontology.Vocabulary
	governments map[string]string // country key → its government's (governmentsOf)
}

// New returns a drafter finding the entities known (from a gazetteer or a
// store: their key, kind, names and aliases are used) with the cues of lex,
// whose types are those of vocab.
func New(known []annotation.Entity, lex *Lexicon, vocab *ontology.Vocabulary) *Drafter {
	return &Drafter{ix: newIndex(known), lex: lex, vocab: vocab, governments: governmentsOf(known)}
}

// Result is a draft: the native document and what produced its items.
type Result struct {
	Document  annotation.Document
	Mentions  []Mention   // the mentions of Document's entities, with their rules
	Ambiguous []Ambiguous // names of several entities, left out
	Dates     []Date
}

// Draft drafts the annotations of article, whose Text, Language and
// Published (YYYY-MM-DD) must be set.
func (d *Drafter) Draft(article annotation.Article) (*Result, error) {
	pub, err := graph.ParseDate(article.Published)
	if err != nil || pub.Precision != graph.Day {
		return nil, graph.Errorf(graph.EInvalid, "published date %q: want YYYY-MM-DD", article.Published)
	}
	text := []rune(article.Text)
	article.Status = annotation.StatusDraft
	res := &Result{Document: annotation.Document{Version: 1, Article: &article, Entities: []annotation.Entity{}}}
	res.Mentions, res.Ambiguous = d.ix.mentions(text)
	res.Dates = Dates(article.Text, pub)
	byKey := map[string]int{}
	for _, m := range res.Mentions {
		i, ok := byKey[m.Entity]
		if !ok {
			k := slices.IndexFunc(d.ix.known, func(e annotation.Entity) bool { return e.Key == m.Entity })
			e := d.ix.known[k]
			i = len(res.Document.Entities)
			byKey[m.Entity] = i
			res.Document.Entities = append(res.Document.Entities, annotation.Entity{Key: e.Key, Kind: e.Kind, Wikidata: e.Wikidata, Names: e.Names})
		}
		s, e := m.Start, m.End
		res.Document.Entities[i].Mentions = append(res.Document.Entities[i].Mentions, annotation.Span{Start: &s, End: &e, Text: m.Text})
	}
	res.Document.Relations = d.relations(text, article.Language, pub, res)
	return res, nil
}

// place reports whether mention m is written as a place: right after a
// locative word of the lexicon ("in Iraq") or with an attached "ب"
// ("بالعراق").
func (d *Drafter) place(text []rune, ws []word, wkeys [][]string, lang string, m Mention) bool {
	i := slices.IndexFunc(ws, func(w word) bool { return w.end >= m.Start })
	if i < 0 {
		return false
	}
	if ws[i].start < m.Start { // a clitic left out of the span
		return strings.ContainsRune(string(text[ws[i].start:m.Start]), 'ب')
	}
	return i > 0 && len(wkeys[i-1]) > 0 && d.lex.locatives[lang][wkeys[i-1][0]]
}

func nearestBefore(hits []hit, from, to int) (hit, bool) {
	var best hit
	ok := false
	for _, h := range hits {
		if h.start >= from && h.end <= to {
			best, ok = h, true
		}
	}
	return best, ok
}

func nearestDate(dates []Date, sent [2]int, h hit) (Date, bool) {
	var in []Date
	for _, d := range dates {
		if d.Start >= sent[0] && d.End <= sent[1] {
			in = append(in, d)
		}
	}
	if len(in) == 0 {
		return Date{}, false
	}
	dist := func(d Date) int { return max(d.Start-h.end, h.start-d.End, 0) }
	return slices.MinFunc(in, func(a, b Date) int { return cmp.Compare(dist(a), dist(b)) }), true
}

// MarshalNative returns the draft as a native JSON document, indented, with
// a final line break.
func (r *Result) MarshalNative() ([]byte, error) {
	doc := struct {
		Version   int                   `json:"geokg"`
		Article   *annotation.Article   `json:"article"`
		Entities  []annotation.Entity   `json:"entities"`
		Relations []annotation.Relation `json:"relations,omitempty"`
	}{r.Document.Version, r.Document.Article, r.Document.Entities, r.Document.Relations}
	return marshalIndent(doc)
}

// marshalIndent encodes v as indented JSON with a final line break and the
// text as written: "&", not "\u0026".
func marshalIndent(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	err := enc.Encode(v)
	return b.Bytes(), err
}
