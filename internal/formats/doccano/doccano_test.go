package doccano_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/formats/doccano"
	"github.com/geokg/geokg/internal/formats/mapping"
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
    {"key": "Q796", "kind": "gpe", "wikidata": "Q796", "names": {"en": "Iraq"},
     "mentions": [{"start": 0, "end": 4, "text": "Iraq"}, {"start": 47, "end": 51, "text": "Iraq"}]},
    {"key": "Q794", "kind": "gpe", "wikidata": "Q794", "names": {"ar": "إيران"},
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
		{"NoPublished", line(entities, "", ""), `x.jsonl:1: warning: the article has no published date`},
		{"PublishedInMeta", line(entities, "", `, "meta": {"published": "2021-13-01"}`), `x.jsonl:1 at /meta/published: error: article published date "2021-13-01"`},
		{"OffsetNotInt", line(`{"id": 1, "label": "GPE", "start_offset": "0", "end_offset": 4}`, "", pub), `x.jsonl:1 at /entities/0/start_offset: error: start_offset must be an integer, not string`},
		{"NoOffset", line(`{"id": 1, "label": "GPE", "start_offset": 0}`, "", pub), `x.jsonl:1 at /entities/0: error: a span needs start_offset and end_offset`},
		{"PastEnd", line(`{"id": 1, "label": "GPE", "start_offset": 50, "end_offset": 60}`, "", pub), `x.jsonl:1 at /entities/0: error: span e1: end 60 is past the end of the text (52 code points)`},
		{"DuplicateID", line(entities+`, {"id": 1, "label": "GPE", "start_offset": 0, "end_offset": 4}`, "", pub), `x.jsonl:1 at /entities/4: error: annotation id "e1" is used twice`},
		{"RelationNoTo", line(entities, `{"id": 10, "from_id": 1, "type": "consults"}`, pub), `x.jsonl:1 at /relations/0: error: a relation needs from_id and to_id`},
		{"RelationUnknownEntity", line(entities, `{"id": 10, "from_id": 1, "to_id": 9, "type": "consults"}`, pub), `x.jsonl:1 at /relations/0: error: r10: its target "e9" is not a span annotation`},
		{"Unmapped", line(entities, `{"id": 10, "from_id": 1, "to_id": 2, "type": "likes"}`, pub), `x.jsonl:1 at /relations/0: warning: 1 relation annotation with label "likes" left out: it maps to nothing`},
		{"NotesNotStrings", line(entities, "", pub+`, "geokg": {"notes": {"e1": 5}}`), `x.jsonl:1 at /geokg/notes: error: notes must be an object of strings`},
		{"NoteUnknownID", line(entities, "", pub+`, "geokg": {"notes": {"e9": "Q1"}}`), `x.jsonl:1 at /geokg/notes/e9: error: "e9" is not a span annotation`},
		{"EventKeyNotString", line(entities, `{"id": 10, "from_id": 1, "to_id": 2, "type": "consults", "event": 5}`, pub), `x.jsonl:1 at /relations/0/event: error: event must be a string, the event key`},
		{"EventKeyEmpty", line(entities, `{"id": 10, "from_id": 1, "to_id": 2, "type": "consults", "event_key": ""}`, pub), `x.jsonl:1 at /relations/0/event_key: error: field event_key on r10: the event key is empty`},
		{"EventKeyClash", line(entities, `{"id": 10, "from_id": 1, "to_id": 2, "type": "consults", "event": "talks-1"}`, pub+`, "geokg": {"notes": {"r10": "event=talks-2"}}`), `x.jsonl:1 at /geokg/notes/r10: error: r10 has event keys "talks-1" (field event) and "talks-2" (note)`},
		{"EventNoteOnEntity", line(entities, "", pub+`, "geokg": {"notes": {"e1": "event=talks-1"}}`), `x.jsonl:1 at /geokg/notes/e1: error: note on e1: no relation takes this event key`},
		{"LabelNotArray", `{"id": 1, "text": "Iraq", "label": "GPE"}`, `x.jsonl:1 at /label: error: label must be an array of spans`},
		{"Categories", `{"id": 1, "text": "Iraq", "label": ["positive", "news"]}`, `x.jsonl:1 at /label: error: label holds categories ("positive"), not spans: this is a text classification export`},
		{"ShortTuple", `{"id": 1, "text": "Iraq", "label": [[0, 4]]}`, `x.jsonl:1 at /label/0: error: a span must be [start, end, "LABEL"]: two integers and a string`},
		{"TupleNotInt", `{"id": 1, "text": "Iraq", "labels": [["0", 4, "GPE"]]}`, `x.jsonl:1 at /labels/0: error: a span must be [start, end, "LABEL"]`},
		{"SpanNotObject", `{"id": 1, "text": "Iraq", "entities": [5]}`, `x.jsonl:1 at /entities/0: error: a span must be [start, end, "LABEL"] or an object with label, start_offset and end_offset: the value must be an object, not number`},
		{"LabelNotName", `{"id": 1, "text": "Iraq", "annotations": [{"label": true, "start_offset": 0, "end_offset": 4}]}`, `x.jsonl:1 at /annotations/0/label: error: label must be a string`},
		{"TuplePastEnd", line(entities, "", pub+`, "label": [[0, 99, "GPE"]]`), `x.jsonl:1 at /label/0: error: span label-0: end 99 is past the end of the text`},
		{"LabelNumber", `{"id": 1, "text": "Iraq and Iran", "published": "2021-03-24", "annotations": [{"label": 7, "start_offset": 0, "end_offset": 4}, {"label": 8, "start_offset": 9, "end_offset": 13}, {"label": 7, "start_offset": 9, "end_offset": 13}]}`,
			`x.jsonl:1 at /annotations/0/label: error: labels 7, 8 are numbers (older doccano exports write the number of a label, not its name): give each number its kind in a mapping file (--mapping; entities: {"7": person}), or export again as JSONL (text label)`},
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
		{"a.jsonl", `{"id":1,"text":"Iraq","label":[],"Comments":[]}` + "\n" + line(entities, "", ""), true}, // no span on the first line
		{"a.jsonl", "\ufeff" + `{"text": "Iraq"}` + "\n", true},
		{"a.jsonl", `{"text": "Iraq and Iran hold`, true},
		{"a.jsonl", `{"geokg": 1, "text": "x", "article": {}}` + "\n", false},
		{"a.jsonl", `{"geokg": 1, "text": "x", "gazetteer": {}}` + "\n", false},
		{"a.jsonl", line(entities, "", meta) + "\n", true}, // geokg's own fields on a doccano line
		{"a.jsonl", `{"id": 1, "text": 5}` + "\n", false},
	} {
		if got := r.Detect(tc.file, []byte(tc.head)); got != tc.want {
			t.Errorf("Detect(%q, %.40q) = %v, want %v", tc.file, tc.head, got, tc.want)
		}
	}
}

// TestParseShapes: the spans of a line read the same from every field and
// form doccano has written them in.
func TestParseShapes(t *testing.T) {
	const pub = `"published": "2021-03-24"`
	tuples := `[[0, 4, "GPE"], [9, 13, "GPE"], [26, 30, "GPE"], [47, 51, "GPE"]]`
	objects := `[{"label": "GPE", "start_offset": 0, "end_offset": 4}, {"label": "GPE", "start_offset": 9, "end_offset": 13}, ` +
		`{"label": "GPE", "start_offset": 26, "end_offset": 30}, {"label": "GPE", "start_offset": 47, "end_offset": 51}]`
	mentions := func(data string) string {
		t.Helper()
		docs, probs := doccano.Parse("x.jsonl", []byte(data), nil)
		if len(probs) > 0 || len(docs) != 1 {
			t.Fatalf("%s: %d documents, problems:\n%s", data, len(docs), standofftest.Lines(probs))
		}
		standofftest.CheckDocument(t, &docs[0])
		var out []string
		for _, e := range docs[0].Entities {
			for _, m := range e.Mentions {
				out = append(out, fmt.Sprintf("%s:%s:%d-%d", e.Kind, m.Text, *m.Start, *m.End))
			}
		}
		return strings.Join(out, " ")
	}
	want := mentions(line(entities, "", ", "+pub))
	if !strings.Contains(want, "gpe:Iraq:0-4") || strings.Count(want, "gpe:") != 4 {
		t.Fatalf("entities read as %s", want)
	}
	for _, data := range []string{
		`{"id":4,` + text + `,` + pub + `,"label":` + tuples + `,"Comments":[]}`,
		`{"id": 4, ` + text + `, "meta": {` + pub + `}, "annotation_approver": null, "labels": ` + tuples + `}`,
		`{"id": 4, ` + text + `, "annotations": ` + objects + `, "meta": {` + pub + `}}`,
		`{"id": 4, ` + text + `, "cats": [], "entities": ` + tuples + `, ` + pub + `}`,
	} {
		if got := mentions(data); got != want {
			t.Errorf("%s\nread as %s\nwant %s", data, got, want)
		}
	}
}

// TestParseLabelNumbers: a label that is a number (older exports) is the
// kind the mapping gives that number.
func TestParseLabelNumbers(t *testing.T) {
	m, err := mapping.Load(strings.NewReader(`entities: {"7": country, "8": person}`), "m.yaml")
	if err != nil {
		t.Fatal(err)
	}
	data := `{"id": 4, "text": "Iraq and Iran", "published": "2021-03-24", "annotations": [{"id": 1, "label": 7, "start_offset": 0, "end_offset": 4, "user": 1}, {"id": 2, "label": 8, "start_offset": 9, "end_offset": 13, "user": 1}]}`
	docs, probs := doccano.Parse("x.jsonl", []byte(data), m)
	if len(probs) > 0 || len(docs) != 1 {
		t.Fatalf("%d documents, problems:\n%s", len(docs), standofftest.Lines(probs))
	}
	if got := docs[0].Entities; len(got) != 2 || got[0].Kind != "country" || got[1].Kind != "person" {
		t.Errorf("entities %+v, want a country and a person", got)
	}
}

// TestParseUsers: of a line with the spans of several users, those of the
// first are read, with a warning.
func TestParseUsers(t *testing.T) {
	data := `{"id": 4, "text": "Iraq and Iran", "published": "2021-03-24", "annotations": [` +
		`{"label": "GPE", "start_offset": 0, "end_offset": 4, "user": 2}, {"label": "GPE", "start_offset": 0, "end_offset": 4, "user": 1}, ` +
		`{"label": "GPE", "start_offset": 9, "end_offset": 13, "user": 2}, {"label": "PER", "start_offset": 9, "end_offset": 13, "user": 3}]}`
	docs, probs := doccano.Parse("x.jsonl", []byte(data), nil)
	if probs.HasErrors() || len(docs) != 1 {
		t.Fatalf("%d documents, problems:\n%s", len(docs), standofftest.Lines(probs))
	}
	if got, want := standofftest.Lines(probs), `x.jsonl:1: warning: the line holds the spans of 3 users: only those of user 2 (the first) are read, not those of 1, 3`; got != want {
		t.Errorf("problems:\n%s\nwant\n%s", got, want)
	}
	var got []string
	for _, e := range docs[0].Entities {
		got = append(got, e.Kind+" "+e.Mentions[0].Text+" "+fmt.Sprint(len(e.Mentions)))
	}
	if got, want := strings.Join(got, ", "), "gpe Iraq 1, gpe Iran 1"; got != want {
		t.Errorf("entities %s, want %s", got, want)
	}
}

// TestParseNoIDs: relations without an id (doccano's import format) get
// distinct names that notes can use, and lines without an id distinct
// article ids by line number, the same when the file is read again.
func TestParseNoIDs(t *testing.T) {
	rels := `{"from_id": 1, "to_id": 2, "type": "consults"}, {"from_id": 3, "to_id": 4, "type": "Attack"}`
	one := strings.Replace(line(entities, rels, `, "published": "2021-03-24", "geokg": {"notes": {"relations-1": "modality=denied"}}`), `"id": 4, `, "", 1)
	data := []byte(one + "\n\n" + one + "\n")
	ids := func() string {
		docs, probs := doccano.Parse("geo.jsonl", data, nil)
		if len(probs) > 0 || len(docs) != 2 {
			t.Fatalf("%d documents, problems:\n%s", len(docs), standofftest.Lines(probs))
		}
		var out []string
		for _, d := range docs {
			standofftest.CheckDocument(t, &d)
			out = append(out, d.Article.ID+":")
			for _, r := range d.Relations {
				out = append(out, r.ID+"="+r.Type+"/"+string(r.Modality))
			}
		}
		return strings.Join(out, " ")
	}
	got := ids()
	if want := "geo-line-1: relations-0=consults/ relations-1=attacks/denied geo-line-3: relations-0=consults/ relations-1=attacks/denied"; got != want {
		t.Errorf("ids %s\nwant %s", got, want)
	}
	if again := ids(); again != got {
		t.Errorf("read again: %s, first %s", again, got)
	}
}
