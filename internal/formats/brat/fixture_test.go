package brat_test

import (
	"os"
	"testing"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/formats/brat"
	"github.com/geokg/geokg/internal/formats/standoff/standofftest"
	"github.com/geokg/geokg/internal/ontology"
)

// TestFixture reads the brat version of the seed article: it must pass the
// Checker and say what the native annotation says.
func TestFixture(t *testing.T) {
	const name = "alarab-2021-03-24-us-iraq-strategic-dialogue.ar"
	file := "../../../fixtures/brat/" + name + ".ann"
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	docs, probs := brat.Reader{}.Read(file, data)
	if len(probs) > 0 || len(docs) != 1 {
		t.Fatalf("%d documents, problems:\n%s", len(docs), standofftest.Lines(probs))
	}
	standofftest.CheckDocument(t, &docs[0])
	native := "../../../fixtures/articles/" + name + ".json"
	data, err = os.ReadFile(native)
	if err != nil {
		t.Fatal(err)
	}
	want, probs := annotation.ParseNative(native, data, annotation.Checker{Vocabulary: ontology.Default()})
	if probs.HasErrors() || len(want) != 1 {
		t.Fatalf("native fixture: %s", standofftest.Lines(probs))
	}
	standofftest.SameArticle(t, &docs[0], &want[0])
}
