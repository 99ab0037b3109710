package annotation_test

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/annotation"
)

// A line longer than MaxLine is an error of its line, never a silent end
// of the file; the lines before it are read.
func TestStreamLinesTooLong(t *testing.T) {
	in := io.MultiReader(strings.NewReader("{}\n\n{\"a\": \""),
		io.LimitReader(repeat('x'), annotation.MaxLine), strings.NewReader("\"}\n{}\n"))
	var lines []int
	var probs annotation.Problems
	err := annotation.StreamLines("big.jsonl", in, func(n int, line []byte) error {
		lines = append(lines, n)
		return nil
	}, func(d *annotation.Document, ps annotation.Problems) error {
		probs = append(probs, ps...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 1 || lines[0] != 1 {
		t.Errorf("lines read = %v, want [1]", lines)
	}
	if len(probs) != 1 || probs[0].Line != 3 || probs[0].File != "big.jsonl" || !strings.Contains(probs[0].Message, "longer than 64 MiB") {
		t.Errorf("problems = %v, want line 3 too long", probs)
	}
}

type repeat byte

func (r repeat) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r)
	}
	return len(p), nil
}

// A last line without a line break, and "\r\n" line ends, are read.
func TestStreamLinesEnds(t *testing.T) {
	var got []string
	err := annotation.StreamLines("a.jsonl", bytes.NewReader([]byte("a\r\n  \nb")), func(n int, line []byte) error {
		got = append(got, string(line))
		return nil
	}, nil)
	if err != nil || strings.Join(got, ",") != "a,b" {
		t.Errorf("lines = %q, %v", got, err)
	}
}

// TestProblemLines checks that warnings of one sort beyond the first few
// are counted in one line, that errors are all listed, and that keep < 0
// lists everything.
func TestProblemLines(t *testing.T) {
	var ps annotation.Problems
	for i := range 5 {
		ps = append(ps, annotation.Problem{Severity: annotation.Warning, File: "a.json", Pointer: fmt.Sprintf("/entities/%d", i),
			Message: fmt.Sprintf(`entity "e%d" merged into "Q%d" by name`, i, i)})
	}
	ps = append(ps,
		annotation.Problem{Severity: annotation.Error, File: "b.json", Message: `entity "x" merged into "y" by name`},
		annotation.Problem{Severity: annotation.Warning, File: "c.tsv", Message: "1 row skipped without Actor Name (line 11)"})
	got := ps.Lines(3)
	want := []string{
		`a.json at /entities/0: warning: entity "e0" merged into "Q0" by name`,
		`a.json at /entities/1: warning: entity "e1" merged into "Q1" by name`,
		`a.json at /entities/2: warning: entity "e2" merged into "Q2" by name`,
		`b.json: error: entity "x" merged into "y" by name`,
		`c.tsv: warning: 1 row skipped without Actor Name (line 11)`,
		`… and 2 more warning(s) like: entity "…" merged into "…" by name (--verbose lists every one)`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("Lines(3):\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if all := ps.Lines(-1); len(all) != len(ps) {
		t.Errorf("Lines(-1): %d lines for %d problems", len(all), len(ps))
	}
}
