package embedded

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"unsafe"
)

// A build's ids, read in table order, come out of texts in id order,
// and its edges, permuted the same way, stay with their ids.
func TestTextsSorted(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for round := range 100 {
		n := rng.IntN(50)
		var b textsBuilder
		var want []string
		nums := make([]int, n)
		for i := range n {
			s := fmt.Sprintf("r%0*d", rng.IntN(4), rng.IntN(1000)) // of unequal lengths; some the same
			if rng.IntN(10) == 0 {
				s = ""
			}
			appendText(&b, s)
			want, nums[i] = append(want, s), i
		}
		perm := b.sortOrder()
		if perm != nil {
			permute(nums, perm)
		}
		got := b.texts(perm)
		if got.len() != n {
			t.Fatalf("round %d: %d strings of %d", round, got.len(), n)
		}
		for i := range n {
			if got.at(i) != want[nums[i]] {
				t.Fatalf("round %d: string %d is %q, the permuted string %d %q", round, i, got.at(i), nums[i], want[nums[i]])
			}
			if i > 0 && got.at(i) < got.at(i-1) {
				t.Fatalf("round %d: %q after %q", round, got.at(i), got.at(i-1))
			}
		}
		if !slices.IsSorted(want) && perm == nil {
			t.Fatalf("round %d: %q taken as sorted", round, want)
		}
	}
}

// The edge's layout is what the index's size rests on: at ten million
// relations each byte more is 10 MB.
func TestEdgeSize(t *testing.T) {
	if got := unsafe.Sizeof(edge{}); got != 48 {
		t.Fatalf("an edge takes %d bytes, not 48", got)
	}
}
