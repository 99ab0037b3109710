package cli

import "unicode"

// Bidirectional isolates (Unicode UAX #9): text between FSI and PDI takes
// its direction from its own first strong letter and does not reorder what
// is around it, so an Arabic name in an English line keeps the line in
// order.
const (
	fsi = "\u2068" // FIRST STRONG ISOLATE
	pdi = "\u2069" // POP DIRECTIONAL ISOLATE
)

// isolate returns s between FSI and PDI when it holds right-to-left
// letters (Arabic, Hebrew, Syriac, Thaana), else s.
func isolate(s string) string {
	for _, r := range s {
		if unicode.In(r, unicode.Arabic, unicode.Hebrew, unicode.Syriac, unicode.Thaana) {
			return fsi + s + pdi
		}
	}
	return s
}
