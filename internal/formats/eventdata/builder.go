package eventdata

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"math"
	"path/filepath"
	"slices"
	"strings"

	"github.com/geokg/geokg/internal/annotation"
)

// Event is one row of event data: a report of one event.
type Event struct {
	// Document names the document of the file the row belongs to, for a
	// file of several (ICEWS: the row's story); "" for the file's one
	// document.
	Document string
	// Line is the row's line. A document of a file of several is at the
	// line of its first row, which the importer's messages name.
	Line int
	// Key identifies the event whatever reports it, e.g. GDELT's (SQLDATE,
	// Actor1Code, Actor2Code, EventCode, ActionGeo_FeatureID). Rows with
	// the same key are one relation; its id is made from the key.
	Key []string
	// Relation gives Type, Date, Modality and Note; the Builder fills in ID,
	// Source, Target, Participants, Confidence and Sources.
	Relation     annotation.Relation
	Source       annotation.Entity
	Target       annotation.Entity
	Participants []Participant
	Report       annotation.SourceRef
	// Reports is how many independent sources the row stands for (GDELT
	// NumSources); 0 counts as 1.
	Reports int
}

// Participant is a further party of an event, e.g. its location.
type Participant struct {
	Entity annotation.Entity
	Role   string
}

// Builder collects the events of one file into dataset documents. What
// it makes does not depend on the order of the rows.
type Builder struct {
	file     string
	problems annotation.Problems
	docs     map[string]*doc               // by Event.Document
	mentions map[string]annotation.Mention // by AddMention's key
	counted  map[string][]int              // what a warning says of rows → their lines
}

// doc is what the rows of one document give: its entities and events. An
// entity is resolved from the rows of its document alone, so that a
// document (an ICEWS story) is the same whatever file it comes in.
type doc struct {
	line     int
	entities map[string]*entity
	events   map[string]*event
}

// entity is what the rows say of one entity key: how often each kind and
// each name was given.
type entity struct {
	kinds, wikidata map[string]int
	names           map[string]map[string]int // lang → name → rows
}

type event struct {
	annotation.Relation
	first   annotation.SourceRef // the report that gave Relation's fields
	reports int
}

// NewBuilder returns a Builder for the named file.
func NewBuilder(file string) *Builder {
	return &Builder{file: file, docs: map[string]*doc{}, mentions: map[string]annotation.Mention{}, counted: map[string][]int{}}
}

// Errorf adds an error at a line (0 for the whole file).
func (b *Builder) Errorf(line int, format string, args ...any) {
	b.add(annotation.Error, line, "", fmt.Sprintf(format, args...))
}

// Warnf adds a warning at a line.
func (b *Builder) Warnf(line int, format string, args ...any) {
	b.add(annotation.Warning, line, "", fmt.Sprintf(format, args...))
}

func (b *Builder) add(sev annotation.Severity, line int, pointer, msg string) {
	b.problems = append(b.problems, annotation.Problem{Severity: sev, File: b.file, Line: line, Pointer: pointer, Message: msg})
}

// BadValue warns that the row at line is skipped because of the value of
// one column, numbered from 1: "column 27 EventCode: "13x" is not a CAMEO
// code".
func (b *Builder) BadValue(line, column int, name, value, why string) {
	b.Warnf(line, "column %d %s: %q %s; row skipped", column, name, value, why)
}

// Problems returns the problems found so far, for a reader that gives up
// on a file before Document.
func (b *Builder) Problems() annotation.Problems { return b.problems }

// Skip counts a row skipped for an expected reason ("without Actor2Code");
// Document reports each reason once, with how many rows and which.
func (b *Builder) Skip(line int, why string) {
	b.Count(line, "skipped "+why)
}

// Count counts a row of which a warning says what ("read without its
// empty extra fields"); Document reports each warning once, with how many
// rows and which.
func (b *Builder) Count(line int, what string) {
	b.counted[what] = append(b.counted[what], line)
}

// Add adds a row's event, merging it into the relation of the same key.
// The relation's type, date, modality and note are those of the row whose
// report sorts first.
func (b *Builder) Add(ev Event) {
	d := b.docs[ev.Document]
	if d == nil {
		d = &doc{line: ev.Line, entities: map[string]*entity{}, events: map[string]*event{}}
		b.docs[ev.Document] = d
	}
	d.line = min(d.line, ev.Line)
	id := EventID(ev.Key...)
	rel := ev.Relation
	rel.ID, rel.Source, rel.Target, rel.Participants = id, d.entity(ev.Source), d.entity(ev.Target), nil
	for _, p := range ev.Participants {
		rel.Participants = append(rel.Participants, annotation.Participant{Entity: d.entity(p.Entity), Role: p.Role})
	}
	e := d.events[id]
	if e == nil {
		e = &event{}
		d.events[id] = e
	}
	if e.Sources == nil || compareRefs(ev.Report, e.first) < 0 {
		rel.Sources = e.Sources
		e.Relation, e.first = rel, ev.Report
	}
	e.reports = max(e.reports, ev.Reports, 1)
	if !slices.Contains(e.Sources, ev.Report) {
		e.Sources = append(e.Sources, ev.Report)
	}
}

// AddMention adds a row's mention of an event of another file (see
// annotation.Mention) to the file's one document. Rows of the same key
// (the event and the article) are one mention: the one of the highest
// confidence, of the first line on a tie, is kept.
func (b *Builder) AddMention(key string, m annotation.Mention) {
	if old, ok := b.mentions[key]; ok && cmp.Or(cmp.Compare(m.Confidence, old.Confidence), cmp.Compare(old.Line, m.Line)) <= 0 {
		return
	}
	b.mentions[key] = m
}

func compareRefs(x, y annotation.SourceRef) int {
	return cmp.Or(cmp.Compare(x.Published, y.Published), cmp.Compare(x.URL, y.URL), cmp.Compare(x.Quote, y.Quote), cmp.Compare(x.Ref, y.Ref))
}

// entity records what a row says of an entity and returns its key.
func (d *doc) entity(e annotation.Entity) string {
	en := d.entities[e.Key]
	if en == nil {
		en = &entity{kinds: map[string]int{}, wikidata: map[string]int{}, names: map[string]map[string]int{}}
		d.entities[e.Key] = en
	}
	en.kinds[e.Kind]++
	if e.Wikidata != "" {
		en.wikidata[e.Wikidata]++
	}
	add := func(lang, name string, n int) {
		if name == "" {
			return
		}
		if en.names[lang] == nil {
			en.names[lang] = map[string]int{}
		}
		en.names[lang][name] += n
	}
	for lang, n := range e.Names {
		add(lang, n, 2) // a name counts more than an alias
	}
	for lang, as := range e.Aliases {
		for _, a := range as {
			add(lang, a, 1)
		}
	}
	return e.Key
}

// most returns the value given most often, the least of equals.
func most(counts map[string]int) string {
	best := ""
	for _, v := range slices.Sorted(maps.Keys(counts)) {
		if best == "" || counts[v] > counts[best] {
			best = v
		}
	}
	return best
}

// resolve returns the entity: its kind and Wikidata id the ones given most
// often, its name in each language the one given most often, and every
// other name an alias.
func (en *entity) resolve(key string) annotation.Entity {
	e := annotation.Entity{Key: key, Kind: most(en.kinds), Wikidata: most(en.wikidata), Names: map[string]string{}}
	for lang, names := range en.names {
		e.Names[lang] = most(names)
		for _, n := range slices.Sorted(maps.Keys(names)) {
			if n != e.Names[lang] {
				if e.Aliases == nil {
					e.Aliases = map[string][]string{}
				}
				e.Aliases[lang] = append(e.Aliases[lang], n)
			}
		}
	}
	return e
}

// Done reports the rows counted (Count, Skip), one warning for each thing
// said of them, and returns every problem: the end of a file whose rows
// give no events (Documents calls it).
func (b *Builder) Done() annotation.Problems {
	for _, what := range slices.Sorted(maps.Keys(b.counted)) {
		lines := b.counted[what]
		slices.Sort(lines)
		n := len(lines)
		b.Warnf(0, "%d %s %s (%s)", n, plural(n, "row", "rows"), what, lineList(slices.Compact(lines))) // the records of a JSON line share it
	}
	clear(b.counted)
	return b.problems
}

// Document returns the file's one document and every problem, or no
// document and an error when no row gave an event or a mention: an empty
// dataset would replace what an earlier import of the file contributed
// with nothing. Entities are sorted by key, relations by date and id,
// sources by date and URL, mentions by key.
func (b *Builder) Document(info annotation.DatasetInfo) ([]annotation.Document, annotation.Problems) {
	return b.Documents(func(string) annotation.DatasetInfo { return info })
}

// Documents is Document for a file of several documents: one per
// Event.Document given, in the order of their names, each named by info.
func (b *Builder) Documents(info func(document string) annotation.DatasetInfo) ([]annotation.Document, annotation.Problems) {
	b.Done()
	if len(b.mentions) > 0 && b.docs[""] == nil {
		b.docs[""] = &doc{entities: map[string]*entity{}, events: map[string]*event{}}
	}
	if len(b.docs) == 0 {
		b.Errorf(0, "no event could be read from this file")
		return nil, b.problems
	}
	var docs []annotation.Document
	for _, name := range slices.Sorted(maps.Keys(b.docs)) {
		d := b.docs[name].document(b.file, info(name))
		if name != "" {
			d.Line = b.docs[name].line
		}
		if name == "" {
			for _, k := range slices.Sorted(maps.Keys(b.mentions)) {
				d.Mentions = append(d.Mentions, b.mentions[k])
			}
		}
		docs = append(docs, d)
	}
	return docs, b.problems
}

func (d *doc) document(file string, info annotation.DatasetInfo) annotation.Document {
	out := annotation.Document{Version: 1, Dataset: &info, File: file}
	for _, k := range slices.Sorted(maps.Keys(d.entities)) {
		out.Entities = append(out.Entities, d.entities[k].resolve(k))
	}
	for _, e := range d.events {
		slices.SortFunc(e.Sources, compareRefs)
		c := Confidence(max(e.reports, len(e.Sources)))
		e.Confidence = &c
		out.Relations = append(out.Relations, e.Relation)
	}
	slices.SortFunc(out.Relations, func(x, y annotation.Relation) int {
		return cmp.Or(cmp.Compare(x.Date, y.Date), cmp.Compare(x.ID, y.ID))
	})
	return out
}

// Confidence is the confidence given to an event reported by n independent
// sources: min(0.9, 0.4 + 0.1·n), so 0.5 for one source, 0.7 for three and
// at most 0.9, since machine coding is never certain.
func Confidence(n int) float64 {
	return math.Round(min(0.9, 0.4+0.1*float64(max(n, 1)))*100) / 100
}

// EventID returns the relation id of an event key: its first four parts as
// a readable slug, and a hash of the whole key that keeps distinct keys
// apart, e.g. "20200103-usa-irn-195-5d41402a".
func EventID(key ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(key, "\x1f")))
	slug := Slug(strings.Join(key[:min(4, len(key))], " "))
	if len(slug) > 48 {
		slug = strings.TrimRight(slug[:48], "-")
	}
	if slug == "" {
		return "e-" + hex.EncodeToString(sum[:4])
	}
	return slug + "-" + hex.EncodeToString(sum[:4])
}

// DatasetID names a dataset after its file: the base name without its last
// extension, prefixed with prefix and a hyphen unless it starts with it:
// ("gdelt", "data/20200103.export.CSV") gives "gdelt-20200103.export".
func DatasetID(prefix, file string) string {
	base := filepath.Base(file)
	base = strings.TrimSuffix(base, filepath.Ext(base))
	if strings.HasPrefix(strings.ToLower(base), prefix) {
		return base
	}
	return prefix + "-" + base
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// lineList says which lines: "line 5", "lines 5, 9", "lines 5, 9, 12 and 7 more".
func lineList(lines []int) string {
	const shown = 5
	s := make([]string, 0, shown)
	for _, l := range lines[:min(shown, len(lines))] {
		s = append(s, fmt.Sprint(l))
	}
	out := plural(len(lines), "line ", "lines ") + strings.Join(s, ", ")
	if len(lines) > shown {
		out += fmt.Sprintf(" and %d more", len(lines)-shown)
	}
	return out
}
