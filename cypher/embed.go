// Package cypher holds every Cypher statement of the Neo4j store
// (internal/store/neo4j), one .cypher file each, embedded in the binary.
//
// Queries take all their values as parameters. A few hold placeholders
// in double braces that the store fills from fixed texts only: {{filter}},
// {{events}}, {{route}} and {{steps}} are the fragments of the files of
// those names (shared by several queries), {{in}} and {{out}} the arrow
// heads of a direction ("<" or "", ">" or ""), {{hops}} the upper bound of
// a path quantifier (a number formatted by the store: Cypher takes no
// parameter there). No name
// or value from a request or from imported data is ever spliced into a
// query: relation types are data, the type property of :REL relationships.
//
// schema.cypher holds the schema statements, separated by semicolons;
// wipe.cypher and bench_load_csv.cypher serve the store's tests and
// benchmarks only.
package cypher

import (
	"embed"
	"io/fs"
	"strings"
)

//go:embed *.cypher
var files embed.FS

// Text returns the text of name.cypher without its comment lines (those
// that start with //) and blank lines. It panics when there is no such
// file: the names are constants of the store, and its tests load them all.
func Text(name string) string {
	b, err := files.ReadFile(name + ".cypher")
	if err != nil {
		panic("cypher: no query " + name + ": " + err.Error())
	}
	var lines []string
	for _, l := range strings.Split(string(b), "\n") {
		if t := strings.TrimSpace(l); t != "" && !strings.HasPrefix(t, "//") {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
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

// Statements splits Text(name) into its statements, each ending with a
// semicolon at the end of a line (the semicolon left out).
func Statements(name string) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(Text(name), "\n") {
		cur.WriteString(line + "\n")
		if strings.HasSuffix(strings.TrimSpace(line), ";") {
			out = append(out, strings.TrimSuffix(strings.TrimSpace(cur.String()), ";"))
			cur.Reset()
		}
	}
	if s := strings.TrimSpace(cur.String()); s != "" {
		out = append(out, s)
	}
	return out
}
