package ontology

import (
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/yamlfile"
)

// MaxFileSize is the largest vocabulary file Load accepts, in bytes.
const MaxFileSize = 4 << 20

type file struct {
	Types []Type `yaml:"types"`
}

// Load reads a YAML file of relation types, the shape of builtin.yaml:
//
//	types:
//	  - id: blockades
//	    label: blockades
//	    class: event
//	    plover: COERCE
//	    cameo: "191"
//	    quad_class: 4
//	    intensity: -9.5
//
// Unknown fields are errors. Each type is checked on its own as Extend does;
// the rules that involve several types (duplicate ids and names, PLOVER
// defaults) are left to Extend. name, usually the file name, is used in
// error messages, which are *graph.Error with code graph.EInvalid, read
// "name:line: ..." and name the field at fault; details hold "file", "line"
// and "field". An empty file gives no types.
func Load(r io.Reader, name string) ([]Type, error) {
	data, err := yamlfile.Read(r, name, MaxFileSize)
	if err != nil {
		return nil, err
	}
	doc, f, err := parse(data, name)
	if err != nil || f.Types == nil {
		return nil, err
	}
	entries := entryNodes(&doc)
	for i := range f.Types {
		t := &f.Types[i]
		line, keys := 0, map[string]*yaml.Node{}
		if i < len(entries) {
			line = entries[i].Line
			for k := 0; k+1 < len(entries[i].Content); k += 2 {
				keys[entries[i].Content[k].Value] = entries[i].Content[k+1]
			}
		}
		t.src = name
		if line > 0 {
			t.src = name + ":" + strconv.Itoa(line)
		}
		p := check(t)
		if q := keys["quad_class"]; p == nil && q != nil && q.ShortTag() != "!!int" {
			p = &problem{field: "quad_class", msg: fmt.Sprintf("quad_class must be an integer, got %q", q.Value)}
		}
		if p == nil {
			continue
		}
		if n := keys[p.field]; n != nil {
			line = n.Line
		}
		e := graph.Errorf(graph.EInvalid, "%s:%d: types[%d] (id %q): field %q: %s", name, line, i, t.ID, p.field, p.msg).
			With("file", name).With("line", line).With("field", p.field)
		if p.allowed != nil {
			e = e.With("allowed", p.allowed)
		}
		return nil, e
	}
	return f.Types, nil
}

// parse decodes data into both a node tree, for positions, and a file.
func parse(data []byte, name string) (doc yaml.Node, f file, err error) {
	// Parse to nodes first: it is linear, and lets us refuse huge mappings
	// before the decoder checks them for duplicate keys in quadratic time.
	if doc, err = yamlfile.Parse(name, data, rename); err != nil {
		return doc, f, err
	}
	if n := bigMapping(&doc); n != nil {
		return doc, f, graph.Errorf(graph.EInvalid, "%s:%d: mapping with more than %d keys", name, n.Line, maxKeys).
			With("file", name).With("line", n.Line)
	}
	err = yamlfile.Decode(name, data, &f, rename)
	return doc, f, err
}

// maxKeys bounds the keys of any mapping; a type has far fewer fields.
const maxKeys = 100

// bigMapping returns a mapping node under n with more than maxKeys keys.
func bigMapping(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.MappingNode && len(n.Content) > 2*maxKeys {
		return n
	}
	for _, c := range n.Content { // alias nodes have no Content: cycles are not followed
		if b := bigMapping(c); b != nil {
			return b
		}
	}
	return nil
}

// entryNodes returns the mapping nodes of the entries under "types", in order.
func entryNodes(doc *yaml.Node) []*yaml.Node {
	deref := func(n *yaml.Node) *yaml.Node {
		for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 10; i++ {
			n = n.Alias
		}
		return n
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil
	}
	m := deref(doc.Content[0])
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	var out []*yaml.Node
	for k := 0; k+1 < len(m.Content); k += 2 {
		if s := deref(m.Content[k+1]); m.Content[k].Value == "types" && s != nil && s.Kind == yaml.SequenceNode {
			for _, e := range s.Content {
				if e = deref(e); e == nil || e.Kind != yaml.MappingNode {
					return nil // positions would not line up with the decoded types
				}
				out = append(out, e)
			}
		}
	}
	return out
}

var (
	fieldRE = regexp.MustCompile(`^field (.+) not found in type \S+$`)
	goTypes = strings.NewReplacer("ontology.file", "a mapping with key \"types\"", "ontology.Type", "a type")
)

// rename rewrites a message of the YAML library in the words of the file.
func rename(msg string) string {
	if f := fieldRE.FindStringSubmatch(msg); f != nil {
		msg = fmt.Sprintf("unknown field %q", f[1])
	}
	return goTypes.Replace(msg)
}
