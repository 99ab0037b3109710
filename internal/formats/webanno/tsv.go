package webanno

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/formats/standoff"
)

type layerKind int

const (
	spanLayer layerKind = iota
	relationLayer
	chainLayer
)

// layer is a layer the header declares.
type layer struct {
	kind     layerKind
	name     string   // the type name, "webanno.custom.Actor"
	features []string // primitive features, in column order
	base     string   // of a relation layer: the span layer it links (BT_)
	line     int
}

// short is the layer's name after its last dot ("NamedEntity").
func (l *layer) short() string { return l.name[strings.LastIndexByte(l.name, '.')+1:] }

type colRole int

const (
	primitive   colRole = iota
	placeholder         // a layer without features
	baseRef             // a relation's source unit (BT_)
	slotRole            // ROLE_…
	slotTarget          // the type a slot links to
	chainCol            // referenceType, referenceRelation
)

type column struct {
	layer   *layer
	feature string
	role    colRole
}

// unit is a token or sub-token line.
type unit struct {
	id         string
	begin, end int // UTF-16 offsets
	spans      map[*layer][]*ann
	rels       map[*layer][]*ann
}

// ann is a span or relation annotation.
type ann struct {
	layer      *layer
	unit       string // the unit that defines its id: where it starts, or, for a relation, where its target does
	stack      int    // its place among the annotations of its layer there
	disamb     int    // its disambiguation id, 0 for none
	begin, end int    // UTF-16 offsets of a span
	line       int
	feats      map[string]string
	// of a relation: the source's unit and disambiguation ids, and the target's unit
	src          string
	srcID, tgtID int
	tgt          *unit
	refLine      int
}

// parser reads a TSV file into layers, units and annotations, and rebuilds
// the document text.
type parser struct {
	file    string
	probs   annotation.Problems
	layers  []*layer
	byName  map[string]*layer
	cols    []column
	units   map[string]*unit
	byID    map[int]*ann
	spans   []*ann
	rels    []*ann
	size    int // of the file, in bytes: more than any gap between sentences
	text    []rune
	runeAt  []int // UTF-16 offset → code point offset; -1 inside a surrogate pair
	skipped []skip
}

// skip counts what is left out for one reason.
type skip struct {
	why  string
	n    int
	line int
}

func newParser(file string) *parser {
	return &parser{file: file, byName: map[string]*layer{}, units: map[string]*unit{}, byID: map[int]*ann{}, runeAt: []int{0}}
}

func (p *parser) errorf(line int, format string, args ...any) {
	p.probs = append(p.probs, annotation.Problem{Severity: annotation.Error, File: p.file, Line: line, Message: fmt.Sprintf(format, args...)})
}

// leaveOut counts one thing left out, for a warning with the count at the
// first one.
func (p *parser) leaveOut(line int, format string, args ...any) {
	why := fmt.Sprintf(format, args...)
	for i := range p.skipped {
		if p.skipped[i].why == why {
			p.skipped[i].n++
			return
		}
	}
	p.skipped = append(p.skipped, skip{why, 1, line})
}

var (
	formatRE = regexp.MustCompile(`^#FORMAT=WebAnno TSV 3\.([0-9]+)$`)
	unitRE   = regexp.MustCompile(`^([0-9]{1,9})-([0-9]{1,9})(?:\.([0-9]{1,9}))?$`)
	offsetRE = regexp.MustCompile(`^([0-9]{1,9})-([0-9]{1,9})$`)
	refRE    = regexp.MustCompile(`^([0-9]{1,9}-[0-9]{1,9}(?:\.[0-9]{1,9})?)(?:\[([0-9]{1,9})_([0-9]{1,9})\])?$`)
)

// read parses the whole file.
func (p *parser) read(data string) {
	data = strings.TrimPrefix(data, "\ufeff")
	p.size = len(data)
	lines := strings.Split(strings.TrimSuffix(data, "\n"), "\n")
	for i := range lines {
		lines[i] = strings.TrimSuffix(lines[i], "\r")
	}
	m := formatRE.FindStringSubmatch(lines[0])
	if m == nil {
		p.errorf(1, "the first line is %s, not #FORMAT=WebAnno TSV 3.2 or 3.3", standoff.Quote(lines[0]))
		return
	}
	if m[1] != "2" && m[1] != "3" {
		p.errorf(1, "WebAnno TSV 3.%s is not read: export the document again from INCEpTION or WebAnno, which write 3.2 or 3.3", m[1])
		return
	}
	i := 1
	for ; i < len(lines) && strings.HasPrefix(lines[i], "#T_"); i++ {
		p.layerLine(i+1, lines[i])
	}
	if p.probs.HasErrors() {
		return
	}
	p.body(lines, i)
}

// layerLine reads a #T_SP=, #T_RL= or #T_CH= line.
func (p *parser) layerLine(n int, line string) {
	kinds := map[string]layerKind{"#T_SP=": spanLayer, "#T_RL=": relationLayer, "#T_CH=": chainLayer}
	kind, ok := kinds[line[:min(len(line), 6)]]
	if !ok {
		p.errorf(n, "unknown header line %s: want #T_SP=, #T_RL= or #T_CH= and a layer", standoff.Quote(line))
		return
	}
	decls := strings.Split(line[6:], "|")
	l := &layer{kind: kind, name: decls[0], line: n}
	switch {
	case l.name == "":
		p.errorf(n, "the layer has no name")
		return
	case p.byName[l.name] != nil:
		p.errorf(n, "layer %s is declared twice (first on line %d)", l.name, p.byName[l.name].line)
		return
	}
	p.byName[l.name] = l
	p.layers = append(p.layers, l)
	decls = decls[1:]
	if len(decls) == 0 {
		p.cols = append(p.cols, column{layer: l, role: placeholder})
	}
	for j := 0; j < len(decls); j++ {
		d := decls[j]
		switch {
		case d == "":
			p.errorf(n, "layer %s: feature %d has no name", l.name, j+1)
		case kind == chainLayer:
			p.cols = append(p.cols, column{layer: l, feature: d, role: chainCol})
		case kind == relationLayer && strings.HasPrefix(d, "BT_"):
			if j != len(decls)-1 || l.base != "" {
				p.errorf(n, "relation layer %s: its base type (BT_…) must come last, once", l.name)
			}
			l.base = strings.TrimPrefix(d, "BT_")
			p.cols = append(p.cols, column{layer: l, role: baseRef})
		case kind == spanLayer && strings.HasPrefix(d, "ROLE_"):
			if j == len(decls)-1 {
				p.errorf(n, "span layer %s: slot feature %s has no target type after it", l.name, d)
				return
			}
			p.cols = append(p.cols, column{layer: l, feature: d, role: slotRole}, column{layer: l, feature: decls[j+1], role: slotTarget})
			j++
		default:
			l.features = append(l.features, d)
			p.cols = append(p.cols, column{layer: l, feature: d, role: primitive})
		}
	}
	if kind == relationLayer && l.base == "" {
		p.errorf(n, "relation layer %s declares no base type (want BT_ and a span layer last)", l.name)
	}
}

// body reads the sentences from line index i on.
func (p *parser) body(lines []string, i int) {
	const (
		between = iota // before a sentence header
		header         // in one
		tokens         // in a sentence's units
	)
	state := between
	var sentText []string
	sent, sentBegin, sentEnd := 0, 0, 0
	var tok *unit // the last token
	tokNo, subNo := 0, 0
	for ; i < len(lines); i++ {
		n, line := i+1, lines[i]
		switch {
		case line == "":
			if state == header {
				p.errorf(n, "sentence %d has no tokens: want token lines after its #Text= lines", sent+1)
				return
			}
			state = between
			continue
		case strings.HasPrefix(line, "#"):
			if state == tokens {
				p.errorf(n, "want a token line, or an empty line before the next sentence, not %s", standoff.Quote(line))
				return
			}
			state = header
			if rest, ok := strings.CutPrefix(line, "#Text="); ok {
				sentText = append(sentText, unescapeText(rest))
			} else if !strings.HasPrefix(line, "#Sentence.id=") {
				p.errorf(n, "unknown sentence header %s: want #Text= or #Sentence.id=", standoff.Quote(line))
				return
			}
			continue
		case state == between:
			p.errorf(n, "a token line before any #Text= line of its sentence")
			return
		}
		fields := strings.Split(line, "\t")
		want := 3 + len(p.cols)
		if l := len(fields); l > 3 && fields[l-1] == "" { // the tab INCEpTION writes after the last column
			fields = fields[:l-1]
		}
		if len(fields) != want {
			p.errorf(n, "%d columns, want %d: the unit id, its offsets, its text and the %d columns of the header's layers", len(fields), want, len(p.cols))
			return
		}
		id := unitRE.FindStringSubmatch(fields[0])
		off := offsetRE.FindStringSubmatch(fields[1])
		if id == nil || off == nil {
			p.errorf(n, "unit %s at %s: want SENTENCE-TOKEN (or SENTENCE-TOKEN.SUB) and BEGIN-END", standoff.Quote(fields[0]), standoff.Quote(fields[1]))
			return
		}
		sn, tn := atoi(id[1]), atoi(id[2])
		u := &unit{id: fields[0], begin: atoi(off[1]), end: atoi(off[2]), spans: map[*layer][]*ann{}, rels: map[*layer][]*ann{}}
		if u.begin > u.end {
			p.errorf(n, "unit %s: offsets %d-%d: the begin is after the end", u.id, u.begin, u.end)
			return
		}
		if state == header { // the sentence's first token: its text goes in
			sent, tokNo, tok = sent+1, 0, nil
			if !p.startSentence(n, u.begin, sentText) {
				return
			}
			sentBegin, sentEnd = u.begin, len(p.runeAt)-1
			p.appendText("\n")
			sentText = nil
			state = tokens
		}
		sub := id[3] != ""
		switch {
		case sn != sent:
			p.errorf(n, "unit %s is in sentence %d, but it is sentence %d's", u.id, sn, sent)
			return
		case !sub && tn != tokNo+1:
			p.errorf(n, "unit %s: want token %d-%d next", u.id, sent, tokNo+1)
			return
		case sub && (tok == nil || tn != tokNo || atoi(id[3]) != subNo+1):
			p.errorf(n, "sub-token %s does not follow token %d-%d and its sub-token %d", u.id, sent, tokNo, subNo)
			return
		case u.begin < sentBegin || u.end > sentEnd:
			p.errorf(n, "unit %s: offsets %d-%d are outside its sentence's text, %d-%d", u.id, u.begin, u.end, sentBegin, sentEnd)
			return
		case !sub && tok != nil && u.begin < tok.end:
			p.errorf(n, "token %s: offsets %d-%d overlap token %s (%d-%d)", u.id, u.begin, u.end, tok.id, tok.begin, tok.end)
			return
		case sub && (u.begin < tok.begin || u.end > tok.end):
			p.errorf(n, "sub-token %s: offsets %d-%d are outside its token %s (%d-%d)", u.id, u.begin, u.end, tok.id, tok.begin, tok.end)
			return
		}
		if sub {
			subNo++
		} else {
			tok, tokNo, subNo = u, tn, 0
		}
		rb, re := p.runeAt[u.begin], p.runeAt[u.end]
		if rb < 0 || re < 0 {
			p.errorf(n, "unit %s: offsets %d-%d fall inside a character outside the BMP (two UTF-16 units)", u.id, u.begin, u.end)
			return
		}
		if got := string(p.text[rb:re]); got != fields[2] {
			p.errorf(n, "unit %s: its text is %s, but the sentence has %s at %d-%d", u.id, standoff.Quote(fields[2]), standoff.Quote(got), u.begin, u.end)
			return
		}
		p.units[u.id] = u
		for c, col := range p.cols {
			if raw := fields[3+c]; raw != "_" {
				for k, v := range splitUnescaped(raw, '|') {
					p.value(n, u, col, k, v)
				}
			}
		}
	}
	if state == header {
		p.errorf(len(lines), "sentence %d has no tokens: want token lines after its #Text= lines", sent+1)
	}
	if l := len(p.text); l > 0 && p.text[l-1] == '\n' { // the break after the last sentence
		p.text, p.runeAt = p.text[:l-1], p.runeAt[:len(p.runeAt)-1]
	}
}

// startSentence puts a sentence's text at begin (UTF-16), as INCEpTION
// rebuilds a document: the line break after the sentence before stays when
// the sentence starts one unit after it and goes when it starts right
// after it; a longer gap is filled with spaces.
func (p *parser) startSentence(n, begin int, lines []string) bool {
	at := len(p.runeAt) - 1
	switch {
	case at == begin+1 && p.text[len(p.text)-1] == '\n':
		p.text, p.runeAt = p.text[:len(p.text)-1], p.runeAt[:len(p.runeAt)-1]
	case at > begin:
		p.errorf(n, "the sentence starts at %d, inside the sentence before it, which ends at %d", begin, at-1)
		return false
	case begin-at > p.size:
		p.errorf(n, "the sentence starts at %d, %d units after the text before it: more than the whole file holds", begin, begin-at)
		return false
	}
	for len(p.runeAt)-1 < begin {
		p.appendText(" ")
	}
	p.appendText(strings.Join(lines, "\n"))
	return true
}

// appendText adds s to the text, indexing its UTF-16 offsets.
func (p *parser) appendText(s string) {
	for _, r := range s {
		p.text = append(p.text, r)
		if utf16.RuneLen(r) == 2 {
			p.runeAt = append(p.runeAt, -1)
		}
		p.runeAt = append(p.runeAt, len(p.text))
	}
}

// value reads the k-th stacked value of a column on a unit.
func (p *parser) value(n int, u *unit, col column, k int, v string) {
	l := col.layer
	switch col.role {
	case chainCol:
		if col.feature == "referenceType" { // once per annotation
			p.leaveOut(n, "chain annotations of %s left out: geokg does not read chains (coreference)", l.name)
		}
		return
	case slotRole:
		if v != "*" {
			p.leaveOut(n, "slot fillers of %s (%s) left out: geokg does not read slot features", l.name, col.feature)
		}
		return
	case slotTarget:
		return
	}
	val, info := disambiguation(v)
	if l.kind == relationLayer {
		a := at(&u.rels, l, k, func() *ann {
			a := &ann{layer: l, unit: u.id, stack: k, line: n, feats: map[string]string{}}
			p.rels = append(p.rels, a)
			return a
		})
		if col.role != baseRef {
			if val != "*" {
				a.feats[col.feature] = unescapeValue(val)
			}
			return
		}
		m := refRE.FindStringSubmatch(v)
		if m == nil {
			p.errorf(n, "relation %s on %s: source %s: want a unit id, SENTENCE-TOKEN, with [SOURCE_TARGET] disambiguation ids or without", l.short(), u.id, standoff.Quote(v))
			return
		}
		a.src, a.tgt, a.refLine = m[1], u, n
		if m[2] != "" {
			a.srcID, a.tgtID = atoi(m[2]), atoi(m[3])
		}
		return
	}
	id := 0
	if info != "" {
		if id = atoi(info); id <= 0 || strconv.Itoa(id) != info {
			p.errorf(n, "%s on %s: %s: want a disambiguation id, [N], N from 1", l.short(), u.id, standoff.Quote(v))
			return
		}
	}
	a := at(&u.spans, l, k, func() *ann {
		if prev := p.byID[id]; id > 0 && prev != nil {
			if prev.layer != l {
				p.errorf(n, "%s on %s: disambiguation id [%d] is already an annotation of %s (line %d)", l.short(), u.id, id, prev.layer.name, prev.line)
				return nil
			}
			prev.end = u.end // a span over several units
			return prev
		}
		a := &ann{layer: l, unit: u.id, stack: k, disamb: id, begin: u.begin, end: u.end, line: n, feats: map[string]string{}}
		p.spans = append(p.spans, a)
		if id > 0 {
			p.byID[id] = a
		}
		return a
	})
	if a == nil {
		return
	}
	if a.disamb != id && info != "" {
		p.errorf(n, "%s on %s: disambiguation id [%d], but another column of the layer gives [%d]", l.short(), u.id, id, a.disamb)
		return
	}
	if col.role == primitive && val != "*" {
		a.feats[col.feature] = unescapeValue(val)
	}
}

// at returns the k-th annotation of layer l in m, made by add when there
// is none yet (add may return nil).
func at(m *map[*layer][]*ann, l *layer, k int, add func() *ann) *ann {
	list := (*m)[l]
	if k < len(list) {
		return list[k]
	}
	a := add()
	if a != nil {
		(*m)[l] = append(list, a)
	}
	return a
}

// disambiguation splits "VALUE[N]" into the value and N's digits; a value
// without an unescaped "[…]" at its end is returned whole, with "".
func disambiguation(v string) (string, string) {
	if !strings.HasSuffix(v, "]") || strings.HasSuffix(v, `\]`) {
		return v, ""
	}
	i := strings.LastIndexByte(v, '[')
	if i < 0 {
		return v, ""
	}
	return v[:i], v[i+1 : len(v)-1]
}

// splitUnescaped splits s at each sep that no backslash escapes.
func splitUnescaped(s string, sep byte) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case sep:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// unescapeValue undoes the escapes of a feature value: \\ \[ \] \| \_ \->
// \; \t \n \*.
func unescapeValue(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		switch c := s[i+1]; c {
		case '\\', '[', ']', '|', '_', ';', '*':
			b.WriteByte(c)
			i++
		case 't':
			b.WriteByte('\t')
			i++
		case 'n':
			b.WriteByte('\n')
			i++
		case '-':
			if strings.HasPrefix(s[i+1:], "->") {
				b.WriteString("->")
				i += 2
			} else {
				b.WriteByte('\\')
			}
		default:
			b.WriteByte('\\')
		}
	}
	return b.String()
}

// textEscapes are the escapes of a #Text= line besides a backslash before
// a control character, which stands for that character.
var textEscapes = map[byte]byte{'t': '\t', 'n': '\n', 'f': '\f', 'r': '\r', 'b': '\b', '\\': '\\'}

// unescapeText undoes the escapes of a #Text= line (TSV 3.2 and 3.3).
func unescapeText(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			c := s[i+1]
			if r, ok := textEscapes[c]; ok {
				b.WriteByte(r)
				i++
				continue
			}
			if c < 32 && !slices.Contains([]byte{8, 9, 10, 11, 12, 13}, c) {
				b.WriteByte(c)
				i++
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
