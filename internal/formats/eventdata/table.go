// Package eventdata holds what the readers of coded event data (GDELT,
// POLECAT) share: tab- and comma-separated rows with their line numbers,
// columns found by header name, entity kinds and names from CAMEO actor codes, and a
// Builder that collapses the many reports of one event into one relation
// and turns a file into one dataset document.
package eventdata

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode"
)

// Row is one non-blank line of a tab-separated file, or one record of a
// comma-separated one.
type Row struct {
	Line   int      // 1-based line number
	Fields []string // trimmed, valid UTF-8, a field quoted whole unquoted
}

// Rows splits data into rows of tab-separated fields. It skips blank lines,
// a UTF-8 byte order mark and the CR of CRLF line ends. Fields are not
// quoted in these formats; a field that is quoted whole ("a ""b""") is
// unquoted all the same, since some exports of POLECAT quote.
func Rows(data []byte) []Row {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var rows []Row
	for n := 1; len(data) > 0; n++ {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		fields := strings.Split(strings.ToValidUTF8(string(line), "\uFFFD"), "\t")
		for i, f := range fields {
			fields[i] = unquote(strings.TrimSpace(f))
		}
		rows = append(rows, Row{Line: n, Fields: fields})
	}
	return rows
}

// CSVRows splits comma-separated data, quoted as RFC 4180 says (a quoted
// field may hold commas, quotes and line ends), as BigQuery and
// spreadsheets export it, into rows numbered by the line each starts on,
// with fields as Rows gives them. Rows may have different numbers of
// fields; the caller checks them. A quote out of place is an error, a
// *csv.ParseError naming its line and column: the rows after it cannot be
// told apart.
func CSVRows(data []byte) ([]Row, error) {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))))
	r.FieldsPerRecord = -1
	var rows []Row
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return nil, err
		}
		line, _ := r.FieldPos(0)
		for i, f := range rec {
			rec[i] = strings.TrimSpace(strings.ToValidUTF8(f, "\uFFFD"))
		}
		if len(rec) > 1 || rec[0] != "" {
			rows = append(rows, Row{Line: line, Fields: rec})
		}
	}
}

// CutShort returns the line number of the last line of data when it has
// no line end, 0 when data ends with one (or holds nothing). Event datasets
// are written a whole line at a time: a last line without its end is a
// file cut short, and its last row may be cut too (a URL, a name), which
// no field count shows.
func CutShort(data []byte) int {
	data = bytes.TrimRight(data, " \t\r")
	if len(data) == 0 || data[len(data)-1] == '\n' {
		return 0
	}
	return bytes.Count(data, []byte("\n")) + 1
}

// CutShortMessage is the error of a file CutShort finds cut short.
const CutShortMessage = "the file ends in the middle of a line (no line end after it): it looks cut short, so none of it is read; if it is whole, end its last line"

func unquote(f string) string {
	if len(f) >= 2 && f[0] == '"' && f[len(f)-1] == '"' {
		return strings.TrimSpace(strings.ReplaceAll(f[1:len(f)-1], `""`, `"`))
	}
	return f
}

// Empty reports whether a field holds no value: nothing, or one of the
// words exports write for a missing value (None, NA, NaN, null).
func Empty(f string) bool {
	switch strings.ToLower(f) {
	case "", "none", "na", "nan", "null", "n/a":
		return true
	}
	return false
}

// Header finds columns by name, ignoring case, spaces and punctuation, so
// that "Event ID", "event_id" and "EventID" are the same column.
type Header struct {
	Names []string // as written in the file
	index map[string]int
}

// NewHeader indexes a header row; the first of two equal names wins.
func NewHeader(fields []string) Header {
	h := Header{Names: fields, index: make(map[string]int, len(fields))}
	for i, f := range fields {
		if k := fold(f); k != "" {
			if _, dup := h.index[k]; !dup {
				h.index[k] = i
			}
		}
	}
	return h
}

// Index returns the 0-based index of the first of names the header has,
// or -1.
func (h Header) Index(names ...string) int {
	for _, n := range names {
		if i, ok := h.index[fold(n)]; ok {
			return i
		}
	}
	return -1
}

func fold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
