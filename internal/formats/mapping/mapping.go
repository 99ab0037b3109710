// Package mapping maps the labels of annotation tools (brat, Label Studio,
// doccano, WebAnno TSV) to geokg entity kinds, relation types, modalities
// and confidences, and names the fields that give a relation's explicit
// event key, the data key of a Label Studio task's text and the feature
// of a WebAnno layer that holds its label, from a YAML file
// that builds on an embedded default (default.yaml); it tallies the labels
// that map to nothing so that readers can report them with counts.
package mapping

import (
	"cmp"
	_ "embed"
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"

	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/ontology"
	"github.com/geokg/geokg/internal/yamlfile"
)

// Status says what a mapping does with a label.
type Status int

// Statuses of a label.
const (
	Unmapped Status = iota // no entry and not a name of geokg: reported
	Skipped                // "skip" in the mapping: left out on purpose, reported
	Mapped
)

// Relation is what a relation label maps to.
type Relation struct {
	Type    string // relation type id
	Reverse bool   // the tool's first argument is the geokg target
}

// Defaults are article fields for documents that do not give them.
type Defaults struct {
	Language  string `yaml:"language"`  // used when the document gives none, before its file name's
	Source    string `yaml:"source"`    // publisher, e.g. "Al Arab"
	Published string `yaml:"published"` // the publication day, YYYY-MM-DD
}

// WithDefaults returns m with the fields of d that are set as its
// defaults; an EInvalid error names a field that is not valid by
// name(field), field being "language" or "published".
func (m *Mapping) WithDefaults(d Defaults, name func(field string) string) (*Mapping, error) {
	c := *m
	if err := c.setDefaults(d, name); err != nil {
		return nil, err
	}
	return &c, nil
}

// setDefaults sets the fields of d that are set, checked.
func (m *Mapping) setDefaults(d Defaults, name func(field string) string) error {
	if d.Language != "" {
		if !langRE.MatchString(d.Language) {
			return graph.Errorf(graph.EInvalid, "%s %q is not a language tag like \"ar\" or \"en\"", name("language"), d.Language)
		}
		m.Defaults.Language = d.Language
	}
	if d.Published != "" {
		if _, err := graph.ParseDate(d.Published); err != nil || !dayRE.MatchString(d.Published) {
			return graph.Errorf(graph.EInvalid, "%s %q: want a day, YYYY-MM-DD", name("published"), d.Published)
		}
		m.Defaults.Published = d.Published
	}
	if d.Source != "" {
		m.Defaults.Source = d.Source
	}
	return nil
}

// Mapping maps tool labels to geokg. It is immutable and safe for
// concurrent use.
type Mapping struct {
	vocab        *ontology.Vocabulary
	entities     map[string]string // normalised label -> kind, "" to skip
	relations    map[string]Relation
	modalities   map[string]string
	confidences  map[string]float64
	sourceRoles  []string // normalised
	targetRoles  []string
	participants map[string]string
	eventKeys    []string          // normalised
	textKey      string            // the data key of a Label Studio task's text
	fields       map[string]string // article field → the record's key that also gives it
	layers       map[string]string // WebAnno layer → the feature that holds its label
	Defaults     Defaults
}

// MaxFileSize is the largest mapping file Load accepts, in bytes.
const MaxFileSize = 1 << 20

//go:embed default.yaml
var defaultYAML []byte

var builtin = func() *Mapping {
	m, err := load(defaultYAML, "default.yaml", ontology.Default(), nil)
	if err != nil {
		panic("mapping: broken default mapping: " + err.Error())
	}
	return m
}()

// Default returns the embedded default mapping, on the default vocabulary.
func Default() *Mapping { return builtin }

// Load reads a user mapping file on the default vocabulary; see LoadWith.
func Load(r io.Reader, name string) (*Mapping, error) {
	return LoadWith(r, name, ontology.Default())
}

// LoadWith reads a user mapping file, the shape of default.yaml:
//
//	base: default          # or none: start from an empty mapping
//	entities:   {MILITIA: armed_group, NORP: skip}
//	relations:  {Threaten: threatens, Killed_by: {type: kills, reverse: true}}
//	modalities: {Negation: denied, Speculation: hedged}
//	confidences: {Confidence=High: 0.9, Confidence=Low: 0.3}  # see Confidence
//	roles:      {source: [Agent], target: [Patient], participants: {Place: place}}
//	event_keys: [Event, EventKey]   # see EventKey
//	label_studio: {text: $content}  # see TextKey
//	fields:     {published: date, title: headline}  # see FieldKeys
//	webanno:    {layers: {webanno.custom.Actor: category}}  # see LabelFeature
//	defaults:   {language: ar, source: Al Arab}
//
// Entries build on the default mapping and replace its entries for the same
// label; the role and event_keys lists, label_studio.text and each of
// fields and of webanno.layers replace the default ones. Relation
// types are checked against v. Errors are *graph.Error with code
// graph.EInvalid that read "name:line: ..." and carry "file" and "line"
// details.
func LoadWith(r io.Reader, name string, v *ontology.Vocabulary) (*Mapping, error) {
	data, err := yamlfile.Read(r, name, MaxFileSize)
	if err != nil {
		return nil, err
	}
	return load(data, name, v, builtin)
}

type file struct {
	Base        string               `yaml:"base"`
	Entities    map[string]yaml.Node `yaml:"entities"`
	Relations   map[string]yaml.Node `yaml:"relations"`
	Modalities  map[string]yaml.Node `yaml:"modalities"`
	Confidences map[string]yaml.Node `yaml:"confidences"`
	Roles       struct {
		Source       []string             `yaml:"source"`
		Target       []string             `yaml:"target"`
		Participants map[string]yaml.Node `yaml:"participants"`
	} `yaml:"roles"`
	EventKeys   []string `yaml:"event_keys"`
	LabelStudio struct {
		Text yaml.Node `yaml:"text"`
	} `yaml:"label_studio"`
	Fields  map[string]yaml.Node `yaml:"fields"`
	WebAnno struct {
		Layers map[string]yaml.Node `yaml:"layers"`
	} `yaml:"webanno"`
	Defaults Defaults `yaml:"defaults"`
}

// ArticleFields are the article fields a record of a tool's file (a Label
// Studio task's data, a doccano line or its meta) may give, under their own
// names or under the keys fields names.
var ArticleFields = []string{"id", "published", "language", "title", "url", "source"}

var (
	langRE = regexp.MustCompile(`^[a-z]{2,3}$`)
	dayRE  = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)
	roleRE = regexp.MustCompile(`^[a-z][a-z_]*$`)
)

// load parses data onto base (nil for none).
func load(data []byte, name string, v *ontology.Vocabulary, base *Mapping) (*Mapping, error) {
	var f file
	if err := yamlfile.Decode(name, data, &f, rename); err != nil {
		return nil, err
	}
	errf := func(line int, format string, args ...any) error {
		return graph.Errorf(graph.EInvalid, "%s:%d: %s", name, line, fmt.Sprintf(format, args...)).
			With("file", name).With("line", line)
	}
	switch f.Base {
	case "", "default":
	case "none":
		base = nil
	default:
		return nil, graph.Errorf(graph.EInvalid, "%s: base must be \"default\" or \"none\", not %q", name, f.Base).With("file", name)
	}
	m := &Mapping{vocab: v, entities: map[string]string{}, relations: map[string]Relation{},
		modalities: map[string]string{}, confidences: map[string]float64{}, participants: map[string]string{}, layers: map[string]string{}}
	if base != nil {
		m.entities = maps.Clone(base.entities)
		m.relations = maps.Clone(base.relations)
		m.modalities = maps.Clone(base.modalities)
		m.confidences = maps.Clone(base.confidences)
		m.layers = maps.Clone(base.layers)
		m.participants = maps.Clone(base.participants)
		m.sourceRoles, m.targetRoles, m.eventKeys, m.textKey, m.Defaults = base.sourceRoles, base.targetRoles, base.eventKeys, base.textKey, base.Defaults
		m.fields = maps.Clone(base.fields)
	}
	// table runs set on the entries of one table in file order, refusing
	// two labels that are the same once normalised.
	table := func(section string, entries map[string]yaml.Node, set func(key string, n *yaml.Node) error) error {
		labels := make([]string, 0, len(entries))
		for l := range entries {
			labels = append(labels, l)
		}
		slices.SortFunc(labels, func(a, b string) int { return entries[a].Line - entries[b].Line })
		seen := map[string]string{}
		for _, l := range labels {
			n := entries[l]
			k := ontology.Normalize(l)
			if k == "" {
				return errf(n.Line, "%s: empty label", section)
			}
			if prev, dup := seen[k]; dup {
				return errf(n.Line, "%s: label %q is the same as %q (case, spaces, hyphens and underscores are ignored)", section, l, prev)
			}
			seen[k] = l
			if err := set(k, &n); err != nil {
				return err
			}
		}
		return nil
	}
	scalar := func(section, label string, n *yaml.Node) (string, error) {
		if n.Kind != yaml.ScalarNode || n.Value == "" {
			return "", errf(n.Line, "%s: %q must map to a name or \"skip\"", section, label)
		}
		return n.Value, nil
	}
	err := table("entities", f.Entities, func(k string, n *yaml.Node) error {
		s, err := scalar("entities", k, n)
		switch {
		case err != nil:
			return err
		case s == "skip":
			s = ""
		case s != graph.KindGPE && !slices.Contains(graph.Kinds, s):
			return errf(n.Line, "entities: %q is not an entity kind (want one of %s, %s, or skip)", s, strings.Join(graph.Kinds, ", "), graph.KindGPE)
		}
		m.entities[k] = s
		return nil
	})
	if err == nil {
		err = table("relations", f.Relations, func(k string, n *yaml.Node) error {
			var r Relation
			var typ string
			var err error
			if n.Kind == yaml.MappingNode {
				for i := 0; i+1 < len(n.Content); i += 2 {
					key, val := n.Content[i], n.Content[i+1]
					switch key.Value {
					case "type":
						typ = val.Value
					case "reverse":
						if r.Reverse, err = strconv.ParseBool(val.Value); err != nil {
							return errf(val.Line, "relations: reverse must be true or false, not %q", val.Value)
						}
					default:
						return errf(key.Line, "relations: unknown field %q (want type, reverse)", key.Value)
					}
				}
			} else if typ, err = scalar("relations", k, n); err != nil {
				return err
			}
			if typ != "skip" {
				t, err := v.Lookup(typ)
				if err != nil {
					return errf(n.Line, "relations: %v", err)
				}
				r.Type = t.ID
			}
			m.relations[k] = r
			return nil
		})
	}
	if err == nil {
		err = table("modalities", f.Modalities, func(k string, n *yaml.Node) error {
			s, err := scalar("modalities", k, n)
			switch {
			case err != nil:
				return err
			case s == "skip":
				s = ""
			case !slices.Contains(graph.Modalities, graph.Modality(s)):
				return errf(n.Line, "modalities: %q is not a modality (want asserted, denied, claimed, planned, hedged or skip)", s)
			}
			m.modalities[k] = s
			return nil
		})
	}
	if err == nil {
		err = table("confidences", f.Confidences, func(k string, n *yaml.Node) error {
			c, err := strconv.ParseFloat(n.Value, 64)
			if n.Kind != yaml.ScalarNode || err != nil || !(c >= 0 && c <= 1) {
				return errf(n.Line, "confidences: %q must map to a number from 0 to 1, not %q", k, n.Value)
			}
			m.confidences[k] = c
			return nil
		})
	}
	if err == nil {
		err = table("roles.participants", f.Roles.Participants, func(k string, n *yaml.Node) error {
			s, err := scalar("roles.participants", k, n)
			if err == nil && !roleRE.MatchString(s) {
				err = errf(n.Line, "roles.participants: role %q must match ^[a-z][a-z_]*$", s)
			}
			m.participants[k] = s
			return err
		})
	}
	if err != nil {
		return nil, err
	}
	if f.Roles.Source != nil {
		m.sourceRoles = normalizeAll(f.Roles.Source)
	}
	if f.Roles.Target != nil {
		m.targetRoles = normalizeAll(f.Roles.Target)
	}
	if f.EventKeys != nil {
		if slices.ContainsFunc(f.EventKeys, func(s string) bool { return ontology.Normalize(s) == "" }) {
			return nil, graph.Errorf(graph.EInvalid, "%s: event_keys: a name is empty", name).With("file", name)
		}
		m.eventKeys = normalizeAll(f.EventKeys)
	}
	if n := f.LabelStudio.Text; !n.IsZero() {
		key := strings.TrimPrefix(n.Value, "$")
		if n.Kind != yaml.ScalarNode || key == "" {
			return nil, errf(n.Line, "label_studio.text must name a key of the tasks' data, as the labelling config does (value=\"$content\"), not %q", n.Value)
		}
		m.textKey = key
	}
	for _, field := range slices.Sorted(maps.Keys(f.Fields)) {
		n := f.Fields[field]
		switch {
		case !slices.Contains(ArticleFields, field):
			return nil, errf(n.Line, "fields: %q is not an article field (want one of %s)", field, strings.Join(ArticleFields, ", "))
		case n.Kind != yaml.ScalarNode || strings.TrimPrefix(n.Value, "$") == "":
			return nil, errf(n.Line, "fields.%s must name a key of the records (a task's data, a line), not %q", field, n.Value)
		}
		if m.fields == nil {
			m.fields = map[string]string{}
		}
		m.fields[field] = strings.TrimPrefix(n.Value, "$")
	}
	for _, layer := range slices.Sorted(maps.Keys(f.WebAnno.Layers)) {
		n := f.WebAnno.Layers[layer]
		if n.Kind != yaml.ScalarNode || n.Value == "" || strings.Contains(n.Value, "|") {
			return nil, errf(n.Line, "webanno.layers.%s must name a feature of the layer, as the TSV header declares it, not %q", layer, n.Value)
		}
		m.layers[layer] = n.Value
	}
	if err := m.setDefaults(f.Defaults, func(field string) string { return name + ": defaults." + field }); err != nil {
		return nil, err
	}
	return m, nil
}

func normalizeAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = ontology.Normalize(s)
	}
	return out
}

// Entity returns the entity kind of a label.
func (m *Mapping) Entity(label string) (string, Status) {
	k := ontology.Normalize(label)
	if kind, ok := m.entities[k]; ok {
		return kind, status(kind != "")
	}
	if slices.Contains(graph.Kinds, k) {
		return k, Mapped
	}
	return "", Unmapped
}

// Relation returns what a relation label (or brat event type) maps to.
func (m *Mapping) Relation(label string) (Relation, Status) {
	k := ontology.Normalize(label)
	if r, ok := m.relations[k]; ok {
		return r, status(r.Type != "")
	}
	if k != "" {
		if t, err := m.vocab.Lookup(k); err == nil {
			return Relation{Type: t.ID}, Mapped
		}
	}
	return Relation{}, Unmapped
}

// Modality returns the modality of a brat attribute with its value ("" for
// a binary attribute), or of a label. It tries "name=value", then the value,
// then the name of a binary attribute.
func (m *Mapping) Modality(name, value string) (string, Status) {
	keys := []string{ontology.Normalize(name)}
	if value != "" {
		keys = []string{ontology.Normalize(name + "=" + value), ontology.Normalize(value)}
	}
	for _, k := range keys {
		if mod, ok := m.modalities[k]; ok {
			return mod, status(mod != "")
		}
		if slices.Contains(graph.Modalities, graph.Modality(k)) {
			return k, Mapped
		}
	}
	return "", Unmapped
}

// Confidence returns the confidence of a relation with a brat attribute of
// that name and value ("Confidence", "Low"): the entry for "name=value",
// else for the value; Unmapped when neither has one.
func (m *Mapping) Confidence(name, value string) (float64, Status) {
	for _, k := range []string{ontology.Normalize(name + "=" + value), ontology.Normalize(value)} {
		if c, ok := m.confidences[k]; ok && value != "" {
			return c, Mapped
		}
	}
	return 0, Unmapped
}

// LabelFeature returns the feature of a WebAnno TSV layer (its full type
// name, "webanno.custom.Actor") that holds the label of its annotations,
// as webanno.layers names it, or "" when the mapping names none.
func (m *Mapping) LabelFeature(layer string) string { return m.layers[layer] }

// EventKey reports whether a field of that name gives the explicit event
// key of a relation (annotation.Relation.Event): a brat attribute
// ("A3	EventKey R1 strike-2020-01-03"), a Label Studio per-region TextArea
// or Choices control (the result's from_name), or a field of a doccano
// relation. Names match like labels; notes give the key as event=KEY
// whatever the mapping says.
func (m *Mapping) EventKey(name string) bool {
	return slices.Contains(m.eventKeys, ontology.Normalize(name))
}

// TextKey returns the key of a Label Studio task's data that holds its
// FieldKeys returns the keys under which a record gives an article field
// (one of ArticleFields): its own name, then the key that fields names for
// it ("published" and "date" with fields: {published: date}).
func (m *Mapping) FieldKeys(field string) []string {
	if k := m.fields[field]; k != "" && k != field {
		return []string{field, k}
	}
	return []string{field}
}

// text: label_studio.text without its "$" (the labelling config's <Text
// value="$content"/> reads data.content), "text" when the mapping sets
// none.
func (m *Mapping) TextKey() string { return cmp.Or(m.textKey, "text") }

// Side is where an argument of a brat event goes.
type Side int

// Sides of an event argument.
const (
	Participant Side = iota
	Source
	Target
)

// Role classifies the role of a brat event argument, as written ("Arg1")
// or without a trailing number ("Participant2"), and gives the geokg role it has as a participant:
// the renamed role, or the brat role in snake_case.
func (m *Mapping) Role(role string) (Side, string) {
	full, k := ontology.Normalize(role), ontology.Normalize(strings.TrimRightFunc(role, unicode.IsDigit))
	side := Participant
	switch {
	case slices.Contains(m.sourceRoles, full), slices.Contains(m.sourceRoles, k):
		side = Source
	case slices.Contains(m.targetRoles, full), slices.Contains(m.targetRoles, k):
		side = Target
	}
	if r, ok := m.participants[k]; ok {
		return side, r
	}
	var b strings.Builder
	for _, r := range k {
		switch {
		case r >= 'a' && r <= 'z':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "_"):
			b.WriteByte('_')
		}
	}
	return side, cmp.Or(strings.TrimSuffix(b.String(), "_"), "participant")
}

func status(mapped bool) Status {
	if mapped {
		return Mapped
	}
	return Skipped
}

// rename rewrites a message of the YAML library in the words of the file.
func rename(msg string) string { return strings.Replace(msg, "mapping.file", "a mapping file", 1) }
