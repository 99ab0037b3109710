// Package draft drafts annotations from raw article text, offline and
// deterministically: mentions of known entities (Arabic and English, on the
// normalised text), dates resolved against the publication date, and
// relations from a cue lexicon with the modality their sentence gives. The
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
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/ontology"
	"github.com/geokg/geokg/internal/resolve"
)

// Drafter drafts annotations against a set of known entities.
type Drafter struct {
	ix    *index
	lex   *Lexicon
	vocab *ontology.Vocabulary
}

// New returns a drafter finding the entities known (from a gazetteer or a
// store: their key, kind, names and aliases are used) with the cues of lex,
// whose types are those of vocab.
func New(known []annotation.Entity, lex *Lexicon, vocab *ontology.Vocabulary) *Drafter {
	return &Drafter{ix: newIndex(known), lex: lex, vocab: vocab}
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

// relations drafts the relations of each sentence: a relation cue with the
// nearest party before it and the nearest after it (or, when the sentence
// starts with the verb, the two after it), the modality of the nearest
// modality cue before it (planned when it is dated after publication), and
// the date nearest to it.
func (d *Drafter) relations(text []rune, lang string, pub graph.Date, res *Result) []annotation.Relation {
	ws := words(text)
	wkeys := make([][]string, len(ws))
	for i, w := range ws {
		wkeys[i] = resolve.Keys(string(text[w.start:w.end]))
	}
	rels := find(d.lex.relations, lang, text, ws, wkeys)
	mods := find(d.lex.modalities, lang, text, ws, wkeys)
	kinds := map[string]string{}
	for _, e := range res.Document.Entities {
		kinds[e.Key] = e.Kind
	}
	var out []annotation.Relation
	seen := map[string]bool{}
	for _, sent := range sentences(text) {
		in := func(s, e int) bool { return s >= sent[0] && e <= sent[1] }
		var ms []Mention
		for _, m := range res.Mentions {
			if in(m.Start, m.End) && !d.place(text, ws, wkeys, lang, m) {
				ms = append(ms, m)
			}
		}
		for _, h := range rels {
			inName := slices.ContainsFunc(res.Mentions, func(m Mention) bool { return h.start < m.End && m.Start < h.end })
			if !in(h.start, h.end) || inName { // "talks" of "the Strategic Talks" names, not relates
				continue
			}
			src, tgt, conf, ok := parties(ms, h)
			if !ok || !actor(kinds[src.Entity]) {
				continue
			}
			typ, _ := d.vocab.Lookup(h.cue.value)
			id := fmt.Sprintf("%d/%s/%s/%s", sent[0], typ.ID, src.Entity, tgt.Entity)
			if seen[id] {
				continue
			}
			seen[id] = true
			rules := []string{h.rule()}
			r := annotation.Relation{
				ID: fmt.Sprintf("r%d", len(out)+1), Type: typ.ID, Source: src.Entity, Target: tgt.Entity,
				Modality: string(graph.Asserted),
				Evidence: annotation.Span{Start: &sent[0], End: &sent[1], Text: string(text[sent[0]:sent[1]])},
			}
			if m, ok := nearestBefore(mods, sent[0], h.start); ok {
				r.Modality = m.cue.value
				rules = append(rules, m.rule())
			}
			if dt, ok := nearestDate(res.Dates, sent, h); ok && !typ.Interval() {
				if dt.Uncertain {
					rules = append(rules, fmt.Sprintf("date uncertain: %q is %s or %s", dt.Text, dt.Value, dt.Alt))
				} else {
					r.Date = dt.Value.String()
					rules = append(rules, fmt.Sprintf("date:%s %q", dt.Rule, dt.Text))
					if dt.Value.First() > pub.Last() && r.Modality != string(graph.Denied) {
						r.Modality = string(graph.Planned)
						rules = append(rules, "planned: dated after publication")
					}
				}
				conf *= dt.Confidence
			}
			c := math.Round(conf*100) / 100
			r.Confidence = &c
			r.Note = "draft: " + strings.Join(rules, "; ")
			out = append(out, r)
		}
	}
	return out
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

// parties returns the source and target of a relation cue among the
// mentions of its sentence, with the confidence of the reading.
func parties(ms []Mention, h hit) (src, tgt Mention, conf float64, ok bool) {
	var before, after []Mention
	for _, m := range ms {
		switch {
		case m.End <= h.start:
			before = append(before, m)
		case m.Start >= h.end:
			after = append(after, m)
		}
	}
	other := func(list []Mention, not string) (Mention, bool) {
		i := slices.IndexFunc(list, func(m Mention) bool { return m.Entity != not })
		if i < 0 {
			return Mention{}, false
		}
		return list[i], true
	}
	if len(before) > 0 {
		src = before[len(before)-1]
		tgt, ok = other(after, src.Entity)
		return src, tgt, 0.6, ok
	}
	if len(after) > 0 {
		src = after[0]
		tgt, ok = other(after[1:], src.Entity)
		return src, tgt, 0.45, ok
	}
	return src, tgt, 0, false
}

// actor reports whether an entity of kind can be the source of an event:
// places, facilities, agreements and events cannot.
func actor(kind string) bool {
	switch kind {
	case "location", "facility", "agreement", "event":
		return false
	}
	return true
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
