// Package doccano reads doccano JSON Lines exports of sequence labelling
// with relations into geokg articles, one per line:
//
//	{"id": 12, "text": "…", "entities": [{"id": 1, "label": "GPE", "start_offset": 0, "end_offset": 4}],
//	 "relations": [{"id": 5, "from_id": 1, "to_id": 2, "type": "threatens"}],
//	 "geokg": {"published": "2021-03-24", "notes": {"e1": "Q796", "r5": "date=2020-01"}}}
//
// Offsets count code points of text. Article fields (id, published,
// language, title, url, source) come from the object "geokg", else from the
// line itself (doccano exports the columns it was given), else from its
// "meta" object; published is required. The id defaults to the file name
// (without extension and ".xx" language part) and the line's id,
// "export-12"; the language to that ".xx" part, the mapping's default, then
// the script of the text.
//
// Entity labels and relation types are mapped like those of every tool
// (package mapping). doccano has no field for notes, so geokg.notes maps
// "eID" (an entity) or "rID" (a relation) to a note in the syntax of brat
// AnnotatorNotes (see package brat): keys, names and aliases of entities;
// id (default "rID"), date, start, end, confidence, modality, evidence and
// participant.ROLE=eID and event of relations. The evidence is by default
// the sentence, or run of sentences, holding both ends.
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

// Detect reports whether the file is a .jsonl file whose first line has
// doccano's "entities" with "start_offset" (the native format's JSON Lines
// have "mentions" with "start"). doccano writes "id" and the text first, so
// when head ends inside the first line, a line that starts with {"id" and
// has "text" is taken as doccano too (native lines start with "geokg").
func (Reader) Detect(file string, head []byte) bool {
	head = bytes.TrimLeft(head, " \t\r\n\ufeff")
	line, _, whole := bytes.Cut(head, []byte("\n"))
	if !strings.EqualFold(filepath.Ext(file), ".jsonl") {
		return false
	}
	if bytes.Contains(line, []byte(`"entities"`)) && bytes.Contains(line, []byte(`"start_offset"`)) {
		return true
	}
	compact := bytes.Join(bytes.Fields(line), nil)
	return !whole && bytes.HasPrefix(compact, []byte(`{"id":`)) && bytes.Contains(compact, []byte(`"text":`))
}

// Read parses an export.
func (r Reader) Read(file string, data []byte) ([]annotation.Document, annotation.Problems) {
	return Parse(file, data, r.Mapping)
}

type record struct {
	ID        json.RawMessage            `json:"id"`
	Text      *string                    `json:"text"`
	Entities  []json.RawMessage          `json:"entities"`
	Relations []json.RawMessage          `json:"relations"`
	Meta      map[string]json.RawMessage `json:"meta"`
	Geokg     map[string]json.RawMessage `json:"geokg"`
}

type entity struct {
	ID          json.Number `json:"id"`
	Label       string      `json:"label"`
	StartOffset *int        `json:"start_offset"`
	EndOffset   *int        `json:"end_offset"`
}

type relation struct {
	ID     json.Number `json:"id"`
	FromID json.Number `json:"from_id"`
	ToID   json.Number `json:"to_id"`
	Type   string      `json:"type"`
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
	for i, raw := range rec.Entities {
		ptr := fmt.Sprintf("/entities/%d", i)
		var e entity
		if err := json.Unmarshal(raw, &e); err != nil {
			p, msg := standoff.JSONError(ptr, err)
			b.Errorf(at(p), "%s", msg)
			continue
		}
		if e.ID == "" || e.StartOffset == nil || e.EndOffset == nil {
			b.Errorf(at(ptr), "an entity needs id, start_offset and end_offset")
			continue
		}
		b.Span("e"+e.ID.String(), e.Label, []standoff.Frag{{Start: *e.StartOffset, End: *e.EndOffset}}, "", at(ptr))
	}
	for i, raw := range rec.Relations {
		ptr := fmt.Sprintf("/relations/%d", i)
		var r relation
		if err := json.Unmarshal(raw, &r); err != nil {
			p, msg := standoff.JSONError(ptr, err)
			b.Errorf(at(p), "%s", msg)
			continue
		}
		if r.ID == "" || r.FromID == "" || r.ToID == "" {
			b.Errorf(at(ptr), "a relation needs id, from_id and to_id")
			continue
		}
		id := "r" + r.ID.String()
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
	return b.Build(standoff.Article{ID: standoff.RecordID(base, rec.ID), Language: lang, At: at("")})
}
