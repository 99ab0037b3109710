// Package brat reads brat standoff annotation (an X.ann file next to its
// X.txt) into geokg articles.
//
// Offsets count code points of the .txt after line breaks are normalised
// ("\r\n" and "\r" become "\n"), as brat counts them; the article text is
// the normalised text. Lines of the .ann:
//
//	T1	COUNTRY 0 6	واشنطن                 entity span; discontinuous: "0 5;10 15", text joined by one space
//	R1	Threaten Arg1:T1 Arg2:T2             relation: Arg1 is the source, Arg2 the target
//	E1	Attack:T9 Agent:T1 Target:T2 Place:T3  event: one relation, see below
//	A1	Negation E1                          attribute (also M lines): modality of R or E, via the mapping
//	A2	Modality R1 Speculation              multi-valued attribute: value (or Name=Value) via the mapping
//	A4	Confidence R1 Low                    a confidence instead, where the mapping's confidences give one
//	A3	EventKey E1 strike-2020-01-03        event key of R, E or an event's trigger T, see below
//	N1	Reference T1 Wikidata:Q30	United States   entity key and Wikidata id; geokg:KEY gives a native key
//	*	Equiv T1 T4                          the same entity
//	#1	AnnotatorNotes R1	date=2020-06 confidence=0.9   geokg fields, see below
//	# geokg article id=… published=2021-03-24 language=ar source="Al Arab" title="…" url=…
//
// The last form, "#", a space and "geokg article", is the article line:
// brat keeps it as a line it does not parse. published is warned about
// when missing (brat has no field for it); id defaults to the file name without its extension
// and a ".xx" language part, language to that part, then to the mapping's
// default, then to the script of the text (Arabic script: "ar", else "en").
// Other lines that start with "# " are comments.
//
// T lines with the same reference, or joined by Equiv, are one entity; a T
// line without a reference joins the one referenced entity of its kind with
// the same normalised text, or else the other unreferenced T lines of its
// kind and text. Names come from the N lines' texts (Arabic script: "ar",
// else "en") and from notes; an entity with neither is named by its first
// mention. Every fragment is a mention.
//
// An event (E) becomes one relation of the type its trigger's label maps to:
// the source is the first argument whose role the mapping lists as a source
// role (Agent, Arg1, …), else the first argument; the target is the first
// other argument with a target role (Patient, Target, …), else the next
// one; every other argument is a participant with its role in snake_case.
// Arguments that are events are left out with a warning.
//
// An R or E line may give an explicit event key (annotation.Relation.Event:
// relations of one type between the same parties with the same key are
// reports of one event, in this file or another): a multi-valued
// attribute whose name the mapping lists in event_keys (by default Event,
// EventKey, Event_Key, EventID or Event_ID, in any case) with the key as
// its value, or event=KEY in its AnnotatorNotes. An event also takes the key given so to its trigger, so
// that one key on a trigger serves every event of it. A key on an entity
// span, an empty key and two different keys for one relation are errors.
//
// AnnotatorNotes of a T line may give key=, wikidata=, name.LANG=,
// alias.LANG= (repeatable); of an R or E line id=, date=, start=, end=,
// confidence=, modality=, evidence=START-END (code points; by default the
// evidence is the sentence, or run of sentences, holding the arguments and
// the trigger), note=, event= and participant.ROLE=T…; other words become
// the relation's note; of an event trigger, event=. Values with spaces are
// double-quoted. Notes of other sorts (Lemma, a project's own) are free
// text and are not read.
//
// An attribute maps, by its name and value, to a confidence where the
// mapping's confidences give one ("confidences: {Confidence=Low: 0.3}"),
// else to a modality (modalities: Negation, or Modality=Speculation, or
// Speculation); one that maps to neither is counted in a warning.
//
// Reader reads the annotation.conf nearest to a .ann file (FindConfig):
// a relation type's declared argument names say which argument is the
// source (the first) and which the target, whatever their order on the
// line; the relation types declared symmetric-transitive (Alias…)
// make entities one in * lines, as Equiv does; and an attribute the
// [attributes] section declares takes the values it declares (Value:
// High|Medium|Low), or none when it declares none (a binary attribute):
// another value, or a missing one, is an error naming the line, the
// configuration's line and the values allowed. Attributes it does not
// declare are read as the mapping says.
package brat

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/formats/mapping"
	"github.com/geokg/geokg/internal/formats/standoff"
)

// Reader reads brat .ann files with the sibling .txt.
type Reader struct {
	Mapping *mapping.Mapping // nil for mapping.Default()
}

var _ annotation.Reader = Reader{}

// Name returns "brat".
func (Reader) Name() string { return "brat" }

// Detect reports whether the file is a .ann file.
func (Reader) Detect(file string, head []byte) bool {
	return strings.EqualFold(filepath.Ext(file), ".ann")
}

// Read parses the .ann data with the .txt file next to it.
func (r Reader) Read(file string, data []byte) ([]annotation.Document, annotation.Problems) {
	txtFile := strings.TrimSuffix(file, filepath.Ext(file)) + ".txt"
	text, err := os.ReadFile(txtFile)
	if err != nil {
		return nil, annotation.Problems{{Severity: annotation.Error, File: file,
			Message: "cannot read the text of the annotation: " + err.Error()}}
	}
	conf, probs := FindConfig(file)
	if probs.HasErrors() {
		return nil, probs
	}
	docs, more := ParseWith(file, data, text, r.Mapping, conf)
	return docs, append(probs, more...)
}

// Normalize returns text with "\r\n" and "\r" turned into "\n", the text
// brat's offsets count.
func Normalize(text []byte) string {
	text = bytes.ReplaceAll(text, []byte("\r\n"), []byte("\n"))
	return string(bytes.ReplaceAll(text, []byte("\r"), []byte("\n")))
}

type line struct {
	n      int
	id     string
	fields []string // the words of the middle column
	text   string   // the third column
}

// Parse reads one .ann file and its text into an article. It returns no
// document when there is an error.
func Parse(file string, ann, text []byte, m *mapping.Mapping) ([]annotation.Document, annotation.Problems) {
	return ParseWith(file, ann, text, m, nil)
}

// ParseWith is Parse with brat's annotation configuration (nil for none).
func ParseWith(file string, ann, text []byte, m *mapping.Mapping, conf *Config) ([]annotation.Document, annotation.Problems) {
	if m == nil {
		m = mapping.Default()
	}
	b := standoff.NewBuilder(file, Normalize(text), m)
	byKind := map[byte][]line{}
	seen := map[string]bool{}
	for i, raw := range strings.Split(string(ann), "\n") {
		at := standoff.Loc{Line: i + 1}
		raw = strings.TrimRight(raw, "\r")
		if strings.TrimSpace(raw) == "" {
			continue
		}
		if rest, ok := strings.CutPrefix(raw, "# "); ok {
			if meta, ok := strings.CutPrefix(strings.TrimSpace(rest), "geokg article"); ok {
				fields, err := standoff.ParseNote(meta)
				if err != nil {
					b.Errorf(at, "article line: %v", err)
				}
				for _, f := range fields {
					if f.Key == "" {
						b.Errorf(at, "article line: %q is not key=value", f.Value)
						continue
					}
					b.Meta(f.Key, f.Value, at)
				}
			}
			continue
		}
		cols := strings.SplitN(raw, "\t", 3)
		if len(cols) < 2 || cols[0] == "" {
			b.Errorf(at, "malformed line %.40q: want an id, a tab and an annotation", raw)
			continue
		}
		l := line{n: i + 1, id: cols[0], fields: strings.Fields(cols[1])}
		if len(cols) == 3 {
			l.text = cols[2]
		}
		kind := cols[0][0]
		if !strings.ContainsRune("TREAMN#*", rune(kind)) {
			b.Errorf(at, "unknown annotation %q: want an id starting with T, R, E, A, M, N, # or *", cols[0])
			continue
		}
		if len(l.fields) == 0 {
			b.Errorf(at, "%s has no type", l.id)
			continue
		}
		if kind != '*' {
			if seen[l.id] {
				b.Errorf(at, "annotation id %q is used twice", l.id)
				continue
			}
			seen[l.id] = true
		}
		byKind[kind] = append(byKind[kind], l)
	}
	events := map[string]bool{}
	for _, l := range byKind['E'] {
		events[l.id] = true
	}
	for _, l := range byKind['T'] {
		spanLine(b, l)
	}
	rels := append(byKind['R'], byKind['E']...)
	slices.SortFunc(rels, func(x, y line) int { return x.n - y.n })
	for _, l := range rels {
		at := standoff.Loc{Line: l.n}
		if l.id[0] == 'E' {
			eventLine(b, m, l, events)
			continue
		}
		src, tgt, msg := conf.ends(l.fields[0], roleArgs(b, l, l.fields[1:], at))
		if msg != "" {
			b.Errorf(at, "relation %s %s", l.id, msg)
			continue
		}
		b.Relation(standoff.Relation{ID: l.id, Labels: l.fields[:1], Source: src, Target: tgt, At: at})
	}
	for _, l := range byKind['*'] {
		if !conf.equiv(l.fields[0]) {
			b.Warnf(standoff.Loc{Line: l.n}, "%s annotation ignored: only Equiv and the relations annotation.conf declares symmetric-transitive make entities one", l.fields[0])
			continue
		}
		b.Same(l.fields[1:], standoff.Loc{Line: l.n})
	}
	for _, l := range byKind['N'] {
		at := standoff.Loc{Line: l.n}
		if len(l.fields) != 3 {
			b.Errorf(at, "%s: want \"Reference T1 Wikidata:Q30\"", l.id)
			continue
		}
		b.Ref(l.fields[1], l.fields[2], l.text, at)
	}
	for _, l := range append(byKind['A'], byKind['M']...) {
		at := standoff.Loc{Line: l.n}
		if len(l.fields) < 2 || len(l.fields) > 3 {
			b.Errorf(at, "%s: want \"NAME TARGET\" or \"NAME TARGET VALUE\"", l.id)
			continue
		}
		name, value := l.fields[0], strings.Join(l.fields[2:], "")
		if msg := conf.checkAttribute(name, value); msg != "" {
			b.Errorf(at, "%s: %s", l.id, msg)
			continue
		}
		b.Attribute(l.fields[1], name, value, at)
	}
	for _, l := range byKind['#'] {
		at := standoff.Loc{Line: l.n}
		if len(l.fields) == 0 || l.fields[0] != "AnnotatorNotes" {
			continue // another sort of note (Lemma…): free text, not geokg's
		}
		if len(l.fields) != 2 {
			b.Errorf(at, "%s: want \"AnnotatorNotes TARGET\", a tab and the note", l.id)
			continue
		}
		b.Note(l.fields[1], l.text, at)
	}
	id, lang := standoff.FromFileName(file)
	doc, probs := b.Build(standoff.Article{ID: id, Language: lang, At: standoff.Loc{Line: 1}})
	if doc == nil {
		return nil, probs
	}
	return []annotation.Document{*doc}, probs
}

// spanLine adds a T line: "LABEL START END[;START END]…" and the text.
func spanLine(b *standoff.Builder, l line) {
	at := standoff.Loc{Line: l.n}
	offsets := strings.Join(l.fields[1:], " ")
	var frags []standoff.Frag
	for _, part := range strings.Split(offsets, ";") {
		nums := strings.Fields(part)
		if len(nums) != 2 {
			b.Errorf(at, "%s: offsets %q: want \"START END\", fragments separated by \";\"", l.id, offsets)
			return
		}
		start, err1 := strconv.Atoi(nums[0])
		end, err2 := strconv.Atoi(nums[1])
		if err1 != nil || err2 != nil {
			b.Errorf(at, "%s: offsets %q: want \"START END\", fragments separated by \";\"", l.id, offsets)
			return
		}
		frags = append(frags, standoff.Frag{Start: start, End: end})
	}
	b.Span(l.id, l.fields[0], frags, l.text, at)
}

// roleArgs splits "ROLE:ID" words.
func roleArgs(b *standoff.Builder, l line, words []string, at standoff.Loc) [][2]string {
	var out [][2]string
	for _, w := range words {
		role, id, ok := strings.Cut(w, ":")
		if !ok || role == "" || id == "" {
			b.Errorf(at, "%s: argument %q: want ROLE:ID", l.id, w)
			continue
		}
		out = append(out, [2]string{role, id})
	}
	return out
}

// eventLine adds an E line as one relation (see the package comment).
func eventLine(b *standoff.Builder, m *mapping.Mapping, l line, events map[string]bool) {
	at := standoff.Loc{Line: l.n}
	head := roleArgs(b, l, l.fields[:1], at)
	if len(head) != 1 {
		return
	}
	typ, trigger := head[0][0], head[0][1]
	type arg struct {
		id, role string
		side     mapping.Side
	}
	var args []arg
	for _, a := range roleArgs(b, l, l.fields[1:], at) {
		if events[a[1]] {
			b.Warnf(at, "%s: argument %s:%s left out: it is an event, and geokg relations link entities", l.id, a[0], a[1])
			continue
		}
		side, role := m.Role(a[0])
		args = append(args, arg{a[1], role, side})
	}
	pick := func(ok func(i int, a arg) bool) int {
		for i, a := range args {
			if ok(i, a) {
				return i
			}
		}
		return -1
	}
	src := pick(func(_ int, a arg) bool { return a.side == mapping.Source })
	if src < 0 {
		src = pick(func(_ int, a arg) bool { return a.side != mapping.Target })
	}
	if src < 0 {
		src = pick(func(int, arg) bool { return true })
	}
	tgt := pick(func(i int, a arg) bool { return i != src && a.side == mapping.Target })
	if tgt < 0 {
		tgt = pick(func(i int, _ arg) bool { return i != src })
	}
	r := standoff.Relation{ID: l.id, Labels: []string{typ}, Trigger: trigger, KeyFrom: trigger, At: at}
	for i, a := range args {
		switch i {
		case src:
			r.Source = a.id
		case tgt:
			r.Target = a.id
		default:
			r.Others = append(r.Others, standoff.Arg{ID: a.id, Role: a.role})
		}
	}
	b.Relation(r)
}
