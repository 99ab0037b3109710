package brat

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/formats/standoff"
)

// ConfName is the name of brat's annotation configuration file, which
// brat looks up from a document's folder towards the root, the nearest
// one applying.
const ConfName = "annotation.conf"

// Config is what geokg reads of an annotation.conf: the relation types
// declared symmetric-transitive, whose * lines make entities one (Equiv,
// Alias…), the argument names of each relation type in the order
// declared, the first naming the source and the second the target,
// whatever order a line gives them in, and the attributes with their
// values.
type Config struct {
	File  string
	Equiv map[string]bool      // relation types that are equivalences
	Args  map[string][]string  // relation type → its argument names, in order
	Attrs map[string]Attribute // attribute name → its declaration
}

// Attribute is an attribute the [attributes] section declares: binary
// (Negation Arg:<EVENT>), without Values, or multi-valued (Confidence
// Arg:<EVENT>, Value:High|Medium|Low).
type Attribute struct {
	Values []string
	Line   int
}

// FindConfig returns the annotation.conf nearest to the .ann file (in its
// folder or a parent), parsed, or nil when there is none.
func FindConfig(ann string) (*Config, annotation.Problems) {
	dir, err := filepath.Abs(filepath.Dir(ann))
	if err != nil {
		return nil, nil
	}
	for {
		name := filepath.Join(dir, ConfName)
		data, err := os.ReadFile(name)
		switch {
		case err == nil:
			return ParseConfig(name, data)
		case !errors.Is(err, fs.ErrNotExist):
			return nil, annotation.Problems{{Severity: annotation.Error, File: name, Message: "cannot read brat's configuration: " + err.Error()}}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return nil, nil
		}
		dir = parent
	}
}

// ParseConfig reads the [relations] and [attributes] sections of an
// annotation.conf:
//
//	[relations]
//	Located   Arg1:Person, Arg2:GPE
//	Alias     Arg1:Person, Arg2:Person, <REL-TYPE>:symmetric-transitive
//
//	[attributes]
//	Negation    Arg:<EVENT>
//	Confidence  Arg:<EVENT>|<RELATION>, Value:High|Medium|Low
//
// Other sections, comments (#), macros and the <OVERLAP> line are
// skipped. A relation line without arguments, an argument that is not
// NAME:TYPES, an attribute without Arg: or with an empty value, and an
// attribute declared twice are errors naming their line.
func ParseConfig(file string, data []byte) (*Config, annotation.Problems) {
	c := &Config{File: file, Equiv: map[string]bool{}, Args: map[string][]string{}, Attrs: map[string]Attribute{}}
	var probs annotation.Problems
	fail := func(n int, msg string) {
		probs = append(probs, annotation.Problem{Severity: annotation.Error, File: file, Line: n, Message: msg})
	}
	section := ""
	for i, raw := range strings.Split(string(data), "\n") {
		n := i + 1
		l := strings.TrimSpace(raw)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if strings.HasPrefix(l, "[") && strings.HasSuffix(l, "]") {
			section = strings.TrimSpace(l[1 : len(l)-1])
			continue
		}
		if section == "attributes" {
			c.attribute(n, l, fail)
		}
		if section != "relations" {
			continue
		}
		typ, rest, _ := strings.Cut(strings.ReplaceAll(l, "\t", " "), " ")
		typ = strings.TrimPrefix(typ, "!") // not selectable in the editor: still a type
		switch {
		case strings.HasPrefix(typ, "<"):
			continue // a macro or the overlap rules
		case typ == "":
			fail(n, "a relation line needs a type before its arguments")
			continue
		}
		var names []string
		for _, arg := range strings.Split(rest, ",") {
			arg = strings.TrimSpace(arg)
			if arg == "" {
				continue
			}
			name, types, ok := strings.Cut(arg, ":")
			switch {
			case !ok || name == "" || types == "":
				fail(n, fmt.Sprintf("relation %s: argument %s is not NAME:TYPES", typ, standoff.Quote(arg)))
			case name == "<REL-TYPE>":
				if strings.Contains(types, "symmetric-transitive") {
					c.Equiv[typ] = true
				}
			default:
				names = append(names, name)
			}
		}
		if len(names) == 0 {
			fail(n, "relation "+typ+" declares no arguments (want e.g. Arg1:Person, Arg2:GPE)")
			continue
		}
		c.Args[typ] = names
	}
	return c, probs
}

// attribute reads a line of the [attributes] section.
func (c *Config) attribute(n int, l string, fail func(int, string)) {
	name, rest, _ := strings.Cut(strings.ReplaceAll(l, "\t", " "), " ")
	name = strings.TrimPrefix(name, "!")
	switch {
	case strings.HasPrefix(name, "<"):
		return // a macro
	case name == "":
		fail(n, "an attribute line needs a name before its arguments")
		return
	}
	if prev, dup := c.Attrs[name]; dup {
		fail(n, fmt.Sprintf("attribute %s is declared twice (first on line %d)", name, prev.Line))
		return
	}
	a, hasArg := Attribute{Line: n}, false
	for _, kv := range strings.Split(rest, ",") {
		kv = strings.TrimSpace(kv)
		if kv == "" {
			continue
		}
		key, val, ok := strings.Cut(kv, ":")
		switch {
		case !ok || key == "" || val == "":
			fail(n, fmt.Sprintf("attribute %s: %s is not KEY:VALUES (Arg:<EVENT>, Value:High|Low)", name, standoff.Quote(kv)))
			return
		case key == "Arg":
			hasArg = true
		case key == "Value":
			a.Values = strings.Split(val, "|")
			if slices.Contains(a.Values, "") {
				fail(n, fmt.Sprintf("attribute %s: Value:%s has an empty value", name, val))
				return
			}
		}
	}
	if !hasArg {
		fail(n, "attribute "+name+" declares no Arg: (want e.g. Arg:<EVENT>)")
		return
	}
	c.Attrs[name] = a
}

// checkAttribute says what is wrong with an attribute line's value by the
// configuration ("" when nothing is, or when the configuration does not
// declare the attribute).
func (c *Config) checkAttribute(name, value string) string {
	if c == nil {
		return ""
	}
	a, ok := c.Attrs[name]
	if !ok {
		return ""
	}
	at := fmt.Sprintf("%s:%d", c.File, a.Line)
	switch {
	case a.Values == nil && value != "":
		return fmt.Sprintf("attribute %s is binary (%s declares no Value:), so it takes no value, not %s", name, at, standoff.Quote(value))
	case a.Values != nil && value == "":
		return fmt.Sprintf("attribute %s needs a value, one of %s (%s)", name, strings.Join(a.Values, ", "), at)
	case a.Values != nil && !slices.Contains(a.Values, value):
		return fmt.Sprintf("attribute %s: value %s is not declared in %s (allowed: %s)", name, standoff.Quote(value), at, strings.Join(a.Values, ", "))
	}
	return ""
}

// equiv reports whether * lines of relation type typ make entities one:
// Equiv always, and the types the configuration declares
// symmetric-transitive.
func (c *Config) equiv(typ string) bool { return typ == "Equiv" || c != nil && c.Equiv[typ] }

// ends returns the source and target ids of a relation line of type typ
// with these ROLE:ID arguments: by the names the configuration declares
// for typ, else by position; an error message when they do not fit.
func (c *Config) ends(typ string, args [][2]string) (src, tgt, msg string) {
	names := []string(nil)
	if c != nil {
		names = c.Args[typ]
	}
	if len(names) < 2 {
		if len(args) != 2 {
			return "", "", "needs two arguments (Arg1:T1 Arg2:T2)"
		}
		return args[0][1], args[1][1], ""
	}
	ids := map[string]string{}
	for _, a := range args {
		if a[0] != names[0] && a[0] != names[1] {
			return "", "", "has the argument " + a[0] + ", not one of " + typ + "'s (" + names[0] + ", " + names[1] + " in " + c.File + ")"
		}
		ids[a[0]] = a[1]
	}
	if ids[names[0]] == "" || ids[names[1]] == "" || len(args) != 2 {
		return "", "", "needs the arguments " + names[0] + " and " + names[1] + " (" + c.File + ")"
	}
	return ids[names[0]], ids[names[1]], ""
}
