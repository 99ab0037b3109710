// Package labelstudio reads Label Studio JSON exports into geokg articles,
// one per task. A file holds an array of tasks (the JSON export) or one
// object: a task, or one annotation with its task in "task" (the files of
// a target storage hold one or the other). A task is either
//
//   - a task of the JSON export: its text in data, its annotations in
//     "annotations", or in "completions" as Label Studio 0.x wrote them;
//   - an annotation of a target storage, {"id": 8, "result": […], …,
//     "task": {"id": 6, "data": {…}, …}}, read as a task of that one
//     annotation;
//   - a record of the JSON_MIN export (label-studio-converter).
//
// A JSON_MIN record holds the task's data fields, its id, and one field per
// control (its from_name) with that control's values, a region being an
// object with start, end, text and labels:
//
//	{"text": "…", "id": 7, "label": [{"start": 0, "end": 4, "text": "Iraq", "labels": ["GPE"]}],
//	 "annotator": 1, "annotation_id": 3, "created_at": "…", "updated_at": "…", "lead_time": 4.2}
//
// JSON_MIN has no relations, region ids or region meta: a file of records
// gets a warning saying so, and its regions are named by control and place
// ("label-0", the key of a note in the record's geokg.notes). It has one
// record per annotation of a task, the newest first; the first record of a
// task is read, and the others are warned about.
//
// A task's text is the data key the mapping names (mapping.TextKey; by
// default data.text, as <Text value="$text"/> reads it). Its article
// fields (id, published, language, title, url, source) come from the
// object data.geokg, else from data, else from the task's meta, under
// their names or under the keys the mapping's fields names; without
// published, a warning (see package standoff). The id defaults to the file name (without extension and
// ".xx" language part) and the task id, "export-12"; the language to that
// ".xx" part, the mapping's default, then the script of the text.
//
// Of a task's annotations the ground truth is read, else the first one not
// cancelled ("was_cancelled", or "skipped" in 0.x); a warning says so when
// more than one is not cancelled. Predictions are not read. A file of tasks
// of which none gives an article (none has an annotation that is not
// cancelled) is an error. Results of type "labels" are spans: value.start
// and value.end count code points of the text, and must hold value.text.
// Older exports count UTF-16 code units (as JavaScript does): when a span
// does not hold its text as code points but does as UTF-16 units, it is
// converted and the task gets a warning. Regions of HyperText and
// Paragraphs (results of type hypertextlabels, htmllabels or
// paragraphlabels), whose offsets are in HTML elements or paragraphs, are
// not read: they are errors that name the task and the result. Results of
// type "relation" link from_id to to_id ("direction": right, left or bi; bi
// reads as right); of their labels one maps to a relation type and the
// others may map to modalities ("Negation" → denied).
//
// Notes in the syntax of brat AnnotatorNotes (see package brat) can be put
// in a region's meta.text (the region's "meta" field in the editor), in a
// per-region textarea result, or in a relation's meta.text; data.geokg.notes
// maps a region id, or "FROM_ID->TO_ID" for a relation, to a note. A
// region's note gives its entity a key ("Q30", "geokg:kataib-hezbollah",
// key=…), names and aliases; a relation's note gives id (default r1, r2, …
// in the order of the results), date, start, end, confidence, modality,
// evidence, participants (participant.ROLE=REGION_ID) and event. The
// evidence is by default the sentence, or run of sentences, holding both
// ends.
//
// A relation's explicit event key (annotation.Relation.Event: relations of
// one type between the same parties with the same key are reports of one
// event, in this task or another) is event=KEY in its note, or comes from a
// per-region TextArea or Choices control that the mapping lists in
// event_keys (by default named Event, EventKey, Event_Key, EventID or
// Event_ID, in any case): its one line of text, or its one choice, goes to
// every relation that starts at the region (from_id), since Label Studio
// has no controls per relation:
//
//	{"id": "a", "type": "textarea", "from_name": "event", "to_name": "text", "value": {"start": 0, "end": 4, "text": ["strike-2020-01-03"]}}
//
// A key result whose id is no region's, a key on a region that starts no
// relation, an empty key, several lines or choices, and two different keys
// for one relation are errors.
package labelstudio

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode/utf16"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/formats/mapping"
	"github.com/geokg/geokg/internal/formats/standoff"
)

// Reader reads Label Studio JSON exports.
type Reader struct {
	Mapping *mapping.Mapping // nil for mapping.Default()
}

var _ annotation.Reader = Reader{}

// Name returns "labelstudio".
func (Reader) Name() string { return "labelstudio" }

var (
	taskKeyRE   = regexp.MustCompile(`"(annotations|completions)"\s*:`)
	minKeyRE    = regexp.MustCompile(`"annotation_id"\s*:`)
	resultKeyRE = regexp.MustCompile(`"result"\s*:`)
	storedKeyRE = regexp.MustCompile(`"task"\s*:`)
)

// Detect reports whether the file is a .json file holding an array whose
// head has a key "annotations" or "completions" (a task of the JSON export)
// or "annotation_id" (a JSON_MIN record), or an object whose head has
// "annotations" or "completions" (one task) or "result" and "task" (one
// annotation with its task). The native format has none of these keys. A
// head that ends inside a long text may show none: name the format then
// (--format labelstudio).
func (Reader) Detect(file string, head []byte) bool {
	head = bytes.TrimLeft(head, " \t\r\n\ufeff")
	if !strings.EqualFold(filepath.Ext(file), ".json") || len(head) == 0 {
		return false
	}
	switch head[0] {
	case '[':
		return taskKeyRE.Match(head) || minKeyRE.Match(head)
	case '{':
		return taskKeyRE.Match(head) || resultKeyRE.Match(head) && storedKeyRE.Match(head)
	}
	return false
}

// Read parses an export.
func (r Reader) Read(file string, data []byte) ([]annotation.Document, annotation.Problems) {
	return Parse(file, data, r.Mapping)
}

type task struct {
	ID          json.RawMessage            `json:"id"`
	Data        map[string]json.RawMessage `json:"data"`
	Meta        map[string]json.RawMessage `json:"meta"`
	Annotations []json.RawMessage          `json:"annotations"`
	Completions []json.RawMessage          `json:"completions"` // Label Studio 0.x
}

type taskAnnotation struct {
	WasCancelled bool              `json:"was_cancelled"`
	Skipped      bool              `json:"skipped"` // Label Studio 0.x
	GroundTruth  bool              `json:"ground_truth"`
	Result       []json.RawMessage `json:"result"`
}

func (a taskAnnotation) cancelled() bool { return a.WasCancelled || a.Skipped }

// value is the value of a result, or a region of a JSON_MIN record.
type value struct {
	Start   *int            `json:"start"`
	End     *int            `json:"end"`
	Text    json.RawMessage `json:"text"` // a string for labels, strings for textarea
	Labels  []string        `json:"labels"`
	Choices []string        `json:"choices"`
}

type result struct {
	ID        string   `json:"id"`
	Type      string   `json:"type"`
	FromName  string   `json:"from_name"`
	Value     value    `json:"value"`
	FromID    string   `json:"from_id"`
	ToID      string   `json:"to_id"`
	Direction string   `json:"direction"`
	Labels    []string `json:"labels"`
	Meta      struct {
		Text []string `json:"text"`
	} `json:"meta"`
}

// located is a result with its place.
type located struct {
	r  result
	at standoff.Loc
}

// unreadRegions are the result types (and, in JSON_MIN, the label fields
// of regions) of HyperText and Paragraphs, whose offsets are not in the
// text: refused.
var unreadRegions = []string{"hypertextlabels", "htmllabels", "paragraphlabels"}

// Parse reads an export, an array of tasks or one task, into articles.
// Tasks with an error give no document; problems carry JSON pointers.
func Parse(file string, data []byte, m *mapping.Mapping) ([]annotation.Document, annotation.Problems) {
	if m == nil {
		m = mapping.Default()
	}
	fail := func(line int, msg string) ([]annotation.Document, annotation.Problems) {
		return nil, annotation.Problems{{Severity: annotation.Error, File: file, Line: line,
			Message: "malformed Label Studio export (want an array of tasks, or one task): " + msg}}
	}
	var top json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		_, msg := standoff.JSONError("", err)
		return fail(standoff.JSONLine(data, err), msg)
	}
	var tasks []json.RawMessage
	ptr := func(i int) string { return fmt.Sprintf("/%d", i) }
	switch top[0] {
	case '[':
		json.Unmarshal(top, &tasks) // an array: it is valid JSON
	case '{':
		tasks, ptr = []json.RawMessage{top}, func(int) string { return "" }
	default:
		return fail(1, "the value must be an array or an object, not "+string(top))
	}
	var docs []annotation.Document
	var probs annotation.Problems
	var records []string // JSON_MIN records: the pointer of the first, then task ids
	for i, raw := range tasks {
		var fields map[string]json.RawMessage
		json.Unmarshal(raw, &fields) // nil if raw is not an object: parseTask says so
		var doc *annotation.Document
		var ps annotation.Problems
		switch {
		case fields == nil || fields["data"] != nil || fields["annotations"] != nil || fields["completions"] != nil:
			doc, ps = parseTask(file, ptr(i), raw, m)
		case fields["task"] != nil && fields["result"] != nil:
			doc, ps = parseStored(file, ptr(i), raw, m)
		default:
			if len(records) == 0 {
				records = append(records, ptr(i))
			}
			id := string(fields["id"])
			if id != "" && slices.Contains(records[1:], id) {
				probs = append(probs, annotation.Problem{Severity: annotation.Warning, File: file, Pointer: ptr(i),
					Message: fmt.Sprintf("task %s again: JSON_MIN has a record per annotation, the newest first; only the first record of a task is read", id)})
				continue
			}
			records = append(records, id)
			doc, ps = parseRecord(file, ptr(i), fields, m)
		}
		probs = append(probs, ps...)
		if doc != nil {
			docs = append(docs, *doc)
		}
	}
	if len(records) > 0 {
		probs = append(probs, annotation.Problem{Severity: annotation.Warning, File: file, Pointer: records[0],
			Message: "a JSON_MIN export: it has no relations, region ids or region notes (meta), so none is read; export the project as JSON to read them"})
	}
	switch {
	case len(docs) > 0 || probs.HasErrors():
	case len(tasks) == 0:
		probs = append(probs, annotation.Problem{Severity: annotation.Warning, File: file, Message: "the export holds no task"})
	default:
		probs = append(probs, annotation.Problem{Severity: annotation.Error, File: file,
			Message: fmt.Sprintf("no article: none of the %d task(s) has an annotation that is not cancelled (export the project after its tasks are annotated)", len(tasks))})
	}
	return docs, probs
}

// taskIn is a task of the JSON export, or of a target storage's file of
// one annotation, with the places of its parts.
type taskIn struct {
	id         json.RawMessage
	data, meta standoff.Object
	field      string // "annotations" or "completions": where anns are
	anns       []taskAnnotation
	annPtr     func(j int) string
	none       bool // the task has neither annotations nor completions
}

// parseTask reads a task of the JSON export.
func parseTask(file, ptr string, raw json.RawMessage, m *mapping.Mapping) (*annotation.Document, annotation.Problems) {
	var t task
	if err := json.Unmarshal(raw, &t); err != nil {
		return failAt(file)(standoff.JSONError(ptr, err))
	}
	in := taskIn{id: t.ID, data: standoff.Object{At: standoff.Loc{Pointer: ptr + "/data"}, Fields: t.Data},
		meta: standoff.Object{At: standoff.Loc{Pointer: ptr + "/meta"}, Fields: t.Meta}, field: "annotations"}
	raws := t.Annotations
	if raws == nil && t.Completions != nil {
		in.field, raws = "completions", t.Completions
	}
	in.none = raws == nil
	in.annPtr = func(j int) string { return fmt.Sprintf("%s/%s/%d", ptr, in.field, j) }
	in.anns = make([]taskAnnotation, len(raws))
	for j, a := range raws {
		if err := json.Unmarshal(a, &in.anns[j]); err != nil {
			return failAt(file)(standoff.JSONError(in.annPtr(j), err))
		}
	}
	return readTask(file, ptr, in, m)
}

// parseStored reads a target storage's file of one annotation, which
// holds its task in "task".
func parseStored(file, ptr string, raw json.RawMessage, m *mapping.Mapping) (*annotation.Document, annotation.Problems) {
	var stored struct {
		Task task `json:"task"`
	}
	in := taskIn{field: "annotations", anns: make([]taskAnnotation, 1), annPtr: func(int) string { return ptr }}
	if err := json.Unmarshal(raw, &stored); err != nil {
		return failAt(file)(standoff.JSONError(ptr, err))
	}
	if err := json.Unmarshal(raw, &in.anns[0]); err != nil {
		return failAt(file)(standoff.JSONError(ptr, err))
	}
	in.id = stored.Task.ID
	in.data = standoff.Object{At: standoff.Loc{Pointer: ptr + "/task/data"}, Fields: stored.Task.Data}
	in.meta = standoff.Object{At: standoff.Loc{Pointer: ptr + "/task/meta"}, Fields: stored.Task.Meta}
	return readTask(file, ptr, in, m)
}

// failAt returns a function that gives one error of file at a pointer.
func failAt(file string) func(ptr, msg string) (*annotation.Document, annotation.Problems) {
	return func(ptr, msg string) (*annotation.Document, annotation.Problems) {
		return nil, annotation.Problems{{Severity: annotation.Error, File: file, Pointer: ptr, Message: msg}}
	}
}

// readTask reads the annotation of a task that is read: the ground truth,
// else the first not cancelled.
func readTask(file, ptr string, in taskIn, m *mapping.Mapping) (*annotation.Document, annotation.Problems) {
	ann, live := -1, 0
	for j, a := range in.anns {
		if a.cancelled() {
			continue
		}
		live++
		if ann < 0 || a.GroundTruth && !in.anns[ann].GroundTruth {
			ann = j
		}
	}
	aptr := in.annPtr(ann) + "/result"
	if ann >= 0 {
		var unreadProbs annotation.Problems
		for j, raw := range in.anns[ann].Result {
			var head struct{ ID, Type string }
			if json.Unmarshal(raw, &head) == nil && slices.Contains(unreadRegions, head.Type) {
				unreadProbs = append(unreadProbs, annotation.Problem{Severity: annotation.Error, File: file, Pointer: fmt.Sprintf("%s/%d", aptr, j),
					Message: fmt.Sprintf("%s, result %q: %s", taskName(in.id), head.ID, unread(head.Type))})
			}
		}
		if len(unreadProbs) > 0 {
			return nil, unreadProbs
		}
	}
	b, notes, ps := begin(file, in.data, in.meta, "a task", "data.", m)
	if b == nil {
		return nil, ps
	}
	if ann < 0 {
		msg := "task left out: it has no annotation that is not cancelled"
		if in.none {
			msg = "task left out: it has no annotations (nor completions, as Label Studio 0.x writes them)"
		}
		return nil, annotation.Problems{{Severity: annotation.Warning, File: file, Pointer: ptr, Message: msg}}
	}
	if live > 1 {
		b.Warnf(standoff.Loc{Pointer: ptr + "/" + in.field}, "task has %d %s that are not cancelled; only %s %d (ground truth, or else the first not cancelled) is read",
			live, in.field, strings.TrimSuffix(in.field, "s"), ann)
	}
	var results []located
	for j, raw := range in.anns[ann].Result {
		at := standoff.Loc{Pointer: fmt.Sprintf("%s/%d", aptr, j)}
		var r result
		if err := json.Unmarshal(raw, &r); err != nil {
			p, msg := standoff.JSONError(at.Pointer, err)
			b.Errorf(standoff.Loc{Pointer: p}, "%s", msg)
			continue
		}
		results = append(results, located{r, at})
	}
	return finish(file, b, in.id, notes, in.data.At.Pointer, results, m)
}

// parseRecord reads a record of the JSON_MIN export: data fields, and the
// regions of the controls whose values are objects with "labels".
func parseRecord(file, ptr string, fields map[string]json.RawMessage, m *mapping.Mapping) (*annotation.Document, annotation.Problems) {
	type control struct {
		name   string
		values []map[string]json.RawMessage
		raws   []json.RawMessage
	}
	var controls []control
	var unreadProbs annotation.Problems
	for _, name := range slices.Sorted(maps.Keys(fields)) {
		c := control{name: name}
		if json.Unmarshal(fields[name], &c.values) != nil || !slices.ContainsFunc(c.values, isRegion) {
			continue
		}
		json.Unmarshal(fields[name], &c.raws) // an array: it decoded into values
		controls = append(controls, c)
		for j, v := range c.values {
			if i := slices.IndexFunc(unreadRegions, func(k string) bool { return v[k] != nil }); i >= 0 {
				unreadProbs = append(unreadProbs, annotation.Problem{Severity: annotation.Error, File: file, Pointer: fmt.Sprintf("%s/%d", standoff.Pointer(ptr, name), j),
					Message: fmt.Sprintf("%s, region %s-%d: %s", taskName(fields["id"]), name, j, unread(unreadRegions[i]))})
			}
		}
	}
	if len(unreadProbs) > 0 {
		return nil, unreadProbs
	}
	b, notes, ps := begin(file, standoff.Object{At: standoff.Loc{Pointer: ptr}, Fields: fields}, standoff.Object{}, "a JSON_MIN record", "", m)
	if b == nil {
		return nil, ps
	}
	var results []located
	for _, c := range controls {
		for j, v := range c.values {
			r := result{ID: fmt.Sprintf("%s-%d", c.name, j), Type: "labels", FromName: c.name}
			at := standoff.Loc{Pointer: fmt.Sprintf("%s/%d", standoff.Pointer(ptr, c.name), j)}
			if v["labels"] == nil {
				b.Errorf(at, "region %s: a region needs labels", r.ID)
				continue
			}
			if err := json.Unmarshal(c.raws[j], &r.Value); err != nil {
				p, msg := standoff.JSONError(at.Pointer, err)
				b.Errorf(standoff.Loc{Pointer: p}, "%s", msg)
				continue
			}
			results = append(results, located{r, at})
		}
	}
	return finish(file, b, fields["id"], notes, ptr, results, m)
}

// isRegion reports whether a value of a JSON_MIN record is a region: an
// object with labels (or the labels of HyperText or Paragraphs).
func isRegion(v map[string]json.RawMessage) bool {
	return v["labels"] != nil || slices.ContainsFunc(unreadRegions, func(k string) bool { return v[k] != nil })
}

// taskName names a task by its id in messages.
func taskName(id json.RawMessage) string {
	if len(id) == 0 {
		return "the task without an id"
	}
	return "task " + string(id)
}

// unread says why a region of HyperText or Paragraphs is refused.
func unread(typ string) string {
	return fmt.Sprintf("%s regions (of a HyperText or Paragraphs tag) are not read: their offsets count characters inside HTML elements or paragraphs, not in the text; "+
		"label the text with a Text tag and Labels, or remove these regions", typ)
}

// begin starts the article of a task: its text, the key of data the
// mapping names, and its article fields and notes from data.geokg, data and
// meta. what names the task and prefix the data in messages ("data.").
// It returns a nil Builder when the task has no text.
func begin(file string, data, meta standoff.Object, what, prefix string, m *mapping.Mapping) (*standoff.Builder, map[string]string, annotation.Problems) {
	key := m.TextKey()
	var text string
	if err := json.Unmarshal(data.Fields[key], &text); err != nil || text == "" {
		msg := fmt.Sprintf("%s needs its text, a string, in %s%s", what, prefix, key)
		if key != "text" {
			msg += " (the mapping's label_studio.text)"
		}
		var strs []string
		for _, k := range slices.Sorted(maps.Keys(data.Fields)) {
			if json.Unmarshal(data.Fields[k], &text) == nil && k != key && !slices.Contains(mapping.ArticleFields, k) {
				strs = append(strs, k)
			}
		}
		if len(strs) > 0 {
			msg += fmt.Sprintf("; if the labelling config reads it from %s%s, name that key in a mapping file (label_studio: {text: %s})", prefix, strings.Join(strs, " or "+prefix), strs[0])
		}
		return nil, nil, annotation.Problems{{Severity: annotation.Error, File: file, Pointer: standoff.Pointer(data.At.Pointer, key), Message: msg}}
	}
	gptr := data.At.Pointer + "/geokg"
	var g map[string]json.RawMessage
	if raw := data.Fields["geokg"]; raw != nil {
		if err := json.Unmarshal(raw, &g); err != nil {
			p, msg := standoff.JSONError(gptr, err)
			return nil, nil, annotation.Problems{{Severity: annotation.Error, File: file, Pointer: p, Message: msg}}
		}
	}
	b := standoff.NewBuilder(file, text, m)
	notes := b.JSONMeta(standoff.Object{At: standoff.Loc{Pointer: gptr}, Fields: g}, data, meta)
	return b, notes, nil
}

// finish reads the results of a task and builds its article; dataPtr is
// where data (and data.geokg) is.
func finish(file string, b *standoff.Builder, taskID json.RawMessage, geokgNotes map[string]string, dataPtr string, results []located, m *mapping.Mapping) (*annotation.Document, annotation.Problems) {
	notesPtr := dataPtr + "/geokg/notes"
	u := newUTF16(b.Text())
	var converted []string
	ignored := map[string]int{}
	var ignoredOrder []string
	ignoredAt := map[string]standoff.Loc{}
	nrel := 0
	used := map[string]bool{} // relation keys of data.geokg.notes
	type note struct {
		id, text string
		at       standoff.Loc
	}
	var notes []note
	regions := map[string]bool{}
	var keys []located // per-region results that give an event key
	for _, lr := range results {
		r, at := lr.r, lr.at
		if (r.Type == "textarea" || r.Type == "choices") && m.EventKey(r.FromName) {
			keys = append(keys, lr)
			continue
		}
		switch r.Type {
		case "labels":
			regions[r.ID] = true
			frag, claimed, utf := region(b, u, r, at)
			if frag == nil {
				continue
			}
			if utf {
				converted = append(converted, at.Pointer)
			}
			label := strings.Join(r.Value.Labels, "+") // reported as is if no label maps
			for _, l := range r.Value.Labels {
				if _, st := m.Entity(l); st == mapping.Mapped {
					label = l
					break
				}
			}
			if b.Span(r.ID, label, []standoff.Frag{*frag}, claimed, at) && len(r.Meta.Text) > 0 {
				notes = append(notes, note{r.ID, strings.Join(r.Meta.Text, " "), standoff.Loc{Pointer: at.Pointer + "/meta/text"}})
			}
		case "relation":
			nrel++
			id := fmt.Sprintf("r%d", nrel)
			rel := standoff.Relation{ID: id, Labels: r.Labels, Source: r.FromID, Target: r.ToID, KeyFrom: r.FromID, At: at}
			switch r.Direction {
			case "right", "bi", "":
			case "left":
				rel.Source, rel.Target = r.ToID, r.FromID
			default:
				b.Errorf(standoff.Loc{Pointer: at.Pointer + "/direction"}, "direction %q: want right, left or bi", r.Direction)
				continue
			}
			b.Relation(rel)
			if len(r.Meta.Text) > 0 {
				notes = append(notes, note{id, strings.Join(r.Meta.Text, " "), standoff.Loc{Pointer: at.Pointer + "/meta/text"}})
			}
			if n, ok := geokgNotes[r.FromID+"->"+r.ToID]; ok {
				used[r.FromID+"->"+r.ToID] = true
				notes = append(notes, note{id, n, standoff.Loc{Pointer: standoff.Pointer(notesPtr, r.FromID+"->"+r.ToID)}})
			}
		case "textarea":
			var lines []string
			if json.Unmarshal(r.Value.Text, &lines) == nil && r.ID != "" && len(lines) > 0 {
				notes = append(notes, note{r.ID, strings.Join(lines, " "), standoff.Loc{Pointer: at.Pointer + "/value/text"}})
				continue
			}
			fallthrough
		default:
			if ignored[r.Type] == 0 {
				ignoredOrder = append(ignoredOrder, r.Type)
				ignoredAt[r.Type] = at
			}
			ignored[r.Type]++
		}
	}
	for _, id := range slices.Sorted(maps.Keys(geokgNotes)) {
		at := standoff.Loc{Pointer: standoff.Pointer(notesPtr, id)}
		switch {
		case !strings.Contains(id, "->"):
			notes = append(notes, note{id, geokgNotes[id], at})
		case !used[id]:
			b.Errorf(at, "note on relation %s: there is no relation from the first region to the second", id)
		}
	}
	for _, n := range notes {
		b.Note(n.id, n.text, n.at)
	}
	for _, k := range keys {
		eventKey(b, k.r, regions[k.r.ID], k.at)
	}
	for _, typ := range ignoredOrder {
		b.Warnf(ignoredAt[typ], "%d results of type %q ignored: geokg reads labels, relation and per-region textarea results, and per-region choices that give an event key", ignored[typ], typ)
	}
	if len(converted) > 0 {
		b.Warnf(standoff.Loc{Pointer: converted[0]}, "%d region(s) count offsets in UTF-16 code units, as older Label Studio exports do; read as code points (first: %s)", len(converted), converted[0])
	}
	base, lang := standoff.FromFileName(file)
	return b.Build(standoff.Article{ID: standoff.RecordID(base, taskID), Language: lang, At: standoff.Loc{Pointer: dataPtr}})
}

// eventKey gives the relations that start at a region the event key of a
// per-region textarea or choices result whose control the mapping names
// (mapping.EventKey): its one line of text, or its one choice.
func eventKey(b *standoff.Builder, r result, isRegion bool, at standoff.Loc) {
	from := r.Type + " " + r.FromName
	if !isRegion {
		b.Errorf(at, "%s gives an event key but is not on a region: no labels result has its id %q (make the control perRegion)", from, r.ID)
		return
	}
	vals, ptr := r.Value.Choices, "/value/choices"
	if r.Type == "textarea" {
		ptr = "/value/text"
		if json.Unmarshal(r.Value.Text, &vals) != nil {
			b.Errorf(standoff.Loc{Pointer: at.Pointer + ptr}, "value.text must be an array of strings")
			return
		}
	}
	if len(vals) > 1 {
		b.Errorf(standoff.Loc{Pointer: at.Pointer + ptr}, "%s on %s: want one event key, not %d (%q)", from, r.ID, len(vals), vals)
		return
	}
	b.EventKey(r.ID, strings.Join(vals, ""), from, standoff.Loc{Pointer: at.Pointer + ptr})
}

// region reads the span of a labels result, converting UTF-16 offsets if
// that is what makes the span hold its text. It returns nil on an error.
func region(b *standoff.Builder, u *utf16Index, r result, at standoff.Loc) (frag *standoff.Frag, claimed string, converted bool) {
	if r.ID == "" {
		b.Errorf(at, "a labels result needs an id")
		return nil, "", false
	}
	if r.Value.Start == nil || r.Value.End == nil {
		b.Errorf(standoff.Loc{Pointer: at.Pointer + "/value"}, "a labels result needs value.start and value.end")
		return nil, "", false
	}
	if len(r.Value.Text) > 0 && json.Unmarshal(r.Value.Text, &claimed) != nil {
		b.Errorf(standoff.Loc{Pointer: at.Pointer + "/value/text"}, "value.text must be a string")
		return nil, "", false
	}
	f := standoff.Frag{Start: *r.Value.Start, End: *r.Value.End}
	text := b.Text()
	holds := func(f standoff.Frag) bool {
		return f.Start >= 0 && f.Start < f.End && f.End <= len(text) && string(text[f.Start:f.End]) == claimed
	}
	if claimed != "" && !holds(f) {
		if g, ok := u.runes(f); ok && holds(g) {
			return &g, claimed, true
		}
	}
	return &f, claimed, false
}

// utf16Index maps UTF-16 offsets of a text to code-point offsets.
type utf16Index struct {
	at []int // UTF-16 offset -> code point offset, -1 inside a surrogate pair
}

func newUTF16(text []rune) *utf16Index {
	u := &utf16Index{}
	for i, r := range text {
		u.at = append(u.at, i)
		if utf16.RuneLen(r) == 2 {
			u.at = append(u.at, -1)
		}
	}
	u.at = append(u.at, len(text))
	return u
}

func (u *utf16Index) runes(f standoff.Frag) (standoff.Frag, bool) {
	if f.Start < 0 || f.End >= len(u.at) || f.Start >= f.End || u.at[f.Start] < 0 || u.at[f.End] < 0 {
		return f, false
	}
	return standoff.Frag{Start: u.at[f.Start], End: u.at[f.End]}, true
}
