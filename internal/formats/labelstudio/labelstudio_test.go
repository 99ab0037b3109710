package labelstudio_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/formats/labelstudio"
	"github.com/geokg/geokg/internal/formats/mapping"
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
    {"key": "Q796", "kind": "gpe", "wikidata": "Q796", "names": {"en": "Iraq"}, "mentions": [{"start": 0, "end": 4, "text": "Iraq"}]},
    {"key": "Q794", "kind": "gpe", "wikidata": "Q794", "names": {"ar": "إيران"},
     "mentions": [{"start": 9, "end": 13, "text": "Iran"}, {"start": 56, "end": 60, "text": "Iran"}]},
    {"key": "Q30", "kind": "gpe", "wikidata": "Q30", "names": {"en": "United States"}, "mentions": [{"start": 29, "end": 39, "text": "Washington"}]}
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
		{"Malformed", "[{\"id\": 1,\n \"data\": }]", `x.json:2: error: malformed Label Studio export (want an array of tasks, or one task): invalid character '}'`},
		{"NotArrayOrObject", ` 5`, `x.json:1: error: malformed Label Studio export (want an array of tasks, or one task): the value must be an array or an object, not 5`},
		{"OneTaskNoText", `{"annotations": []}`, `x.json at /data/text: error: a task needs its text, a string, in data.text`},
		{"OtherTextKey", `[{"id": 1, "data": {"content": "Iraq", "n": 5, "title": "x", "body": "y"}, "annotations": []}]`, `x.json at /0/data/text: error: a task needs its text, a string, in data.text; if the labelling config reads it from data.body or data.content, name that key in a mapping file (label_studio: {text: body})`},
		{"NoTask", `[]`, `x.json: warning: the export holds no task`},
		{"NoArticle", `[{"id": 1, "data": {"text": "x"}, "annotations": [{"was_cancelled": true}]}, {"id": 2, "data": {"text": "y"}}]`,
			`x.json at /0: warning: task left out: it has no annotation that is not cancelled
x.json at /1: warning: task left out: it has no annotations (nor completions, as Label Studio 0.x writes them)
x.json: error: no article: none of the 2 task(s) has an annotation that is not cancelled`},
		{"SkippedCompletion", `[{"id": 1, "data": {"text": "x"}, "completions": [{"skipped": true, "result": []}]}]`, `x.json at /0: warning: task left out: it has no annotation that is not cancelled`},
		{"HyperText", task(regions+`, {"id": "ht1", "type": "hypertextlabels", "from_name": "ner", "to_name": "html", "value": {"start": "/p[1]/text()[1]", "end": "/p[1]/text()[1]", "startOffset": 0, "endOffset": 4, "text": "Iraq", "hypertextlabels": ["GPE"]}}`, meta, ""),
			`x.json at /0/annotations/0/result/4: error: task 7, result "ht1": hypertextlabels regions (of a HyperText or Paragraphs tag) are not read: their offsets count characters inside HTML elements or paragraphs, not in the text; label the text with a Text tag and Labels, or remove these regions`},
		{"Paragraphs", task(`{"id": "p1", "type": "paragraphlabels", "value": {"start": "0", "end": "0", "startOffset": 0, "endOffset": 4, "paragraphlabels": ["GPE"]}}`, meta, ""),
			`x.json at /0/annotations/0/result/0: error: task 7, result "p1": paragraphlabels regions`},
		{"MinHyperText", `[{"html": "<p>Iraq</p>", "text": "Iraq", "id": 3, "ner": [{"start": "/p[1]/text()[1]", "end": "/p[1]/text()[1]", "startOffset": 0, "endOffset": 4, "htmllabels": ["GPE"]}], "annotation_id": 1}]`,
			`x.json at /0/ner/0: error: task 3, region ner-0: htmllabels regions`},
		{"MinNoLabels", `[{"text": "Iraq", "id": 3, "label": [{"start": 0, "end": 4, "labels": ["GPE"]}, {"start": 0, "end": 4}], "annotation_id": 1}]`, `x.json at /0/label/1: error: region label-1: a region needs labels`},
		{"MinStartNotInt", `[{"text": "Iraq", "id": 3, "label": [{"start": "0", "end": 4, "labels": ["GPE"]}], "annotation_id": 1}]`, `x.json at /0/label/0/start: error: start must be an integer, not string`},
		{"MinNoText", `[{"content": "Iraq", "id": 3, "label": [{"start": 0, "end": 4, "labels": ["GPE"]}]}]`, `x.json at /0/text: error: a JSON_MIN record needs its text, a string, in text; if the labelling config reads it from content, name that key in a mapping file (label_studio: {text: content})`},
		{"NoText", `[{"id": 1, "data": {"body": "x"}, "annotations": []}]`, `x.json at /0/data/text: error: a task needs its text`},
		{"BadAnnotation", `[{"id": 1, "data": {"text": "x"}, "annotations": [{"was_cancelled": "no"}]}]`, `x.json at /0/annotations/0/was_cancelled: error: was_cancelled must be true or false, not string`},
		{"NoAnnotation", `[{"id": 1, "data": {"text": "x"}, "annotations": [{"was_cancelled": true}]}]`, `x.json at /0: warning: task left out: it has no annotation that is not cancelled`},
		{"NoPublished", task(regions, "", ""), `x.json at /0/data: warning: the article has no published date`},
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
		{"StoredCancelled", `{"id": 8, "result": [], "was_cancelled": true, "task": {"id": 6, "data": {"text": "x"}}}`, `x.json: warning: task left out: it has no annotation that is not cancelled
x.json: error: no article: none of the 1 task(s)`},
		{"StoredNoText", `{"id": 8, "result": [], "task": {"id": 6, "data": {"body": "x"}}}`, `x.json at /task/data/text: error: a task needs its text, a string, in data.text; if the labelling config reads it from data.body`},
		{"StoredTaskNotObject", `{"id": 8, "result": [], "task": 6}`, `x.json at /task: error: task must be an object, not number`},
		{"StoredBadResult", `{"id": 8, "result": [{"id": "a", "type": "labels", "value": {"start": 0, "end": 1, "labels": "GPE"}}], "task": {"id": 6, "data": {"text": "x"}}}`, `x.json at /result/0/value/labels: error: value.labels must be an array, not string`},
		{"TwoAnnotations", strings.Replace(task(regions, meta, ""), `"annotations": [`, `"annotations": [{"id": 2, "result": []}, `, 1), `x.json at /0/annotations: warning: task has 2 annotations that are not cancelled; only annotation 0 (ground truth, or else the first not cancelled) is read`},
		{"TwoCompletions", strings.Replace(strings.Replace(task(regions, meta, ""), `"annotations": [`, `"completions": [{"id": 2, "result": []}, `, 1), `"predictions"`, `"x"`, 1), `x.json at /0/completions: warning: task has 2 completions that are not cancelled; only completion 0`},
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
		{"a.json", `[{"completions": [], "data": {"text": "x"}}]`, true},
		{"a.json", "\n{\n  \"id\": 3,\n  \"annotations\" : [", true},
		{"a.json", `[{"text": "Iraq", "id": 1, "label": [], "annotator": 1, "annotation_id": 2`, true},
		{"a.json", `{"geokg": 1, "article": {"text": "the \"annotations\": x"}}`, false},
		{"a.json", `{"geokg": 1, "article": {"id": "annotations"}}`, false},
		{"a.json", `[]`, false},
		{"a.json", `{"id": 8, "result": [], "completed_by": {"id": 1}, "task": {"id": 6, "data": {"text": "x"}}}`, true},
		{"a.json", `{"id": 8, "result": []}`, false},
	} {
		if got := r.Detect(tc.file, []byte(tc.head)); got != tc.want {
			t.Errorf("Detect(%q, %q) = %v, want %v", tc.file, tc.head, got, tc.want)
		}
	}
}

// TestParseLayouts: a task reads the same as one task object, as a 0.x
// task with completions, with its text in another data key that the
// mapping names, as a target storage's annotation with its task, and, but
// for its relations and notes, as a JSON_MIN record.
func TestParseLayouts(t *testing.T) {
	content, err := mapping.Load(strings.NewReader("label_studio: {text: $content}\n"), "m.yaml")
	if err != nil {
		t.Fatal(err)
	}
	read := func(data string, m *mapping.Mapping, warnings int) *annotation.Document {
		t.Helper()
		docs, probs := labelstudio.Parse("x.json", []byte(data), m)
		if probs.HasErrors() || len(probs) != warnings || len(docs) != 1 {
			t.Fatalf("%.80s…: %d documents, problems (want %d warnings):\n%s", data, len(docs), warnings, standofftest.Lines(probs))
		}
		standofftest.CheckDocument(t, &docs[0])
		return &docs[0]
	}
	// Region c counts UTF-16 units, with a warning.
	want := read(task(regions+relations, meta, ""), nil, 1)
	if len(want.Entities) != 3 || len(want.Relations) != 2 {
		t.Fatalf("%d entities, %d relations", len(want.Entities), len(want.Relations))
	}
	one := strings.TrimSuffix(strings.TrimPrefix(task(regions+relations, meta, ""), "["), "]")
	standofftest.SameArticle(t, read(one, nil, 1), want)
	completions := strings.Replace(task(regions+relations, meta, ""), `"annotations"`, `"completions"`, 1)
	standofftest.SameArticle(t, read(completions, nil, 1), want)
	other := strings.Replace(task(regions+relations, meta, ""), `"text": "Iraq and Iran`, `"content": "Iraq and Iran`, 1)
	standofftest.SameArticle(t, read(other, content, 1), want)

	var tasks []map[string]any
	if err := json.Unmarshal([]byte(task(regions+relations, meta, "")), &tasks); err != nil {
		t.Fatal(err)
	}
	stored := tasks[0]["annotations"].([]any)[0].(map[string]any)
	stored["task"] = map[string]any{"id": 7, "data": tasks[0]["data"], "meta": map[string]any{}}
	storedJSON, _ := json.Marshal(stored)
	standofftest.SameArticle(t, read(string(storedJSON), nil, 1), want)

	var min []map[string]any
	if err := json.Unmarshal([]byte(task(regions, meta, "")), &min); err != nil {
		t.Fatal(err)
	}
	var values []any
	for _, r := range min[0]["annotations"].([]any)[0].(map[string]any)["result"].([]any) {
		values = append(values, r.(map[string]any)["value"])
	}
	record := min[0]["data"].(map[string]any)
	record["id"], record["label"], record["annotator"], record["annotation_id"] = 7, values, 1, 3
	data, _ := json.Marshal([]any{record})
	// UTF-16 offsets; a JSON_MIN export has no relations and no region
	// notes, so no keys either.
	got := read(string(data), nil, 2)
	if g, w := mentions(got), mentions(want); g != w || len(got.Relations) != 0 {
		t.Errorf("JSON_MIN: entities %s, %d relations; want %s, none", g, len(got.Relations), w)
	}

	_, probs := labelstudio.Parse("x.json", []byte(task(regions, meta, "")), content)
	if got, want := standofftest.Lines(probs), `x.json at /0/data/content: error: a task needs its text, a string, in data.content (the mapping's label_studio.text); `+
		`if the labelling config reads it from data.text, name that key in a mapping file (label_studio: {text: text})`; got != want {
		t.Errorf("problems:\n%s\nwant\n%s", got, want)
	}
}

// mentions lists the entities of a document as kind and mentions.
func mentions(d *annotation.Document) string {
	var out []string
	for _, e := range d.Entities {
		out = append(out, e.Kind+":")
		for _, m := range e.Mentions {
			out = append(out, fmt.Sprintf("%d-%d", *m.Start, *m.End))
		}
	}
	return strings.Join(out, " ")
}

// TestParseCancelled: a cancelled annotation is not read, and does not
// count as another annotation of the task.
func TestParseCancelled(t *testing.T) {
	cancelled := `{"id": 1, "was_cancelled": true, "result": [{"id": "z", "type": "labels", "value": {"start": 0, "end": 4, "text": "Iraq", "labels": ["PER"]}}]}, `
	for _, data := range []string{
		strings.Replace(task(regions, meta, ""), `"annotations": [`, `"annotations": [`+cancelled, 1),
		strings.Replace(task(regions, meta, `, "ground_truth": true`), `"annotations": [`, `"annotations": [`+strings.Replace(cancelled, `"was_cancelled"`, `"ground_truth": true, "was_cancelled"`, 1), 1),
		strings.Replace(strings.Replace(task(regions, meta, ""), `"annotations": [`, `"completions": [`+strings.Replace(cancelled, `"was_cancelled"`, `"skipped"`, 1), 1), `"was_cancelled": false`, `"skipped": false`, 1),
	} {
		docs, probs := labelstudio.Parse("x.json", []byte(data), nil)
		if len(docs) != 1 || len(probs) != 1 || !strings.Contains(probs[0].Message, "UTF-16") {
			t.Fatalf("%d documents, problems (want the one about UTF-16):\n%s", len(docs), standofftest.Lines(probs))
		}
		if k := docs[0].Entities[0].Kind; k != "gpe" {
			t.Errorf("Iraq is a %s: the cancelled annotation was read", k)
		}
	}
}

// TestParseMinRecords: of the records of one task in a JSON_MIN export,
// the first is read; the others are warned about.
func TestParseMinRecords(t *testing.T) {
	rec := func(id int, label string) string {
		return fmt.Sprintf(`{"text": "Iraq and Iran", "published": "2021-03-24", "id": %d, "label": [{"start": 0, "end": 4, "text": "Iraq", "labels": [%q]}], "annotator": 1, "annotation_id": 9, "lead_time": 2.5}`, id, label)
	}
	data := "[" + rec(1, "GPE") + ", " + rec(2, "PER") + ", " + rec(1, "PER") + "]"
	docs, probs := labelstudio.Parse("x.json", []byte(data), nil)
	if len(docs) != 2 || docs[0].Article.ID != "x-1" || docs[1].Article.ID != "x-2" || docs[0].Entities[0].Kind != "gpe" {
		t.Fatalf("%d documents %+v", len(docs), docs)
	}
	want := "x.json at /2: warning: task 1 again: JSON_MIN has a record per annotation, the newest first; only the first record of a task is read\n" +
		"x.json at /0: warning: a JSON_MIN export: it has no relations, region ids or region notes (meta), so none is read; export the project as JSON to read them"
	if got := standofftest.Lines(probs); got != want {
		t.Errorf("problems:\n%s\nwant\n%s", got, want)
	}
	// A region is named by its control and place in the record's notes.
	noted := strings.Replace(rec(1, "GPE"), `"id": 1,`, `"id": 1, "geokg": {"notes": {"label-0": "Q796"}},`, 1)
	docs, probs = labelstudio.Parse("x.json", []byte("["+noted+"]"), nil)
	if len(docs) != 1 || docs[0].Entities[0].Key != "Q796" {
		t.Errorf("%d documents %+v, problems:\n%s", len(docs), docs, standofftest.Lines(probs))
	}
}

// TestParseFields reads a task whose data gives the publication time and
// the title under keys of its own, named by the mapping's fields: the
// article gets the day of that time and the title; without the mapping it
// has no publication date, an error that says how to give one.
func TestParseFields(t *testing.T) {
	const data = `[{"id": 7, "data": {"text": "Iraq and Iran.", "date": "2021-03-24T23:15:00-05:00", "headline": "Talks"},
		"annotations": [{"id": 1, "result": [{"id": "a", "from_name": "label", "to_name": "text", "type": "labels",
		"value": {"start": 0, "end": 4, "text": "Iraq", "labels": ["GPE"]}}]}]}]`
	m, err := mapping.Load(strings.NewReader("fields: {published: date, title: $headline}\n"), "m.yaml")
	if err != nil {
		t.Fatal(err)
	}
	docs, probs := labelstudio.Parse("x.json", []byte(data), m)
	if probs.HasErrors() || len(docs) != 1 {
		t.Fatalf("%d documents, problems:\n%s", len(docs), standofftest.Lines(probs))
	}
	if a := docs[0].Article; a.Published != "2021-03-24" || a.Title != "Talks" {
		t.Errorf("published %q, title %q; want 2021-03-24 (the day as the publisher wrote it) and Talks", a.Published, a.Title)
	}
	_, probs = labelstudio.Parse("x.json", []byte(data), nil)
	if !strings.Contains(standofftest.Lines(probs), "the article has no published date") {
		t.Errorf("without the mapping: %s", standofftest.Lines(probs))
	}
}
