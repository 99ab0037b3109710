package gdelt

import (
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/formats/eventdata"
)

// mentionColumns are the 16 columns of GDELT 2.0's Mentions table, in
// the order of its 15-minute files.
var mentionColumns = []string{"GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType",
	"MentionSourceName", "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset",
	"ActionCharOffset", "InRawText", "Confidence", "MentionDocLen", "MentionDocTone",
	"MentionDocTranslationInfo", "Extras"}

// mentionRequired are the columns a header of mentions must have.
var mentionRequired = []string{"GLOBALEVENTID", "MentionTimeDate", "MentionType", "MentionIdentifier"}

// mentions is the Mentions table.
var mentions = func() kind {
	l := &layout{name: "GDELT 2.0", columns: mentionColumns, index: map[string]int{}}
	for i, c := range mentionColumns {
		l.index[c] = i
	}
	cols := [][]string{}
	for _, c := range mentionRequired {
		cols = append(cols, []string{c})
	}
	for _, c := range mentionColumns {
		if !slices.Contains(mentionRequired, c) {
			cols = append(cols, []string{c})
		}
	}
	return kind{what: "GDELT mentions", file: "GDELT mentions", layouts: map[int]*layout{16: l},
		columns: cols, required: len(mentionRequired), want: "a GDELT 2.0 mentions file has 16",
		name: func(map[string]int) string { return "GDELT 2.0" }}
}()

// MentionsReader reads GDELT 2.0's Mentions table: the tab-separated
// files without a header published every 15 minutes beside the exports
// (16 columns, "20200103000000.mentions.CSV"), and BigQuery exports of it
// with a header row (comma- or tab-separated), whose columns are found by
// name: GLOBALEVENTID, MentionTimeDate, MentionType and
// MentionIdentifier are required.
//
// A file is one dataset document of mentions (annotation.Mention), not of
// relations: a mention names its event by GLOBALEVENTID only, and the
// importer finds the event in the graph by its ref (Ref), the one the
// export's row of that GLOBALEVENTID gave its report. Each mention is a
// report of its event: the article (MentionIdentifier, its URL when
// MentionType is 1, web; the citation, DOI or other identifier of the
// other types is in the quote, and the report has no URL), the day of the
// 15-minute update that saw it (MentionTimeDate) as its publication, and
// GDELT's confidence in it (Confidence, 10 to 100 %, capped at 0.9 like
// every machine-coded confidence, eventdata.Confidence; that of one
// source, 0.5, when a header has no Confidence column). GDELT's
// character offsets of Actor1, Actor2 and the action, and the sentence,
// are kept in the quote, not as a span: they count into GDELT's copy of
// the article, which geokg does not have. The rows of one event and one
// article are one mention, the one of the highest confidence.
type MentionsReader struct{}

var _ annotation.Reader = MentionsReader{}

// Name returns "gdelt-mentions".
func (MentionsReader) Name() string { return "gdelt-mentions" }

var mentionsFileRE = regexp.MustCompile(`(?i)\.mentions\.(csv|tsv|txt)$`)

// Detect reports whether a file is a GDELT mentions file: by its name
// ("….mentions.CSV"), by a header row with the GLOBALEVENTID and
// MentionIdentifier columns, or by a first line of 16 tab-separated fields
// starting with a numeric GLOBALEVENTID and two YYYYMMDDhhmmss times.
func (MentionsReader) Detect(file string, head []byte) bool {
	if mentionsFileRE.MatchString(filepath.Base(file)) {
		return true
	}
	if h, _, ok := header(head); ok {
		return h.Index("MentionIdentifier") >= 0
	}
	line, _, _ := strings.Cut(string(head), "\n")
	f := strings.Split(strings.TrimSuffix(line, "\r"), "\t")
	if len(f) != len(mentionColumns) || !digits(f[0]) || len(f[1]) != 14 || len(f[2]) != 14 {
		return false
	}
	_, t1 := eventdata.Day(f[1])
	_, t2 := eventdata.Day(f[2])
	return t1 && t2
}

// digits reports whether s is a number of decimal digits.
func digits(s string) bool { return s != "" && strings.Trim(s, "0123456789") == "" }

// mentionTypes names GDELT's MentionType values.
var mentionTypes = map[string]string{"1": "web", "2": "citation only", "3": "CORE", "4": "DTIC", "5": "JSTOR", "6": "non-textual source"}

// Read returns the file's one dataset document of mentions. A file whose
// header lacks a required column is an error; a row that cannot be read
// is skipped with a warning naming its line and column.
func (MentionsReader) Read(file string, data []byte) ([]annotation.Document, annotation.Problems) {
	b := eventdata.NewBuilder(file)
	l, rows := mentions.table(b, data)
	if l == nil {
		return nil, b.Problems()
	}
	for row := range rows {
		readMention(b, l, row)
	}
	return b.Document(annotation.DatasetInfo{
		ID: eventdata.DatasetID("gdelt", file), Format: "gdelt",
		Title: "GDELT 2.0 mentions " + filepath.Base(file), URL: "https://www.gdeltproject.org/",
	})
}

// readMention adds the mention of one row, or says why it cannot.
func readMention(b *eventdata.Builder, l *layout, row eventdata.Row) {
	get := func(col string) string {
		if i, ok := l.index[col]; ok {
			return row.Fields[i]
		}
		return ""
	}
	bad := func(col, why string) { b.BadValue(row.Line, l.index[col]+1, col, get(col), why) }
	id := get("GLOBALEVENTID")
	if !digits(id) {
		bad("GLOBALEVENTID", "is not a number")
		return
	}
	seen, ok := eventdata.Day(get("MentionTimeDate"))
	if !ok {
		bad("MentionTimeDate", "is not a time YYYYMMDDhhmmss")
		return
	}
	if v := get("EventTimeDate"); v != "" {
		if _, ok := eventdata.Day(v); !ok {
			bad("EventTimeDate", "is not a time YYYYMMDDhhmmss")
			return
		}
	}
	typ, ident := get("MentionType"), get("MentionIdentifier")
	name, ok := mentionTypes[typ]
	if !ok {
		bad("MentionType", "is not a GDELT mention type (1 to 6)")
		return
	}
	if ident == "" {
		bad("MentionIdentifier", "is empty")
		return
	}
	ref := annotation.SourceRef{Published: seen}
	if typ == "1" {
		if u, err := url.Parse(ident); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad("MentionIdentifier", "is not the http(s) URL of a web mention (MentionType 1)")
			return
		}
		ref.URL = ident
	}
	confidence := eventdata.Confidence(1)
	if v := get("Confidence"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 100 {
			bad("Confidence", "is not a percentage 0 to 100")
			return
		}
		confidence = min(0.9, float64(n)/100)
	}
	offsets := make([]string, 0, 3)
	for _, c := range []struct{ col, what string }{{"Actor1CharOffset", "Actor1"}, {"Actor2CharOffset", "Actor2"}, {"ActionCharOffset", "action"}} {
		v := get(c.col)
		if v == "" || v == "-1" {
			continue // not found in the article
		}
		if n, err := strconv.Atoi(v); err != nil || n < 0 {
			bad(c.col, "is not a character offset")
			return
		}
		offsets = append(offsets, c.what+" at character "+v)
	}
	quote := fmt.Sprintf("GDELT 2.0 mention of event %s", id)
	if typ != "1" {
		quote += fmt.Sprintf(" (%s: %s)", name, ident)
	}
	if s := get("SentenceID"); s != "" {
		quote += ", sentence " + s
	}
	if len(offsets) > 0 {
		quote += ": " + strings.Join(offsets, ", ")
	}
	if get("Confidence") != "" {
		quote += fmt.Sprintf("; confidence %s%%", get("Confidence"))
	}
	ref.Quote = quote
	b.AddMention(id+"\x1f"+ident, annotation.Mention{Event: Ref(id), Report: ref, Confidence: confidence, Line: row.Line})
}
