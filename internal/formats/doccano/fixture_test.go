package doccano_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/formats/doccano"
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
	if !(doccano.Reader{}).Detect(file, data[:min(len(data), 512)]) {
		t.Errorf("Detect = false")
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
