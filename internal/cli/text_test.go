package cli

import (
	"strings"
	"testing"
)

func TestTruncate(t *testing.T) {
	for _, tc := range []struct {
		s    string
		n    int
		want string
	}{
		{"Kataib Hezbollah", 0, "Kataib Hezbollah"},
		{"Kataib Hezbollah", 16, "Kataib Hezbollah"},
		{"Kataib Hezbollah", 10, "Kataib He…"},
		{isolate("كتائب حزب الله") + " — Iraq", 8, fsi + "كتائب ح…" + pdi}, // the isolate closed
		{"لتمهّد آنذاك", 6, "لتمهّد…"},                                     // the shadda takes no cell
	} {
		if got := truncate(tc.s, tc.n); got != tc.want {
			t.Errorf("truncate(%q, %d) = %q, want %q", tc.s, tc.n, got, tc.want)
		}
		if tc.n > 0 && cells(truncate(tc.s, tc.n)) > tc.n {
			t.Errorf("truncate(%q, %d) takes %d cells", tc.s, tc.n, cells(truncate(tc.s, tc.n)))
		}
	}
}

func TestExcerpt(t *testing.T) {
	q := "In the early hours of 8 January, after days of threats, Iran fired ballistic missiles at Ain al-Asad air base in Iraq."
	got := excerpt(q, []string{"Iran", "United States"}, 50)
	if !strings.HasPrefix(got, "…") || !strings.Contains(got, "Iran fired") || cells(got) > 50 {
		t.Errorf("excerpt = %q: want the part around Iran, in 50 cells", got)
	}
	if got := excerpt("Iran fired ballistic missiles at Ain al-Asad air base in Iraq.", []string{"Iran"}, 30); got != "Iran fired ballistic missiles…" {
		t.Errorf("a quote that starts with its key: %q", got)
	}
	if got := excerpt("two\n  lines", nil, 0); got != "two lines" {
		t.Errorf("excerpt folds white space: %q", got)
	}
}

func TestIsolate(t *testing.T) {
	if got := isolate("United States"); got != "United States" {
		t.Errorf("Latin text isolated: %q", got)
	}
	if got := isolate("العراق"); got != "\u2068العراق\u2069" {
		t.Errorf("Arabic text not isolated: %q", got)
	}
}

func TestTableWithoutRows(t *testing.T) {
	var b strings.Builder
	(&table{header: []string{"A", "B"}}).write(&b, 80)
	if b.String() != "A  B\n" {
		t.Errorf("%q", b.String())
	}
}
