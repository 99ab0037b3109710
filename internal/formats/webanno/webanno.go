// Package webanno reads WebAnno TSV 3 files (versions 3.2 and 3.3, as
// INCEpTION and WebAnno export a document) into geokg articles, one per
// file.
//
// The header declares the layers, each a line: span layers (#T_SP=), chain
// layers (#T_CH=) and relation layers (#T_RL=), each with its features in
// the order of their columns, a relation layer's last being BT_ and the
// span layer it links:
//
//	#FORMAT=WebAnno TSV 3.3
//	#T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|identifier|value
//	#T_RL=webanno.custom.Relation|label|BT_de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity
//
//
//	#Text=Iran backs the group .
//	1-1	0-4	Iran	http://www.wikidata.org/entity/Q794	GPE	_	_
//	1-2	5-10	backs	_	_	_	_
//	…
//
// A sentence is its #Text= lines (one per line of its text) and a line per
// token, SENTENCE-TOKEN, BEGIN-END, the token and a column per feature; a
// sub-token (1-3.1) follows its token. "_" is no annotation of the layer
// there, "*" an annotation whose feature is empty; the annotations of one
// layer stacked on a unit are separated by "|", and an annotation over
// several units, or stacked, carries a disambiguation id, PER[3], the same
// on each unit. A relation is on its target's first unit: its BT_ column
// names the source's unit, with the disambiguation ids of source and target
// when either has one (1-2[0_3]). Feature values escape \ [ ] | _ -> ; * as
// \\ \[ \] \| \_ \-> \; \* and tab and line feed as \t and \n; #Text= lines
// escape backslash, tab, line feed, form feed, carriage return and
// backspace (\\ \t \n \f \r \b) and other control characters with a
// backslash before them.
//
// Offsets count UTF-16 code units, as Java does; the article text is
// rebuilt from the #Text= lines at the offsets of their first tokens, as
// INCEpTION rebuilds it (a sentence that starts one unit after the one
// before is separated from it by a line feed, a longer gap is filled with
// spaces), and geokg's spans count its code points.
//
// Named entities are the annotations of the built-in NamedEntity layer:
// its value feature is the label (PER, GPE…, mapped by package mapping),
// its identifier, a knowledge base's IRI, the Wikidata id when it is a
// Wikidata entity's (http://www.wikidata.org/entity/Q794) and otherwise a
// reference as a brat note gives it (Q794, geokg:KEY). A custom span layer
// (webanno.custom.…) gives entities too, its label the feature the
// mapping's webanno.layers names for it, or its only feature besides an
// identifier, which is its reference. The annotations of a custom
// relation layer between spans that are read are relations, their label
// from the feature webanno.layers names, or the only one besides an event
// key, mapped to a
// relation type; the evidence is the sentence, or run of sentences,
// holding both ends (package standoff). A feature of a relation layer that
// the mapping lists in event_keys (event, event_id…) gives the relation's
// explicit event key (annotation.Relation.Event). What geokg does not read is left
// out with a warning that counts it: chains (coreference), slot features,
// built-in layers other than the named entities (POS, lemmas,
// dependencies: unless webanno.layers names their label), custom layers of
// several features of which the mapping names none, other features of a
// layer read, and annotations of no length.
//
// TSV has no field for an article's id, date or source: the id is the file
// name without its extension and a ".xx" language part, the language that
// part, and the publication date and source come from a sidecar, the
// mapping's defaults or --published (package importer). A line that is not
// what the format says (a unit out of order, offsets outside the sentence
// or not holding the token, a column count the header does not give, a
// reference to an annotation that is not there) is an error naming the
// line, and the file is not imported.
package webanno

import (
	"bytes"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/formats/mapping"
	"github.com/geokg/geokg/internal/formats/standoff"
)

// Reader reads WebAnno TSV 3 files.
type Reader struct {
	Mapping *mapping.Mapping // nil for mapping.Default()
}

var _ annotation.Reader = Reader{}

// Name returns "webanno".
func (Reader) Name() string { return "webanno" }

// Detect reports whether the file is a .tsv file whose first line, after a
// byte order mark, starts "#FORMAT=WebAnno TSV 3".
func (Reader) Detect(file string, head []byte) bool {
	return strings.EqualFold(filepath.Ext(file), ".tsv") &&
		bytes.HasPrefix(bytes.TrimPrefix(head, []byte("\ufeff")), []byte("#FORMAT=WebAnno TSV 3"))
}

// Read parses a file.
func (r Reader) Read(file string, data []byte) ([]annotation.Document, annotation.Problems) {
	return Parse(file, data, r.Mapping)
}

// Parse reads one TSV file into an article. It returns no document when
// there is an error.
func Parse(file string, data []byte, m *mapping.Mapping) ([]annotation.Document, annotation.Problems) {
	if m == nil {
		m = mapping.Default()
	}
	p := newParser(file)
	p.read(string(data))
	if p.probs.HasErrors() {
		return nil, p.probs
	}
	b := standoff.NewBuilder(file, string(p.text), m)
	p.build(b, m)
	id, lang := standoff.FromFileName(file)
	doc, probs := b.Build(standoff.Article{ID: id, Language: lang, At: standoff.Loc{Line: 1}})
	probs = append(p.probs, probs...)
	if doc == nil {
		return nil, probs
	}
	return []annotation.Document{*doc}, probs
}

// identifier is the feature of a span layer that holds a reference.
const identifier = "identifier"

var wikidataRE = regexp.MustCompile(`^https?://(?:www\.)?wikidata\.org/(?:entity|wiki)/(Q[1-9][0-9]*)$`)

// build gives the builder the annotations of the layers read.
func (p *parser) build(b *standoff.Builder, m *mapping.Mapping) {
	labels := map[*layer]string{} // layers read → their label feature
	notRead := map[*layer]string{}
	for _, l := range p.layers {
		if f, why := labelFeature(l, m); why != "" {
			notRead[l] = why
		} else {
			labels[l] = f
		}
	}
	given := map[*ann]string{} // spans given to the builder → their id
	for _, a := range p.spans {
		f, ok := labels[a.layer]
		switch {
		case !ok:
			p.leaveOut(a.line, "annotations of %s left out: %s", a.layer.name, notRead[a.layer])
			continue
		case a.begin == a.end:
			p.leaveOut(a.line, "annotations of no length left out (%s)", a.layer.name)
			continue
		}
		id := a.name()
		at := standoff.Loc{Line: a.line}
		if !b.Span(id, a.feats[f], []standoff.Frag{{Start: p.runeAt[a.begin], End: p.runeAt[a.end]}}, "", at) {
			continue
		}
		given[a] = id
		for _, feat := range a.layer.features {
			v := a.feats[feat]
			switch {
			case v == "" || feat == f:
			case feat == identifier:
				if q := wikidataRE.FindStringSubmatch(v); q != nil {
					v = "Wikidata:" + q[1]
				}
				b.Ref(id, v, "", at)
			default:
				p.leaveOut(a.line, "values of feature %s of %s left out: geokg reads its label (%s) and identifier", feat, a.layer.name, f)
			}
		}
	}
	for _, r := range p.rels {
		f, ok := labels[r.layer]
		if !ok {
			p.leaveOut(r.line, "annotations of %s left out: %s", r.layer.name, notRead[r.layer])
			continue
		}
		src, tgt := p.ends(b, r)
		if src == nil || tgt == nil {
			continue
		}
		if given[src] == "" || given[tgt] == "" {
			p.leaveOut(r.line, "relations of %s left out: an end is an annotation that is not read", r.layer.name)
			continue
		}
		id, at := r.relationID(), standoff.Loc{Line: r.line}
		b.Relation(standoff.Relation{ID: id, Labels: []string{r.feats[f]}, Source: given[src], Target: given[tgt], At: at})
		for _, feat := range r.layer.features {
			switch v := r.feats[feat]; {
			case v == "" || feat == f:
			case m.EventKey(feat):
				b.EventKey(id, v, "feature "+feat, at)
			default:
				p.leaveOut(r.line, "values of feature %s of %s left out: geokg reads its label (%s) and an event key (event_keys)", feat, r.layer.name, f)
			}
		}
	}
	for _, s := range p.skipped {
		b.Warnf(standoff.Loc{Line: s.line}, "%s (%d; the first is here)", s.why, s.n)
	}
}

// labelFeature returns the feature that holds the labels of a layer, or
// why the layer is not read.
func labelFeature(l *layer, m *mapping.Mapping) (feature, why string) {
	f := m.LabelFeature(l.name)
	switch {
	case l.kind == chainLayer:
		return "", "geokg does not read chains (coreference)"
	case f != "" && !slices.Contains(l.features, f):
		return "", "the mapping's webanno.layers names its feature " + f + ", which the header does not declare (it declares " + strings.Join(l.features, ", ") + ")"
	case f != "":
		return f, ""
	case !strings.HasPrefix(l.name, "webanno.custom."):
		return "", "geokg reads the named entities and custom layers; name the feature of its label in the mapping (webanno.layers) to read it"
	}
	fs := slices.DeleteFunc(slices.Clone(l.features), func(f string) bool {
		return l.kind == spanLayer && f == identifier || l.kind == relationLayer && m.EventKey(f)
	})
	if len(fs) == 1 {
		return fs[0], ""
	}
	return "", "it has " + strconv.Itoa(len(fs)) + " features besides an identifier or event key and the mapping names none as its label (webanno.layers)"
}

// ends returns the source and target spans of a relation, or nil with an
// error.
func (p *parser) ends(b *standoff.Builder, r *ann) (src, tgt *ann) {
	at := standoff.Loc{Line: r.line}
	base := p.byName[r.layer.base]
	switch {
	case r.tgt == nil:
		b.Errorf(at, "relation %s on %s has no source: its BT_ column is _", r.layer.short(), r.unit)
		return nil, nil
	case base == nil || base.kind != spanLayer:
		b.Errorf(standoff.Loc{Line: r.layer.line}, "relation layer %s links %s, which is not a span layer of the header", r.layer.name, r.layer.base)
		return nil, nil
	}
	find := func(what, unitID string, id int) *ann {
		if id > 0 {
			a := p.byID[id]
			if a == nil || a.layer != base {
				b.Errorf(at, "relation %s on %s: its %s [%d] is not an annotation of %s", r.layer.short(), r.unit, what, id, base.name)
				return nil
			}
			return a
		}
		u := p.units[unitID]
		if u == nil || len(u.spans[base]) == 0 {
			b.Errorf(at, "relation %s on %s: its %s %s has no annotation of %s", r.layer.short(), r.unit, what, unitID, base.name)
			return nil
		}
		return u.spans[base][0]
	}
	src = find("source", r.src, r.srcID)
	tgt = find("target", r.tgt.id, r.tgtID)
	if src == nil || tgt == nil {
		return nil, nil
	}
	return src, tgt
}

// name is the id of a span annotation in messages and notes: its layer's
// short name and the unit it starts on, with its disambiguation id or its
// place among the stacked ones ("NamedEntity 1-3[2]", "Actor 2-1/2").
func (a *ann) name() string {
	s := a.layer.short() + " " + a.unit
	switch {
	case a.disamb > 0:
		s += "[" + strconv.Itoa(a.disamb) + "]"
	case a.stack > 0:
		s += "/" + strconv.Itoa(a.stack+1)
	}
	return s
}

var notIDRE = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// relationID is the geokg id of a relation: its layer's short name and
// its target's unit, with its place among the relations stacked there
// ("Relation-1-5", "Relation-1-5-2").
func (a *ann) relationID() string {
	s := strings.Trim(notIDRE.ReplaceAllString(a.layer.short(), "-"), "-._")
	if s == "" {
		s = "relation"
	}
	s += "-" + a.unit
	if a.stack > 0 {
		s += "-" + strconv.Itoa(a.stack+1)
	}
	return s
}
