package mapping_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/formats/mapping"
)

func TestDefault(t *testing.T) {
	m := mapping.Default()
	for _, tc := range []struct {
		label, want string
		st          mapping.Status
	}{
		{"PER", "person", mapping.Mapped},
		{"Person", "person", mapping.Mapped},
		{"GPE", "gpe", mapping.Mapped},
		{"armed-group", "armed_group", mapping.Mapped},
		{"MILITIA", "armed_group", mapping.Mapped},
		{"GOV", "government", mapping.Mapped},
		{"government body", "government_body", mapping.Mapped}, // identity
		{"IGO", "igo", mapping.Mapped},
		{"NORP", "", mapping.Skipped},
		{"VERB", "", mapping.Unmapped},
	} {
		if got, st := m.Entity(tc.label); got != tc.want || st != tc.st {
			t.Errorf("Entity(%q) = %q, %v; want %q, %v", tc.label, got, st, tc.want, tc.st)
		}
	}
	for _, tc := range []struct {
		label string
		want  mapping.Relation
		st    mapping.Status
	}{
		{"Threaten", mapping.Relation{Type: "threatens"}, mapping.Mapped},
		{"THREATENS", mapping.Relation{Type: "threatens"}, mapping.Mapped},
		{"threatened", mapping.Relation{Type: "threatens"}, mapping.Mapped},
		{"Member_of", mapping.Relation{Type: "member_of"}, mapping.Mapped},
		{"Conflict.Attack", mapping.Relation{Type: "attacks"}, mapping.Mapped},
		{"Killed_by", mapping.Relation{Type: "kills", Reverse: true}, mapping.Mapped},
		{"Coref", mapping.Relation{}, mapping.Skipped},
		{"likes", mapping.Relation{}, mapping.Unmapped},
		{"", mapping.Relation{}, mapping.Unmapped},
	} {
		if got, st := m.Relation(tc.label); got != tc.want || st != tc.st {
			t.Errorf("Relation(%q) = %+v, %v; want %+v, %v", tc.label, got, st, tc.want, tc.st)
		}
	}
	for _, tc := range []struct {
		name, value, want string
		st                mapping.Status
	}{
		{"Negation", "", "denied", mapping.Mapped},
		{"Modality", "Speculation", "hedged", mapping.Mapped},
		{"Claim", "", "claimed", mapping.Mapped},
		{"Plan", "", "planned", mapping.Mapped},
		{"planned", "", "planned", mapping.Mapped},
		{"Colour", "Red", "", mapping.Unmapped},
	} {
		if got, st := m.Modality(tc.name, tc.value); got != tc.want || st != tc.st {
			t.Errorf("Modality(%q, %q) = %q, %v; want %q, %v", tc.name, tc.value, got, st, tc.want, tc.st)
		}
	}
	for _, tc := range []struct {
		role, name string
		side       mapping.Side
	}{
		{"Agent", "agent", mapping.Source},
		{"Arg2", "arg2", mapping.Target},
		{"Target2", "target", mapping.Target},
		{"Place", "place", mapping.Participant},
		{"Co-Actor", "co_actor", mapping.Participant},
		{"3", "participant", mapping.Participant},
	} {
		side, name := m.Role(tc.role)
		if tc.role == "Arg2" {
			tc.name = "arg" // the trailing number goes
		}
		if side != tc.side || name != tc.name {
			t.Errorf("Role(%q) = %v, %q; want %v, %q", tc.role, side, name, tc.side, tc.name)
		}
	}
}

func TestEventKey(t *testing.T) {
	m := mapping.Default()
	for name, want := range map[string]bool{"EventKey": true, "event_key": true, "Event-Key": true, "event": true,
		"EventID": true, "event id": true, "Negation": false, "eventkeys": false, "": false} {
		if got := m.EventKey(name); got != want {
			t.Errorf("default EventKey(%q) = %v, want %v", name, got, want)
		}
	}
	user, err := mapping.Load(strings.NewReader("event_keys: [Report_Of]\n"), "user.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !user.EventKey("report of") || user.EventKey("EventKey") {
		t.Errorf("a user's event_keys do not replace the default ones")
	}
	off, err := mapping.Load(strings.NewReader("event_keys: []\n"), "off.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if off.EventKey("event") {
		t.Errorf("event_keys: [] keeps the default names")
	}
	if kept, err := mapping.Load(strings.NewReader("entities: {X: person}\n"), "kept.yaml"); err != nil || !kept.EventKey("event") {
		t.Errorf("a mapping without event_keys loses the default names (err %v)", err)
	}
}

// TestTextKey: label_studio.text names the data key of a Label Studio
// task's text, with or without its "$"; "text" by default, and when a
// mapping without a base sets none.
func TestTextKey(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"", "text"},
		{"label_studio: {text: $content}\n", "content"},
		{"label_studio: {text: body}\n", "body"},
		{"entities: {X: person}\n", "text"},
		{"base: none\n", "text"},
	} {
		m, err := mapping.Load(strings.NewReader(tc.yaml), "m.yaml")
		if err != nil {
			t.Fatal(err)
		}
		if got := m.TextKey(); got != tc.want {
			t.Errorf("%q: TextKey() = %q, want %q", tc.yaml, got, tc.want)
		}
	}
}

func TestLoad(t *testing.T) {
	m, err := mapping.Load(strings.NewReader(`
entities:
  NORP: organization
  Thing: skip
relations:
  likes: supports
  Threaten: skip
modalities:
  Rumour: hedged
roles:
  source: [Giver]
defaults: {language: ar, source: Al Arab}
`), "user.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := m.Entity("NORP"); got != "organization" {
		t.Errorf("a user entry does not replace the default: NORP = %q", got)
	}
	if got, _ := m.Entity("PER"); got != "person" {
		t.Errorf("the default is not kept: PER = %q", got)
	}
	if _, st := m.Relation("Threaten"); st != mapping.Skipped {
		t.Errorf("Threaten: %v, want skipped", st)
	}
	if got, _ := m.Modality("Rumour", ""); got != "hedged" {
		t.Errorf("Rumour = %q", got)
	}
	if side, _ := m.Role("Agent"); side != mapping.Participant {
		t.Errorf("role lists do not replace the default ones")
	}
	if m.Defaults.Language != "ar" || m.Defaults.Source != "Al Arab" {
		t.Errorf("defaults = %+v", m.Defaults)
	}
	none, err := mapping.Load(strings.NewReader("base: none\nentities: {X: person}\n"), "none.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if _, st := none.Entity("PER"); st != mapping.Unmapped {
		t.Errorf("base: none keeps the default")
	}
	if got, _ := none.Entity("country"); got != "country" {
		t.Errorf("base: none loses the identity mapping")
	}
}

func TestLoadErrors(t *testing.T) {
	for _, tc := range []struct {
		name, yaml, want string
	}{
		{"UnknownField", "entity:\n  X: person\n", `m.yaml:1: field entity not found`},
		{"BadKind", "entities:\n  X: person\n  Y: nation\n", `m.yaml:3: entities: "nation" is not an entity kind`},
		{"BadType", "relations:\n  X: threatns\n", `m.yaml:2: relations: unknown relation type "threatns"; did you mean "threatens"`},
		{"BadReverse", "relations:\n  X: {type: kills, reverse: maybe}\n", `m.yaml:2: relations: reverse must be true or false`},
		{"ReverseField", "relations:\n  X:\n    type: kills\n    flip: true\n", `m.yaml:4: relations: unknown field "flip"`},
		{"SameLabel", "entities:\n  Armed group: armed_group\n  ARMED-GROUP: armed_group\n", `m.yaml:3: entities: label "ARMED-GROUP" is the same as "Armed group"`},
		{"NotScalar", "entities:\n  X: [person]\n", `m.yaml:2: entities: "x" must map to a name or "skip"`},
		{"BadModality", "modalities:\n  X: maybe\n", `m.yaml:2: modalities: "maybe" is not a modality`},
		{"BadRole", "roles:\n  participants: {Place: Place}\n", `m.yaml:2: roles.participants: role "Place" must match`},
		{"BadLanguage", "defaults: {language: Arabic}\n", `m.yaml: defaults.language "Arabic"`},
		{"BadBase", "base: mine\n", `m.yaml: base must be "default" or "none"`},
		{"Duplicate", "entities:\n  X: person\n  X: country\n", `m.yaml:3: mapping key "X" already defined`},
		{"EmptyEventKey", "event_keys: [Event, \" \"]\n", `m.yaml: event_keys: a name is empty`},
		{"EventKeysNotList", "event_keys: Event\n", `m.yaml:1: `},
		{"EmptyTextKey", "label_studio:\n  text: $\n", `m.yaml:2: label_studio.text must name a key of the tasks' data, as the labelling config does (value="$content"), not "$"`},
		{"TextKeyNotScalar", "label_studio:\n  text: [content]\n", `m.yaml:2: label_studio.text must name a key`},
		{"LabelStudioField", "label_studio:\n  txt: content\n", `m.yaml:2: field txt not found`},
		{"BadConfidence", "confidences:\n  Low: 1.5\n", `m.yaml:2: confidences: "low" must map to a number from 0 to 1, not "1.5"`},
		{"ConfidenceNotNumber", "confidences:\n  Low: low\n", `m.yaml:2: confidences: "low" must map to a number from 0 to 1`},
		{"LayerFeatureEmpty", "webanno:\n  layers: {webanno.custom.Actor: \"\"}\n", `m.yaml:2: webanno.layers.webanno.custom.Actor must name a feature of the layer`},
		{"LayerFeatures", "webanno:\n  layers: {webanno.custom.Actor: a|b}\n", `m.yaml:2: webanno.layers.webanno.custom.Actor must name a feature`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := mapping.Load(strings.NewReader(tc.yaml), "m.yaml")
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("err = %v, want one starting %q", err, tc.want)
			}
		})
	}
}

func TestTally(t *testing.T) {
	var ty mapping.Tally
	at := func(line int) annotation.Problem { return annotation.Problem{File: "a.ann", Line: line} }
	ty.Add("entity", "NORP", mapping.Skipped, at(3))
	ty.Add("relation", "likes", mapping.Unmapped, at(5))
	ty.Add("entity", "NORP", mapping.Skipped, at(9))
	if got := ty.Counts(); got["entity NORP"] != 2 || got["relation likes"] != 1 {
		t.Errorf("Counts() = %v", got)
	}
	ps := ty.Problems()
	var got []string
	for _, p := range ps {
		got = append(got, p.String())
	}
	want := []string{
		`a.ann:3: warning: 2 entity annotations with label "NORP" left out: the mapping skips it (the first is here)`,
		`a.ann:5: warning: 1 relation annotation with label "likes" left out: it maps to nothing: add it to a mapping file (--mapping)`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Problems() =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestDefaults(t *testing.T) {
	m, err := mapping.Load(strings.NewReader("defaults: {published: 2021-03-24, language: ar}\n"), "m.yaml")
	if err != nil || m.Defaults.Published != "2021-03-24" || m.Defaults.Language != "ar" {
		t.Fatalf("Load: %+v, %v", m, err)
	}
	flag := func(f string) string { return map[string]string{"language": "--lang", "published": "--published"}[f] }
	d, err := m.WithDefaults(mapping.Defaults{Published: "2020-01-05"}, flag)
	if err != nil || d.Defaults.Published != "2020-01-05" || d.Defaults.Language != "ar" || m.Defaults.Published != "2021-03-24" {
		t.Fatalf("WithDefaults: %+v, %v (the original %+v)", d, err, m.Defaults)
	}
	for _, bad := range []mapping.Defaults{{Published: "2020-01"}, {Published: "2020-02-30"}, {Language: "Arabic"}} {
		if _, err := m.WithDefaults(bad, flag); err == nil || !strings.HasPrefix(err.Error(), "--") {
			t.Errorf("WithDefaults(%+v) = %v, want an error naming the flag", bad, err)
		}
	}
	if _, err := mapping.Load(strings.NewReader("defaults: {published: 24/03/2021}\n"), "m.yaml"); err == nil ||
		!strings.HasPrefix(err.Error(), `m.yaml: defaults.published "24/03/2021"`) {
		t.Errorf("a bad published default: %v", err)
	}
}

// TestFields checks the mapping's fields: the keys under which records give
// article fields, and the errors of a field that is not one and of a key
// that is not a name.
func TestFields(t *testing.T) {
	m, err := mapping.Load(strings.NewReader("fields:\n  published: date\n  url: $link\n"), "m.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for field, want := range map[string][]string{"published": {"published", "date"}, "url": {"url", "link"}, "title": {"title"}} {
		if got := m.FieldKeys(field); !slices.Equal(got, want) {
			t.Errorf("FieldKeys(%s) = %v, want %v", field, got, want)
		}
	}
	for _, tc := range []struct{ yaml, want string }{
		{"fields:\n  date: published\n", `m.yaml:2: fields: "date" is not an article field`},
		{"fields:\n  title: [a, b]\n", `m.yaml:2: fields.title must name a key`},
	} {
		if _, err := mapping.Load(strings.NewReader(tc.yaml), "m.yaml"); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want %s", tc.yaml, err, tc.want)
		}
	}
}

// TestConfidenceAndLayers reads confidences, by name=value before the
// value, and the label features of WebAnno layers, which add to the
// default's named entities.
func TestConfidenceAndLayers(t *testing.T) {
	m, err := mapping.Load(strings.NewReader("confidences: {Confidence=High: 0.9, High: 0.7, Low: 0.2}\nwebanno:\n  layers: {webanno.custom.Actor: category}\n"), "m.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, value string
		want        float64
		st          mapping.Status
	}{
		{"Confidence", "High", 0.9, mapping.Mapped},
		{"Certainty", "high", 0.7, mapping.Mapped},
		{"Confidence", "Low", 0.2, mapping.Mapped},
		{"Confidence", "Medium", 0, mapping.Unmapped},
		{"Low", "", 0, mapping.Unmapped},
	} {
		if got, st := m.Confidence(tc.name, tc.value); got != tc.want || st != tc.st {
			t.Errorf("Confidence(%q, %q) = %v, %v; want %v, %v", tc.name, tc.value, got, st, tc.want, tc.st)
		}
	}
	const ne = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"
	if got := m.LabelFeature("webanno.custom.Actor"); got != "category" {
		t.Errorf("LabelFeature(Actor) = %q", got)
	}
	if got := m.LabelFeature(ne); got != "value" {
		t.Errorf("LabelFeature(NamedEntity) = %q, want the default's value", got)
	}
	if got := mapping.Default().LabelFeature("webanno.custom.Actor"); got != "" {
		t.Errorf("the default names %q for a custom layer", got)
	}
}
