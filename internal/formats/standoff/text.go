package standoff

import (
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"regexp"
	"strings"

	"golang.org/x/text/language"

	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/resolve"
)

// Sentences returns the sentences of text as code-point spans [start, end),
// trimmed of white space. A sentence ends at a line break, and after ".",
// "!", "?" or "؟" (with any closing quotes or brackets after it) when white
// space or the end of the text follows.
func Sentences(text []rune) [][2]int {
	var out [][2]int
	add := func(s, e int) {
		for s < e && isSpace(text[s]) {
			s++
		}
		for e > s && isSpace(text[e-1]) {
			e--
		}
		if s < e {
			out = append(out, [2]int{s, e})
		}
	}
	start := 0
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\n':
			add(start, i)
			start = i + 1
		case '.', '!', '?', '؟':
			j := i + 1
			for j < len(text) && strings.ContainsRune("\"'”’»)]", text[j]) {
				j++
			}
			if j == len(text) || isSpace(text[j]) {
				add(start, j)
				start, i = j, j-1
			}
		}
	}
	add(start, len(text))
	return out
}

// Cover returns the smallest run of whole sentences that covers [start,
// end): the evidence of a relation whose arguments lie in that stretch.
func Cover(sentences [][2]int, start, end int) (int, int) {
	s, e := start, end
	for _, x := range sentences {
		if x[1] > start && x[0] < end {
			s, e = min(s, x[0]), max(e, x[1])
		}
	}
	return s, e
}

func isSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u00a0' || r == '\u200f' || r == '\u200e'
}

var (
	roleRE    = regexp.MustCompile(`^[a-z][a-z_]*$`)
	langRE    = regexp.MustCompile(`^[a-z]{2,3}$`)
	dayRE     = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)
	slugRE    = regexp.MustCompile(`[^a-z0-9]+`)
	idCharsRE = regexp.MustCompile(`[^a-z0-9._-]+`)
)

// FromFileName returns the article id and language a file name suggests:
// "alarab-2021-03-24-x.ar.ann" gives "alarab-2021-03-24-x" and "ar". The id
// is lower case with characters outside [a-z0-9._-] replaced by "-"; the
// language is "" when the name has no ".xx" part before its extension that
// is a two-letter language code (ISO 639-1: "geo.dev.jsonl" names none).
func FromFileName(file string) (id, lang string) {
	base := filepath.Base(file)
	base = strings.TrimSuffix(base, filepath.Ext(base))
	if i := strings.LastIndexByte(base, '.'); i > 0 && isLanguageCode(base[i+1:]) {
		base, lang = base[:i], base[i+1:]
	}
	id = strings.Trim(idCharsRE.ReplaceAllString(strings.ToLower(base), "-"), "-._")
	return id, lang
}

// isLanguageCode reports whether s is a two-letter language code of ISO
// 639-1 ("ar", "en", "fa"…).
func isLanguageCode(s string) bool {
	if len(s) != 2 || s != strings.ToLower(s) {
		return false
	}
	b, err := language.ParseBase(s)
	return err == nil && b.String() == s
}

// DetectLanguage returns "ar" for a text mostly in Arabic script, else "en".
func DetectLanguage(text string) string {
	if resolve.Script(text) == "ar" {
		return "ar"
	}
	return "en"
}

// slug makes an entity key from a name: its matching key (resolve.Key) with
// everything but [a-z0-9] turned into hyphens. A name with no Latin letters
// or digits gets kind and a hash of its matching key instead
// ("person-1a2b3c4d"), the same in every document.
func slug(kind, name string) string {
	k := resolve.Key(name)
	if s := strings.Trim(slugRE.ReplaceAllString(k, "-"), "-"); graph.IsEntityID(s) && !graph.IsQID(s) {
		return s
	}
	sum := sha256.Sum256([]byte(k))
	return kind + "-" + hex.EncodeToString(sum[:4])
}
