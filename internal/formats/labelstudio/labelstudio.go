// Package labelstudio reads Label Studio JSON exports (an array of tasks)
// into geokg articles, one per task.
//
// A task's text is data.text. Its article fields (id, published, language,
// title, url, source) come from the object data.geokg, else from data, else
// from the task's meta; published is required. The id defaults to the file
// name (without extension and ".xx" language part) and the task id,
// "export-12"; the language to that ".xx" part, the mapping's default, then
// the script of the text.
//
// Of a task's annotations the ground truth is read, else the first one not
// cancelled; predictions are not read. Results of type "labels" are spans:
// value.start and value.end count code points of the text, and must hold
// value.text. Older exports count UTF-16 code units (as JavaScript does):
// when a span does not hold its text as code points but does as UTF-16
// units, it is converted and the task gets a warning. Results of type
// "relation" link from_id to to_id ("direction": right, left or bi; bi reads
// as right); of their labels one maps to a relation type and the others may
// map to modalities ("Negation" → denied).
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

// Detect reports whether the file is a .json file holding an array whose
// head mentions "annotations".
func (Reader) Detect(file string, head []byte) bool {
	head = bytes.TrimLeft(head, " \t\r\n\ufeff")
	return strings.EqualFold(filepath.Ext(file), ".json") && len(head) > 0 && head[0] == '[' &&
		bytes.Contains(head, []byte(`"annotations"`))
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
}

type taskAnnotation struct {
	WasCancelled bool              `json:"was_cancelled"`
	GroundTruth  bool              `json:"ground_truth"`
	Result       []json.RawMessage `json:"result"`
}

type result struct {
	ID       string `json:"id"`
	Type     string `json:"type"`
	FromName string `json:"from_name"`
	Value    struct {
		Start   *int            `json:"start"`
		End     *int            `json:"end"`
		Text    json.RawMessage `json:"text"` // a string for labels, strings for textarea
		Labels  []string        `json:"labels"`
		Choices []string        `json:"choices"`
	} `json:"value"`
	FromID    string   `json:"from_id"`
	ToID      string   `json:"to_id"`
	Direction string   `json:"direction"`
	Labels    []string `json:"labels"`
	Meta      struct {
		Text []string `json:"text"`
	} `json:"meta"`
}

// Parse reads an export into articles. Tasks with an error give no
// document; problems carry JSON pointers.
func Parse(file string, data []byte, m *mapping.Mapping) ([]annotation.Document, annotation.Problems) {
	if m == nil {
		m = mapping.Default()
	}
	var tasks []json.RawMessage
	if err := json.Unmarshal(data, &tasks); err != nil {
		_, msg := standoff.JSONError("", err)
		return nil, annotation.Problems{{Severity: annotation.Error, File: file, Line: standoff.JSONLine(data, err),
			Message: "malformed Label Studio export (want an array of tasks): " + msg}}
	}
	var docs []annotation.Document
	var probs annotation.Problems
	for i, raw := range tasks {
		doc, ps := parseTask(file, fmt.Sprintf("/%d", i), raw, m)
		probs = append(probs, ps...)
		if doc != nil {
			docs = append(docs, *doc)
		}
	}
	return docs, probs
}

func parseTask(file, ptr string, raw json.RawMessage, m *mapping.Mapping) (*annotation.Document, annotation.Problems) {
	fail := func(ptr, msg string) (*annotation.Document, annotation.Problems) {
		return nil, annotation.Problems{{Severity: annotation.Error, File: file, Pointer: ptr, Message: msg}}
	}
	var t task
	if err := json.Unmarshal(raw, &t); err != nil {
		return fail(standoff.JSONError(ptr, err))
	}
	anns := make([]taskAnnotation, len(t.Annotations))
	for j, a := range t.Annotations {
		if err := json.Unmarshal(a, &anns[j]); err != nil {
			return fail(standoff.JSONError(fmt.Sprintf("%s/annotations/%d", ptr, j), err))
		}
	}
	var text string
	if err := json.Unmarshal(t.Data["text"], &text); err != nil || text == "" {
		return fail(ptr+"/data/text", "a task needs its text, a string, in data.text")
	}
	var g map[string]json.RawMessage
	if raw := t.Data["geokg"]; raw != nil {
		if err := json.Unmarshal(raw, &g); err != nil {
			return fail(standoff.JSONError(ptr+"/data/geokg", err))
		}
	}
	b := standoff.NewBuilder(file, text, m)
	geokgNotes := b.JSONMeta(standoff.Object{At: standoff.Loc{Pointer: ptr + "/data/geokg"}, Fields: g},
		standoff.Object{At: standoff.Loc{Pointer: ptr + "/data"}, Fields: t.Data},
		standoff.Object{At: standoff.Loc{Pointer: ptr + "/meta"}, Fields: t.Meta})
	ann := -1
	for j, a := range anns {
		if !a.WasCancelled && (ann < 0 || a.GroundTruth && !anns[ann].GroundTruth) {
			ann = j
		}
	}
	if ann < 0 {
		return nil, annotation.Problems{{Severity: annotation.Warning, File: file, Pointer: ptr,
			Message: "task left out: it has no annotation that is not cancelled"}}
	}
	if n := len(t.Annotations); n > 1 {
		b.Warnf(standoff.Loc{Pointer: ptr + "/annotations"}, "task has %d annotations; only annotation %d (ground truth, or else the first not cancelled) is read", n, ann)
	}
	aptr := fmt.Sprintf("%s/annotations/%d/result", ptr, ann)
	results := make([]result, len(anns[ann].Result))
	ok := make([]bool, len(results))
	for j, raw := range anns[ann].Result {
		if err := json.Unmarshal(raw, &results[j]); err != nil {
			p, msg := standoff.JSONError(fmt.Sprintf("%s/%d", aptr, j), err)
			b.Errorf(standoff.Loc{Pointer: p}, "%s", msg)
			continue
		}
		ok[j] = true
	}
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
	type keyed struct {
		r  result
		at standoff.Loc
	}
	var keys []keyed // per-region results that give an event key
	for j, r := range results {
		at := standoff.Loc{Pointer: fmt.Sprintf("%s/%d", aptr, j)}
		if !ok[j] {
			continue
		}
		if (r.Type == "textarea" || r.Type == "choices") && m.EventKey(r.FromName) {
			keys = append(keys, keyed{r, at})
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
				notes = append(notes, note{id, n, standoff.Loc{Pointer: standoff.Pointer(ptr+"/data/geokg/notes", r.FromID+"->"+r.ToID)}})
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
		at := standoff.Loc{Pointer: standoff.Pointer(ptr+"/data/geokg/notes", id)}
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
	return b.Build(standoff.Article{ID: standoff.RecordID(base, t.ID), Language: lang, At: standoff.Loc{Pointer: ptr + "/data"}})
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
