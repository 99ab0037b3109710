package resolve

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/geokg/geokg/internal/graph"
)

// Key returns the canonical matching key of a name: lower-case words
// separated by single spaces, with the spelling differences that do not
// change what the name refers to folded away (see the package comment). It
// is deterministic and idempotent (Key(Key(s)) == Key(s)), and returns ""
// for a name with no letters or digits.
func Key(name string) string {
	return finish(tokenize(fold(name)))
}

// Keys returns Key(name) followed by the keys of the same name read with an
// Arabic clitic (و ف ب ك ل, alone, combined, or with the article: "وال",
// "بال", "لل") removed from its first word, as in "وواشنطن", "لإدارة بايدن"
// or "بالعراق". A clitic is only removed if at least 3 letters remain.
// Variants come in order of increasing clitic length, without duplicates;
// the result is empty when Key(name) is.
func Keys(name string) []string {
	toks := tokenize(fold(name))
	k := finish(toks)
	if k == "" {
		return nil
	}
	keys := []string{k}
	for _, p := range clitics {
		rest, ok := strings.CutPrefix(toks[0].s, p)
		if !ok || utf8.RuneCountInString(rest) < 3 {
			continue
		}
		v := append([]token{{s: rest, hyphen: toks[0].hyphen}}, toks[1:]...)
		if k := finish(v); k != "" && !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	return keys
}

// Script reports the script a name is written in: "ar" when most of its
// letters are Arabic script, "latin" otherwise (including names with no
// letters).
func Script(name string) string {
	ar, other := 0, 0
	for _, r := range name {
		switch {
		case unicode.Is(unicode.Arabic, r) && unicode.IsLetter(r):
			ar++
		case unicode.IsLetter(r):
			other++
		}
	}
	if ar > other {
		return "ar"
	}
	return "latin"
}

// folders hold the character-level pipeline. Its transformers keep state, so
// each call takes its own from the pool.
var folders = sync.Pool{New: func() any {
	return transform.Chain(
		norm.NFKC,
		cases.Fold(),
		norm.NFD, // splits accented letters and أ إ آ ؤ ئ into base + mark
		runes.Remove(runes.Predicate(dropRune)),
		runes.Map(mapRune),
		norm.NFC,
	)
}}

// fold applies the character-level normalisation: compatibility forms,
// case, diacritics, Arabic letter variants and digits.
func fold(name string) string {
	t := folders.Get().(transform.Transformer)
	defer folders.Put(t)
	s, _, err := transform.String(t, strings.ToValidUTF8(name, " "))
	if err != nil { // cannot happen with these transformers; stay safe anyway
		return ""
	}
	return s
}

// dropRune reports the runes deleted without leaving a word break.
func dropRune(r rune) bool {
	switch {
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf): // diacritics, tashkeel, ZWNJ, bidi marks
		return true
	case r >= 0x06D6 && r <= 0x06ED: // Quranic annotation marks
		return true
	}
	switch r {
	case 'ـ', // tatweel
		'\'', '`', '’', '‘', '′', 'ʼ', 'ʻ', 'ʾ', 'ʿ': // apostrophes, ayn and hamza signs
		return true
	}
	return false
}

// mapRune unifies letter variants and digits. أ إ آ ؤ ئ never get here: NFD
// has split them into ا و ي and a hamza or madda mark, which is dropped.
func mapRune(r rune) rune {
	if d := graph.ASCIIDigit(r); d != r {
		return d
	}
	switch r {
	case 'ٱ':
		return 'ا'
	case 'ى', 'ی':
		return 'ي'
	case 'ة', 'ھ', 'ە', 'ۃ':
		return 'ه'
	case 'ک':
		return 'ك'
	}
	// cases.Fold (x/text v0.44) turns Cherokee small letters into capitals
	// and capitals into small letters; lower-casing again keeps Key
	// idempotent.
	return unicode.ToLower(r)
}

// A token is a run of letters, digits and spacing marks starting at byte at
// of the folded text. hyphen says it was directly followed by a dash ("al-",
// "ash-"); dotted that it is a single letter, or a run of them, directly
// followed by "." and another letter (not digits: "1.5" stays two words).
type token struct {
	s              string
	at             int
	hyphen, dotted bool
}

// tokenize splits folded text into tokens, merging dotted initials ("u.s.",
// "u.n") into one token as they are usually written without dots too.
func tokenize(s string) []token {
	var toks []token
	start, hasAlnum := -1, false
	end := func(i int, sep rune) {
		if start >= 0 && hasAlnum {
			t := token{s: s[start:i], at: start, hyphen: unicode.Is(unicode.Pd, sep)}
			r, size := utf8.DecodeRuneInString(t.s)
			single := size == len(t.s) && unicode.IsLetter(r)
			if single && sep == '.' {
				next, _ := utf8.DecodeRuneInString(s[i+1:])
				t.dotted = unicode.IsLetter(next)
			}
			if n := len(toks); n > 0 && toks[n-1].dotted && single {
				p := &toks[n-1]
				p.s, p.hyphen, p.dotted = s[p.at:i], t.hyphen, t.dotted // dots removed below
			} else {
				toks = append(toks, t)
			}
		}
		start, hasAlnum = -1, false
	}
	for i, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsNumber(r):
			hasAlnum = true
			fallthrough
		case unicode.IsMark(r):
			if start < 0 {
				start = i
			}
		default:
			end(i, r)
		}
	}
	end(len(s), 0)
	for i := range toks {
		toks[i].s = strings.ReplaceAll(toks[i].s, ".", "")
	}
	return toks
}

var (
	// Latin articles dropped before another word: standalone or hyphenated
	// (latinArticles), or only hyphenated (assimilated forms, "ash-Sham").
	latinArticles  = map[string]bool{"al": true, "el": true}
	hyphenArticles = map[string]bool{"ad": true, "an": true, "ar": true, "as": true, "ash": true, "at": true, "az": true, "adh": true, "ath": true}
	arabicJoiners  = []string{"ابو", "ابي", "ابا", "عبد"}
	// Name parts joined with the next word, spelled canonically.
	joiners = map[string]string{
		"ابو": "ابو", "ابي": "ابو", "ابا": "ابو", "عبد": "عبد",
		"abu": "abu", "abou": "abu", "abd": "abd", "abdul": "abd", "abdel": "abd", "abdal": "abd",
	}
	// Arabic clitic prefixes for Keys, shortest first.
	clitics = func() []string {
		var ps []string
		for _, c := range []string{"", "و", "ف"} {
			for _, p := range []string{"", "ب", "ك", "ل"} {
				for _, a := range []string{"", "ال"} {
					switch {
					case c == "" && p == "": // the bare article is Key's business
					case p == "ل" && a == "ال":
						ps = append(ps, c+"لل")
					default:
						ps = append(ps, c+p+a)
					}
				}
			}
		}
		slices.SortStableFunc(ps, func(a, b string) int {
			return utf8.RuneCountInString(a) - utf8.RuneCountInString(b)
		})
		return ps
	}()
)

// finish applies the word-level rules to folded tokens and joins the words.
func finish(toks []token) string {
	words := make([]string, 0, len(toks))
	for i, t := range toks {
		w := arabicWord(t.s)
		last := i == len(toks)-1
		if !last && (latinArticles[w] || t.hyphen && hyphenArticles[w] || w == "the" && len(words) == 0) {
			continue
		}
		words = append(words, w)
	}
	out := words[:0]
	for i := 0; i < len(words); i++ {
		w := words[i]
		// A join can make another joiner: "abd" + "ul" is "abdul".
		for j, ok := joiners[w]; ok && i+1 < len(words); j, ok = joiners[w] {
			i++
			w = j + words[i]
		}
		out = append(out, w)
	}
	return strings.Join(out, " ")
}

// arabicWord strips the definite article "ال" from the start of a word, and
// from after an attached "ابو"/"عبد" ("عبدالرحمن" is "عبد الرحمن"), leaving
// at least two letters and the word "الله" alone. It runs in linear time.
func arabicWord(w string) string {
	var b strings.Builder
	n := utf8.RuneCountInString(w)
	for {
		for n >= 4 && w != "الله" && strings.HasPrefix(w, "ال") {
			w, n = w[len("ال"):], n-2
		}
		j := slices.IndexFunc(arabicJoiners, func(j string) bool {
			return strings.HasPrefix(w, j) && strings.HasPrefix(w[len(j):], "ال")
		})
		if j < 0 {
			b.WriteString(w)
			return b.String()
		}
		b.WriteString(joiners[arabicJoiners[j]])
		w, n = w[len(arabicJoiners[j]):], n-3
	}
}
