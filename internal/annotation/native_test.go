package annotation_test

import (
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/ontology"
)

var checker = annotation.Checker{Vocabulary: ontology.Default()}

// article is a small valid document; tests break one thing at a time.
const article = `{
  "geokg": 1,
  "article": {
    "id": "test-article",
    "language": "en",
    "published": "2021-03-24",
    "text": "Kataib Hezbollah threatened the United States."
  },
  "entities": [
    {"key": "kataib-hezbollah", "kind": "armed_group", "names": {"en": "Kataib Hezbollah"},
     "mentions": [{"start": 0, "end": 16, "text": "Kataib Hezbollah"}]},
    {"key": "Q30", "kind": "country", "wikidata": "Q30", "names": {"en": "United States"},
     "mentions": [{"start": 32, "end": 45, "text": "United States"}]}
  ],
  "relations": [
    {"id": "r1", "type": "threatens", "source": "kataib-hezbollah", "target": "Q30",
     "date": "2020-01", "modality": "asserted", "confidence": 0.9,
     "evidence": {"start": 0, "end": 46, "text": "Kataib Hezbollah threatened the United States."}}
  ]
}`

func TestParseNative(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		docs, probs := annotation.ParseNative("a.json", []byte(article), checker)
		if len(probs) != 0 {
			t.Fatalf("problems: %v", probs)
		}
		if got, want := len(docs), 1; got != want {
			t.Fatalf("documents = %d, want %d", got, want)
		}
		d := docs[0]
		if got, want := d.SourceID(), "test-article"; got != want {
			t.Errorf("source id = %q, want %q", got, want)
		}
		if got, want := len(d.Entities[1].Mentions), 1; got != want {
			t.Errorf("mentions = %d, want %d", got, want)
		}
		if got, want := *d.Relations[0].Confidence, 0.9; got != want {
			t.Errorf("confidence = %v, want %v", got, want)
		}
	})
	t.Run("YAMLSameAsJSON", func(t *testing.T) {
		yml := `geokg: 1
article:
  id: test-article
  language: en
  published: 2021-03-24
  text: Kataib Hezbollah threatened the United States.
entities:
  - key: kataib-hezbollah
    kind: armed_group
    names: {en: Kataib Hezbollah}
    mentions: [{start: 0, end: 16, text: Kataib Hezbollah}]
  - key: Q30
    kind: country
    wikidata: Q30
    names: {en: United States}
    mentions: [{start: 32, end: 45, text: United States}]
relations:
  - id: r1
    type: threatens
    source: kataib-hezbollah
    target: Q30
    date: 2020-01
    modality: asserted
    confidence: 0.9
    evidence: {start: 0, end: 46, text: Kataib Hezbollah threatened the United States.}
`
		ydocs, probs := annotation.ParseNative("a.yaml", []byte(yml), checker)
		if len(probs) != 0 {
			t.Fatalf("problems: %v", probs)
		}
		jdocs, _ := annotation.ParseNative("a.json", []byte(article), checker)
		ydocs[0].File, jdocs[0].File = "", ""
		if got, want := ydocs[0].Relations[0].Date, jdocs[0].Relations[0].Date; got != want {
			t.Fatalf("YAML date = %q, JSON date = %q", got, want)
		}
		if got, want := ydocs[0].Article.Published, "2021-03-24"; got != want {
			t.Fatalf("YAML published = %q, want %q (a YAML timestamp must stay a string)", got, want)
		}
	})
	t.Run("JSONLines", func(t *testing.T) {
		one := strings.Join(strings.Fields(article), " ")
		two := strings.Replace(one, `"test-article"`, `"test-article-2"`, 1)
		bad := strings.Replace(one, `"threatens"`, `"threatns"`, 1)
		bad = strings.Replace(bad, `"test-article"`, `"test-article-3"`, 1)
		docs, probs := annotation.ParseNative("a.jsonl", []byte(one+"\n"+two+"\n\n"+bad+"\n"), checker)
		if got, want := len(docs), 2; got != want {
			t.Fatalf("documents = %d, want %d (problems %v)", got, want, probs)
		}
		if got, want := len(probs), 1; got != want {
			t.Fatalf("problems = %v, want one", probs)
		}
		if got, want := probs[0].Line, 4; got != want {
			t.Errorf("line = %d, want %d", got, want)
		}
	})
}

func TestParseNativeErrors(t *testing.T) {
	for _, tc := range []struct {
		name      string
		file      string
		edit      func(string) string
		pointer   string
		line      int
		wantInMsg string
	}{
		{"Malformed", "a.json", func(s string) string { return strings.Replace(s, `"geokg": 1,`, `"geokg": 1`, 1) }, "", 3, "malformed"},
		{"Truncated", "a.json", func(s string) string { return s[:200] }, "", 0, "unexpected end"},
		{"DuplicateKey", "a.json", func(s string) string { return strings.Replace(s, `"geokg": 1,`, `"geokg": 1, "geokg": 1,`, 1) }, "", 0, "duplicate key"},
		{"UnknownField", "a.json", func(s string) string { return strings.Replace(s, `"geokg": 1,`, `"geokg": 1, "colour": "red",`, 1) }, "", 0, "colour"},
		{"WrongVersion", "a.json", func(s string) string { return strings.Replace(s, `"geokg": 1,`, `"geokg": 2,`, 1) }, "/geokg", 2, ""},
		{"BadKind", "a.json", func(s string) string { return strings.Replace(s, `"armed_group"`, `"militia"`, 1) }, "/entities/0/kind", 10, ""},
		{"SpanMismatch", "a.json", func(s string) string {
			return strings.Replace(s, `"start": 32, "end": 45`, `"start": 31, "end": 44`, 1)
		}, "/entities/1/mentions/0/text", 13, "the text is at 32–45"},
		{"SpanOutOfRange", "a.json", func(s string) string { return strings.Replace(s, `"start": 0, "end": 46`, `"start": 0, "end": 460`, 1) }, "/relations/0/evidence/end", 0, "past the end"},
		{"UnknownEntity", "a.json", func(s string) string { return strings.Replace(s, `"target": "Q30"`, `"target": "Q31"`, 1) }, "/relations/0/target", 16, "does not define"},
		{"UnknownType", "a.json", func(s string) string { return strings.Replace(s, `"threatens"`, `"threatns"`, 1) }, "/relations/0/type", 16, "threatens"},
		{"ImpossibleDate", "a.json", func(s string) string { return strings.Replace(s, `"2020-01"`, `"2020-02-30"`, 1) }, "/relations/0/date", 17, "no such day"},
		{"BadModality", "a.json", func(s string) string { return strings.Replace(s, `"asserted"`, `"rumoured"`, 1) }, "/relations/0/modality", 17, ""},
		{"ConfidenceRange", "a.json", func(s string) string { return strings.Replace(s, `0.9`, `1.5`, 1) }, "/relations/0/confidence", 17, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			docs, probs := annotation.ParseNative(tc.file, []byte(tc.edit(article)), checker)
			if len(docs) != 0 {
				t.Fatalf("a document with an error was returned")
			}
			errs := probs.Errors()
			if len(errs) == 0 {
				t.Fatalf("no error reported")
			}
			p := errs[0]
			if p.File != tc.file {
				t.Errorf("file = %q, want %q", p.File, tc.file)
			}
			if tc.pointer != "" {
				found := false
				for _, e := range errs {
					found = found || e.Pointer == tc.pointer
					if e.Pointer == tc.pointer {
						p = e
					}
				}
				if !found {
					t.Errorf("no error at %s in %v", tc.pointer, errs)
				}
			}
			if tc.line != 0 && p.Line != tc.line {
				t.Errorf("line = %d, want %d (%v)", p.Line, tc.line, p)
			}
			if !strings.Contains(p.Message, tc.wantInMsg) {
				t.Errorf("message %q does not contain %q", p.Message, tc.wantInMsg)
			}
		})
	}
}

func TestYAMLErrorLine(t *testing.T) {
	yml := "geokg: 1\narticle:\n  id: x\n  language: en\n  published: 2021-03-24\n  text: hello\nentities:\n  - key: a\n    kind: spaceship\n    names: {en: A}\n"
	_, probs := annotation.ParseNative("a.yml", []byte(yml), checker)
	if len(probs) == 0 {
		t.Fatal("no problem reported")
	}
	if got, want := probs[0].Line, 9; got != want {
		t.Errorf("line = %d, want %d (%v)", got, want, probs)
	}
	if got, want := probs[0].Pointer, "/entities/0/kind"; got != want {
		t.Errorf("pointer = %q, want %q", got, want)
	}
}

func FuzzParseNative(f *testing.F) {
	f.Add("a.json", []byte(article))
	f.Add("a.jsonl", []byte(strings.Join(strings.Fields(article), " ")))
	f.Add("a.yaml", []byte("geokg: 1\ngazetteer: {id: g}\nentities: [{key: a, kind: country, names: {en: A}}]\n"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		if !annotation.IsNative(name) {
			name += ".json"
		}
		docs, probs := annotation.ParseNative(name, data, checker)
		lines := strings.HasSuffix(name, ".jsonl") || strings.HasSuffix(name, ".ndjson")
		if len(docs) > 0 && probs.Errors() != nil && !lines {
			t.Fatalf("a single-document file returned a document and an error: %v", probs)
		}
		for _, d := range docs {
			if d.SourceID() == "" {
				t.Fatalf("document without a source id")
			}
			if d.Article == nil {
				continue
			}
			n := len([]rune(d.Article.Text))
			for _, e := range d.Entities {
				for _, m := range e.Mentions {
					if *m.Start < 0 || *m.End > n || *m.Start >= *m.End {
						t.Fatalf("accepted span %d–%d outside the text (%d)", *m.Start, *m.End, n)
					}
				}
			}
		}
		for _, p := range probs {
			if p.File != name || p.Message == "" {
				t.Fatalf("problem without file or message: %+v", p)
			}
		}
	})
}
