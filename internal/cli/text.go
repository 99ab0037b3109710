package cli

import (
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

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

// cells is the width of s on a terminal: its characters without the
// combining marks (Arabic tashkeel) and format characters (the isolates),
// which take no cell.
func cells(s string) int {
	n := 0
	for _, r := range s {
		if !unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf) {
			n++
		}
	}
	return n
}

// oneLine folds the white space of s, line breaks too, into single spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// truncate returns s cut to n cells, ending with "…" when cut; n <= 0 is
// no limit. An isolate the cut leaves open is closed.
func truncate(s string, n int) string {
	if n <= 0 || cells(s) <= n {
		return s
	}
	var b strings.Builder
	w := 0
	for _, r := range s {
		c := cells(string(r))
		if w+c > n-1 {
			break
		}
		b.WriteRune(r)
		w += c
	}
	out := strings.TrimRightFunc(b.String(), unicode.IsSpace) + "…"
	if strings.Count(out, fsi) > strings.Count(out, pdi) {
		out += pdi
	}
	return out
}

// excerpt returns the part of a quote that fits n cells (no limit when n
// <= 0): the whole quote when it fits, else a window that starts a little
// before the first of keys it holds (the names of the parties), with "…"
// where it is cut.
func excerpt(quote string, keys []string, n int) string {
	q := oneLine(quote)
	if n <= 0 || cells(q) <= n {
		return q
	}
	start := len(q)
	lower := strings.ToLower(q)
	for _, k := range keys {
		if i := strings.Index(lower, strings.ToLower(k)); k != "" && i >= 0 && i < start {
			start = i
		}
	}
	if start == len(q) || utf8.RuneCountInString(q[:start]) < n/4 {
		return truncate(q, n)
	}
	// Back up a quarter of the window, to a word boundary.
	runes := []rune(q[:start])
	from := len(runes) - n/4
	if sp := strings.LastIndexByte(string(runes[:from]), ' '); sp >= 0 {
		from = utf8.RuneCountInString(string(runes[:from])[:sp+1])
	}
	return truncate("…"+string([]rune(q)[from:]), n)
}

// table is text in columns under a header, fitted to a width: the flex
// column is cut to fit, and each row may have notes, lines under it
// indented to the second column.
type table struct {
	header []string
	flex   int // the column cut to fit the width
	rows   []row
}

// row is a line of a table; a row with a heading is a line of its own
// (a group's title) rather than cells.
type row struct {
	heading string
	cells   []string
	notes   []note
}

// note is a line under a row: text, cut to the width around the first of
// keys it holds (excerpt), then isolated when it is a quote.
type note struct {
	text  string
	keys  []string
	quote bool
}

// minFlex is the narrowest the flex column is cut to.
const minFlex = 16

// write writes t in width cells per line (no limit when width <= 0).
func (t *table) write(w io.Writer, width int) {
	widths := make([]int, len(t.header))
	for i, h := range t.header {
		widths[i] = cells(h)
	}
	for _, r := range t.rows {
		for i, c := range r.cells {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], cells(c))
		}
	}
	total := 2 * (len(widths) - 1)
	for _, n := range widths {
		total += n
	}
	if width > 0 && total > width {
		widths[t.flex] = max(minFlex, widths[t.flex]-(total-width))
	}
	indent := 0
	if len(widths) > 1 {
		indent = widths[0] + 2
	}
	line := func(cs []string) {
		var b strings.Builder
		for i, c := range cs {
			if i == len(cs)-1 {
				b.WriteString(truncate(c, widths[i]))
				break
			}
			c = truncate(c, widths[i])
			b.WriteString(c + strings.Repeat(" ", widths[i]-cells(c)+2))
		}
		io.WriteString(w, strings.TrimRight(b.String(), " ")+"\n")
	}
	if t.header != nil {
		line(t.header)
	}
	for _, r := range t.rows {
		if r.heading != "" {
			io.WriteString(w, truncate(r.heading, width)+"\n")
			continue
		}
		line(r.cells)
		for _, n := range r.notes {
			text := excerpt(n.text, n.keys, width-indent)
			if n.quote {
				text = isolate(text)
			}
			io.WriteString(w, strings.Repeat(" ", indent)+text+"\n")
		}
	}
}

// wrap writes s in lines of at most width cells, broken between words (no
// limit when width <= 0).
func wrap(w io.Writer, s string, width int) {
	line := ""
	for _, word := range strings.Fields(s) {
		if line != "" && width > 0 && cells(line)+1+cells(word) > width {
			io.WriteString(w, line+"\n")
			line = ""
		}
		line = strings.TrimPrefix(line+" "+word, " ")
	}
	io.WriteString(w, line+"\n")
}
