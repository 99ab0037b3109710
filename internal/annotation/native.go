package annotation

import (
	"bufio"
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"gopkg.in/yaml.v3"
)

//go:embed schema/article.v1.json
var schemaFS embed.FS

// SchemaJSON returns the JSON Schema of the native format.
func SchemaJSON() []byte {
	b, _ := schemaFS.ReadFile("schema/article.v1.json")
	return b
}

var schema = func() *jsonschema.Schema {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(SchemaJSON()))
	if err != nil {
		panic(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("article.v1.json", doc); err != nil {
		panic(err)
	}
	return c.MustCompile("article.v1.json")
}()

// IsNative reports whether a file name has an extension of the native
// format.
func IsNative(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json", ".yaml", ".yml", ".jsonl", ".ndjson":
		return true
	}
	return false
}

// raw is one decoded document before it is checked: its generic value and
// the line of every JSON pointer in it.
type raw struct {
	value any
	lines map[string]int
	line  int // line of the document in a JSON Lines file
}

// ParseNative reads the documents of one native file. It returns the
// documents that are well formed and every problem found; a document with an
// error is not returned.
func ParseNative(file string, data []byte, check Checker) ([]Document, Problems) {
	var raws []raw
	var probs Problems
	switch strings.ToLower(filepath.Ext(file)) {
	case ".yaml", ".yml":
		r, err := decodeYAML(data)
		if err != nil {
			return nil, Problems{syntaxProblem(file, err)}
		}
		raws = append(raws, r)
	case ".jsonl", ".ndjson":
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
		for n := 1; sc.Scan(); n++ {
			if len(bytes.TrimSpace(sc.Bytes())) == 0 {
				continue
			}
			r, err := decodeJSON(sc.Bytes())
			if err != nil {
				p := syntaxProblem(file, err)
				p.Line = n
				probs = append(probs, p)
				continue
			}
			r.line = n
			raws = append(raws, r)
		}
		if err := sc.Err(); err != nil {
			probs = append(probs, Problem{Severity: Error, File: file, Message: err.Error()})
		}
	default:
		r, err := decodeJSON(data)
		if err != nil {
			return nil, Problems{syntaxProblem(file, err)}
		}
		raws = append(raws, r)
	}
	var docs []Document
	for _, r := range raws {
		doc, ps := r.document(file, check)
		probs = append(probs, ps...)
		if !ps.HasErrors() {
			docs = append(docs, doc)
		}
	}
	return docs, probs
}

// document checks one raw document against the schema and then against
// itself.
func (r raw) document(file string, check Checker) (Document, Problems) {
	at := func(p Problem) Problem {
		p.File = file
		if r.line > 0 {
			p.Line = r.line
		} else {
			p.Line = lineOf(r.lines, p.Pointer)
		}
		return p
	}
	var probs Problems
	if err := schema.Validate(r.value); err != nil {
		var ve *jsonschema.ValidationError
		if !errors.As(err, &ve) {
			return Document{}, Problems{at(Problem{Severity: Error, Message: err.Error()})}
		}
		for _, l := range leafErrors(ve) {
			ptr := ""
			for _, tok := range l.InstanceLocation {
				ptr += "/" + escapePointer(tok)
			}
			probs = append(probs, at(Problem{Severity: Error, Pointer: ptr, Message: l.ErrorKind.LocalizedString(printer)}))
		}
		return Document{}, probs
	}
	b, err := json.Marshal(r.value)
	if err != nil {
		return Document{}, Problems{at(Problem{Severity: Error, Message: err.Error()})}
	}
	var doc Document
	if err := json.Unmarshal(b, &doc); err != nil {
		return Document{}, Problems{at(Problem{Severity: Error, Message: err.Error()})}
	}
	doc.File, doc.Line = file, r.line
	for _, p := range check.Check(&doc) {
		probs = append(probs, at(p))
	}
	return doc, probs
}

var printer = message.NewPrinter(language.English)

// leafErrors returns the most precise errors of a validation: those with no
// causes of their own.
func leafErrors(e *jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(e.Causes) == 0 {
		return []*jsonschema.ValidationError{e}
	}
	var out []*jsonschema.ValidationError
	for _, c := range e.Causes {
		out = append(out, leafErrors(c)...)
	}
	return out
}

func syntaxProblem(file string, err error) Problem {
	p := Problem{Severity: Error, File: file, Message: "malformed input: " + err.Error()}
	var le *lineError
	if errors.As(err, &le) {
		p.Line, p.Message = le.line, "malformed input: "+le.err.Error()
	}
	return p
}

type lineError struct {
	line int
	err  error
}

func (e *lineError) Error() string { return fmt.Sprintf("line %d: %v", e.line, e.err) }

// MaxDepth bounds how deeply the values of a native document nest (the
// document itself is at depth 0). Valid documents nest 5 deep; the bound
// keeps a small hostile file (100,000 nested arrays) from taking the memory
// and stack of the process, in JSON as in YAML.
const MaxDepth = 64

var errTooDeep = fmt.Errorf("values nest deeper than %d levels", MaxDepth)

// lineCounter gives the line of byte offsets of data in linear time when
// they are asked for in increasing order, as a decoder meets them.
type lineCounter struct {
	data []byte
	off  int64 // data[:off] has line-1 newlines
	line int
}

// at returns the line (from 1) of the byte at off.
func (c *lineCounter) at(off int64) int {
	off = min(max(off, 0), int64(len(c.data)))
	if off < c.off {
		c.off, c.line = 0, 1
	}
	c.line += bytes.Count(c.data[c.off:off], []byte("\n"))
	c.off = off
	return c.line
}

// decodeJSON decodes one JSON document into generic values, noting the line
// of every value.
func decodeJSON(data []byte) (raw, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	r := raw{lines: map[string]int{}}
	lines := lineCounter{data: data, line: 1}
	lineAt := func(off int64) int {
		for off < int64(len(data)) && strings.IndexByte(" \t\r\n:,", data[off]) >= 0 {
			off++
		}
		return lines.at(off)
	}
	fail := func(err error) (raw, error) {
		off := dec.InputOffset()
		var se *json.SyntaxError
		if errors.As(err, &se) {
			off = se.Offset
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			err = errors.New("unexpected end of input")
		}
		var le *lineError
		if errors.As(err, &le) {
			return raw{}, le
		}
		return raw{}, &lineError{line: lines.at(off), err: err}
	}
	var walk func(ptr string, depth int) (any, error)
	walk = func(ptr string, depth int) (any, error) {
		line := lineAt(dec.InputOffset())
		if depth > MaxDepth {
			return nil, &lineError{line: line, err: errTooDeep}
		}
		r.lines[ptr] = line
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		switch tok {
		case json.Delim('{'):
			obj := map[string]any{}
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return nil, err
				}
				key := k.(string)
				if _, dup := obj[key]; dup {
					return nil, fmt.Errorf("duplicate key %q in %s", key, orRoot(ptr))
				}
				if obj[key], err = walk(ptr+"/"+escapePointer(key), depth+1); err != nil {
					return nil, err
				}
			}
			_, err := dec.Token()
			return obj, err
		case json.Delim('['):
			arr := []any{}
			for i := 0; dec.More(); i++ {
				v, err := walk(ptr+"/"+strconv.Itoa(i), depth+1)
				if err != nil {
					return nil, err
				}
				arr = append(arr, v)
			}
			_, err := dec.Token()
			return arr, err
		}
		return tok, nil
	}
	v, err := walk("", 0)
	if err != nil {
		return fail(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return fail(errors.New("unexpected data after the document"))
	}
	r.value = v
	return r, nil
}

// decodeYAML decodes one YAML document into the generic values JSON would
// give, noting the line of every value. Scalars keep their text where YAML
// would read a timestamp, so dates stay strings.
func decodeYAML(data []byte) (raw, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return raw{}, err
	}
	r := raw{lines: map[string]int{}}
	if len(root.Content) == 0 {
		return raw{}, errors.New("empty document")
	}
	v, err := yamlValue(root.Content[0], "", 0, r.lines)
	r.value = v
	return r, err
}

func yamlValue(n *yaml.Node, ptr string, depth int, lines map[string]int) (any, error) {
	if depth > MaxDepth {
		return nil, &lineError{line: n.Line, err: errTooDeep}
	}
	lines[ptr] = n.Line
	switch n.Kind {
	case yaml.AliasNode:
		// Expanding aliases can blow a small file up exponentially.
		return nil, &lineError{line: n.Line, err: errors.New("YAML aliases are not supported: write the value out")}
	case yaml.MappingNode:
		obj := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind != yaml.ScalarNode {
				return nil, &lineError{line: k.Line, err: errors.New("mapping keys must be strings")}
			}
			if _, dup := obj[k.Value]; dup {
				return nil, &lineError{line: k.Line, err: fmt.Errorf("duplicate key %q", k.Value)}
			}
			v, err := yamlValue(n.Content[i+1], ptr+"/"+escapePointer(k.Value), depth+1, lines)
			if err != nil {
				return nil, err
			}
			obj[k.Value] = v
		}
		return obj, nil
	case yaml.SequenceNode:
		arr := []any{}
		for i, c := range n.Content {
			v, err := yamlValue(c, ptr+"/"+strconv.Itoa(i), depth+1, lines)
			if err != nil {
				return nil, err
			}
			arr = append(arr, v)
		}
		return arr, nil
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return nil, nil
		case "!!bool":
			var b bool
			if err := n.Decode(&b); err != nil {
				return nil, &lineError{line: n.Line, err: err}
			}
			return b, nil
		case "!!int", "!!float":
			var f float64
			if err := n.Decode(&f); err != nil {
				return nil, &lineError{line: n.Line, err: err}
			}
			return json.Number(strconv.FormatFloat(f, 'f', -1, 64)), nil
		}
		return n.Value, nil
	}
	return nil, &lineError{line: n.Line, err: fmt.Errorf("unsupported YAML node")}
}

func escapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

func orRoot(ptr string) string {
	if ptr == "" {
		return "the document"
	}
	return ptr
}

// lineOf returns the line of the value at ptr, or of its nearest ancestor.
func lineOf(lines map[string]int, ptr string) int {
	for {
		if l, ok := lines[ptr]; ok {
			return l
		}
		i := strings.LastIndexByte(ptr, '/')
		if i < 0 {
			return lines[""]
		}
		ptr = ptr[:i]
	}
}
