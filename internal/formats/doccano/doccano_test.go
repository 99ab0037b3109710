package doccano_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/formats/doccano"
	"github.com/geokg/geokg/internal/formats/standoff/standofftest"
)

const text = `"text": "Iraq and Iran hold talks. Iran denied striking Iraq."`

// line returns one record with the given entities, relations and fields.
func line(entities, relations, extra string) string {
	return `{"id": 4, ` + text + `, "entities": [` + entities + `], "relations": [` + relations + `]` + extra + `}`
}

const (
	entities = `{"id": 1, "label": "GPE", "start_offset": 0, "end_offset": 4}, ` +
		`{"id": 2, "label": "GPE", "start_offset": 9, "end_offset": 13}, ` +
		`{"id": 3, "label": "GPE", "start_offset": 26, "end_offset": 30}, ` +
		`{"id": 4, "label": "GPE", "start_offset": 47, "end_offset": 51}`
	relations = `{"id": 10, "from_id": 1, "to_id": 2, "type": "consults"}, {"id": 11, "from_id": 3, "to_id": 4, "type": "Attack"}`
	meta      = `, "published": "2021-03-24", "geokg": {"id": "talks", "notes": {"e1": "Q796", "e2": "Q794 name.ar=إيران", "r11": "id=iran-strike modality=denied confidence=0.5"}}`
)

const want = `{
  "geokg": 1,
  "article": {"id": "talks", "language": "en", "published": "2021-03-24", "text": "Iraq and Iran hold talks. Iran denied striking Iraq."},
  "entities": [
    {"key": "Q796", "kind": "country", "wikidata": "Q796", "names": {"en": "Iraq"},
     "mentions": [{"start": 0, "end": 4, "text": "Iraq"}, {"start": 47, "end": 51, "text": "Iraq"}]},
    {"key": "Q794", "kind": "country", "wikidata": "Q794", "names": {"ar": "إيران"},
     "mentions": [{"start": 9, "end": 13, "text": "Iran"}, {"start": 26, "end": 30, "text": "Iran"}]}
  ],
  "relations": [
    {"id": "r10", "type": "consults", "source": "Q796", "target": "Q794", "evidence": {"start": 0, "end": 25, "text": "Iraq and Iran hold talks."}},
    {"id": "iran-strike", "type": "attacks", "source": "Q794", "target": "Q796", "modality": "denied", "confidence": 0.5,
     "evidence": {"start": 26, "end": 52, "text": "Iran denied striking Iraq."}}
  ]
}`

func TestParse(t *testing.T) {
	data := "\n" + line(entities, relations, meta) + "\n"
	docs, probs := doccano.Parse("x.jsonl", []byte(data), nil)
	if len(probs) > 0 || len(docs) != 1 {
		t.Fatalf("got %d documents, problems:\n%s", len(docs), standofftest.Lines(probs))
	}
	if got, want := docs[0].Line, 2; got != want {
		t.Errorf("Line = %d, want %d", got, want)
	}
	got, _ := json.MarshalIndent(docs[0], "", "  ")
	var w annotation.Document
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatal(err)
	}
	wantJSON, _ := json.MarshalIndent(w, "", "  ")
	if !bytes.Equal(got, wantJSON) {
		t.Errorf("got\n%s\nwant\n%s", got, wantJSON)
	}
	standofftest.CheckDocument(t, &docs[0])
}

// TestParseEventKeys: a relation field the mapping names gives the event
// key, as does event= in a relation's note.
func TestParseEventKeys(t *testing.T) {
	const rels = `{"id": 10, "from_id": 1, "to_id": 2, "type": "consults", "event": "talks-2021-03"}, ` +
		`{"id": 11, "from_id": 3, "to_id": 4, "type": "Attack", "EventID": "strike-1"}, ` +
		`{"id": 12, "from_id": 2, "to_id": 1, "type": "consults"}, {"id": 13, "from_id": 4, "to_id": 3, "type": "consults"}`
	data := line(entities, rels, `, "published": "2021-03-24", "geokg": {"notes": {"r12": "event=talks-2021-03"}}`)
	docs, probs := doccano.Parse("x.jsonl", []byte(data), nil)
	if len(probs) > 0 || len(docs) != 1 {
		t.Fatalf("got %d documents, problems:\n%s", len(docs), standofftest.Lines(probs))
	}
	var got []string
	for _, r := range docs[0].Relations {
		got = append(got, r.ID+"="+r.Event)
	}
	if got, want := strings.Join(got, " "), "r10=talks-2021-03 r11=strike-1 r12=talks-2021-03 r13="; got != want {
		t.Errorf("event keys: %s, want %s", got, want)
	}
	standofftest.CheckDocument(t, &docs[0])
}

func TestParseProblems(t *testing.T) {
	const pub = `, "published": "2021-03-24"`
	for _, tc := range []struct {
		name, data, want string
	}{
		{"Malformed", "\n{\"id\": 1,", `x.jsonl:2: error: malformed line (want one JSON object per line): unexpected end of JSON input`},
		{"NotObject", `[1]`, `x.jsonl:1: error: malformed line (want one JSON object per line): the value must be an object, not array`},
		{"NoText", `{"id": 1, "entities": []}`, `x.jsonl:1 at /text: error: a line needs its text`},
		{"TextNotString", `{"id": 1, "text": 5}`, `x.jsonl:1 at /text: error: text must be a string, not number`},
		{"NoPublished", line(entities, "", ""), `x.jsonl:1: error: the article has no published date`},
		{"PublishedInMeta", line(entities, "", `, "meta": {"published": "2021-13-01"}`), `x.jsonl:1 at /meta/published: error: article published date "2021-13-01"`},
		{"OffsetNotInt", line(`{"id": 1, "label": "GPE", "start_offset": "0", "end_offset": 4}`, "", pub), `x.jsonl:1 at /entities/0/start_offset: error: start_offset must be an integer, not string`},
		{"NoOffset", line(`{"id": 1, "label": "GPE", "start_offset": 0}`, "", pub), `x.jsonl:1 at /entities/0: error: an entity needs id, start_offset and end_offset`},
		{"PastEnd", line(`{"id": 1, "label": "GPE", "start_offset": 50, "end_offset": 60}`, "", pub), `x.jsonl:1 at /entities/0: error: span e1: end 60 is past the end of the text (52 code points)`},
		{"DuplicateID", line(entities+`, {"id": 1, "label": "GPE", "start_offset": 0, "end_offset": 4}`, "", pub), `x.jsonl:1 at /entities/4: error: annotation id "e1" is used twice`},
		{"RelationNoTo", line(entities, `{"id": 10, "from_id": 1, "type": "consults"}`, pub), `x.jsonl:1 at /relations/0: error: a relation needs id, from_id and to_id`},
		{"RelationUnknownEntity", line(entities, `{"id": 10, "from_id": 1, "to_id": 9, "type": "consults"}`, pub), `x.jsonl:1 at /relations/0: error: r10: its target "e9" is not a span annotation`},
		{"Unmapped", line(entities, `{"id": 10, "from_id": 1, "to_id": 2, "type": "likes"}`, pub), `x.jsonl:1 at /relations/0: warning: 1 relation annotation with label "likes" left out: it maps to nothing`},
		{"NotesNotStrings", line(entities, "", pub+`, "geokg": {"notes": {"e1": 5}}`), `x.jsonl:1 at /geokg/notes: error: notes must be an object of strings`},
		{"NoteUnknownID", line(entities, "", pub+`, "geokg": {"notes": {"e9": "Q1"}}`), `x.jsonl:1 at /geokg/notes/e9: error: "e9" is not a span annotation`},
		{"EventKeyNotString", line(entities, `{"id": 10, "from_id": 1, "to_id": 2, "type": "consults", "event": 5}`, pub), `x.jsonl:1 at /relations/0/event: error: event must be a string, the event key`},
		{"EventKeyEmpty", line(entities, `{"id": 10, "from_id": 1, "to_id": 2, "type": "consults", "event_key": ""}`, pub), `x.jsonl:1 at /relations/0/event_key: error: field event_key on r10: the event key is empty`},
		{"EventKeyClash", line(entities, `{"id": 10, "from_id": 1, "to_id": 2, "type": "consults", "event": "talks-1"}`, pub+`, "geokg": {"notes": {"r10": "event=talks-2"}}`), `x.jsonl:1 at /geokg/notes/r10: error: r10 has event keys "talks-1" (field event) and "talks-2" (note)`},
		{"EventNoteOnEntity", line(entities, "", pub+`, "geokg": {"notes": {"e1": "event=talks-1"}}`), `x.jsonl:1 at /geokg/notes/e1: error: note on e1: no relation takes this event key`},
		{"SecondLine", line(entities, "", pub) + "\n" + `{"id": 5, "text": ""}`, `x.jsonl:2 at /text: error: a line needs its text`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, probs := doccano.Parse("x.jsonl", []byte(tc.data), nil)
			if got := standofftest.Lines(probs); !strings.Contains(got, tc.want) {
				t.Errorf("problems:\n%s\nwant one starting\n%s", got, tc.want)
			}
		})
	}
}

func TestDetect(t *testing.T) {
	r := doccano.Reader{}
	for _, tc := range []struct {
		file, head string
		want       bool
	}{
		{"a.jsonl", line(entities, "", "") + "\n", true},
		{"a.jsonl", `{"geokg": 1, "article": {"id": "x"}, "entities": [{"key": "Q30", "mentions": [{"start": 0}]}]}` + "\n" + `{"start_offset": 1}`, false},
		{"a.json", line(entities, "", ""), false},
		{"a.jsonl", line(entities, "", "")[:40], true}, // the first line goes on past the head
		{"a.jsonl", line(entities, "", "")[:40] + "\n", false},
		{"a.jsonl", `{"geokg": 1, "article": {"id": "x", "text": "…`, false},
	} {
		if got := r.Detect(tc.file, []byte(tc.head)); got != tc.want {
			t.Errorf("Detect(%q, %.40q) = %v, want %v", tc.file, tc.head, got, tc.want)
		}
	}
}
