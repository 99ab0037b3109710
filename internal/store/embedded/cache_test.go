package embedded

import (
	"fmt"
	"maps"
	"slices"
	"testing"
)

// TestMemo checks what a memo reads again and what it hands out: a
// generation's values once, an older generation's every time (and without
// losing the newer one's), a newer generation's afresh, and nothing past
// its bound kept beside the rest.
func TestMemo(t *testing.T) {
	m := &memo[[]string]{max: 3, clone: slices.Clone[[]string]}
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
		{2, []string{"c", "d"}, []string{"c", "d"}, []string{"c@2", "d@2"}}, // past max: starts again
		{2, []string{"a", "c"}, []string{"a"}, []string{"a@2", "c@2"}},
		{3, []string{"c"}, []string{"c"}, []string{"c@3"}},
		{2, []string{"c"}, []string{"c"}, []string{"c@2"}},
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
