package standoff

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/formats/mapping"
	"github.com/geokg/geokg/internal/graph"
)

// Loc is where an annotation is in its file: a line, a JSON pointer, or
// both (a JSON Lines record).
type Loc struct {
	Line    int
	Pointer string
}

// Frag is one contiguous piece of a span, in code points of the text.
type Frag struct{ Start, End int }

// Arg is a further party of a relation: a span id and its geokg role.
type Arg struct{ ID, Role string }

// Relation is a relation annotation as a tool gives it.
type Relation struct {
	ID      string   // the tool's id (R1, E2, a doccano id); the default geokg id
	Labels  []string // one maps to a relation type; the others may map to modalities
	Source  string   // span ids
	Target  string
	Others  []Arg  // participants
	Trigger string // span id of a brat event trigger: part of the evidence, not an entity
	KeyFrom string // span id whose event key the relation takes (a brat trigger, a Label Studio start region)
	At      Loc
}

// Builder assembles one article from standoff annotations: spans with
// labels, references, notes and relations, given by id in any order. It
// maps labels, groups spans into entities, and checks spans and fields,
// reporting every problem where it is. A Builder is used once.
type Builder struct {
	file  string
	text  []rune
	m     *mapping.Mapping
	probs annotation.Problems
	tally mapping.Tally

	spans   map[string]*span
	bad     map[string]bool // ids of spans refused, not to be reported again
	order   []string        // span ids in order given
	rels    []*Relation
	relByID map[string]*relInfo
	equiv   [][]string
	meta    map[string]string
	metaAt  map[string]Loc
}

type span struct {
	id, label string
	frags     []Frag
	at        Loc
	key, qid  string
	names     map[string]string
	aliases   map[string][]string
	refNames  []string
	event     eventKey // for the relations that take it (Relation.KeyFrom)
	group     int
}

type relInfo struct {
	modality, modAt string
	confidence      *float64 // from an attribute
	confAt          string
	event           eventKey
	fields          []Field
	noteAt          Loc
}

// eventKey is an explicit event key with where it was given: from names
// the field ("note", "attribute EventKey").
type eventKey struct {
	key, from string
	at        Loc
}

// NewBuilder starts an article of file with its text (already as the tool
// counts it) and a mapping.
func NewBuilder(file, text string, m *mapping.Mapping) *Builder {
	return &Builder{file: file, text: []rune(text), m: m, spans: map[string]*span{},
		relByID: map[string]*relInfo{}, bad: map[string]bool{}, meta: map[string]string{}, metaAt: map[string]Loc{}}
}

// Text returns the article text as code points.
func (b *Builder) Text() []rune { return b.text }

// Errorf records an error at a place.
func (b *Builder) Errorf(at Loc, format string, args ...any) {
	b.add(annotation.Error, at, format, args...)
}

// Warnf records a warning at a place.
func (b *Builder) Warnf(at Loc, format string, args ...any) {
	b.add(annotation.Warning, at, format, args...)
}

func (b *Builder) add(sev annotation.Severity, at Loc, format string, args ...any) {
	b.probs = append(b.probs, b.problem(sev, at, fmt.Sprintf(format, args...)))
}

func (b *Builder) problem(sev annotation.Severity, at Loc, msg string) annotation.Problem {
	return annotation.Problem{Severity: sev, File: b.file, Line: at.Line, Pointer: at.Pointer, Message: msg}
}

// Meta sets a field of the article: id, published, language, title, url or
// source. Unknown fields are warned about.
func (b *Builder) Meta(key, value string, at Loc) {
	switch _, dup := b.meta[key]; {
	case !slices.Contains(mapping.ArticleFields, key):
		b.Warnf(at, "unknown article field %q ignored (want %s)", key, strings.Join(mapping.ArticleFields, ", "))
	case dup:
		b.Errorf(at, "article %s is given twice", key)
	default:
		if key == "published" {
			value = publicationDay(value)
		}
		b.meta[key], b.metaAt[key] = value, at
	}
}

// publicationDay is the day of a publication time as tools and feeds write
// it ("2021-03-24T08:15:00Z", "2021-03-24 08:15:00"): the date as written,
// in the publisher's own time; anything else as it is.
func publicationDay(v string) string {
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05"} {
		if _, err := time.Parse(layout, v); err == nil {
			return v[:len("2006-01-02")]
		}
	}
	return v
}

// Span adds a labelled span with its fragments. claimed, if not "", is the
// text the tool says the span holds (fragments joined by one space); a
// mismatch is an error. It reports whether the span was added.
func (b *Builder) Span(id, label string, frags []Frag, claimed string, at Loc) bool {
	if _, dup := b.spans[id]; dup {
		b.Errorf(at, "annotation id %q is used twice", id)
		return false
	}
	b.bad[id] = true
	if len(frags) == 0 {
		b.Errorf(at, "span %s has no offsets", id)
		return false
	}
	parts := make([]string, len(frags))
	for i, f := range frags {
		switch {
		case f.Start < 0 || f.Start >= f.End:
			b.Errorf(at, "span %s: offsets %d–%d: start must be at least 0 and before end", id, f.Start, f.End)
			return false
		case f.End > len(b.text):
			b.Errorf(at, "span %s: end %d is past the end of the text (%d code points)", id, f.End, len(b.text))
			return false
		}
		parts[i] = string(b.text[f.Start:f.End])
	}
	if got := strings.Join(parts, " "); claimed != "" && got != claimed {
		msg := fmt.Sprintf("span %s: the text at %s is %q, not %q", id, fragString(frags), clip(got), clip(claimed))
		if i := strings.Index(string(b.text), claimed); i >= 0 {
			at := len([]rune(string(b.text)[:i]))
			msg += fmt.Sprintf(" (%q is at %d–%d)", clip(claimed), at, at+len([]rune(claimed)))
		}
		b.Errorf(at, "%s", msg)
		return false
	}
	delete(b.bad, id)
	b.spans[id] = &span{id: id, label: label, frags: frags, at: at}
	b.order = append(b.order, id)
	return true
}

// Ref adds a normalisation reference to a span: "Wikidata:Q30", "Q30" or
// "geokg:kataib-hezbollah", with the name the reference gives (may be "").
func (b *Builder) Ref(id, ref, name string, at Loc) {
	s := b.spanAt(id, at)
	if s == nil {
		return
	}
	if !b.ref(s, ref, at) {
		b.Warnf(at, "reference %q ignored: want Wikidata:Q…, Q… or geokg:KEY", ref)
		return
	}
	if name = strings.TrimSpace(name); name != "" && !slices.Contains(s.refNames, name) {
		s.refNames = append(s.refNames, name)
	}
}

// ref applies a reference to a span; false if it is not one.
func (b *Builder) ref(s *span, ref string, at Loc) bool {
	db, val, ok := strings.Cut(ref, ":")
	if !ok {
		db, val = "wikidata", ref
	}
	switch strings.ToLower(db) {
	case "wikidata", "wd":
		if !graph.IsQID(val) {
			return false
		}
		b.set(&s.qid, val, "Wikidata id", s.id, at)
	case "geokg":
		if !graph.IsEntityID(val) {
			b.Errorf(at, "span %s: key %q is not a QID or a slug matching [a-z0-9][a-z0-9._-]* (at most %d characters)", s.id, val, graph.MaxIDLength)
			return true
		}
		b.set(&s.key, val, "key", s.id, at)
	default:
		return false
	}
	return true
}

func (b *Builder) set(field *string, val, what, id string, at Loc) {
	if val == "" {
		return
	}
	if *field != "" && *field != val {
		b.Errorf(at, "%s has %s %q and %q", id, what, *field, val)
		return
	}
	*field = val
}

func (b *Builder) spanAt(id string, at Loc) *span {
	s := b.spans[id]
	if s == nil && !b.bad[id] {
		b.Errorf(at, "%q is not a span annotation", id)
	}
	return s
}

// Same says that spans are mentions of one entity (brat Equiv).
func (b *Builder) Same(ids []string, at Loc) {
	for _, id := range ids {
		if b.spanAt(id, at) == nil {
			return
		}
	}
	b.equiv = append(b.equiv, ids)
}

// Relation adds a relation. Its ids are resolved when the article is built.
func (b *Builder) Relation(r Relation) {
	if _, dup := b.relByID[r.ID]; dup {
		b.Errorf(r.At, "annotation id %q is used twice", r.ID)
		return
	}
	b.relByID[r.ID] = &relInfo{}
	b.rels = append(b.rels, &r)
}

// Attribute sets a brat attribute (name, and value or "") on a relation:
// an event key if the mapping names it so (mapping.EventKey), else a
// confidence if the mapping gives the value one (mapping.Confidence),
// else a modality.
func (b *Builder) Attribute(id, name, value string, at Loc) {
	if b.m.EventKey(name) {
		b.EventKey(id, value, "attribute "+name, at)
		return
	}
	label := strings.TrimSpace(name + " " + value)
	ri := b.relByID[id]
	switch {
	case ri == nil && b.spans[id] != nil:
		b.Warnf(at, "attribute %s on span %s ignored: geokg reads attributes of relations and events only", label, id)
		return
	case ri == nil:
		b.Errorf(at, "attribute %s names %q, which is not a relation or event", label, id)
		return
	}
	if c, st := b.m.Confidence(name, value); st == mapping.Mapped {
		if ri.confidence != nil && *ri.confidence != c {
			b.Errorf(at, "%s has confidences %v (%s) and %v (%s)", id, *ri.confidence, ri.confAt, c, label)
			return
		}
		ri.confidence, ri.confAt = &c, label
		return
	}
	mod, st := b.m.Modality(name, value)
	switch {
	case st != mapping.Mapped:
		b.tally.Add("attribute", label, st, b.problem(annotation.Warning, at, ""))
	case ri.modality != "" && ri.modality != mod:
		b.Errorf(at, "%s has modalities %s (%s) and %s (%s)", id, ri.modality, ri.modAt, mod, label)
	default:
		ri.modality, ri.modAt = mod, label
	}
}

// EventKey gives a relation its explicit event key (annotation.Relation.Event),
// trimmed of white space; from names the field it comes from ("attribute
// EventKey", "field event"). id may also be a span: every relation whose
// KeyFrom it is takes the key, and a span that no relation takes it from
// is an error when the article is built.
func (b *Builder) EventKey(id, key, from string, at Loc) {
	k := eventKey{strings.TrimSpace(key), from, at}
	switch n := utf8.RuneCountInString(k.key); {
	case n == 0:
		b.Errorf(at, "%s on %s: the event key is empty", from, id)
		return
	case n > annotation.MaxEventLength:
		b.Errorf(at, "%s on %s: the event key is %d characters long, more than %d", from, id, n, annotation.MaxEventLength)
		return
	}
	if ri := b.relByID[id]; ri != nil {
		b.setEvent(id, &ri.event, k)
	} else if s := b.spans[id]; s != nil {
		b.setEvent(id, &s.event, k)
	} else if !b.bad[id] {
		b.Errorf(at, "%s names %q, which is not a relation, an event or a span", from, id)
	}
}

// setEvent sets the event key ev of the relation or span id to k, unless it
// already has another one.
func (b *Builder) setEvent(id string, ev *eventKey, k eventKey) {
	switch {
	case ev.key == "":
		*ev = k
	case ev.key != k.key:
		b.Errorf(k.at, "%s has event keys %q (%s) and %q (%s)", id, ev.key, ev.from, k.key, k.from)
	}
}

// Note attaches a note (see ParseNote) to a span or a relation.
func (b *Builder) Note(id, note string, at Loc) {
	fields, err := ParseNote(note)
	if err != nil {
		b.Errorf(at, "note on %s: %v", id, err)
		return
	}
	if ri := b.relByID[id]; ri != nil {
		ri.fields, ri.noteAt = append(ri.fields, fields...), at
		return
	}
	s := b.spanAt(id, at)
	if s == nil {
		return
	}
	var words []string
	for _, f := range fields {
		lang, sub, _ := strings.Cut(f.Key, ".")
		switch {
		case f.Key == "":
			if !b.ref(s, f.Value, at) {
				words = append(words, f.Value)
			}
		case f.Key == "key":
			b.ref(s, "geokg:"+f.Value, at)
		case f.Key == "event":
			b.EventKey(id, f.Value, "note", at)
		case f.Key == "wikidata":
			if !b.ref(s, "wikidata:"+f.Value, at) {
				b.Errorf(at, "note on %s: wikidata %q is not a QID", id, f.Value)
			}
		case (lang == "name" || lang == "alias") && langRE.MatchString(sub):
			if lang == "name" {
				if s.names == nil {
					s.names = map[string]string{}
				}
				name := s.names[sub]
				b.set(&name, f.Value, "name."+sub, id, at)
				s.names[sub] = name
			} else {
				if s.aliases == nil {
					s.aliases = map[string][]string{}
				}
				s.aliases[sub] = append(s.aliases[sub], f.Value)
			}
		default:
			b.Warnf(at, "note on %s: %s= ignored (entities take key, wikidata, name.LANG, alias.LANG)", id, f.Key)
		}
	}
	if len(words) > 0 {
		b.Warnf(at, "note on %s: words %q ignored (entities take key=…, a QID, name.LANG=…, alias.LANG=…)", id, strings.Join(words, " "))
	}
}
