package draft

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/ontology"
	"github.com/geokg/geokg/internal/resolve"
)

// MaxInput is the largest input ReadArticle accepts, in bytes.
const MaxInput = 16 << 20

// ReadArticle reads the article to draft from the file name and its data:
// a native JSON article without annotations (an object starting with "{"),
// or plain UTF-8 text. lang and published fill what the input does not say;
// the language is otherwise detected from the script (Arabic or English),
// the id made from the file name.
func ReadArticle(name string, data []byte, lang, published string) (annotation.Article, error) {
	bad := func(format string, args ...any) (annotation.Article, error) {
		return annotation.Article{}, graph.Errorf(graph.EInvalid, "%s: "+format, append([]any{name}, args...)...)
	}
	if len(data) > MaxInput {
		return bad("larger than %d MiB", MaxInput>>20)
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !utf8.Valid(data) {
		return bad("not UTF-8 text")
	}
	var a annotation.Article
	if bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")) {
		var doc struct {
			Article   *annotation.Article `json:"article"`
			Entities  []json.RawMessage   `json:"entities"`
			Relations []json.RawMessage   `json:"relations"`
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			return bad("not a native JSON article: %v", err)
		}
		if doc.Article == nil {
			return bad("a JSON input must be a native article (with \"article\")")
		}
		if len(doc.Entities) > 0 || len(doc.Relations) > 0 {
			return bad("the article is annotated already")
		}
		a = *doc.Article
	} else {
		a.Text = string(data)
	}
	if strings.TrimSpace(a.Text) == "" {
		return bad("no text")
	}
	if a.ID == "" {
		a.ID = slug(name)
	}
	if a.Language == "" {
		a.Language = lang
	}
	if a.Language == "" {
		a.Language = "en"
		if resolve.Script(a.Text) == "ar" {
			a.Language = "ar"
		}
	}
	if a.Published == "" {
		a.Published = published
	}
	if d, err := graph.ParseDate(a.Published); err != nil || d.Precision != graph.Day {
		return bad("give the publication date (YYYY-MM-DD): --published on the command line, published= over HTTP")
	}
	// What a draft will say of the article must be valid: check it as the
	// importer will.
	empty := Result{Document: annotation.Document{Version: 1, Article: &a, Entities: []annotation.Entity{}}}
	b, err := empty.MarshalNative()
	if err != nil {
		return bad("%v", err)
	}
	if _, probs := annotation.ParseNative("article.json", b, annotation.Checker{Vocabulary: ontology.Default()}); probs.HasErrors() {
		var msgs []string
		for _, p := range probs.Errors() {
			msgs = append(msgs, p.Pointer+": "+p.Message)
		}
		return bad("%s", strings.Join(msgs, "; "))
	}
	return a, nil
}

// slug makes an article id from a file name: its base name without
// extensions, lower case, other characters than [a-z0-9._-] as "-".
func slug(name string) string {
	base := filepath.Base(name)
	if i := strings.IndexByte(base, '.'); i > 0 {
		base = base[:i]
	}
	var b strings.Builder
	for _, r := range strings.ToLower(base) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '.', r == '_', r == '-':
			b.WriteRune(r)
		case b.Len() > 0:
			b.WriteByte('-')
		}
	}
	s := b.String()
	if len(s) > 200 {
		s = s[:200]
	}
	s = strings.Trim(s, "-._")
	if s == "" {
		return "draft"
	}
	return s
}
