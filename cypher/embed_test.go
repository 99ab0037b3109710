package cypher_test

import (
	"strings"
	"testing"

	"github.com/geokg/geokg/cypher"
)

func TestFiles(t *testing.T) {
	names := cypher.Names()
	if len(names) < 20 {
		t.Fatalf("only %d files: %v", len(names), names)
	}
	for _, name := range names {
		text := cypher.Text(name)
		if strings.TrimSpace(text) == "" {
			t.Errorf("%s.cypher has no statement", name)
		}
		if strings.Contains(text, "//") {
			t.Errorf("%s.cypher: a comment is left after a statement (comments go on lines of their own)", name)
		}
	}
	for _, s := range cypher.Statements("schema") {
		if !strings.HasPrefix(s, "CREATE ") || !strings.Contains(s, " IF NOT EXISTS ") || strings.Contains(s, ";") {
			t.Errorf("schema statement %q is not an idempotent CREATE", s)
		}
	}
	if n := len(cypher.Statements("wipe")); n != 2 {
		t.Errorf("wipe has %d statements, want 2", n)
	}
}

func TestMissing(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("Text of a missing file did not panic")
		}
	}()
	cypher.Text("no-such-query")
}
