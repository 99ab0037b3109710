package draft_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/draft"
	"github.com/geokg/geokg/internal/ontology"
)

func TestReadArticle(t *testing.T) {
	a, err := draft.ReadArticle("in/Al Arab 2021.ar.txt", []byte("\ufeffهددت كتائب حزب الله واشنطن"), "", "2021-03-24")
	if err != nil || a.ID != "al-arab-2021" || a.Language != "ar" || a.Text != "هددت كتائب حزب الله واشنطن" {
		t.Errorf("plain text: %+v, %v", a, err)
	}
	a, err = draft.ReadArticle("a.json", []byte(`{"geokg": 1, "article": {"id": "x1", "language": "en", "published": "2020-01-06", "text": "Hi."}, "entities": []}`), "ar", "2021-01-01")
	if err != nil || a.ID != "x1" || a.Language != "en" || a.Published != "2020-01-06" {
		t.Errorf("native article: %+v, %v", a, err)
	}
	for _, tc := range []struct{ name, data, published, want string }{
		{"a.txt", "text", "", "--published"},
		{"a.txt", "text", "2021-03", "--published"},
		{"a.txt", " \n", "2021-03-24", "no text"},
		{"a.txt", "\xff\xfe", "2021-03-24", "not UTF-8"},
		{"a.json", `{"geokg": 1, "article": {"id": "x", "language": "en", "published": "2020-01-06", "text": "Hi."}, "entities": [{"key": "Q30"}]}`, "", "annotated already"},
		{"a.json", `{"geokg": 1, "article": {"id": "X Y", "language": "en", "published": "2020-01-06", "text": "Hi."}}`, "", "/article/id"},
		{"a.json", `{"gazetteer": {}}`, "", "native article"},
		{"a.json", `{`, "", "not a native JSON article"},
	} {
		if _, err := draft.ReadArticle(tc.name, []byte(tc.data), "", tc.published); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want an error with %q", tc.data, err, tc.want)
		}
	}
}

// FuzzReadArticle: whatever the input, reading it does not fail badly, and
// the draft of what it accepts passes the importer's checks.
func FuzzReadArticle(f *testing.F) {
	for _, s := range []string{
		"هددت كتائب حزب الله واشنطن في يناير الماضي.",
		"The US signed the Status of Forces Agreement on 17 November 2008.",
		`{"geokg": 1, "article": {"id": "x", "language": "en", "published": "2020-01-06", "text": "Iraq and Hezbollah met."}}`,
		"U.S.\u00a0وبالعراق ٣ كانون الثاني/يناير ٢٠٢٠",
		"\ufeff\r\n",
	} {
		f.Add("article.txt", []byte(s))
	}
	lex, err := draft.BuiltinLexicon(ontology.Default())
	if err != nil {
		f.Fatal(err)
	}
	d := draft.New(known, lex, ontology.Default())
	check := annotation.Checker{Vocabulary: ontology.Default()}
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		a, err := draft.ReadArticle(name, data, "", "2021-03-24")
		if err != nil {
			return
		}
		if !utf8.ValidString(a.Text) || strings.TrimSpace(a.Text) == "" {
			t.Fatalf("accepted text %q", a.Text)
		}
		res, err := d.Draft(a)
		if err != nil {
			t.Fatal(err)
		}
		b, err := res.MarshalNative()
		if err != nil {
			t.Fatal(err)
		}
		if _, probs := annotation.ParseNative("draft.json", b, check); probs.HasErrors() {
			t.Fatalf("the draft of %q does not validate: %v\n%s", data, probs, b)
		}
	})
}
