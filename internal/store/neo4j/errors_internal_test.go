package neo4jstore

import (
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// A server's long message (what Neo4j says when it stops in a
// transaction) is cut at a sentence, so the error stays one short line
// that still names the code.
func TestUnavailableIsOneShortLine(t *testing.T) {
	s := &Store{cfg: Config{URI: "bolt://127.0.0.1:7687"}}
	ne := &neo4j.Neo4jError{Code: "Neo.TransientError.General.DatabaseUnavailable",
		Msg: "The transaction has been terminated. Retry your operation in a new transaction, and you should see a successful result. " +
			"The database is not currently available to serve your request, refer to the database logs for more details. " +
			"Retrying your request at a later time may succeed.\n"}
	msg := s.unavailable(ne, "replacing source big").Error()
	if strings.Contains(msg, "\n") || len(msg) > 300 || !strings.HasSuffix(msg, "(Neo.TransientError.General.DatabaseUnavailable)") ||
		!strings.Contains(msg, "The transaction has been terminated.") {
		t.Fatalf("%d characters: %s", len(msg), msg)
	}
	for _, c := range []struct{ in, want string }{
		{"Short", "Short"},
		{"One.\n Two.", "One. …"},
		{strings.Repeat("a", 10), "aaaaa…"},
	} {
		if got := firstSentences(c.in, 5); got != c.want {
			t.Errorf("firstSentences(%q, 5) = %q, want %q", c.in, got, c.want)
		}
	}
}
