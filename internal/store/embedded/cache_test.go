package embedded

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/graph"
)

// TestMemo checks what a memo reads again and what it hands out: a
// generation's values once, an older generation's every time (and without
// losing the newer one's), a newer generation's afresh, and nothing past
// its budget kept beside the rest, nor what alone is larger than it.
func TestMemo(t *testing.T) {
	// Every value counts 1 byte but those of "big", larger than the budget.
	size := func(v []string) int {
		if strings.HasPrefix(v[0], "big@") {
			return 4
		}
		return 1
	}
	m := &memo[[]string]{budget: 3, size: size, clone: slices.Clone[[]string]}
	var asked []string
	get := func(gen int64, ids ...string) map[string][]string {
		t.Helper()
		out, err := m.get(gen, ids, func(ids []string) (map[string][]string, error) {
			asked = append(asked, ids...)
			found := map[string][]string{}
			for _, id := range ids {
				if id != "none" {
					found[id] = []string{fmt.Sprint(id, "@", gen)}
				}
			}
			return found, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	steps := []struct {
		gen   int64
		ids   []string
		asked []string // what the memo reads
		got   []string // the values of the ids found, in the order of ids
	}{
		{2, []string{"a", "b", "none"}, []string{"a", "b", "none"}, []string{"a@2", "b@2"}},
		{2, []string{"b", "a"}, nil, []string{"b@2", "a@2"}},
		{2, []string{"none"}, []string{"none"}, nil}, // what is not there is not kept
		{1, []string{"a"}, []string{"a"}, []string{"a@1"}},
		{2, []string{"a"}, nil, []string{"a@2"}},
		{2, []string{"c", "d"}, []string{"c", "d"}, []string{"c@2", "d@2"}}, // d past the budget: starts again
		{2, []string{"a", "d"}, []string{"a"}, []string{"a@2", "d@2"}},
		{3, []string{"c"}, []string{"c"}, []string{"c@3"}},
		{2, []string{"c"}, []string{"c"}, []string{"c@2"}},
		{3, []string{"big", "c"}, []string{"big"}, []string{"big@3", "c@3"}},
		{3, []string{"big", "c"}, []string{"big"}, []string{"big@3", "c@3"}}, // too big to keep, and the rest kept
	}
	for i, st := range steps {
		asked = nil
		out := get(st.gen, st.ids...)
		var got []string
		for _, id := range st.ids {
			if v, ok := out[id]; ok {
				got = append(got, v...)
			}
		}
		if !slices.Equal(asked, st.asked) || !slices.Equal(got, st.got) || len(out) != len(st.got) {
			t.Errorf("step %d: read %q and got %q (%v), want read %q and got %q", i, asked, got, slices.Sorted(maps.Keys(out)), st.asked, st.got)
		}
		for _, v := range out {
			v[0] = "changed"
		}
	}
	if got := get(3, "c")["c"]; !slices.Equal(got, []string{"c@3"}) {
		t.Errorf("after its caller changed what it got, the memo has %q", got)
	}
}

// The sizes a memo counts grow with what a value holds: an event of
// many reports counts its evidence.
func TestMemoSizes(t *testing.T) {
	quote := strings.Repeat("x", 1000)
	r := graph.Relation{ID: "r"}
	small := relationSize(r)
	for range 1000 {
		r.Evidence = append(r.Evidence, graph.Evidence{Article: "a", Quote: quote})
	}
	if got := relationSize(r); got < small+1000*len(quote) {
		t.Errorf("a relation of 1,000 quotes of 1,000 bytes counts %d bytes, one without %d", got, small)
	}
	e := graph.Entity{ID: "e", Names: map[string]string{"en": quote}, Aliases: map[string][]string{"ar": {quote, quote}}}
	if got := entitySize(e); got < 3*len(quote) {
		t.Errorf("an entity of three names of 1,000 bytes counts %d bytes", got)
	}
}
