package cli_test

import (
	"archive/zip"
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/geokg/geokg/internal/cli"
)

var update = flag.Bool("update", false, "rewrite golden files")

// golden compares got with the file testdata/golden/name, or writes it
// there with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -run %s -update writes it)", err, t.Name())
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the output differs from %s (go test -run %s -update rewrites it; git diff shows the change):\n%s",
			path, t.Name(), firstDifference(string(want), string(got)))
	}
}

// firstDifference shows the first line where two texts differ.
func firstDifference(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range min(len(w), len(g)) {
		if w[i] != g[i] {
			return fmt.Sprintf("line %d:\n-%s\n+%s", i+1, w[i], g[i])
		}
	}
	return fmt.Sprintf("%d lines, want %d", len(g), len(w))
}

// TestGoldenText compares the text answers of queries of the fixtures with
// the golden files.
func TestGoldenText(t *testing.T) {
	db := importedDB(t)
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"entity", []string{"entity", "واشنطن"}},
		{"neighbors", []string{"neighbors", "كتائب حزب الله"}},
		{"path", []string{"path", "كتائب حزب الله", "United States"}},
		{"timeline", []string{"timeline", "Q30", "Iraq", "--bucket", "year"}},
		{"timeline-page", []string{"timeline", "Q30", "--limit", "3"}},
		{"timeline-newest", []string{"timeline", "Q30", "--limit", "3", "--sort", "newest"}},
		{"search", []string{"entities", "hezbollah"}},
		{"neighbors-depth2", []string{"neighbors", "Iran", "--depth", "2", "--since", "2020-01", "--until", "2020-01-05"}},
		{"timeline-ar", []string{"--lang", "ar", "timeline", "Q30", "Iraq", "--since", "2020-01", "--until", "2020-06"}},
		{"entity-ar", []string{"--lang", "ar", "entity", "kataib-hezbollah"}},
		{"empty", []string{"neighbors", "Iran", "--types", "signs"}},
		{"empty-timeline", []string{"timeline", "Q30", "--types", "head_of_state"}},
	} {
		// Each at 80 and 200 columns, and unlimited (not a terminal).
		for _, columns := range []string{"80", "200", ""} {
			name := tc.name
			if columns != "" {
				name += "." + columns
			}
			t.Run(name, func(t *testing.T) {
				code, out, stderr := geokgEnv(t, map[string]string{"GEOKG_DB": db, "COLUMNS": columns}, tc.args...)
				if code != 0 {
					t.Fatalf("%v: exit %d: %s", tc.args, code, stderr)
				}
				if columns != "" {
					n, _ := strconv.Atoi(columns)
					for i, line := range strings.Split(out, "\n") {
						if w := columnsOf(line); w > n && !strings.HasPrefix(line, "--cursor ") {
							t.Errorf("line %d takes %d columns, more than %d:\n%s", i+1, w, n, line)
						}
					}
				}
				golden(t, name+".txt", []byte(out))
			})
		}
	}
}

// TestGoldenExports writes the neighbourhood of Kata'ib Hezbollah in every
// export format; the csv archive is compared file by file.
func TestGoldenExports(t *testing.T) {
	db := importedDB(t)
	for _, tc := range []struct{ format, file string }{
		{"graphml", "export.graphml"},
		{"gexf", "export.gexf"},
		{"cytoscape", "export.cyjs"},
		{"csv", ""}, // export.nodes.csv and export.edges.csv
		{"timelinejs", "export.timelinejs.json"},
		{"vis", "export.vis.json"},
	} {
		t.Run(tc.format, func(t *testing.T) {
			code, out, stderr := geokg(t, db, "export", "--format", tc.format, "--entity", "كتائب حزب الله")
			if code != 0 {
				t.Fatalf("export --format %s: exit %d: %s", tc.format, code, stderr)
			}
			if tc.file != "" {
				golden(t, tc.file, []byte(out))
				return
			}
			zr, err := zip.NewReader(strings.NewReader(out), int64(len(out)))
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, f := range zr.File {
				names = append(names, f.Name)
				r, err := f.Open()
				if err != nil {
					t.Fatal(err)
				}
				data, err := io.ReadAll(r)
				if err != nil {
					t.Fatal(err)
				}
				golden(t, "export."+f.Name, data)
			}
			if want := []string{"nodes.csv", "edges.csv"}; !slices.Equal(names, want) {
				t.Fatalf("the archive holds %v, want %v", names, want)
			}
		})
	}
}

// columnsOf is how many columns a line takes on a terminal: its
// characters less the combining marks and format characters.
func columnsOf(line string) int {
	n := 0
	for _, r := range line {
		if !unicode.Is(unicode.Mn, r) && !unicode.Is(unicode.Cf, r) {
			n++
		}
	}
	return n
}

// TestTerminalWidth checks that on a terminal the tables take its width.
func TestTerminalWidth(t *testing.T) {
	db := importedDB(t)
	tty, written := terminal(t, 60)
	var errb strings.Builder
	env := func(k string) string { return map[string]string{"GEOKG_DB": db, "COLUMNS": "200"}[k] }
	code := cli.Run(context.Background(), []string{"path", "Iran", "Q30"}, env, strings.NewReader(""), tty, &errb)
	out := strings.ReplaceAll(written(), "\r\n", "\n")
	if code != 0 || !strings.HasPrefix(out, "DATE ") {
		t.Fatalf("exit %d, %s\n%s", code, errb.String(), out)
	}
	widest := 0
	for _, line := range strings.Split(out, "\n") {
		widest = max(widest, columnsOf(line))
	}
	if widest != 60 {
		t.Errorf("the widest line takes %d columns of the terminal's 60:\n%s", widest, out)
	}
}

// TestReadmeOutput runs the commands of the README's example of output,
// at 80 columns, and wants the output it shows.
func TestReadmeOutput(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(readme), "```\n$ geokg ")
	block, _, _ = strings.Cut(block, "```\n")
	if !ok {
		t.Fatal("the README shows no output")
	}
	db := importedDB(t)
	parts := strings.Split("$ geokg "+block, "$ geokg ")[1:]
	if len(parts) < 2 {
		t.Fatalf("%d commands in the README's output", len(parts))
	}
	for _, part := range parts {
		command, want, _ := strings.Cut(part, "\n")
		code, out, stderr := geokgEnv(t, map[string]string{"GEOKG_DB": db, "COLUMNS": "80"}, shellWords(command)...)
		if code != 0 || out != want {
			t.Errorf("geokg %s: exit %d, %s\n%s", command, code, stderr, firstDifference(want, out))
		}
	}
}
