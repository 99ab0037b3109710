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
	return Collect(func(yield Yield) error {
		return ReadNative(file, bytes.NewReader(data), check, PickAll, yield)
	})
}

// Yield receives the documents of a file one at a time: a document (nil
// when it has an error, or when only problems of the file are given) and
// the problems found in it. An error it returns stops the reading and is
// returned by the reader.
type Yield func(doc *Document, probs Problems) error

// Collect gathers what read yields into the documents without errors and
// every problem.
func Collect(read func(Yield) error) ([]Document, Problems) {
	var docs []Document
	var probs Problems
	_ = read(func(d *Document, ps Problems) error { // this yield never fails
		probs = append(probs, ps...)
		if d != nil {
			docs = append(docs, *d)
		}
		return nil
	})
	return docs, probs
}

// Pick selects documents of a native file by whether they are gazetteers,
// so that an import can read its files twice, gazetteers first, without
// checking a document twice. A document is a gazetteer when it is an
// object with the field "gazetteer" written out; anything malformed is not.
type Pick int

// Picks.
const (
	PickAll        Pick = iota // every document
	PickGazetteers             // the gazetteers only, and no problem of anything else
	PickOthers                 // everything but the gazetteers of a file of documents that are all well formed
)

func (p Pick) takes(gazetteer bool) bool {
	return p == PickAll || gazetteer == (p == PickGazetteers)
}

var gazetteerField = []byte("gazetteer")

// isGazetteer reports whether the value v decoded from src is a gazetteer.
func isGazetteer(src []byte, v any) bool {
	obj, ok := v.(map[string]any)
	if !ok || !bytes.Contains(src, gazetteerField) {
		return false
	}
	_, ok = obj["gazetteer"]
	return ok
}

// ReadNative reads the documents of one native file from r, one at a time,
// and gives those pick selects to yield. A JSON Lines file is read line by
// line, each line a document that imports or fails alone. A JSON or YAML
// file is read whole and fails whole: if any of its documents (YAML may
// hold several) has an error, none is given. A YAML file that does not end
// with a line break looks cut short and is refused.
func ReadNative(file string, r io.Reader, check Checker, pick Pick, yield Yield) error {
	switch strings.ToLower(filepath.Ext(file)) {
	case ".jsonl", ".ndjson":
		return StreamLines(file, r, func(n int, line []byte) error {
			if pick == PickGazetteers && !bytes.Contains(line, gazetteerField) {
				return nil // cheap: most lines are articles
			}
			raw, err := decodeJSON(line)
			if err != nil {
				if pick == PickGazetteers {
					return nil
				}
				p := syntaxProblem(file, err)
				p.Line = n
				return yield(nil, Problems{p})
			}
			if !pick.takes(isGazetteer(line, raw.value)) {
				return nil
			}
			raw.line = n
			doc, ps := raw.document(file, check)
			if ps.HasErrors() {
				return yield(nil, ps)
			}
			return yield(&doc, ps)
		}, yield)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return yield(nil, Problems{{Severity: Error, File: file, Message: err.Error()}})
	}
	if pick == PickGazetteers && !bytes.Contains(data, gazetteerField) {
		return nil
	}
	raws, err := decodeFile(file, data)
	if err != nil {
		if pick == PickGazetteers {
			return nil
		}
		return yield(nil, Problems{syntaxProblem(file, err)})
	}
	return whole(file, data, raws, check, pick, yield)
}

// whole checks the documents of a JSON or YAML file and gives those pick
// selects, or, if any has an error, every problem and no document.
func whole(file string, data []byte, raws []raw, check Checker, pick Pick, yield Yield) error {
	picked := false
	for _, r := range raws {
		picked = picked || pick.takes(isGazetteer(data, r.value))
	}
	if !picked && pick == PickGazetteers {
		return nil
	}
	docs := make([]Document, len(raws))
	probs := make([]Problems, len(raws))
	var all Problems
	for i, r := range raws {
		docs[i], probs[i] = r.document(file, check)
		if len(raws) > 1 {
			docs[i].Line = r.lines[""] // where it starts
		}
		all = append(all, probs[i]...)
	}
	if all.HasErrors() {
		if pick == PickGazetteers {
			return nil // reported when the rest is read
		}
		return yield(nil, all)
	}
	for i, r := range raws {
		if pick.takes(isGazetteer(data, r.value)) {
			if err := yield(&docs[i], probs[i]); err != nil {
				return err
			}
		}
	}
	return nil
}

// decodeFile decodes the documents of a JSON file (one) or a YAML file
// (one or more).
func decodeFile(file string, data []byte) ([]raw, error) {
	switch strings.ToLower(filepath.Ext(file)) {
	case ".yaml", ".yml":
		if len(data) > 0 && data[len(data)-1] != '\n' {
			return nil, errors.New("the file does not end with a line break, as a file cut short does not: a YAML file must end with one")
		}
		return decodeYAML(data)
	}
	r, err := decodeJSON(data)
	if err != nil {
		return nil, err
	}
	return []raw{r}, nil
}

// MaxLine bounds the length of a line of a JSON Lines file.
const MaxLine = 64 << 20

// StreamLines calls fn with each line of a JSON Lines file read from r,
// without its line break, and its number (from 1); blank lines are
// skipped. A line longer than MaxLine, or a read error, is given to yield
// as an error of its line, and ends the reading.
func StreamLines(file string, r io.Reader, fn func(n int, line []byte) error, yield Yield) error {
	br := bufio.NewReaderSize(r, 64<<10)
	var long []byte
	for n := 1; ; n++ {
		line, err := br.ReadSlice('\n')
		for errors.Is(err, bufio.ErrBufferFull) && len(long) <= MaxLine {
			long = append(long, line...)
			line, err = br.ReadSlice('\n')
		}
		if long != nil {
			line, long = append(long, line...), nil
		}
		if len(bytes.TrimRight(line, "\r\n")) > MaxLine {
			return yield(nil, Problems{{Severity: Error, File: file, Line: n,
				Message: fmt.Sprintf("line longer than %d MiB; the rest of the file is not read", MaxLine>>20)}})
		}
		if err != nil && err != io.EOF {
			return yield(nil, Problems{{Severity: Error, File: file, Line: n, Message: "cannot read the line: " + err.Error()}})
		}
		if len(bytes.TrimSpace(line)) > 0 {
			if ferr := fn(n, bytes.TrimRight(line, "\r\n")); ferr != nil {
				return ferr
			}
		}
		if err == io.EOF {
			return nil
		}
	}
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

// decodeYAML decodes the documents of a YAML stream into the generic values
// JSON would give, noting the line of every value. Scalars keep their text
// where YAML would read a timestamp, so dates stay strings. Empty documents
// are left out; a stream without any is an error.
func decodeYAML(data []byte) ([]raw, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var raws []raw
	for {
		var root yaml.Node
		err := dec.Decode(&root)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if len(root.Content) == 0 {
			continue
		}
		r := raw{lines: map[string]int{}}
		if r.value, err = yamlValue(root.Content[0], "", 0, r.lines); err != nil {
			return nil, err
		}
		raws = append(raws, r)
	}
	if len(raws) == 0 {
		return nil, errors.New("empty document")
	}
	return raws, nil
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
