package annotation_test

import (
	"bytes"
	"io"
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
