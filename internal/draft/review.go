package draft

import (
	"bytes"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/formats/standoff"
	"github.com/geokg/geokg/internal/graph"
)

// The review formats: a draft written for Label Studio or brat, where a
// person accepts or fixes it, and read back by the readers
// (internal/formats/labelstudio, internal/formats/brat) into the same
// article. Each mention is a
// region labelled with its entity's kind (a kind maps to itself in the
// default mapping), whose note (standoff.ParseNote syntax) gives the
// entity's key= and wikidata=, and on the entity's first mention its
// name.LANG=; each relation links a mention of its source in its evidence
// to one of its target, labelled with its type, with a note giving id=,
// modality=, date=, confidence=, evidence= and note= (the rules).

// modelVersion is the model_version of the Label Studio predictions of a
// draft.
const modelVersion = "geokg-draft"

// lsTask is a Label Studio task holding a draft as predictions,
// in the shape Label Studio imports (the "Basic Label Studio JSON format"
// with a "predictions" key): the text in data.text, the article fields in
// data.geokg.
type lsTask struct {
	Data struct {
		Text  string            `json:"text"`
		Geokg map[string]string `json:"geokg"`
	} `json:"data"`
	Predictions []lsPrediction `json:"predictions"`
}

// lsPrediction is one prediction of a task: Score is the mean
// confidence of its results.
type lsPrediction struct {
	ModelVersion string     `json:"model_version"`
	Score        float64    `json:"score"`
	Result       []lsResult `json:"result"`
}

// lsResult is a labels result (a region, from the Labels control
// "label" on the Text object "text") or a relation result.
type lsResult struct {
	ID        string   `json:"id,omitempty"`
	FromName  string   `json:"from_name,omitempty"`
	ToName    string   `json:"to_name,omitempty"`
	Type      string   `json:"type"`
	Value     *lsValue `json:"value,omitempty"`
	FromID    string   `json:"from_id,omitempty"`
	ToID      string   `json:"to_id,omitempty"`
	Direction string   `json:"direction,omitempty"`
	Labels    []string `json:"labels,omitempty"`
	Score     float64  `json:"score"`
	Meta      struct {
		Text []string `json:"text"`
	} `json:"meta"`
}

// lsValue is the span of a labels result, in code points.
type lsValue struct {
	Start  int      `json:"start"`
	End    int      `json:"end"`
	Text   string   `json:"text"`
	Labels []string `json:"labels"`
}

// labelStudioTask returns the draft as a Label Studio task whose one
// prediction holds the mentions (regions m1, m2, … with their confidence
// as score) and the relations.
func (r *Result) labelStudioTask() (lsTask, error) {
	var t lsTask
	items, err := r.review()
	if err != nil {
		return t, err
	}
	t.Data.Text = r.Document.Article.Text
	t.Data.Geokg = map[string]string{}
	for _, f := range articleFields(r.Document.Article) {
		t.Data.Geokg[f.Key] = f.Value
	}
	p := lsPrediction{ModelVersion: modelVersion, Result: []lsResult{}}
	id := func(i int) string { return "m" + strconv.Itoa(i+1) }
	sum := 0.0
	for i, m := range r.Mentions {
		res := lsResult{ID: id(i), FromName: "label", ToName: "text", Type: "labels", Score: m.Confidence,
			Value: &lsValue{Start: m.Start, End: m.End, Text: m.Text, Labels: []string{items.kinds[m.Entity]}}}
		res.Meta.Text = []string{items.mentionNotes[i]}
		p.Result = append(p.Result, res)
		sum += m.Confidence
	}
	for i, rel := range r.Document.Relations {
		res := lsResult{Type: "relation", FromID: id(items.ends[i][0]), ToID: id(items.ends[i][1]), Direction: "right",
			Labels: []string{rel.Type}, Score: *rel.Confidence}
		res.Meta.Text = []string{items.relationNotes[i]}
		p.Result = append(p.Result, res)
		sum += *rel.Confidence
	}
	if n := len(p.Result); n > 0 {
		p.Score = math.Round(sum/float64(n)*100) / 100
	}
	t.Predictions = []lsPrediction{p}
	return t, nil
}

// Brat returns the draft as brat standoff: the text of ID.txt and the
// annotations of ID.ann, with the geokg article line, a T line per mention
// (labelled with its kind), an R line per relation (Arg1 the source, Arg2
// the target) and their AnnotatorNotes. brat counts offsets after "\r\n"
// and "\r" become "\n", so a text with "\r" is refused.
func (r *Result) Brat() (txt, ann []byte, err error) {
	text := r.Document.Article.Text
	if strings.Contains(text, "\r") {
		return nil, nil, graph.Errorf(graph.EInvalid, "article %s: its text has carriage returns, which brat's offsets do not count: convert its line breaks to \"\\n\" and draft it again", r.Document.Article.ID)
	}
	items, err := r.review()
	if err != nil {
		return nil, nil, err
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "# geokg article %s\n", standoff.FormatNote(articleFields(r.Document.Article)))
	for i, m := range r.Mentions {
		fmt.Fprintf(&b, "T%d\t%s %d %d\t%s\n", i+1, items.kinds[m.Entity], m.Start, m.End, m.Text)
	}
	for i, rel := range r.Document.Relations {
		fmt.Fprintf(&b, "R%d\t%s Arg1:T%d Arg2:T%d\n", i+1, rel.Type, items.ends[i][0]+1, items.ends[i][1]+1)
	}
	n := 0
	for i, note := range items.mentionNotes {
		n++
		fmt.Fprintf(&b, "#%d\tAnnotatorNotes T%d\t%s\n", n, i+1, note)
	}
	for i, note := range items.relationNotes {
		n++
		fmt.Fprintf(&b, "#%d\tAnnotatorNotes R%d\t%s\n", n, i+1, note)
	}
	return []byte(text), b.Bytes(), nil
}

// reviewItems is what both review formats write of a draft.
type reviewItems struct {
	kinds         map[string]string // entity key -> kind
	mentionNotes  []string          // per mention
	ends          [][2]int          // per relation: the indexes of its source and target mentions
	relationNotes []string          // per relation
}

// review returns the notes of the draft's mentions and relations and the
// mentions each relation links: the first mention of its source, and of
// its target, within its evidence.
func (r *Result) review() (reviewItems, error) {
	it := reviewItems{kinds: map[string]string{}}
	entities := map[string]annotation.Entity{}
	for _, e := range r.Document.Entities {
		entities[e.Key], it.kinds[e.Key] = e, e.Kind
	}
	named := map[string]bool{}
	for _, m := range r.Mentions {
		e := entities[m.Entity]
		fields := []standoff.Field{{Key: "key", Value: e.Key}}
		if e.Wikidata != "" {
			fields = append(fields, standoff.Field{Key: "wikidata", Value: e.Wikidata})
		}
		if !named[e.Key] { // the names once, on the first mention
			named[e.Key] = true
			for _, l := range slices.Sorted(maps.Keys(e.Names)) {
				fields = append(fields, standoff.Field{Key: "name." + l, Value: e.Names[l]})
			}
		}
		it.mentionNotes = append(it.mentionNotes, standoff.FormatNote(fields))
	}
	for _, rel := range r.Document.Relations {
		from, to := *rel.Evidence.Start, *rel.Evidence.End
		in := func(key string) int {
			return slices.IndexFunc(r.Mentions, func(m Mention) bool { return m.Entity == key && m.Start >= from && m.End <= to })
		}
		src, tgt := in(rel.Source), in(rel.Target)
		if src < 0 || tgt < 0 {
			return it, fmt.Errorf("draft relation %s: its source %s or its target %s has no mention in its evidence %d–%d", rel.ID, rel.Source, rel.Target, from, to)
		}
		it.ends = append(it.ends, [2]int{src, tgt})
		fields := []standoff.Field{{Key: "id", Value: rel.ID}, {Key: "modality", Value: rel.Modality}}
		if rel.Date != "" {
			fields = append(fields, standoff.Field{Key: "date", Value: rel.Date})
		}
		fields = append(fields,
			standoff.Field{Key: "confidence", Value: strconv.FormatFloat(*rel.Confidence, 'f', -1, 64)},
			standoff.Field{Key: "evidence", Value: fmt.Sprintf("%d-%d", from, to)},
			standoff.Field{Key: "note", Value: rel.Note})
		it.relationNotes = append(it.relationNotes, standoff.FormatNote(fields))
	}
	return it, nil
}

// articleFields are the article fields the readers read from data.geokg
// and the brat article line: id, published, language, and title, url and
// source when the article has them.
func articleFields(a *annotation.Article) []standoff.Field {
	fields := []standoff.Field{{Key: "id", Value: a.ID}, {Key: "published", Value: a.Published}, {Key: "language", Value: a.Language}}
	for _, f := range []standoff.Field{{Key: "title", Value: a.Title}, {Key: "url", Value: a.URL}, {Key: "source", Value: a.Source}} {
		if f.Value != "" {
			fields = append(fields, f)
		}
	}
	return fields
}

// MarshalLabelStudio returns drafts as a Label Studio file to import: a
// JSON array of their tasks, indented, with a final line break.
func MarshalLabelStudio(drafts []*Result) ([]byte, error) {
	tasks := []lsTask{}
	for _, d := range drafts {
		t, err := d.labelStudioTask()
		if err != nil {
			return nil, err
		}
		tasks = append(tasks, t)
	}
	return marshalIndent(tasks)
}
