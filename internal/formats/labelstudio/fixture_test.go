package labelstudio_test

import (
	"os"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/formats/labelstudio"
	"github.com/geokg/geokg/internal/formats/mapping"
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

// TestFixtureLayouts reads the fixtures in the other layouts Label Studio
// writes: what each gives, and its warnings.
func TestFixtureLayouts(t *testing.T) {
	content, err := mapping.Load(strings.NewReader("label_studio:\n  text: $content\n"), "content.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		file     string
		m        *mapping.Mapping
		want     string
		warnings []string // the start of each, after the file name
	}{
		{"fixture-labelstudio-json-min.en.json", nil,
			"fixture-labelstudio-json-min-1: gpe:United States gpe:Iraq agreement:Strategic Framework Agreement location:Baghdad " +
				"fixture-labelstudio-json-min-2: person:Joe Biden gpe:United States",
			[]string{" at /2: warning: task 2 again: JSON_MIN has a record per annotation", " at /0: warning: a JSON_MIN export: it has no relations"}},
		{"fixture-labelstudio-storage-task.en.json", nil, // its cancelled annotation is neither read nor counted
			"fixture-labelstudio-storage-task-3: gpe:Iran facility:Ain al-Asad Air Base gpe:Iraq " +
				"attacks(iran,ain-asad-air-base) located_in(ain-asad-air-base,iraq)", nil},
		{"fixture-labelstudio-storage-annotation.en.json", nil,
			"fixture-labelstudio-storage-annotation-6: armed_group:Popular Mobilization Forces gpe:Iraq " +
				"located_in(popular-mobilization-forces,iraq)", nil},
		{"fixture-labelstudio-completions-0x.en.json", nil,
			"fixture-labelstudio-completions-0x-1: person:Mustafa al-Kadhimi gpe:Iraq", nil},
		{"fixture-labelstudio-content-key.en.json", content,
			"fixture-labelstudio-content-key-4: facility:Ain al-Asad Air Base location:Baghdad gpe:Iraq " +
				"located_in(ain-asad-air-base,iraq) located_in(baghdad,iraq)", nil},
	} {
		file := "../../../fixtures/labelstudio/" + tc.file
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if !(labelstudio.Reader{}).Detect(file, data[:min(len(data), 8<<10)]) {
			t.Errorf("Detect(%s) = false", tc.file)
		}
		docs, probs := labelstudio.Reader{Mapping: tc.m}.Read(file, data)
		var want []string
		for _, w := range tc.warnings {
			want = append(want, file+w)
		}
		if got := standofftest.Lines(probs); len(probs) != len(want) || !startsEach(probs, want) {
			t.Errorf("%s: problems:\n%s\nwant ones starting\n%s", tc.file, got, strings.Join(want, "\n"))
		}
		if got := standofftest.Summary(t, docs); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.file, got, tc.want)
		}
	}
}

func startsEach(probs annotation.Problems, want []string) bool {
	for i, p := range probs {
		if !strings.HasPrefix(p.String(), want[i]) {
			return false
		}
	}
	return true
}

// TestFixtureHyperText: an export of HyperText regions is refused, naming
// the task and the result.
func TestFixtureHyperText(t *testing.T) {
	file := "../../../fixtures/labelstudio/fixture-labelstudio-hypertext.en.json"
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	docs, probs := labelstudio.Reader{}.Read(file, data)
	want := file + ` at /0/annotations/0/result/0: error: task 5, result "ht-1": hypertextlabels regions (of a HyperText or Paragraphs tag) are not read`
	if len(docs) != 0 || len(probs) != 1 || !strings.HasPrefix(probs[0].String(), want) {
		t.Errorf("%d documents, problems:\n%s\nwant one starting\n%s", len(docs), standofftest.Lines(probs), want)
	}
}
