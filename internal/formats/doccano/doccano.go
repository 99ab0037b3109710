// Package doccano reads doccano JSON Lines exports of sequence labelling
// into geokg articles, one per line. A line's spans are read from each of
// the fields doccano has written them in:
//
//   - "label": [[start, end, "LABEL"], …], the default export of a
//     sequence labelling project without relations (doccano 1.8:
//     {"id":1,"text":"…","label":[[0,4,"GPE"]],"Comments":[]}) and
//     doccano's import format;
//   - "labels": the same, as older exports ("JSONL (text label)") and
//     import files have it;
//   - "annotations": [{"id": 1, "label": 2, "start_offset": 0,
//     "end_offset": 4, "user": 1}], as older exports ("JSONL") have it,
//     whose label is the number of the label in the project, not its
//     name: a mapping file gives each number its kind (entities: {"2":
//     person}), and a number it does not map is an error. A line with the
//     spans of several users gives those of the first user only, with a
//     warning;
//   - "entities": [{"id": 1, "label": "GPE", "start_offset": 0,
//     "end_offset": 4}] with "relations": [{"id": 5, "from_id": 1,
//     "to_id": 2, "type": "threatens"}], the export of a project with
//     relations, and its import format, whose relations have no id.
//
// Each field may hold spans of either form, [start, end, "LABEL"] or an
// object. A span with an id is named "eID" (the name relations' from_id
// and to_id and notes use); one without is named by its field and place,
// "label-0". A relation is "rID", or by its place, "relations-2", when it
// has no id; that name is also its default geokg id.
//
//	{"id": 12, "text": "…", "entities": [{"id": 1, "label": "GPE", "start_offset": 0, "end_offset": 4}],
//	 "relations": [{"id": 5, "from_id": 1, "to_id": 2, "type": "threatens"}],
//	 "geokg": {"published": "2021-03-24", "notes": {"e1": "Q796", "r5": "date=2020-01"}}}
//
// Offsets count code points of text. Article fields (id, published,
// language, title, url, source) come from the object "geokg", else from the
// line itself (doccano exports the columns it was given), else from its
// "meta" object, under their names or under the keys the mapping's fields
// names; without published, a warning (see package standoff). The id defaults to the file name
// (without extension and ".xx" language part) and the line's id,
// "export-12", or, for a line without an id, its line number,
// "export-line-3"; the language to that ".xx" part, the mapping's default,
// then the script of the text.
//
// Entity labels and relation types are mapped like those of every tool
// (package mapping). doccano has no field for notes, so geokg.notes maps
// the name of a span ("e1", "label-0") or of a relation ("r5") to a note in
// the syntax of brat AnnotatorNotes (see package brat): keys, names and
// aliases of entities; id (default the relation's name), date, start, end,
// confidence, modality, evidence and participant.ROLE=SPAN and event of
// relations. The evidence is by default the sentence, or run of sentences,
// holding both ends.
//
// A relation's explicit event key (annotation.Relation.Event: relations of
// one type between the same parties with the same key are reports of one
// event, on this line or another) is a string field of the relation that
// the mapping lists in event_keys (by default "event", "eventkey",
// "event_key", "eventid" or "event_id", in any case), or event=KEY in its
// note:
//
//	{"id": 5, "from_id": 1, "to_id": 2, "type": "attacks", "event": "strike-2020-01-03"}
//
// A key that is not a string or is empty, and two different keys for one
// relation, are errors.
package doccano

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/formats/mapping"
	"github.com/geokg/geokg/internal/formats/standoff"
)

// Reader reads doccano JSONL exports.
type Reader struct {
	Mapping *mapping.Mapping // nil for mapping.Default()
}

var _ annotation.Streamer = Reader{}

// Name returns "doccano".
func (Reader) Name() string { return "doccano" }

// Detect reports whether the file is a .jsonl file whose first line is a
// doccano record, with spans or without: an object with a string "text"
// and neither of the native format's "article" and "gazetteer". When head ends
// inside the first line, a line that starts with {"id" or {"text" and has
// "text" is taken as doccano too (native lines start with "geokg").
func (Reader) Detect(file string, head []byte) bool {
	if !strings.EqualFold(filepath.Ext(file), ".jsonl") {
		return false
	}
	head = bytes.TrimLeft(head, " \t\r\n\ufeff")
	line, _, whole := bytes.Cut(head, []byte("\n"))
	if whole {
		var fields map[string]json.RawMessage
		var text string
		return json.Unmarshal(line, &fields) == nil && json.Unmarshal(fields["text"], &text) == nil &&
			fields["article"] == nil && fields["gazetteer"] == nil
	}
	compact := bytes.Join(bytes.Fields(line), nil)
	return (bytes.HasPrefix(compact, []byte(`{"id":`)) || bytes.HasPrefix(compact, []byte(`{"text":`))) &&
		bytes.Contains(compact, []byte(`"text":`))
}

// Read parses an export.
func (r Reader) Read(file string, data []byte) ([]annotation.Document, annotation.Problems) {
	return Parse(file, data, r.Mapping)
}

type record struct {
	ID        json.RawMessage            `json:"id"`
	Text      *string                    `json:"text"`
	Relations []json.RawMessage          `json:"relations"`
	Meta      map[string]json.RawMessage `json:"meta"`
	Geokg     map[string]json.RawMessage `json:"geokg"`
}

// spanFields are the fields of a line that hold spans, in the order read.
var spanFields = []string{"entities", "label", "labels", "annotations"}

type entity struct {
	ID          json.Number     `json:"id"`
	Label       json.RawMessage `json:"label"`
	StartOffset *int            `json:"start_offset"`
	EndOffset   *int            `json:"end_offset"`
	User        json.RawMessage `json:"user"`
}

type relation struct {
	ID     json.Number `json:"id"`
	FromID json.Number `json:"from_id"`
	ToID   json.Number `json:"to_id"`
	Type   string      `json:"type"`
}

// span is one span of a line, in either form.
type span struct {
	label      string
	number     bool // label is the number of a doccano label, not its name
	start, end int
	id         json.Number
	user       string // the annotator of an "annotations" span, as JSON
}

// Parse reads an export into articles, one per line. Lines with an error
// give no document; problems carry the line and a JSON pointer into it.
func Parse(file string, data []byte, m *mapping.Mapping) ([]annotation.Document, annotation.Problems) {
	return annotation.Collect(func(yield annotation.Yield) error {
		return Reader{Mapping: m}.Stream(file, bytes.NewReader(data), yield)
	})
}

// Stream reads an export from r line by line, giving each line's article
// (or its problems) to yield.
func (r Reader) Stream(file string, in io.Reader, yield annotation.Yield) error {
	m := r.Mapping
	if m == nil {
		m = mapping.Default()
	}
	return annotation.StreamLines(file, in, func(n int, line []byte) error {
		doc, ps := parseLine(file, n, line, m)
		if doc != nil {
			doc.Line = n
		}
		return yield(doc, ps)
	}, yield)
}

func parseLine(file string, n int, line []byte, m *mapping.Mapping) (*annotation.Document, annotation.Problems) {
	fail := func(ptr, msg string) (*annotation.Document, annotation.Problems) {
		return nil, annotation.Problems{{Severity: annotation.Error, File: file, Line: n, Pointer: ptr, Message: msg}}
	}
	var rec record
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(line, &fields); err != nil {
		_, msg := standoff.JSONError("", err)
		return fail("", "malformed line (want one JSON object per line): "+msg)
	}
	if err := json.Unmarshal(line, &rec); err != nil {
		return fail(standoff.JSONError("", err))
	}
	if rec.Text == nil || *rec.Text == "" {
		return fail("/text", "a line needs its text, a string, in \"text\"")
	}
	b := standoff.NewBuilder(file, *rec.Text, m)
	at := func(ptr string) standoff.Loc { return standoff.Loc{Line: n, Pointer: ptr} }
	notes := b.JSONMeta(standoff.Object{At: at("/geokg"), Fields: rec.Geokg},
		standoff.Object{At: at(""), Fields: fields}, standoff.Object{At: at("/meta"), Fields: rec.Meta})
	readSpans(b, fields, m, at)
	for i, raw := range rec.Relations {
		ptr := fmt.Sprintf("/relations/%d", i)
		var r relation
		if err := json.Unmarshal(raw, &r); err != nil {
			p, msg := standoff.JSONError(ptr, err)
			b.Errorf(at(p), "%s", msg)
			continue
		}
		if r.FromID == "" || r.ToID == "" {
			b.Errorf(at(ptr), "a relation needs from_id and to_id")
			continue
		}
		id := fmt.Sprintf("relations-%d", i)
		if r.ID != "" {
			id = "r" + r.ID.String()
		}
		b.Relation(standoff.Relation{ID: id, Labels: []string{r.Type},
			Source: "e" + r.FromID.String(), Target: "e" + r.ToID.String(), At: at(ptr)})
		var fields map[string]json.RawMessage
		json.Unmarshal(raw, &fields) // an object: it decoded into r
		for _, k := range slices.Sorted(maps.Keys(fields)) {
			if !m.EventKey(k) {
				continue
			}
			var key string
			if json.Unmarshal(fields[k], &key) != nil {
				b.Errorf(at(standoff.Pointer(ptr, k)), "%s must be a string, the event key", k)
				continue
			}
			b.EventKey(id, key, "field "+k, at(standoff.Pointer(ptr, k)))
		}
	}
	for _, id := range slices.Sorted(maps.Keys(notes)) {
		b.Note(id, notes[id], at(standoff.Pointer("/geokg/notes", id)))
	}
	base, lang := standoff.FromFileName(file)
	id := standoff.RecordID(base, rec.ID)
	if id == base {
		id = fmt.Sprintf("%s-line-%d", base, n)
	}
	return b.Build(standoff.Article{ID: id, Language: lang, At: at("")})
}

// readSpans gives the builder the spans of every field of spanFields. Of
// spans that name their user, only those of the first user are read. A
// label that is a number must be one the mapping maps.
func readSpans(b *standoff.Builder, fields map[string]json.RawMessage, m *mapping.Mapping, at func(string) standoff.Loc) {
	var firstUser string
	var otherUsers []string
	var numbers []string // label numbers that map to nothing
	var numbersAt standoff.Loc
	for _, field := range spanFields {
		raw, ok := fields[field]
		if !ok || string(raw) == "null" {
			continue
		}
		var elems []json.RawMessage
		if json.Unmarshal(raw, &elems) != nil {
			b.Errorf(at("/"+field), "%s must be an array of spans, [start, end, \"LABEL\"] or {\"label\": …, \"start_offset\": …, \"end_offset\": …}", field)
			continue
		}
		for i, raw := range elems {
			ptr := fmt.Sprintf("/%s/%d", field, i)
			var category string
			if json.Unmarshal(raw, &category) == nil {
				b.Errorf(at("/"+field), "%s holds categories (%q), not spans: this is a text classification export; geokg reads sequence labelling, whose spans are [start, end, \"LABEL\"]", field, category)
				break
			}
			s, ok := decodeSpan(b, raw, ptr, at)
			if !ok {
				continue
			}
			if s.user != "" {
				if firstUser == "" {
					firstUser = s.user
				}
				if s.user != firstUser {
					if !slices.Contains(otherUsers, s.user) {
						otherUsers = append(otherUsers, s.user)
					}
					continue
				}
			}
			if _, st := m.Entity(s.label); s.number && st == mapping.Unmapped {
				if len(numbers) == 0 {
					numbersAt = at(ptr + "/label")
				}
				if !slices.Contains(numbers, s.label) {
					numbers = append(numbers, s.label)
				}
				continue
			}
			id := fmt.Sprintf("%s-%d", field, i)
			if s.id != "" {
				id = "e" + s.id.String()
			}
			b.Span(id, s.label, []standoff.Frag{{Start: s.start, End: s.end}}, "", at(ptr))
		}
	}
	if len(otherUsers) > 0 {
		b.Warnf(at(""), "the line holds the spans of %d users: only those of user %s (the first) are read, not those of %s", len(otherUsers)+1, firstUser, strings.Join(otherUsers, ", "))
	}
	if len(numbers) > 0 {
		what := "label " + numbers[0] + " is a number"
		if len(numbers) > 1 {
			what = "labels " + strings.Join(numbers, ", ") + " are numbers"
		}
		b.Errorf(numbersAt, "%s (older doccano exports write the number of a label, not its name): give each number its kind in a mapping file (--mapping; entities: {\"%s\": person}), or export again as JSONL (text label)", what, numbers[0])
	}
}

// decodeSpan decodes a span at ptr: [start, end, "LABEL"], or an object
// with label, start_offset and end_offset (and id and user).
func decodeSpan(b *standoff.Builder, raw json.RawMessage, ptr string, at func(string) standoff.Loc) (span, bool) {
	var tuple []json.RawMessage
	if json.Unmarshal(raw, &tuple) == nil {
		var s span
		if len(tuple) != 3 || json.Unmarshal(tuple[0], &s.start) != nil || json.Unmarshal(tuple[1], &s.end) != nil ||
			json.Unmarshal(tuple[2], &s.label) != nil {
			b.Errorf(at(ptr), "a span must be [start, end, \"LABEL\"]: two integers and a string")
			return span{}, false
		}
		return s, true
	}
	var e entity
	if err := json.Unmarshal(raw, &e); err != nil {
		p, msg := standoff.JSONError(ptr, err)
		if p == ptr {
			msg = "a span must be [start, end, \"LABEL\"] or an object with label, start_offset and end_offset: " + msg
		}
		b.Errorf(at(p), "%s", msg)
		return span{}, false
	}
	if e.StartOffset == nil || e.EndOffset == nil {
		b.Errorf(at(ptr), "a span needs start_offset and end_offset")
		return span{}, false
	}
	s := span{start: *e.StartOffset, end: *e.EndOffset, id: e.ID}
	if len(e.User) > 0 && string(e.User) != "null" {
		s.user = string(e.User)
	}
	var number json.Number
	switch {
	case json.Unmarshal(e.Label, &s.label) == nil:
	case json.Unmarshal(e.Label, &number) == nil:
		s.label, s.number = number.String(), true
	default:
		b.Errorf(at(ptr+"/label"), "label must be a string, the label's name (or, in older exports, its number)")
		return span{}, false
	}
	return s, true
}
