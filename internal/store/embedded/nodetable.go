package embedded

import "hash/maphash"

// nodeTable finds the nodes of an index by their ids: a hash table of
// node numbers (open addressing, linear probing, two to four slots a
// node), 8 to 16 bytes a node where a map takes about 40, the ids being
// the index's.
type nodeTable struct {
	seed  maphash.Seed
	slots []int32 // a node's number + 1; 0 is an empty slot
}

// newNodeTable is the table of the nodes of ids; ok is false when an id
// is there twice.
func newNodeTable(ids []string) (t nodeTable, ok bool) {
	n := 2
	for n < 2*len(ids) {
		n *= 2
	}
	t = nodeTable{seed: maphash.MakeSeed(), slots: make([]int32, n)}
	for v, id := range ids {
		i := t.home(id)
		for ; t.slots[i] != 0; i = t.next(i) {
			if ids[t.slots[i]-1] == id {
				return t, false
			}
		}
		t.slots[i] = int32(v) + 1
	}
	return t, true
}

func (t *nodeTable) home(id string) int {
	return int(maphash.String(t.seed, id) & uint64(len(t.slots)-1))
}

func (t *nodeTable) next(i int) int { return (i + 1) & (len(t.slots) - 1) }

// find is the number of the node of id, whose ids are ids.
func (t *nodeTable) find(ids []string, id string) (int32, bool) {
	if len(t.slots) == 0 {
		return 0, false
	}
	for i := t.home(id); t.slots[i] != 0; i = t.next(i) {
		if v := t.slots[i] - 1; ids[v] == id {
			return v, true
		}
	}
	return 0, false
}
