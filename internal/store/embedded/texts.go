package embedded

import (
	"bytes"
	"math"
	"slices"

	"github.com/geokg/geokg/internal/graph"
)

// texts is a list of strings kept as one string and where each ends in
// it: 4 bytes a string over its own, where a []string takes 16 and a
// separate allocation each. Slicing it copies nothing.
type texts struct {
	all  string
	ends []uint32 // string i is all[ends[i-1]:ends[i]] (from 0 for the first)
}

func (t *texts) len() int { return len(t.ends) }

func (t *texts) at(i int) string {
	start, end := span(t.ends, i)
	return t.all[start:end]
}

// span is where string i starts and ends in a concatenation whose ends
// are ends.
func span(ends []uint32, i int) (start, end uint32) {
	if i > 0 {
		start = ends[i-1]
	}
	return start, ends[i]
}

// textsBuilder makes a texts by appending strings to it.
type textsBuilder struct {
	all  []byte
	ends []uint32
}

// appendText appends s to b; an EInternal error once the strings would
// pass 4 GiB.
func appendText[S ~string | ~[]byte](b *textsBuilder, s S) error {
	if len(b.all)+len(s) > math.MaxUint32 {
		return graph.Errorf(graph.EInternal, "the graph index holds more than 4 GiB of ids")
	}
	b.all = append(b.all, s...)
	b.ends = append(b.ends, uint32(len(b.all)))
	return nil
}

// at is b's string i.
func (b *textsBuilder) at(i int32) []byte {
	start, end := span(b.ends, int(i))
	return b.all[start:end]
}

// texts is what b holds, in the order of perm (each string's number)
// when it is not nil.
func (b *textsBuilder) texts(perm []int32) texts {
	if perm == nil {
		return texts{string(b.all), slices.Clip(b.ends)}
	}
	var out textsBuilder
	out.all, out.ends = make([]byte, 0, len(b.all)), make([]uint32, 0, len(perm))
	for _, i := range perm {
		out.all = append(out.all, b.at(i)...)
		out.ends = append(out.ends, uint32(len(out.all)))
	}
	return texts{string(out.all), out.ends}
}

// sortOrder is the numbers of b's strings in their order, nil when they
// are in order already.
func (b *textsBuilder) sortOrder() []int32 {
	n := int32(len(b.ends))
	i := int32(1)
	for i < n && bytes.Compare(b.at(i-1), b.at(i)) <= 0 {
		i++
	}
	if i >= n {
		return nil
	}
	perm := make([]int32, n)
	for i := range perm {
		perm[i] = int32(i)
	}
	slices.SortFunc(perm, func(x, y int32) int { return bytes.Compare(b.at(x), b.at(y)) })
	return perm
}

// permute puts s in the order of perm (s[i] becomes what was s[perm[i]])
// in place, following each cycle of the permutation once.
func permute[T any](s []T, perm []int32) {
	done := make([]bool, len(s))
	for i := range s {
		if done[i] {
			continue
		}
		first := s[i]
		j := i
		for {
			done[j] = true
			k := int(perm[j])
			if k == i {
				s[j] = first
				break
			}
			s[j] = s[k]
			j = k
		}
	}
}
