package embedded

import (
	"sync"
	"unsafe"

	"github.com/geokg/geokg/internal/graph"
)

// memo is a read-through cache of what reads by id found in one
// generation of the graph. A generation's rows never change (every write
// makes a new one: wrote), so what a read-only snapshot of generation gen
// found holds for every read of gen, in this process or after another
// process's write alike. A memo keeps the newest generation a read asked
// for (a read of an older snapshot goes past it) and values of at most
// budget bytes (as size counts them), starting again empty when full; a
// value larger than that alone is not kept. It hands out clones, so no
// caller can change what the next one gets; writes never use it, since a
// write transaction sees its own changes.
type memo[V any] struct {
	budget int
	size   func(V) int
	clone  func(V) V

	mu   sync.Mutex
	gen  int64
	vals map[string]V
	used int // bytes
}

// The bytes a store keeps at most of entities and of relations (a
// relation with its evidence is some kilobytes, an event of many
// reports far more).
const (
	memoEntityBytes   = 32 << 20
	memoRelationBytes = 64 << 20
)

func newMemos() (*memo[graph.Entity], *memo[graph.Relation]) {
	return &memo[graph.Entity]{budget: memoEntityBytes, size: entitySize, clone: graph.Entity.Clone},
		&memo[graph.Relation]{budget: memoRelationBytes, size: relationSize, clone: graph.Relation.Clone}
}

// entitySize is about the bytes e holds: its fields, its strings, and
// a map entry for each name, alias and demonym.
func entitySize(e graph.Entity) int {
	n := int(unsafe.Sizeof(e)) + len(e.ID) + len(e.Name) + len(e.Kind) + len(e.Wikidata)
	for k, v := range e.Names {
		n += mapEntry + len(k) + len(v)
	}
	for _, m := range []map[string][]string{e.Aliases, e.Demonyms} {
		for k, vs := range m {
			n += mapEntry + len(k)
			for _, v := range vs {
				n += int(unsafe.Sizeof(v)) + len(v)
			}
		}
	}
	return n
}

// relationSize is about the bytes r holds, as entitySize.
func relationSize(r graph.Relation) int {
	n := int(unsafe.Sizeof(r)) + len(r.ID) + len(r.Type) + len(r.From) + len(r.To) + len(r.EventKey) + len(r.Joined) + len(r.Known) + len(r.Reviewed) +
		len(r.Modalities)*mapEntry
	for _, p := range r.Participants {
		n += int(unsafe.Sizeof(p)) + len(p.Entity) + len(p.Role)
	}
	for _, ev := range r.Evidence {
		n += int(unsafe.Sizeof(ev)) + len(ev.Article) + len(ev.URL) + len(ev.Title) + len(ev.Quote) + len(ev.Published) + len(ev.Ref)
	}
	if r.Intensity != nil {
		n += 8
	}
	return n
}

// mapEntry is about what a map keeps for an entry beside its key's and
// value's bytes.
const mapEntry = 48

// get returns the values of ids (those that exist) in a snapshot of
// generation gen, reading those it does not keep with read.
func (m *memo[V]) get(gen int64, ids []string, read func(ids []string) (map[string]V, error)) (map[string]V, error) {
	out := make(map[string]V, len(ids))
	var missing []string
	m.mu.Lock()
	if gen > m.gen {
		m.gen, m.vals, m.used = gen, nil, 0
	}
	current := gen == m.gen
	for _, id := range ids {
		if v, ok := m.vals[id]; ok && current {
			out[id] = v // cloned below, outside the lock
		} else {
			missing = append(missing, id)
		}
	}
	m.mu.Unlock()
	for id, v := range out {
		out[id] = m.clone(v)
	}
	if len(missing) == 0 {
		return out, nil
	}
	found, err := read(missing)
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	if gen == m.gen {
		for _, id := range missing { // in their order, so that what is kept when full does not depend on a map's
			if v, ok := found[id]; ok {
				m.keep(id, v)
			}
		}
	}
	m.mu.Unlock()
	for id, v := range found {
		out[id] = m.clone(v)
	}
	return out, nil
}

// keep keeps v as the value of id, under mu, unless it is kept already
// (another read kept it meanwhile) or too large.
func (m *memo[V]) keep(id string, v V) {
	if _, ok := m.vals[id]; ok {
		return
	}
	n := m.size(v)
	if n > m.budget {
		return
	}
	if m.used+n > m.budget {
		m.vals, m.used = nil, 0
	}
	if m.vals == nil {
		m.vals = map[string]V{}
	}
	m.vals[id], m.used = v, m.used+n
}
