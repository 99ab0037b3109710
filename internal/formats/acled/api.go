package acled

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/geokg/geokg/internal/formats/eventdata"
)

// readTable reads an ACLED file as a table of the columns asked for: a
// CSV file, or an answer of ACLED's API in JSON (apiRecords), whose
// records are the rows. It returns false, with the error in b, for a file
// that cannot be read, and a nil table for an API answer that lists no
// records.
func readTable(b *eventdata.Builder, data []byte, columns [][]string, required int) (*eventdata.Table, bool) {
	if !isJSON(data) {
		return eventdata.ReadCSVTable(b, data, "ACLED", columns, required)
	}
	line, names, rows, ok := apiRecords(b, data)
	if !ok || len(rows) == 0 {
		return nil, ok
	}
	return eventdata.RecordTable(b, line, names, rows, "ACLED", columns, required)
}

// isJSON reports whether data looks like JSON: its first character, after
// a byte order mark and spaces (jsonStart), opens an object or an array.
func isJSON(data []byte) bool {
	data = jsonStart(data)
	return len(data) > 0 && (data[0] == '{' || data[0] == '[')
}

// jsonStart returns data without a byte order mark and the spaces before
// its first character.
func jsonStart(data []byte) []byte {
	return bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
}

// apiRecords reads an answer of ACLED's API in JSON, its default format:
// one object, {"status":200,"success":true,"last_update":…,"count":N,
// "messages":[],"data":[{…},…],"filename":…}, whose data lists one object
// per record, their values strings ("time_precision":"1"), or numbers,
// null or "" when empty. It returns the line where data starts, the
// field names of the records (sorted), and a row of them per record, at
// the line where it starts and with its pointer ("/data/3"): a field a
// record lacks is "", and a value that is neither a string, a number, a
// boolean nor null is read as "" and counted in a warning. An answer of
// "success": false (the API's error: {"status":403,"success":false,
// "error":{"status":403,"message":"…"}}), one whose "count" is not the
// number of records, and anything but one such object are errors, and
// nothing of the file is read.
func apiRecords(b *eventdata.Builder, data []byte) (line int, names []string, rows []eventdata.Row, ok bool) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	lines := lineCounter{data: data, line: 1}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	fail := func(err error) (int, []string, []eventdata.Row, bool) {
		var syn *json.SyntaxError
		switch {
		case errors.As(err, &syn):
			b.Errorf(lines.at(syn.Offset), "not JSON: %v; none of the file is read", err)
		case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
			b.Errorf(lines.at(int64(len(data))), "the JSON ends before its object does: the file looks cut short, so none of it is read")
		default:
			b.Errorf(lines.at(dec.InputOffset()), "%v; none of the file is read", err)
		}
		return 0, nil, nil, false
	}
	if tok, err := dec.Token(); err != nil {
		return fail(err)
	} else if tok != json.Delim('{') {
		return fail(errors.New(`not an answer of ACLED's API: want a JSON object with the records in "data"`))
	}
	var (
		success, hasData, hasCount = true, false, false
		apiError                   string
		count                      any   // as given
		records                    []any // of data
	)
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return fail(err)
		}
		var v any
		switch key, _ := tok.(string); key {
		case "data":
			if tok, err := dec.Token(); err != nil {
				return fail(err)
			} else if tok != json.Delim('[') {
				return fail(errors.New(`"data" is not a list of records`))
			}
			hasData, line = true, lines.at(dec.InputOffset())
			for dec.More() {
				off := dec.InputOffset() // where the record starts, after spaces and its comma
				rest := data[off:]
				start := lines.at(off + int64(len(rest)-len(bytes.TrimLeft(rest, " \t\r\n,"))))
				if err := dec.Decode(&v); err != nil {
					return fail(err)
				}
				rec, isObject := v.(map[string]any)
				if !isObject {
					return fail(fmt.Errorf("record %d of \"data\" is not an object", len(records)))
				}
				records = append(records, rec)
				rows = append(rows, eventdata.Row{Line: start})
			}
			if _, err := dec.Token(); err != nil {
				return fail(err)
			}
			continue
		case "count":
			if err := dec.Decode(&v); err != nil {
				return fail(err)
			}
			count, hasCount = v, true
			continue
		case "success":
			if err := dec.Decode(&v); err != nil {
				return fail(err)
			}
			success = v != false
			continue
		case "error":
			if err := dec.Decode(&v); err != nil {
				return fail(err)
			}
			apiError = errorMessage(v)
			continue
		}
		if err := dec.Decode(&v); err != nil { // status, last_update, messages, filename…
			return fail(err)
		}
	}
	if _, err := dec.Token(); err != nil {
		return fail(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return fail(errors.New("more after the answer's object: a file holds one answer of the API"))
	}
	switch {
	case !success:
		b.Errorf(1, "the ACLED API answered with an error: %s; the file holds no records", cmp.Or(apiError, `"success": false, without a message`))
		return 0, nil, nil, false
	case !hasData:
		b.Errorf(1, `the answer has no "data": not an answer of ACLED's read commands`)
		return 0, nil, nil, false
	case hasCount && !sameCount(count, len(records)):
		b.Errorf(1, `"count" says %v records but "data" holds %d: the answer is not whole, so none of it is read`, count, len(records))
		return 0, nil, nil, false
	}
	fields := map[string]bool{}
	for _, rec := range records {
		for k := range rec.(map[string]any) {
			fields[k] = true
		}
	}
	names = slices.Sorted(maps.Keys(fields))
	for i, rec := range records {
		row := &rows[i]
		row.Pointer = "/data/" + strconv.Itoa(i)
		row.Fields = make([]string, len(names))
		for j, name := range names {
			s, ok := scalar(rec.(map[string]any)[name])
			if !ok {
				b.Count(row.Line, fmt.Sprintf("with a field %q that is not a string or a number, read as empty", name))
			}
			row.Fields[j] = strings.TrimSpace(s)
		}
	}
	return line, names, rows, true
}

// lineCounter numbers the lines of data at offsets that never go back.
type lineCounter struct {
	data []byte
	off  int64
	line int
}

func (c *lineCounter) at(off int64) int {
	off = min(max(off, c.off), int64(len(c.data)))
	c.line += bytes.Count(c.data[c.off:off], []byte("\n"))
	c.off = off
	return c.line
}

// scalar returns a JSON value as the text a CSV export writes for it: a
// string as it is, a number as written, a boolean as true or false, null
// as ""; false for an object or a list.
func scalar(v any) (string, bool) {
	switch v := v.(type) {
	case nil:
		return "", true
	case string:
		return v, true
	case json.Number:
		return v.String(), true
	case bool:
		return strconv.FormatBool(v), true
	}
	return "", false
}

// sameCount reports whether the API's "count", a number or a string of
// digits, is n.
func sameCount(count any, n int) bool {
	s, _ := scalar(count)
	c, err := strconv.Atoi(s)
	return err == nil && c == n
}

// errorMessage returns what an API's "error" says: its message (and
// status), or the messages of a list of them, or the string it is.
func errorMessage(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case map[string]any:
		msg, _ := scalar(v["message"])
		if status, _ := scalar(v["status"]); status != "" {
			return fmt.Sprintf("status %s: %s", status, cmp.Or(msg, "no message"))
		}
		return msg
	case []any:
		var msgs []string
		for _, e := range v {
			if m := errorMessage(e); m != "" {
				msgs = append(msgs, m)
			}
		}
		return strings.Join(msgs, "; ")
	}
	return ""
}
