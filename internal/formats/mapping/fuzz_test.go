package mapping_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/formats/mapping"
	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/ontology"
)

// FuzzLoad: a mapping file, outside input, is read or refused with an
// EInvalid error naming it; what a mapping that loads answers is always a
// kind, a type and a modality geokg knows.
func FuzzLoad(f *testing.F) {
	def, err := os.ReadFile("default.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(def)
	f.Add([]byte("base: none\nentities: {MILITIA: armed_group, NORP: skip}\nrelations: {Killed_by: {type: kills, reverse: true}}\n"))
	f.Add([]byte("modalities: {Negated: denied}\nroles: {source: [Agent], target: [Patient], participants: {Place: location}}\n"))
	f.Add([]byte("entities: &a {X: person}\nrelations: *a\n"))
	f.Add([]byte("entities:\n  X: person\n---\nentities: {Y: country}\n"))
	f.Add([]byte("event_keys: [Event, \"\"]\nroles: {source: [EventKey]}\n"))
	f.Add([]byte("label_studio: {text: $content}\n"))
	f.Add([]byte("label_studio:\n  text: {a: b}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := mapping.Load(strings.NewReader(string(data)), "fuzz.yaml")
		if err != nil {
			if graph.ErrorCode(err) != graph.EInvalid || graph.ErrorDetails(err)["file"] != "fuzz.yaml" || !strings.HasPrefix(err.Error(), "fuzz.yaml") {
				t.Fatalf("Load error %q with code %q and details %v", err, graph.ErrorCode(err), graph.ErrorDetails(err))
			}
			return
		}
		for _, label := range []string{"PER", "X", "Y", "MILITIA", "Killed_by", "Negated", "Place", "Arg1", ""} {
			if kind, st := m.Entity(label); st == mapping.Mapped && !slices.Contains(graph.Kinds, kind) {
				t.Fatalf("Entity(%q) = unknown kind %q", label, kind)
			}
			if r, st := m.Relation(label); st == mapping.Mapped {
				if _, err := ontology.Default().Lookup(r.Type); err != nil {
					t.Fatalf("Relation(%q) = unknown type %q", label, r.Type)
				}
			}
			if mod, st := m.Modality(label, ""); st == mapping.Mapped && !slices.Contains(graph.Modalities, graph.Modality(mod)) {
				t.Fatalf("Modality(%q) = unknown modality %q", label, mod)
			}
			m.Role(label)
			m.EventKey(label)
		}
		if m.TextKey() == "" {
			t.Fatalf("TextKey() is empty")
		}
	})
}
