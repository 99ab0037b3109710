// Package yamlfile reads geokg's YAML settings files (the relation types of
// internal/ontology, the label mappings of internal/formats/mapping) by one
// set of rules: a size limit, one document, strict decoding (a field the
// target has no place for is an error), no panic from the YAML library, and
// errors in one shape, "name:line: message", as *graph.Error with code
// graph.EInvalid and details "file" and "line".
package yamlfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/geokg/geokg/internal/graph"
)

// Read reads all of r, refusing more than limit bytes. name, usually the
// file name, is used in error messages.
func Read(r io.Reader, name string, limit int) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, int64(limit)+1))
	if err != nil {
		return nil, graph.Wrap(graph.EInvalid, err, "%s: cannot read", name)
	}
	if len(data) > limit {
		return nil, graph.Errorf(graph.EInvalid, "%s: larger than %d bytes", name, limit).With("file", name)
	}
	return data, nil
}

// Parse parses data into a node tree, for positions. It does not decode,
// so it is linear in the size of data: callers can look at the tree before
// Decode. Errors are as Error makes them.
func Parse(name string, data []byte, rename func(string) string) (doc yaml.Node, err error) {
	defer recoverTo(name, &err)
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return doc, Error(name, err, rename)
	}
	return doc, nil
}

// Decode decodes data, one YAML document, into v, strictly: a field v has
// no place for is an error. Empty data leaves v as it is; a second document
// is an error. Errors are as Error makes them.
func Decode(name string, data []byte, v any, rename func(string) string) (err error) {
	defer recoverTo(name, &err)
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) { // empty file
			return nil
		}
		return Error(name, err, rename)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return graph.Errorf(graph.EInvalid, "%s: more than one YAML document", name).With("file", name)
	}
	return nil
}

// recoverTo turns a panic of the YAML library into an error in *err: the
// library is not ours, and must never take the process down.
func recoverTo(name string, err *error) {
	if p := recover(); p != nil {
		*err = graph.Errorf(graph.EInvalid, "%s: cannot parse YAML: %v", name, p).With("file", name)
	}
}

var lineRE = regexp.MustCompile(`^line (\d+): (.*)$`)

// Error rewrites an error of gopkg.in/yaml.v3 as "name:line: message", one
// for each message of the error, joined by "; " ("name: message" for a
// message without a line). rename, when not nil, rewrites each message that
// has a line, after it: the YAML library names Go types the reader of the
// file should not see. Details hold "file" and the first "line".
func Error(name string, err error, rename func(string) string) error {
	msgs := []string{err.Error()}
	if te := (*yaml.TypeError)(nil); errors.As(err, &te) {
		msgs = slices.Clone(te.Errors)
	}
	line := 0
	for i, m := range msgs {
		m = strings.TrimPrefix(m, "yaml: ")
		if sub := lineRE.FindStringSubmatch(m); sub != nil {
			rest := sub[2]
			if rename != nil {
				rest = rename(rest)
			}
			if line == 0 {
				line, _ = strconv.Atoi(sub[1])
			}
			m = fmt.Sprintf("%s:%s: %s", name, sub[1], rest)
		} else {
			m = name + ": " + m
		}
		msgs[i] = m
	}
	e := graph.Errorf(graph.EInvalid, "%s", strings.Join(msgs, "; ")).With("file", name)
	if line > 0 {
		e = e.With("line", line)
	}
	return e
}
