package labelstudio_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/formats/labelstudio"
	"github.com/geokg/geokg/internal/formats/standoff/standofftest"
)

// task returns one exported task with the given results, article fields
// and annotation fields.
func task(results, geokg, extra string) string {
	return `[{"id": 7, "data": {"text": "Iraq and Iran hold talks. 🇺🇸 Washington denied striking Iran."` + geokg + `},
  "annotations": [{"id": 3, "was_cancelled": false` + extra + `, "result": [` + results + `]}], "predictions": []}]`
}

const (
	meta    = `, "geokg": {"published": "2021-03-24", "title": "Talks"}`
	regions = `
  {"id": "a", "type": "labels", "from_name": "label", "to_name": "text", "value": {"start": 0, "end": 4, "text": "Iraq", "labels": ["GPE"]}, "meta": {"text": ["Q796"]}},
  {"id": "b", "type": "labels", "value": {"start": 9, "end": 13, "text": "Iran", "labels": ["GPE"]}, "meta": {"text": ["Q794 name.ar=إيران"]}},
  {"id": "c", "type": "labels", "value": {"start": 31, "end": 41, "text": "Washington", "labels": ["GPE"]}, "meta": {"text": ["Q30", "name.en=\"United States\""]}},
  {"id": "d", "type": "labels", "value": {"start": 56, "end": 60, "text": "Iran", "labels": ["GPE"]}}`
	relations = `,
  {"from_id": "a", "to_id": "b", "type": "relation", "direction": "right", "labels": ["consults"], "meta": {"text": ["date=2021-03"]}},
  {"from_id": "d", "to_id": "c", "type": "relation", "direction": "left", "labels": ["Attack", "Negation"]}`
)

const want = `{
  "geokg": 1,
  "article": {"id": "export-7", "title": "Talks", "language": "en", "published": "2021-03-24",
    "text": "Iraq and Iran hold talks. 🇺🇸 Washington denied striking Iran."},
  "entities": [
    {"key": "Q796", "kind": "country", "wikidata": "Q796", "names": {"en": "Iraq"}, "mentions": [{"start": 0, "end": 4, "text": "Iraq"}]},
    {"key": "Q794", "kind": "country", "wikidata": "Q794", "names": {"ar": "إيران"},
     "mentions": [{"start": 9, "end": 13, "text": "Iran"}, {"start": 56, "end": 60, "text": "Iran"}]},
    {"key": "Q30", "kind": "country", "wikidata": "Q30", "names": {"en": "United States"}, "mentions": [{"start": 29, "end": 39, "text": "Washington"}]}
  ],
  "relations": [
    {"id": "r1", "type": "consults", "source": "Q796", "target": "Q794", "date": "2021-03",
     "evidence": {"start": 0, "end": 25, "text": "Iraq and Iran hold talks."}},
    {"id": "r2", "type": "attacks", "source": "Q30", "target": "Q794", "modality": "denied",
     "evidence": {"start": 26, "end": 61, "text": "🇺🇸 Washington denied striking Iran."}}
  ]
}`

func TestParse(t *testing.T) {
	docs, probs := labelstudio.Parse("testdata/export.json", []byte(task(regions+relations, meta, "")), nil)
	if probs.HasErrors() || len(docs) != 1 {
		t.Fatalf("got %d documents, problems:\n%s", len(docs), standofftest.Lines(probs))
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
	// Region c counts UTF-16 units: converted, with a warning.
	if got, want := standofftest.Lines(probs), `testdata/export.json at /0/annotations/0/result/2: warning: 1 region(s) count offsets in UTF-16 code units`; !strings.HasPrefix(got, want) {
		t.Errorf("problems:\n%s\nwant\n%s", got, want)
	}
	standofftest.CheckDocument(t, &docs[0])
}

// TestParseEventKeys: per-region textarea and choices results whose
// control the mapping names give their key to the relations that start at
// the region; a relation's note may give it as event=.
func TestParseEventKeys(t *testing.T) {
	const keys = `,
  {"from_id": "a", "to_id": "d", "type": "relation", "direction": "right", "labels": ["consults"]},
  {"id": "a", "type": "textarea", "from_name": "event", "to_name": "text", "origin": "manual", "value": {"start": 0, "end": 4, "text": [" talks-2021-03 "]}},
  {"id": "d", "type": "choices", "from_name": "Event_Key", "to_name": "text", "origin": "manual", "value": {"start": 56, "end": 60, "text": "Iran", "choices": ["strike-claim-1"]}},
  {"id": "b", "type": "textarea", "from_name": "notes", "to_name": "text", "value": {"start": 9, "end": 13, "text": ["name.en=Iran"]}}`
	data := strings.Replace(task(regions+relations+keys, meta, ""), `"labels": ["Attack", "Negation"]}`,
		`"labels": ["Attack", "Negation"], "meta": {"text": ["event=strike-claim-1"]}}`, 1)
	docs, probs := labelstudio.Parse("testdata/export.json", []byte(data), nil)
	if probs.HasErrors() || len(docs) != 1 {
		t.Fatalf("got %d documents, problems:\n%s", len(docs), standofftest.Lines(probs))
	}
	var got []string
	for _, r := range docs[0].Relations {
		got = append(got, r.ID+"="+r.Event)
	}
	// r1 and r3 start at region a, r2 (direction left) at region d.
	if got, want := strings.Join(got, " "), "r1=talks-2021-03 r2=strike-claim-1 r3=talks-2021-03"; got != want {
		t.Errorf("event keys: %s, want %s", got, want)
	}
	standofftest.CheckDocument(t, &docs[0])
}

func TestParseProblems(t *testing.T) {
	for _, tc := range []struct {
		name, data, want string
	}{
		{"Malformed", "[{\"id\": 1,\n \"data\": }]", `x.json:2: error: malformed Label Studio export (want an array of tasks): invalid character '}'`},
		{"NotArray", `{"annotations": []}`, `x.json:1: error: malformed Label Studio export (want an array of tasks): the value must be an array, not object`},
		{"NoText", `[{"id": 1, "data": {"body": "x"}, "annotations": []}]`, `x.json at /0/data/text: error: a task needs its text`},
		{"BadAnnotation", `[{"id": 1, "data": {"text": "x"}, "annotations": [{"was_cancelled": "no"}]}]`, `x.json at /0/annotations/0/was_cancelled: error: was_cancelled must be true or false, not string`},
		{"NoAnnotation", `[{"id": 1, "data": {"text": "x"}, "annotations": [{"was_cancelled": true}]}]`, `x.json at /0: warning: task left out: it has no annotation that is not cancelled`},
		{"NoPublished", task(regions, "", ""), `x.json at /0/data: error: the article has no published date`},
		{"BadPublished", task(regions, `, "geokg": {"published": 2021}`, ""), `x.json at /0/data/geokg/published: error: published must be a string`},
		{"UnknownMeta", task(regions, `, "geokg": {"published": "2021-03-24", "author": "x"}`, ""), `x.json at /0/data/geokg/author: warning: unknown field "author" ignored`},
		{"StartNotInt", task(`{"id": "a", "type": "labels", "value": {"start": "0", "end": 4, "labels": ["GPE"]}}`, meta, ""), `x.json at /0/annotations/0/result/0/value/start: error: value.start must be an integer, not string`},
		{"NoOffsets", task(`{"id": "a", "type": "labels", "value": {"labels": ["GPE"]}}`, meta, ""), `x.json at /0/annotations/0/result/0/value: error: a labels result needs value.start and value.end`},
		{"NoID", task(`{"type": "labels", "value": {"start": 0, "end": 4, "labels": ["GPE"]}}`, meta, ""), `x.json at /0/annotations/0/result/0: error: a labels result needs an id`},
		{"WrongText", task(`{"id": "a", "type": "labels", "value": {"start": 0, "end": 4, "text": "Iran", "labels": ["GPE"]}}`, meta, ""), `x.json at /0/annotations/0/result/0: error: span a: the text at 0–4 is "Iraq", not "Iran" ("Iran" is at 9–13)`},
		{"PastEnd", task(`{"id": "a", "type": "labels", "value": {"start": 60, "end": 70, "labels": ["GPE"]}}`, meta, ""), `x.json at /0/annotations/0/result/0: error: span a: end 70 is past the end of the text (61 code points)`},
		{"Direction", task(regions+`, {"from_id": "a", "to_id": "b", "type": "relation", "direction": "up", "labels": ["consults"]}`, meta, ""), `x.json at /0/annotations/0/result/4/direction: error: direction "up"`},
		{"UnknownRegion", task(regions+`, {"from_id": "a", "to_id": "zz", "type": "relation", "labels": ["consults"]}`, meta, ""), `x.json at /0/annotations/0/result/4: error: r1: its target "zz" is not a span annotation`},
		{"NoLabel", task(regions+`, {"from_id": "a", "to_id": "b", "type": "relation"}, {"from_id": "b", "to_id": "a", "type": "relation"}`, meta, ""), `x.json at /0/annotations/0/result/4: warning: 2 relation annotations with label (none) left out: it maps to nothing`},
		{"UnmappedRegion", task(regions+`, {"id": "e", "type": "labels", "value": {"start": 14, "end": 18, "text": "hold", "labels": ["VERB"]}}`, meta, ""), `x.json at /0/annotations/0/result/4: warning: 1 entity annotation with label "VERB" left out`},
		{"ExtraLabel", task(regions+`, {"from_id": "a", "to_id": "b", "type": "relation", "labels": ["consults", "Colour"]}`, meta, ""), `x.json at /0/annotations/0/result/4: warning: 1 relation label annotation with label "Colour" left out`},
		{"OnlyModality", task(regions+`, {"from_id": "a", "to_id": "b", "type": "relation", "labels": ["likes", "Denied"]}`, meta, ""), `x.json at /0/annotations/0/result/4: warning: 1 relation annotation with label "likes" left out`},
		{"OtherType", task(regions+`, {"id": "f", "type": "choices", "value": {"choices": ["x"]}}`, meta, ""), `x.json at /0/annotations/0/result/4: warning: 1 results of type "choices" ignored`},
		{"BadNote", task(regions+`, {"from_id": "a", "to_id": "b", "type": "relation", "labels": ["consults"], "meta": {"text": ["date=20"]}}`, meta, ""), `x.json at /0/annotations/0/result/4/meta/text: error: note on r1: date: invalid date "20"`},
		{"GeokgNoteNoRelation", task(regions, `, "geokg": {"published": "2021-03-24", "notes": {"a->c": "date=2020"}}`, ""), `x.json at /0/data/geokg/notes/a->c: error: note on relation a->c: there is no relation`},
		{"EventKeyNotOnRegion", task(regions+relations+`, {"id": "zz", "type": "textarea", "from_name": "event", "value": {"text": ["k"]}}`, meta, ""), `x.json at /0/annotations/0/result/6: error: textarea event gives an event key but is not on a region: no labels result has its id "zz" (make the control perRegion)`},
		{"EventKeyNoRelation", task(regions+relations+`, {"id": "b", "type": "textarea", "from_name": "event", "value": {"start": 9, "end": 13, "text": ["k"]}}`, meta, ""), `x.json at /0/annotations/0/result/6/value/text: error: textarea event on b: no relation takes this event key: b is neither an event's trigger nor a region a relation starts at`},
		{"EventKeyEmpty", task(regions+relations+`, {"id": "a", "type": "textarea", "from_name": "event", "value": {"start": 0, "end": 4, "text": [" "]}}`, meta, ""), `x.json at /0/annotations/0/result/6/value/text: error: textarea event on a: the event key is empty`},
		{"EventKeyTwoChoices", task(regions+relations+`, {"id": "a", "type": "choices", "from_name": "event", "value": {"start": 0, "end": 4, "choices": ["k1", "k2"]}}`, meta, ""), `x.json at /0/annotations/0/result/6/value/choices: error: choices event on a: want one event key, not 2 (["k1" "k2"])`},
		{"EventKeyNotText", task(regions+relations+`, {"id": "a", "type": "textarea", "from_name": "event", "value": {"start": 0, "end": 4, "text": "k"}}`, meta, ""), `x.json at /0/annotations/0/result/6/value/text: error: value.text must be an array of strings`},
		{"EventKeyClash", task(regions+strings.Replace(relations, `"date=2021-03"`, `"event=talks-1"`, 1)+`, {"id": "a", "type": "textarea", "from_name": "event", "value": {"start": 0, "end": 4, "text": ["talks-2"]}}`, meta, ""), `x.json at /0/annotations/0/result/6/value/text: error: r1 has event keys "talks-1" (note) and "talks-2" (textarea event on a)`},
		{"EventNoteOnRegion", task(regions+relations+`, {"id": "b", "type": "textarea", "from_name": "notes", "value": {"start": 9, "end": 13, "text": ["event=k"]}}`, meta, ""), `x.json at /0/annotations/0/result/6/value/text: error: note on b: no relation takes this event key`},
		{"TwoAnnotations", strings.Replace(task(regions, meta, ""), `"annotations": [`, `"annotations": [{"id": 2, "result": []}, `, 1), `x.json at /0/annotations: warning: task has 2 annotations; only annotation 0`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, probs := labelstudio.Parse("x.json", []byte(tc.data), nil)
			if got := standofftest.Lines(probs); !strings.Contains(got, tc.want) {
				t.Errorf("problems:\n%s\nwant one starting\n%s", got, tc.want)
			}
		})
	}
}

func TestDetect(t *testing.T) {
	r := labelstudio.Reader{}
	for _, tc := range []struct {
		file, head string
		want       bool
	}{
		{"a.json", ` [{"id": 1, "annotations": []}]`, true},
		{"a.json", `{"geokg": 1, "article": {}}`, false},
		{"a.json", `[1, 2]`, false},
		{"a.jsonl", `[{"annotations": []}]`, false},
	} {
		if got := r.Detect(tc.file, []byte(tc.head)); got != tc.want {
			t.Errorf("Detect(%q, %q) = %v, want %v", tc.file, tc.head, got, tc.want)
		}
	}
}
