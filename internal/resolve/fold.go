package resolve

import "strings"

// Fold returns the transliteration key of a matching key (see Key): Latin
// spellings of one Arabic or Persian name fold together, so that "Irak" is
// "Iraq", "Soleymani" "Soleimani", "Kazimi" and "Kadhimy" "Kadhimi",
// "Kataib Hizbullah" "Kata'ib Hezbollah". It folds dh, th and z into z; q
// and ck into k; the vowels ou, oo, o and u into u, and ei, ey, ee, e, y
// and i into i; then doubled letters into one, and drops the spaces
// (Key has already made hyphens spaces and dropped al-/el-). Arabic script
// is left alone. Two names with one Fold may be different names, so Fold
// only ranks search results below every match by Key; it never resolves a
// reference.
func Fold(key string) string {
	s := transliteration.Replace(key)
	var b strings.Builder
	var last rune
	for _, r := range s {
		if r == ' ' || r == last && r < 0x80 {
			continue
		}
		b.WriteRune(r)
		last = r
	}
	return b.String()
}

// transliteration replaces the longest match first at each position.
var transliteration = strings.NewReplacer(
	"dh", "z", "th", "z", "ck", "k", "q", "k",
	"ou", "u", "oo", "u", "o", "u",
	"ei", "i", "ey", "i", "ee", "i", "e", "i", "y", "i",
)
