package embedded

import (
	"fmt"
	"testing"
)

// The table finds every node by its id, none by an id that is not one,
// and refuses ids given twice.
func TestNodeTable(t *testing.T) {
	for _, n := range []int{0, 1, 2, 3, 100, 5000} {
		ids := make([]string, n)
		for i := range ids {
			ids[i] = fmt.Sprintf("Q%d", i*7)
		}
		tab, ok := newNodeTable(ids)
		if !ok || len(tab.slots) < 2*n {
			t.Fatalf("%d nodes: ok %v, %d slots", n, ok, len(tab.slots))
		}
		for v, id := range ids {
			if got, ok := tab.find(ids, id); !ok || got != int32(v) {
				t.Fatalf("%d nodes: %s found as %d, %v; want %d", n, id, got, ok, v)
			}
		}
		for i := range n + 10 {
			id := fmt.Sprintf("Q%d", i*7+3)
			if got, ok := tab.find(ids, id); ok {
				t.Fatalf("%d nodes: %s, not a node, found as %d", n, id, got)
			}
		}
		if n > 1 {
			if _, ok := newNodeTable(append(ids, ids[n/2])); ok {
				t.Fatalf("%d nodes: %s twice taken", n, ids[n/2])
			}
		}
	}
	var empty nodeTable
	if _, ok := empty.find(nil, "Q1"); ok {
		t.Fatal("the empty table finds a node")
	}
}
