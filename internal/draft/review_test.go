package draft_test

import (
	"strings"
	"testing"
)

// TestBratRefusesCarriageReturns checks that Brat refuses a text with
// carriage returns, whose offsets brat counts after turning "\r\n" into
// "\n", and writes the same text with line breaks alone.
func TestBratRefusesCarriageReturns(t *testing.T) {
	res := draftOf(t, "en", "2021-03-24", "The United States and Iraq\r\nsigned.")
	if _, _, err := res.Brat(); err == nil || !strings.Contains(err.Error(), "carriage returns") {
		t.Errorf("with \\r\\n: %v, want an error about carriage returns", err)
	}
	res = draftOf(t, "en", "2021-03-24", "The United States and Iraq\nsigned.")
	txt, ann, err := res.Brat()
	if err != nil || string(txt) != res.Document.Article.Text || !strings.Contains(string(ann), "T1\tcountry 4 17\tUnited States\n") {
		t.Errorf("with \\n: %v, %q, %q", err, txt, ann)
	}
}
