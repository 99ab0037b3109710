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
		norm.NFD, // splits أ إ آ ؤ ئ and Latin accented letters into base + mark
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

func mapRune(r rune) rune {
	switch {
	case r >= '٠' && r <= '٩':
		return '0' + r - '٠'
	case r >= '۰' && r <= '۹':
		return '0' + r - '۰'
	}
	switch r {
	case 'أ', 'إ', 'آ', 'ٱ':
		return 'ا'
	case 'ى', 'ی', 'ئ':
		return 'ي'
	case 'ة', 'ھ', 'ە', 'ۃ':
		return 'ه'
	case 'ک':
		return 'ك'
	case 'ؤ':
		return 'و'
	}
	// cases.Fold maps Cherokee small letters to capitals and back (x/text
	// v0.44), so lower-case again to stay idempotent.
	return unicode.ToLower(r)
}

// A token is a run of letters, digits and spacing marks; hyphen says it was
// directly followed by a dash ("al-", "ash-").
type token struct {
	s      string
	hyphen bool
}

func tokenize(s string) []token {
	var toks []token
	start, hasAlnum := -1, false
	end := func(i int, hyphen bool) {
		if start >= 0 && hasAlnum {
			toks = append(toks, token{s[start:i], hyphen})
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
			end(i, unicode.Is(unicode.Pd, r))
		}
	}
	end(len(s), false)
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
