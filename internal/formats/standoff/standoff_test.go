package standoff_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/formats/mapping"
	"github.com/geokg/geokg/internal/formats/standoff"
)

func TestSentences(t *testing.T) {
	text := []rune("  First one. Second?» Third! 3.5 km\nFourth line؟ \"Quoted.\" Last")
	var got []string
	for _, s := range standoff.Sentences(text) {
		got = append(got, string(text[s[0]:s[1]]))
	}
	want := []string{"First one.", "Second?»", "Third!", "3.5 km", "Fourth line؟", `"Quoted."`, "Last"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Sentences = %q, want %q", got, want)
	}
	ss := standoff.Sentences(text)
	if s, e := standoff.Cover(ss, 5, 16); string(text[s:e]) != "First one. Second?»" {
		t.Errorf("Cover = %q", string(text[s:e]))
	}
	if s, e := standoff.Cover(nil, 5, 9); s != 5 || e != 9 {
		t.Errorf("Cover without sentences = %d–%d, want the span itself", s, e)
	}
}

func TestParseNote(t *testing.T) {
	fields, err := standoff.ParseNote(` Q30 name.en="United States" alias.ar=واشنطن note="say \"hi\"" a=b=c free words `)
	if err != nil {
		t.Fatal(err)
	}
	want := []standoff.Field{{"", "Q30"}, {"name.en", "United States"}, {"alias.ar", "واشنطن"}, {"note", `say "hi"`},
		{"a", "b=c"}, {"", "free"}, {"", "words"}}
	if !reflect.DeepEqual(fields, want) {
		t.Errorf("ParseNote = %q, want %q", fields, want)
	}
	again, err := standoff.ParseNote(standoff.FormatNote(fields))
	if err != nil || !reflect.DeepEqual(again, fields) {
		t.Errorf("FormatNote does not round-trip: %q, %v", again, err)
	}
	for _, bad := range []string{`title="open`, `date=`, `x="\q"`} {
		if _, err := standoff.ParseNote(bad); err == nil {
			t.Errorf("ParseNote(%q): no error", bad)
		}
	}
}

func TestFromFileName(t *testing.T) {
	for _, tc := range []struct{ file, id, lang string }{
		{"fixtures/brat/alarab-2021-03-24-x.ar.ann", "alarab-2021-03-24-x", "ar"},
		{"Export 2021.JSON", "export-2021", ""},
		{"a.b.fr.jsonl", "a.b", "fr"},
		{"a.b.c.jsonl", "a.b.c", ""},
		{"geo.dev.jsonl", "geo.dev", ""},  // "dev" is no language
		{"tasks.xx.json", "tasks.xx", ""}, // nor "xx"
		{"report.fa.ann", "report", "fa"},
	} {
		if id, lang := standoff.FromFileName(tc.file); id != tc.id || lang != tc.lang {
			t.Errorf("FromFileName(%q) = %q, %q; want %q, %q", tc.file, id, lang, tc.id, tc.lang)
		}
	}
	for _, tc := range []struct{ raw, want string }{{`12`, "x-12"}, {`"Task 7"`, "x-task-7"}, {``, "x"}, {`null`, "x"}} {
		if got := standoff.RecordID("x", json.RawMessage(tc.raw)); got != tc.want {
			t.Errorf("RecordID(%s) = %q, want %q", tc.raw, got, tc.want)
		}
	}
}

func TestBuilderKeys(t *testing.T) {
	// Unreferenced spans group by kind and text; made-up keys never clash
	// with given ones or with each other; Arabic names get a hashed key.
	text := "Iraq Iraq iraq العراق"
	b := standoff.NewBuilder("t", text, mapping.Default())
	b.Span("1", "GPE", []standoff.Frag{{Start: 0, End: 4}}, "Iraq", standoff.Loc{Line: 1})
	b.Span("2", "ORG", []standoff.Frag{{Start: 5, End: 9}}, "Iraq", standoff.Loc{Line: 2})
	b.Span("3", "GPE", []standoff.Frag{{Start: 10, End: 14}}, "iraq", standoff.Loc{Line: 3})
	b.Span("4", "GPE", []standoff.Frag{{Start: 15, End: 21}}, "العراق", standoff.Loc{Line: 4})
	b.Meta("published", "2021-01-01", standoff.Loc{})
	doc, probs := b.Build(standoff.Article{ID: "t"})
	if doc == nil {
		t.Fatal(probs)
	}
	var keys []string
	for _, e := range doc.Entities {
		keys = append(keys, e.Key+":"+e.Kind)
	}
	if got := strings.Join(keys, " "); !strings.HasPrefix(got, "iraq:gpe iraq-2:organization gpe-") {
		t.Errorf("keys = %s", got)
	}
	if doc.Article.Language != "en" {
		t.Errorf("language = %q, want en (more Latin letters)", doc.Article.Language)
	}
}
