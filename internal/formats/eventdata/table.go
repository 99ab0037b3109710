// Package eventdata holds what the readers of coded event data (GDELT,
// POLECAT, ICEWS, ACLED) share: tab-separated rows with their line
// numbers, tables (tab-separated or CSV) whose columns are found by header
// name, CAMEO codes, entity kinds and names from CAMEO actor codes, and a
// Builder that collapses the many reports of one event into one relation
// and turns a file into dataset documents (one, or one per story or
// event).
package eventdata

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"
	"unicode"

	"github.com/geokg/geokg/internal/annotation"
)

// Row is one non-blank line of a tab-separated file, one record of a
// comma-separated one, or one object of a JSON file (RecordTable).
type Row struct {
	Line   int      // 1-based line number (of a JSON object, where it starts)
	Fields []string // trimmed, valid UTF-8, a field quoted whole unquoted
	// Pointer is the JSON pointer of a JSON object ("/data/3"), which
	// problems with its fields name; "" in a text file.
	Pointer string
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

// ReadRows returns the rows of data (Rows), or false with an error in b
// when it has none (empty is the message) or is cut short (CutShort).
func ReadRows(b *Builder, data []byte, empty string) ([]Row, bool) {
	rows := Rows(data)
	if len(rows) == 0 {
		b.Errorf(0, "%s", empty)
		return nil, false
	}
	if n := CutShort(data); n > 0 {
		b.Errorf(n, "%s", CutShortMessage)
		return nil, false
	}
	return rows, true
}

// Table is a tab-separated or CSV file with a header row, its columns
// found by name (Header).
type Table struct {
	Header Header
	rows   []Row  // after the header
	index  []int  // of each column asked for; -1 when the file lacks it
	width  int    // the header's columns: its names up to the last not empty
	sep    string // "tab-separated", "comma-separated"; "" for records (RecordTable)
}

// ReadTable reads data as a table with a header row and finds in it each
// column of columns (each listed with the names it may have, the first as
// files name it); the first required of them must be there. what names the
// format in errors ("POLECAT"). It returns false, with the error in b, when
// the file is empty or cut short (ReadRows) or its header lacks a required
// column.
func ReadTable(b *Builder, data []byte, what string, columns [][]string, required int) (*Table, bool) {
	rows, ok := ReadRows(b, data, "empty file: no "+what+" header")
	if !ok {
		return nil, false
	}
	return newTable(b, rows, "tab-separated", what, columns, required)
}

// ReadCSVTable is ReadTable for a CSV file (RFC 4180: fields separated by
// commas, quoted when they hold a comma, a quote or a line end). A quote
// out of place is an error naming its line and column, and nothing of the
// file is read: where its fields end cannot be told.
func ReadCSVTable(b *Builder, data []byte, what string, columns [][]string, required int) (*Table, bool) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if n := CutShort(data); n > 0 {
		b.Errorf(n, "%s", CutShortMessage)
		return nil, false
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1 // rows of more or fewer fields than the header are counted by Table.Rows
	var rows []Row
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if perr, ok := errors.AsType[*csv.ParseError](err); ok {
			b.Errorf(perr.Line, "byte %d of the line: %v; none of the file is read", perr.Column, perr.Err)
			return nil, false
		} else if err != nil {
			b.Errorf(0, "%v", err)
			return nil, false
		}
		line, _ := r.FieldPos(0)
		for i, f := range rec {
			rec[i] = strings.TrimSpace(strings.ToValidUTF8(f, "\uFFFD"))
		}
		if strings.Join(rec, "") != "" {
			rows = append(rows, Row{Line: line, Fields: rec})
		}
	}
	if len(rows) == 0 {
		b.Errorf(0, "empty file: no %s header", what)
		return nil, false
	}
	return newTable(b, rows, "comma-separated", what, columns, required)
}

// RecordTable is ReadTable for records that are not lines of text, such
// as the objects of a JSON file: names are the header, and each row has a
// field for each name ("" for a name the record lacks) and its line and
// Pointer. A problem with a field names it by its pointer; line is where
// the records are (0 for the whole file) for a missing required column.
func RecordTable(b *Builder, line int, names []string, rows []Row, what string, columns [][]string, required int) (*Table, bool) {
	return newTable(b, append([]Row{{Line: line, Fields: names}}, rows...), "", what, columns, required)
}

func newTable(b *Builder, rows []Row, sep, what string, columns [][]string, required int) (*Table, bool) {
	t := &Table{Header: NewHeader(rows[0].Fields), rows: rows[1:], index: make([]int, len(columns)), sep: sep}
	// The header's columns end at its last name: a separator after it
	// names none.
	t.width = len(t.Header.Names)
	for t.width > 0 && t.Header.Names[t.width-1] == "" {
		t.width--
	}
	var missing, all []string // required columns: those the header lacks, all of them
	for c, names := range columns {
		t.index[c] = t.Header.Index(names...)
		if c < required {
			all = append(all, fmt.Sprintf("%q", names[0]))
			if t.index[c] < 0 {
				missing = append(missing, all[c])
			}
		}
	}
	if len(missing) > 0 {
		lacks := "the header lacks required columns"
		if sep == "" {
			lacks = "the records lack required fields"
		}
		msg := fmt.Sprintf("%s: %s; is this a%s %s file?", lacks, strings.Join(missing, ", "), article(what), what)
		if len(missing) < len(all) {
			msg += fmt.Sprintf(" The reader needs %s and %s.", strings.Join(all[:len(all)-1], ", "), all[len(all)-1])
		}
		b.Errorf(rows[0].Line, "%s", msg)
		return nil, false
	}
	return t, true
}

// article is the indefinite article's ending before a format's name:
// "a POLECAT file", "an ICEWS file", "an ACLED file".
func article(name string) string {
	if name != "" && strings.ContainsRune("AEIOU", rune(name[0])) {
		return "n"
	}
	return ""
}

// Rows yields the rows after the header, in file order, each with a field
// for each of the header's columns. A row of fewer fields, or of more that
// are not all empty, is skipped, counted in one warning of b naming its
// lines: a separator missing, or one more in a field, would shift the
// columns after it. A row whose extra fields are empty (separators at the
// end of the line) is read without them, counted in another warning.
func (t *Table) Rows(b *Builder) iter.Seq[Row] {
	return func(yield func(Row) bool) {
		for _, row := range t.rows {
			extra := row.Fields[min(len(row.Fields), t.width):]
			switch {
			case len(row.Fields) < t.width:
				b.Skip(row.Line, fmt.Sprintf("with fewer %s fields than the %d columns of the header", t.sep, t.width))
				continue
			case strings.Join(extra, "") != "":
				b.Skip(row.Line, fmt.Sprintf("with more %s fields than the %d columns of the header, the extra ones not empty", t.sep, t.width))
				continue
			case len(extra) > 0:
				b.Count(row.Line, fmt.Sprintf("with empty fields after the %d columns of the header, read without them", t.width))
			}
			if !yield(row) {
				return
			}
		}
	}
}

// Has reports whether the file has column c (an index into the columns
// given to ReadTable).
func (t *Table) Has(c int) bool { return t.index[c] >= 0 }

// Field returns the index of column c in the fields of a row that Rows
// yields, or -1 when the file lacks the column.
func (t *Table) Field(c int) int { return t.index[c] }

// Get returns the value of column c in row: "" when the file or the row
// lacks it or it holds a missing-value word (Empty).
func (t *Table) Get(row Row, c int) string {
	i := t.index[c]
	if i < 0 || i >= len(row.Fields) || Empty(row.Fields[i]) {
		return ""
	}
	return row.Fields[i]
}

// Bad warns in b that row is skipped because of the value of column c,
// naming the line, the column's number and its name in the header (of a
// record, the field's JSON pointer).
func (t *Table) Bad(b *Builder, row Row, c int, why string) {
	i := t.index[c]
	if row.Pointer == "" {
		b.BadValue(row.Line, i+1, t.Header.Names[i], t.Get(row, c), why)
		return
	}
	b.add(annotation.Warning, row.Line, row.Pointer+"/"+t.Header.Names[i], fmt.Sprintf("%q %s; row skipped", t.Get(row, c), why))
}

// Refuse is Bad as an error: the row is left out, and the file has an
// error, for a row that must not be skipped quietly.
func (t *Table) Refuse(b *Builder, row Row, c int, why string) {
	i := t.index[c]
	if row.Pointer == "" {
		b.Errorf(row.Line, "column %d %s: %q %s", i+1, t.Header.Names[i], t.Get(row, c), why)
		return
	}
	b.add(annotation.Error, row.Line, row.Pointer+"/"+t.Header.Names[i], fmt.Sprintf("%q %s", t.Get(row, c), why))
}

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
