package draft

import (
	"unicode"

	"github.com/geokg/geokg/internal/graph"
)

// A word is a run of letters, digits and marks of the text, at code points
// [start, end).
type word struct {
	start, end int
}

// words splits text into words. Punctuation, hyphens, dots and apostrophes
// end a word; names spanning several words are matched over the raw text
// between them, so "al-Muhandis" and "U.S." are still found.
func words(text []rune) []word {
	var ws []word
	start := -1
	for i, r := range text {
		in := unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)
		switch {
		case in && start < 0:
			start = i
		case !in && start >= 0:
			ws = append(ws, word{start, i})
			start = -1
		}
	}
	if start >= 0 {
		ws = append(ws, word{start, len(text)})
	}
	return ws
}

// joinable reports whether the runes between two words may sit inside one
// name: spaces, hyphens, dots and apostrophes, but no comma or line break.
func joinable(gap []rune) bool {
	if len(gap) > 3 {
		return false
	}
	for _, r := range gap {
		switch {
		case r == ' ', r == '\u00a0', r == '.', r == '\'', r == '’', unicode.Is(unicode.Pd, r):
		default:
			return false
		}
	}
	return true
}

// sentences returns the [start, end) code point ranges of the sentences of
// text: they end at . ! ? ؟ ؛ or a line break. A dot after a single letter
// ("U.S.") or between digits does not end a sentence.
func sentences(text []rune) [][2]int {
	var out [][2]int
	start := 0
	flush := func(next int) {
		end := next
		for start < end && unicode.IsSpace(text[start]) {
			start++
		}
		for start < end && unicode.IsSpace(text[end-1]) {
			end--
		}
		if start < end {
			out = append(out, [2]int{start, end})
		}
		start = next
	}
	for i, r := range text {
		switch r {
		case '\n', '!', '?', '؟', '؛':
			flush(i + 1)
		case '.':
			initial := i >= 1 && unicode.IsLetter(text[i-1]) && (i < 2 || !unicode.IsLetter(text[i-2]))
			decimal := i >= 1 && i+1 < len(text) && unicode.IsDigit(text[i-1]) && unicode.IsDigit(text[i+1])
			if !initial && !decimal {
				flush(i + 1)
			}
		}
	}
	flush(len(text))
	return out
}

// asciiDigits returns text with Arabic-Indic and Persian digits written as
// ASCII digits, rune for rune, so that offsets do not change.
func asciiDigits(text []rune) []rune {
	out := make([]rune, len(text))
	for i, r := range text {
		out[i] = graph.ASCIIDigit(r)
	}
	return out
}
