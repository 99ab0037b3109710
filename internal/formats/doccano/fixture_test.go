package doccano_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/formats/doccano"
	"github.com/geokg/geokg/internal/formats/mapping"
	"github.com/geokg/geokg/internal/formats/standoff/standofftest"
)

// TestFixture reads the doccano fixture: two articles that pass the Checker
// and use the gazetteer's keys.
func TestFixture(t *testing.T) {
	file := "../../../fixtures/doccano/fixture-doccano-us-iraq.en.jsonl"
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{512, 8 << 10} { // the first line cut short, and whole (the importer reads 8 KiB)
		if !(doccano.Reader{}).Detect(file, data[:min(len(data), n)]) {
			t.Errorf("Detect(first %d bytes) = false", n)
		}
	}
	docs, probs := doccano.Reader{}.Read(file, data)
	if len(probs) > 0 || len(docs) != 2 {
		t.Fatalf("%d documents, problems:\n%s", len(docs), standofftest.Lines(probs))
	}
	want := []string{
		"Q19610107 Q30 Q794 Q796 abu-mahdi-al-muhandis ain-al-asad-air-base baghdad-international-airport council-of-representatives-of-iraq " +
			"iraqi-government iraqi-parliament-resolution-2020-01-05 irgc qasem-soleimani quds-force",
		"Q30 Q796 baghdad hoshyar-zebari ryan-crocker us-iraq-status-of-forces-agreement us-iraq-strategic-framework-agreement",
	}
	for i, d := range docs {
		standofftest.CheckDocument(t, &d)
		var keys []string
		for _, e := range d.Entities {
			keys = append(keys, e.Key)
		}
		slices.Sort(keys)
		if got := strings.Join(keys, " "); got != want[i] {
			t.Errorf("document %d: keys\n%s\nwant\n%s", i, got, want[i])
		}
	}
}

// readFixture reads a fixture that Detect must recognise, with the given
// mapping (nil for the default), and returns its documents and problems.
func readFixture(t *testing.T, name string, m *mapping.Mapping) ([]annotation.Document, annotation.Problems) {
	t.Helper()
	file := "../../../fixtures/doccano/" + name
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !(doccano.Reader{}).Detect(file, data[:min(len(data), 8<<10)]) { // as the importer does
		t.Errorf("Detect(%s) = false", name)
	}
	return doccano.Reader{Mapping: m}.Read(file, data)
}

// TestFixtureShapes reads the fixtures in the shapes doccano writes: the
// default export of 1.8 (whose first line has no span), the older
// "labels" export, and the import format of relations (no ids).
func TestFixtureShapes(t *testing.T) {
	for _, tc := range []struct{ file, want string }{
		{"fixture-doccano-1-8-label.en.jsonl", "fixture-doccano-1-8-label-1: " +
			"fixture-doccano-1-8-label-2: gpe:United States facility:Baghdad International Airport person:Qasem Soleimani " +
			"fixture-doccano-1-8-label-3: gpe:Iran facility:Ain al-Asad Air Base gpe:Iraq"},
		{"fixture-doccano-text-label.en.jsonl", "fixture-doccano-text-label-13: " +
			"gpe:United States gpe:Iraq agreement:Strategic Framework Agreement location:Baghdad"},
		{"fixture-doccano-import-relations.en.jsonl", "fixture-doccano-import-relations-line-1: " +
			"facility:Ain al-Asad Air Base gpe:Iraq located_in(ain-asad-air-base,iraq) " +
			"fixture-doccano-import-relations-line-2: facility:Baghdad International Airport location:Baghdad gpe:Iraq " +
			"located_in(baghdad-international-airport,iraq) located_in(baghdad,iraq)"},
	} {
		docs, probs := readFixture(t, tc.file, nil)
		if len(probs) > 0 {
			t.Errorf("%s: problems:\n%s", tc.file, standofftest.Lines(probs))
		}
		if got := standofftest.Summary(t, docs); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.file, got, tc.want)
		}
	}
}

// TestFixtureLabelNumbers reads the older export whose labels are numbers:
// refused without a mapping that names them, read with one.
func TestFixtureLabelNumbers(t *testing.T) {
	const file = "fixture-doccano-label-numbers.en.jsonl"
	docs, probs := readFixture(t, file, nil)
	want := "../../../fixtures/doccano/" + file + ":1 at /annotations/0/label: error: labels 1, 2 are numbers (older doccano exports write the number of a label"
	if len(docs) != 0 || !strings.HasPrefix(standofftest.Lines(probs), want) {
		t.Errorf("%d documents, problems:\n%s\nwant first\n%s", len(docs), standofftest.Lines(probs), want)
	}
	m, err := mapping.Load(strings.NewReader("entities:\n  \"1\": person\n  \"2\": country\n"), "numbers.yaml")
	if err != nil {
		t.Fatal(err)
	}
	docs, probs = readFixture(t, file, m)
	if len(probs) > 0 {
		t.Errorf("problems:\n%s", standofftest.Lines(probs))
	}
	if got, want := standofftest.Summary(t, docs), "fixture-doccano-label-numbers-21: person:Mustafa al-Kadhimi country:Iraq "+
		"fixture-doccano-label-numbers-22: person:Joe Biden country:United States"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
