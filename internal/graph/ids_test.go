package graph_test

import (
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/graph"
)

func TestIDs(t *testing.T) {
	long := strings.Repeat("a", graph.MaxIDLength)
	for _, tc := range []struct {
		s                          string
		qid, source, entity, relID bool
	}{
		{"Q30", true, false, true, true},
		{"Q1", true, false, true, true},
		{"q30", false, true, true, true},
		{"Q0", false, false, false, true},
		{"Q030", false, false, false, true},
		{"Q", false, false, false, true},
		{"kataib-hezbollah", false, true, true, true},
		{"us.state_dept", false, true, true, true},
		{"0", false, true, true, true},
		{"R1", false, false, false, true},
		{"Kataib", false, false, false, true},
		{"-x", false, false, false, false},
		{"a b", false, false, false, false},
		{"gazetteer:x", false, false, false, false},
		{"واشنطن", false, false, false, false},
		{"", false, false, false, false},
		{long, false, true, true, true},
		{long + "a", false, false, false, false},
	} {
		got := [4]bool{graph.IsQID(tc.s), graph.IsSourceID(tc.s), graph.IsEntityID(tc.s), graph.IsRelationID(tc.s)}
		if want := [4]bool{tc.qid, tc.source, tc.entity, tc.relID}; got != want {
			t.Errorf("%.20q: IsQID, IsSourceID, IsEntityID, IsRelationID = %v, want %v", tc.s, got, want)
		}
	}
}

func TestNormalizeQID(t *testing.T) {
	for in, want := range map[string]string{"Q30": "Q30", "q30": "Q30", "q0": "", "Q030": "", "q": "", "": "", "x30": "", "q30 ": "", "Q30a": ""} {
		got, ok := graph.NormalizeQID(in)
		if got != want || ok != (want != "") {
			t.Errorf("NormalizeQID(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}
