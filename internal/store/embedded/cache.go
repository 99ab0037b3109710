package embedded

import (
	"sync"

	"github.com/geokg/geokg/internal/graph"
)

// memo is a read-through cache of what reads by id found in one
// generation of the graph. A generation's rows never change (every write
// makes a new one: wrote), so what a read-only snapshot of generation gen
// found holds for every read of gen, in this process or after another
// process's write alike. A memo keeps the newest generation a read asked
// for (a read of an older snapshot goes past it) and at most max values,
// starting again empty when full. It hands out clones, so no caller can
// change what the next one gets; writes never use it, since a write
// transaction sees its own changes.
type memo[V any] struct {
	max   int
	clone func(V) V

	mu   sync.Mutex
	gen  int64
	vals map[string]V
}

// Entities and relations a store keeps at most: an entity is some
// hundreds of bytes, a relation about a kilobyte with its evidence.
const (
	memoEntities  = 200000
	memoRelations = 50000
)

func newMemos() (*memo[graph.Entity], *memo[graph.Relation]) {
	return &memo[graph.Entity]{max: memoEntities, clone: graph.Entity.Clone},
		&memo[graph.Relation]{max: memoRelations, clone: graph.Relation.Clone}
}

// get returns the values of ids (those that exist) in a snapshot of
// generation gen, reading those it does not keep with read.
func (m *memo[V]) get(gen int64, ids []string, read func(ids []string) (map[string]V, error)) (map[string]V, error) {
	out := make(map[string]V, len(ids))
	var missing []string
	m.mu.Lock()
	if gen > m.gen {
		m.gen, m.vals = gen, nil
	}
	current := gen == m.gen
	for _, id := range ids {
		if v, ok := m.vals[id]; ok && current {
			out[id] = m.clone(v)
		} else {
			missing = append(missing, id)
		}
	}
	m.mu.Unlock()
	if len(missing) == 0 {
		return out, nil
	}
	found, err := read(missing)
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	if gen == m.gen {
		if len(m.vals)+len(found) > m.max {
			m.vals = nil
		}
		if m.vals == nil {
			m.vals = make(map[string]V, len(found))
		}
		for id, v := range found {
			m.vals[id] = v
		}
	}
	m.mu.Unlock()
	for id, v := range found {
		out[id] = m.clone(v)
	}
	return out, nil
}
