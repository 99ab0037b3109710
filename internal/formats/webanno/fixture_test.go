package webanno_test

import (
	"os"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/formats/mapping"
	"github.com/geokg/geokg/internal/formats/standoff/standofftest"
	"github.com/geokg/geokg/internal/formats/webanno"
)

// TestFixtures reads the fixtures in the layout INCEpTION exports: every
// entity and relation, with code-point mentions of the rebuilt text, and
// no problem but the missing date when nothing gives it.
func TestFixtures(t *testing.T) {
	for _, tc := range []struct{ file, want string }{
		{"fixture-webanno-2020-01-06-parliament-resolution.ar.tsv", "fixture-webanno-2020-01-06-parliament-resolution: " +
			"government_body:مجلس النواب العراقي government:الحكومة gpe:العراق person:قاسم سليماني gpe:أمريكية facility:مطار بغداد " +
			"demands(government_body-e91fbaf7,iraqi-government) kills(Q30,person-cc132289)"},
		{"fixture-webanno-2020-01-26-green-zone-rockets.en.tsv", "fixture-webanno-2020-01-26-green-zone-rockets: " +
			"facility:US embassy compound gpe:US location:Baghdad location:Green Zone armed_group:Kataib Hezbollah gpe:Iraq gpe:Syria " +
			"located_in(green-zone,baghdad) located_in(us-embassy-baghdad,green-zone) strikes_from_air(Q30,kataib-hezbollah)"},
	} {
		file := "../../../fixtures/webanno/" + tc.file
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if !(webanno.Reader{}).Detect(file, data[:min(len(data), 8<<10)]) { // as the importer does
			t.Errorf("Detect(%s) = false", tc.file)
		}
		docs, probs := webanno.Reader{}.Read(file, data)
		if len(probs) != 1 || !strings.Contains(probs[0].Message, "no published date") {
			t.Errorf("%s: want one warning, of the missing date; got\n%s", tc.file, standofftest.Lines(probs))
		}
		if got := standofftest.Summary(t, docs); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.file, got, tc.want)
		}
		m, err := mapping.Default().WithDefaults(mapping.Defaults{Published: "2020-01-27"}, func(f string) string { return f })
		if err != nil {
			t.Fatal(err)
		}
		if docs, probs = (webanno.Reader{Mapping: m}).Read(file, data); len(probs) > 0 || len(docs) != 1 || docs[0].Article.Published != "2020-01-27" {
			t.Errorf("%s with a date: %d documents, problems:\n%s", tc.file, len(docs), standofftest.Lines(probs))
		}
	}
}

// TestFixtureOffsets checks the rebuilt text of the English fixture: the
// flag before the first entities counts four UTF-16 units and two code
// points, the tab is unescaped, a sentence's two #Text= lines are joined by
// a line feed, and the gap of two units before the last sentence is a line
// feed and a space.
func TestFixtureOffsets(t *testing.T) {
	file := "../../../fixtures/webanno/fixture-webanno-2020-01-26-green-zone-rockets.en.tsv"
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	docs, _ := webanno.Parse(file, data, nil)
	if len(docs) != 1 {
		t.Fatal("no document")
	}
	text := []rune(docs[0].Article.Text)
	for _, e := range docs[0].Entities {
		if e.Wikidata != "Q30" {
			continue
		}
		// "US" is at 98-100 in the TSV (UTF-16), after the flag's four units
		if m := e.Mentions[0]; *m.Start != 96 || *m.End != 98 || string(text[96:98]) != "US" {
			t.Errorf("first mention of Q30: %d-%d %q, want 96-98 \"US\"", *m.Start, *m.End, m.Text)
		}
	}
	for _, want := range []string{"🇮🇶 BAGHDAD\t— Rockets", "2020.\n On 29", "struck\nKataib"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("the text has no %q:\n%s", want, string(text))
		}
	}
}
