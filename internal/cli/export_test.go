package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/cli"
)

// run runs geokg with a store in dir and returns its exit code and output.
func run(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	args = append([]string{"--db", filepath.Join(dir, "graph.db")}, args...)
	code := cli.Run(context.Background(), args, func(string) string { return "" }, strings.NewReader(""), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestExport(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := run(t, dir, "import", "../../fixtures/gazetteer.yaml", "../../fixtures/articles"); code != 0 {
		t.Fatalf("import: exit %d\n%s", code, stderr)
	}
	_, stats, _ := run(t, dir, "--json", "stats")
	var st struct{ Relations int }
	if err := json.Unmarshal([]byte(stats), &st); err != nil || st.Relations == 0 {
		t.Fatalf("stats: %v %s", err, stats)
	}

	// To a file: the summary on standard output.
	file := filepath.Join(dir, "graph.gexf")
	code, stdout, stderr := run(t, dir, "--json", "export", "--format", "gexf", "-o", file)
	if code != 0 {
		t.Fatalf("export: exit %d\n%s", code, stderr)
	}
	var sum struct {
		Format, File         string
		Nodes, Edges, Events int
	}
	if err := json.Unmarshal([]byte(stdout), &sum); err != nil {
		t.Fatalf("summary %q: %v", stdout, err)
	}
	if sum.Format != "gexf" || sum.File != file || sum.Edges != st.Relations || sum.Nodes == 0 || sum.Events == 0 {
		t.Fatalf("summary %+v; the store has %d relations", sum, st.Relations)
	}
	data, err := os.ReadFile(file)
	if err != nil || xml.Unmarshal(data, new(struct{})) != nil || !bytes.Contains(data, []byte(`mode="dynamic"`)) {
		t.Fatalf("%s: %v\n%.300s", file, err, data)
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, ".graph.gexf.*")); len(leftovers) > 0 {
		t.Fatalf("temporary files left: %v", leftovers)
	}

	// To standard output: only the export there, the summary on standard error.
	code, stdout, stderr = run(t, dir, "export", "--format", "cytoscape", "--entity", "كتائب حزب الله", "--depth", "2", "--since", "2019")
	if code != 0 {
		t.Fatalf("export: exit %d\n%s", code, stderr)
	}
	var cy struct {
		Elements struct{ Nodes, Edges []any } `json:"elements"`
	}
	if err := json.Unmarshal([]byte(stdout), &cy); err != nil || len(cy.Elements.Edges) == 0 {
		t.Fatalf("stdout is not the Cytoscape document: %v\n%.300s", err, stdout)
	}
	if !strings.HasPrefix(stderr, "wrote cytoscape to standard output: ") {
		t.Fatalf("stderr %q", stderr)
	}

	for _, bad := range [][]string{
		{"export"},                    // no format
		{"export", "--format", "pdf"}, // unknown format
		{"export", "--format", "gexf", "--depth", "2"}, // depth without entity
		{"export", "--format", "gexf", "--types", "kils"},
	} {
		if code, _, stderr := run(t, dir, bad...); code != 2 || !strings.Contains(stderr, "geokg: ") {
			t.Fatalf("%v: exit %d, stderr %q", bad, code, stderr)
		}
	}
	if code, _, _ := run(t, dir, "export", "--format", "gexf", "--entity", "Atlantis"); code != 3 {
		t.Fatalf("unknown entity: exit %d, want 3", code)
	}
	if code, _, stderr := run(t, dir, "export", "--format", "gexf", "-o", filepath.Join(dir, "no", "such", "dir.gexf")); code == 0 || !strings.Contains(stderr, "cannot write") {
		t.Fatalf("unwritable -o: exit %d, %q", code, stderr)
	}
}
