package cli_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
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
	if sum.Format != "gexf" || sum.File != file || sum.Edges <= st.Relations || sum.Nodes == 0 || sum.Events == 0 {
		t.Fatalf("summary %+v; the store has %d relations (and participations in them)", sum, st.Relations)
	}
	data, err := os.ReadFile(file)
	if err != nil || xml.Unmarshal(data, new(struct{})) != nil || !bytes.Contains(data, []byte(`mode="dynamic"`)) {
		t.Fatalf("%s: %v\n%.300s", file, err, data)
	}
	// Every relation an edge, and each participation in one.
	var doc struct {
		Edges []struct {
			ID string `xml:"id,attr"`
		} `xml:"graph>edges>edge"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	events := 0
	for _, e := range doc.Edges {
		if !strings.Contains(e.ID, "#") {
			events++
		}
	}
	if len(doc.Edges) != sum.Edges || events != st.Relations {
		t.Fatalf("%d edges, %d of them events; the summary says %d edges, the store %d relations", len(doc.Edges), events, sum.Edges, st.Relations)
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

// TestExportCSVToTerminal checks that a zip archive is not written to a
// terminal, and that --bom is for csv only.
func TestExportCSVToTerminal(t *testing.T) {
	db := importedDB(t)
	tty, written := terminal(t, 80)
	var errb bytes.Buffer
	env := func(k string) string { return map[string]string{"GEOKG_DB": db}[k] }
	code := cli.Run(context.Background(), []string{"export", "--format", "csv"}, env, strings.NewReader(""), tty, &errb)
	if out := written(); code != 2 || out != "" || !strings.Contains(errb.String(), "give -o FILE.zip or redirect") {
		t.Errorf("exit %d, %d bytes on the terminal, stderr %q; want exit 2, nothing written", code, len(out), errb.String())
	}
	if code, _, stderr := geokg(t, db, "export", "--format", "gexf", "--bom"); code != 2 || !strings.Contains(stderr, "--bom is for --format csv") {
		t.Errorf("--bom with gexf: exit %d, %s", code, stderr)
	}
	code, out, stderr := geokg(t, db, "export", "--format", "csv", "--bom")
	zr, err := zip.NewReader(strings.NewReader(out), int64(len(out)))
	if code != 0 || err != nil {
		t.Fatalf("--bom: exit %d, %v, %s", code, err, stderr)
	}
	for _, f := range zr.File {
		r, _ := f.Open()
		head := make([]byte, 6)
		io.ReadFull(r, head)
		if string(head) != "\ufeffid," {
			t.Errorf("%s starts %q, want the BOM and the header", f.Name, head)
		}
	}
}

// TestExportEveryReport checks that the edge of a POLECAT event reported
// by three sources keeps the three URLs, in GraphML and in CSV.
func TestExportEveryReport(t *testing.T) {
	db := importedDB(t)
	const urls = "https://example.org/polecat/2021/07/26/us-iraq-agree-to-end-combat-mission" +
		" https://example.org/polecat/2021/07/27/combat-mission-in-iraq-to-end-by-year-end" +
		" https://example.org/polecat/2021/07/27/strategic-dialogue-joint-statement"
	filter := []string{"--types", "agrees_with", "--since", "2021-07-26", "--until", "2021-07-26"}
	code, out, stderr := geokg(t, db, append([]string{"export", "--format", "graphml"}, filter...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{`<data key="e_evidence_url">` + urls + `</data>`, "example-wire): United States → Iraq&#xA;POLECAT event"} {
		if !strings.Contains(out, want) {
			t.Errorf("the GraphML lacks %s", want)
		}
	}
	code, out, stderr = geokg(t, db, append([]string{"export", "--format", "csv"}, filter...)...)
	zr, err := zip.NewReader(strings.NewReader(out), int64(len(out)))
	if code != 0 || err != nil {
		t.Fatalf("csv: exit %d, %v, %s", code, err, stderr)
	}
	r, _ := zr.Open("edges.csv")
	edges, _ := io.ReadAll(r)
	if !strings.Contains(string(edges), ",polecat:polecat-2021-07-26,"+urls+",") {
		t.Errorf("edges.csv lacks the three reports:\n%s", edges)
	}
}
