package labelstudio_test

import (
	"os"
	"testing"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/formats/labelstudio"
	"github.com/geokg/geokg/internal/formats/standoff/standofftest"
	"github.com/geokg/geokg/internal/ontology"
)

// TestFixture reads the Label Studio version of the seed article: it must
// pass the Checker and say what the native annotation says.
func TestFixture(t *testing.T) {
	const name = "alarab-2021-03-24-us-iraq-strategic-dialogue.ar"
	docs := read(t, "../../../fixtures/labelstudio/"+name+".json", 0)
	native := "../../../fixtures/articles/" + name + ".json"
	data, err := os.ReadFile(native)
	if err != nil {
		t.Fatal(err)
	}
	want, probs := annotation.ParseNative(native, data, annotation.Checker{Vocabulary: ontology.Default()})
	if probs.HasErrors() || len(want) != 1 {
		t.Fatalf("native fixture: %s", standofftest.Lines(probs))
	}
	standofftest.SameArticle(t, &docs[0], &want[0])
}

// TestFixtureUTF16 reads the small export whose offsets count UTF-16 units.
func TestFixtureUTF16(t *testing.T) {
	docs := read(t, "../../../fixtures/labelstudio/utf16-offsets.en.json", 1)
	iraq := docs[0].Entities[1].Mentions[0] // UTF-16 96–100, behind three astral characters
	if *iraq.Start != 92 || *iraq.End != 96 || iraq.Text != "Iraq" {
		t.Errorf("mention of Iraq = %d–%d %q, want 92–96 \"Iraq\"", *iraq.Start, *iraq.End, iraq.Text)
	}
}

// read reads an export that must give one document with no error and the
// given number of warnings.
func read(t *testing.T, file string, warnings int) []annotation.Document {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !(labelstudio.Reader{}).Detect(file, data[:min(len(data), 512)]) {
		t.Errorf("Detect(%s) = false", file)
	}
	docs, probs := labelstudio.Reader{}.Read(file, data)
	if probs.HasErrors() || len(probs) != warnings || len(docs) != 1 {
		t.Fatalf("%d documents, problems (want %d warnings):\n%s", len(docs), warnings, standofftest.Lines(probs))
	}
	standofftest.CheckDocument(t, &docs[0])
	return docs
}
