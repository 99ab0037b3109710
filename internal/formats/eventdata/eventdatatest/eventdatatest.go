// Package eventdatatest holds the checks that every event-dataset reader
// (GDELT, POLECAT, ICEWS, ACLED) passes, for their tests.
package eventdatatest

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/ontology"
)

// CutShort checks that read refuses the whole file (data, read as file)
// cut anywhere but at a line's end, naming the line where it stops, and
// reads it cut at a line's end as the shorter file it is (the importer's
// shrink check is what catches that one).
func CutShort(t *testing.T, read func(file string, data []byte) ([]annotation.Document, annotation.Problems), file string, data []byte) {
	t.Helper()
	for _, n := range []int{len(data) - 1, len(data) - 20, len(data) / 2, 10} {
		if data[n-1] == '\n' {
			n--
		}
		docs, probs := read(file, data[:n])
		line := bytes.Count(data[:n], []byte("\n")) + 1
		if len(docs) != 0 || !probs.HasErrors() || probs.Errors()[0].Line != line || !strings.Contains(probs.Errors()[0].Message, "cut short") {
			t.Errorf("cut at %d of %d: %d documents, %v; want an error at line %d", n, len(data), len(docs), probs, line)
		}
	}
	end := bytes.LastIndexByte(data[:len(data)-1], '\n') + 1 // the last line left out, whole
	if docs, probs := read(file, data[:end]); len(docs) == 0 || probs.HasErrors() {
		t.Errorf("cut at a line's end: %d documents, %v", len(docs), probs)
	}
}

// ReadFile returns the contents of a fixture file, failing t when it
// cannot be read.
func ReadFile(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// MustRead reads data as file with read, failing t unless it gives
// documents, no error, and documents the native checker passes.
func MustRead(t testing.TB, read func(file string, data []byte) ([]annotation.Document, annotation.Problems), file string, data []byte) ([]annotation.Document, annotation.Problems) {
	t.Helper()
	docs, probs := read(file, data)
	if probs.HasErrors() || len(docs) == 0 {
		t.Fatalf("got %d documents, problems %v", len(docs), probs)
	}
	for i := range docs {
		if errs := (annotation.Checker{Vocabulary: ontology.Default()}).Check(&docs[i]).Errors(); len(errs) > 0 {
			t.Fatalf("checker: %v", errs)
		}
	}
	return docs, probs
}

// Column returns the index of a column in a header, failing t when it has
// none of that name.
func Column(t testing.TB, header []string, name string) int {
	t.Helper()
	i := slices.Index(header, name)
	if i < 0 {
		t.Fatalf("no column %q", name)
	}
	return i
}

// Fuzzed checks what any read of a fuzzed file as file must give: documents
// or an error, problems that name the file and say something, and dataset
// documents of the format, each of its own source, with relations, that
// the native checker passes.
func Fuzzed(t *testing.T, format, file string, docs []annotation.Document, probs annotation.Problems) {
	t.Helper()
	if len(docs) == 0 && !probs.HasErrors() {
		t.Fatal("no document and no error")
	}
	for _, p := range probs {
		if p.File != file || p.Message == "" {
			t.Fatalf("problem without file or message: %+v", p)
		}
	}
	check := annotation.Checker{Vocabulary: ontology.Default()}
	ids := map[string]bool{}
	for i := range docs {
		d := &docs[i]
		if d.Dataset == nil || d.Dataset.Format != format || len(d.Relations) == 0 || ids[d.Dataset.ID] {
			t.Fatalf("document %+v", d)
		}
		ids[d.Dataset.ID] = true
		if errs := check.Check(d).Errors(); len(errs) > 0 {
			t.Fatalf("checker: %v", errs)
		}
	}
}
