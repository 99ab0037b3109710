package cli_test

import (
	"archive/zip"
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
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
		{"search", []string{"entities", "hezbollah"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, stderr := geokg(t, db, tc.args...)
			if code != 0 {
				t.Fatalf("%v: exit %d: %s", tc.args, code, stderr)
			}
			golden(t, tc.name+".txt", []byte(out))
		})
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
