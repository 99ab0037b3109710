package standoff

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/geokg/geokg/internal/formats/mapping"
)

// JSONError turns an error of encoding/json, met while decoding the value
// at JSON pointer ptr into a struct, into the pointer of the field at fault
// and a message for people. The struct must not reach that field through
// an array of objects: encoding/json does not say which element it was.
func JSONError(ptr string, err error) (string, string) {
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) {
		return ptr, strings.TrimPrefix(err.Error(), "json: ")
	}
	field := "the value"
	if te.Field != "" {
		ptr += "/" + strings.ReplaceAll(te.Field, ".", "/")
		field = te.Field
	}
	want := map[reflect.Kind]string{reflect.String: "a string", reflect.Bool: "true or false",
		reflect.Slice: "an array", reflect.Map: "an object", reflect.Struct: "an object"}[te.Type.Kind()]
	if want == "" {
		want = "a number"
		if k := te.Type.Kind(); k >= reflect.Int && k <= reflect.Uint64 {
			want = "an integer"
		}
	}
	return ptr, fmt.Sprintf("%s must be %s, not %s", field, want, te.Value)
}

// JSONLine returns the line of the offset a JSON syntax or type error
// gives, or 0.
func JSONLine(data []byte, err error) int {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	off := int64(-1)
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
	}
	if off < 0 {
		return 0
	}
	return strings.Count(string(data[:min(int(off), len(data))]), "\n") + 1
}

// Object is a JSON object of a document with its place.
type Object struct {
	At     Loc // the object's place; fields are reported at At.Pointer + "/" + field
	Fields map[string]json.RawMessage
}

// JSONMeta sets the article fields from JSON objects, the first object that
// has a field as a string winning, and returns the notes by annotation id.
// The first object is geokg's own ("geokg" in the document): its fields must
// be strings, "notes" an object of strings, and other fields are warned
// about. The others (the tool's record) give a field under its name or
// under the key the mapping's fields names for it (Mapping.FieldKeys).
func (b *Builder) JSONMeta(own Object, others ...Object) (notes map[string]string) {
	at := func(o Object, k string) Loc { return Loc{Line: o.At.Line, Pointer: Pointer(o.At.Pointer, k)} }
	for _, k := range slices.Sorted(maps.Keys(own.Fields)) {
		var s string
		switch {
		case k == "notes":
			if json.Unmarshal(own.Fields[k], &notes) != nil {
				b.Errorf(at(own, k), "notes must be an object of strings")
			}
		case !slices.Contains(mapping.ArticleFields, k):
			b.Warnf(at(own, k), "unknown field %q ignored (want %s, notes)", k, strings.Join(mapping.ArticleFields, ", "))
		case json.Unmarshal(own.Fields[k], &s) != nil:
			b.Errorf(at(own, k), "%s must be a string", k)
		}
	}
	for _, k := range mapping.ArticleFields {
	objects:
		for i, o := range append([]Object{own}, others...) {
			keys := []string{k}
			if i > 0 {
				keys = b.m.FieldKeys(k)
			}
			for _, key := range keys {
				var s string
				if v, ok := o.Fields[key]; ok && json.Unmarshal(v, &s) == nil && s != "" {
					b.Meta(k, s, at(o, key))
					break objects
				}
			}
		}
	}
	return notes
}

// Pointer appends tokens to a JSON pointer, escaping "~" and "/".
func Pointer(base string, tokens ...string) string {
	for _, t := range tokens {
		base += "/" + strings.ReplaceAll(strings.ReplaceAll(t, "~", "~0"), "/", "~1")
	}
	return base
}

// RecordID returns the default article id of a record (a task, a line) of
// a file: the id FromFileName gives and the record's own id (a JSON number
// or string), "export-12"; the file's id alone if the record has none.
func RecordID(base string, id json.RawMessage) string {
	var n json.Number
	var s string
	switch {
	case json.Unmarshal(id, &n) == nil && n != "":
		s = n.String()
	case json.Unmarshal(id, &s) == nil && s != "":
	default:
		return base
	}
	return base + "-" + strings.Trim(idCharsRE.ReplaceAllString(strings.ToLower(s), "-"), "-")
}
