package mapping

import (
	"fmt"

	"github.com/geokg/geokg/internal/annotation"
)

// Tally counts the annotations that a reader left out because their label
// maps to nothing, so that each label is reported once, with its count and
// where it first occurs. The zero Tally is ready to use; it is not safe for
// concurrent use.
type Tally struct {
	order   []tallyKey
	entries map[tallyKey]*tallyEntry
}

type tallyKey struct {
	what, label string
	status      Status
}

type tallyEntry struct {
	n     int
	first annotation.Problem // where it first occurs
}

// Add counts one annotation of what ("entity", "relation", "attribute", …)
// with label, left out with status Unmapped or Skipped; at says where it is
// (file, line or pointer).
func (t *Tally) Add(what, label string, st Status, at annotation.Problem) {
	k := tallyKey{what, label, st}
	if t.entries == nil {
		t.entries = map[tallyKey]*tallyEntry{}
	}
	e, ok := t.entries[k]
	if !ok {
		e = &tallyEntry{first: at}
		t.entries[k] = e
		t.order = append(t.order, k)
	}
	e.n++
}

// Counts returns the count per "what label" ("entity NORP").
func (t *Tally) Counts() map[string]int {
	out := map[string]int{}
	for k, e := range t.entries {
		out[k.what+" "+k.label] += e.n
	}
	return out
}

// Problems returns one warning per label, at its first occurrence, in the
// order the labels were first seen.
func (t *Tally) Problems() annotation.Problems {
	var out annotation.Problems
	for _, k := range t.order {
		e := t.entries[k]
		p := e.first
		p.Severity = annotation.Warning
		label := fmt.Sprintf("%q", k.label)
		if k.label == "" {
			label = "(none)"
		}
		why := "the mapping skips it"
		if k.status == Unmapped {
			why = "it maps to nothing: add it to a mapping file (--mapping)"
		}
		s := "s"
		if e.n == 1 {
			s = ""
		}
		p.Message = fmt.Sprintf("%d %s annotation%s with label %s left out: %s", e.n, k.what, s, label, why)
		if e.n > 1 {
			p.Message += " (the first is here)"
		}
		out = append(out, p)
	}
	return out
}
