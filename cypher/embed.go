// Package cypher holds every Cypher statement of the Neo4j store
// (internal/store/neo4j), one .cypher file each, embedded in the binary.
//
// Queries take all their values as parameters. A few hold placeholders
// in double braces that the store fills from fixed texts only: {{filter}}
// and {{events}} are the fragments filter.cypher and events.cypher (shared
// by several queries), {{in}} and {{out}} the arrow heads of a direction
// ("<" or "", ">" or ""), {{hops}} the upper bound of a path quantifier (a
// number formatted by the store: Cypher takes no parameter there). No name
// or value from a request or from imported data is ever spliced into a
// query: relation types are data, the type property of :REL relationships.
//
// schema.cypher holds the schema statements, separated by semicolons.
package cypher

import (
	"embed"
	"io/fs"
	"strings"
)

//go:embed *.cypher
var files embed.FS

// Text returns the text of name.cypher. It panics when there is no such
// file: the names are constants of the store, and its tests load them all.
func Text(name string) string {
	b, err := files.ReadFile(name + ".cypher")
	if err != nil {
		panic("cypher: no query " + name + ": " + err.Error())
	}
	return string(b)
}

// Names lists the queries and fragments, without the .cypher extension.
func Names() []string {
	entries, err := fs.Glob(files, "*.cypher")
	if err != nil {
		panic(err) // the pattern is valid
	}
	for i, e := range entries {
		entries[i] = strings.TrimSuffix(e, ".cypher")
	}
	return entries
}

// Statements splits name.cypher into its statements: the text between
// semicolons that end a line, without // comment lines and blank ones.
func Statements(name string) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(Text(name), "\n") {
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "//") {
			continue
		}
		cur.WriteString(line + "\n")
		if strings.HasSuffix(t, ";") {
			out = append(out, strings.TrimSuffix(strings.TrimSpace(cur.String()), ";"))
			cur.Reset()
		}
	}
	if s := strings.TrimSpace(cur.String()); s != "" {
		out = append(out, s)
	}
	return out
}
