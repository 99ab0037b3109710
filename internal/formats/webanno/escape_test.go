package webanno

import (
	"slices"
	"testing"
)

// TestEscapes undoes each escape INCEpTION writes: of feature values,
// where a backslash before another character stays, and of #Text= lines.
func TestEscapes(t *testing.T) {
	for in, want := range map[string]string{
		`a\\b\[c\]\|d\_e\->f\;g\*h\ti\nj`: "a\\b[c]|d_e->f;g*h\ti\nj",
		`C:\x\-y\`:                        `C:\x\-y\`,
		`plain`:                           `plain`,
	} {
		if got := unescapeValue(in); got != want {
			t.Errorf("unescapeValue(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		`a\\b\tc\nd\fe\rf\bg`: "a\\b\tc\nd\fe\rf\bg",
		"x\\\x01y\\z":         "x\x01y\\z",
		`\[kept\]`:            `\[kept\]`,
	} {
		if got := unescapeText(in); got != want {
			t.Errorf("unescapeText(%q) = %q, want %q", in, got, want)
		}
	}
	if got, want := splitUnescaped(`PER[1]|a\|b|\\|c`, '|'), []string{"PER[1]", `a\|b`, `\\`, "c"}; !slices.Equal(got, want) {
		t.Errorf("splitUnescaped = %q, want %q", got, want)
	}
	for in, want := range map[string][2]string{"PER[12]": {"PER", "12"}, `a\]`: {`a\]`, ""}, "*": {"*", ""}, "x]": {"x]", ""}} {
		if v, id := disambiguation(in); v != want[0] || id != want[1] {
			t.Errorf("disambiguation(%q) = %q, %q; want %q, %q", in, v, id, want[0], want[1])
		}
	}
}
