package graph

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"time"
)

// Decision kinds.
const (
	DecisionMerge       = "merge"
	DecisionSplit       = "split"
	DecisionMergeEvents = "merge_events"
	DecisionSplitEvent  = "split_event"
	DecisionUndo        = "undo"
)

// Decision is an analyst's ruling on entity identity (merge, split) or on
// which reports tell of one event (merge_events, split_event), kept by the
// store and applied to every later import: entity decisions by
// ApplyDecisions, event decisions by the pins of their reports (PinMerge,
// PinApart). An undo takes back an entity decision (Undoable).
type Decision struct {
	Kind   string `json:"kind"`             // one of the Decision kinds
	Entity string `json:"entity"`           // merge: the entity merged away; split: the entity split; of events: the event merged away, or split
	Into   string `json:"into"`             // merge: the entity that remains; split: the new entity; of events: the event that remains, or the new one
	Source string `json:"source,omitempty"` // split: the source whose record and relation ends moved
	Report string `json:"report,omitempty"` // split_event: the report that became an event of its own
	Note   string `json:"note,omitempty"`   // the analyst's reason
	At     string `json:"at"`               // when it was made, RFC 3339 (UTC)
	DecisionExtra
}

// DecisionExtra is what some decisions hold beyond their kind, ids, note
// and time; stores keep it as its JSON.
type DecisionExtra struct {
	// Undoes is, for an undo, the number of the decision it takes back:
	// its place in the order of Decisions, from 1.
	Undoes int `json:"undoes,omitempty"`
	// Moved is, for a merge, the sources that said something of Entity and
	// nothing of Into, each with its digest then: undoing the merge gives
	// them Entity back while they are stored unchanged.
	Moved map[string]string `json:"moved,omitempty"`
	// Joined is, for a merge, the sources that said something of both, whose
	// records became one; for an undo of a merge, those and the sources
	// imported again since the merge. An undo cannot part their records:
	// importing them again does, the merge being undone.
	Joined []string `json:"joined,omitempty"`
}

// Curator is the part of Store that keeps analysts' decisions on entity
// identity and on events. Each method is one transaction: on any error
// nothing changes. The entity decisions rewrite what the sources said
// exactly as Contribution.RenameEntity would; the event decisions pin
// reports (see internal/store/storetest, which holds the contract every
// Curator passes).
type Curator interface {
	// MergeEntities makes from and into one entity, into: every record,
	// name and relation end (source, target, participant) of from now
	// belongs to into, and from no longer exists. Recorded as a Decision.
	// ENotFound for an unknown id; EInvalid when from == into.
	MergeEntities(ctx context.Context, from, into, note string) (Decision, error)
	// SplitEntity moves what one source says of an entity (its record with
	// its names, and the ends and participants of that source's relations
	// that are the entity) to a new entity newID, whose kind and label are
	// then that source's. Recorded as a Decision. ENotFound for an unknown
	// entity or source; EInvalid when newID is not a valid entity id
	// (CheckEntityID) or the source says nothing of the entity; EConflict
	// when newID exists.
	SplitEntity(ctx context.Context, id, source, newID, note string) (Decision, error)
	// MergeEvents makes two events of one group (type, source and
	// target) one event, into, now and whenever their reports are grouped
	// again (PinMerge). Recorded as a Decision. ENotFound for an unknown
	// event; EInvalid when from == into or they are of different groups.
	MergeEvents(ctx context.Context, from, into, note string) (Decision, error)
	// SplitEvent makes one report of an event an event of its own, now and
	// whenever its group is grouped again (PinApart); Decision.Into is its
	// id. ENotFound for an unknown event; EInvalid when the report is not
	// one of the event's or is its only one.
	SplitEvent(ctx context.Context, event, report, note string) (Decision, error)
	// UndoDecision takes back decision n (numbered from 1 in the order of
	// Decisions) when Undoable allows it: later imports no longer apply it,
	// and the sources it rewrote and that are stored unchanged are
	// rewritten back (UndoRenames); the undo's Joined lists those it could
	// not part, which importing again does. Recorded as a Decision.
	UndoDecision(ctx context.Context, n int, note string) (Decision, error)
	// Decisions lists the decisions in the order they were made.
	Decisions(ctx context.Context) ([]Decision, error)
}

// DecisionTime is the time stamp of a decision made now (Decision.At):
// RFC 3339, UTC, to the second.
func DecisionTime() string { return time.Now().UTC().Format(time.RFC3339) }

// CheckEntityID returns an EInvalid error unless id could be the key of an
// entity in an annotated document (a Wikidata QID or lower-case letters,
// digits, '.', '_' and '-', at most 200 bytes), so that a document can
// name an entity a split created.
func CheckEntityID(id string) error {
	if !IsEntityID(id) {
		return Errorf(EInvalid, "invalid entity id %q: want a Wikidata QID or lower-case letters, digits, '.', '_' and '-'", id)
	}
	return nil
}

// MergeRecords joins two records of one entity from one source: a's kind,
// Wikidata QID and label win when set; b's names follow a's, renumbered,
// its names becoming aliases.
func MergeRecords(a, b EntityRecord) EntityRecord {
	a.Kind = cmp.Or(a.Kind, b.Kind)
	a.Wikidata = cmp.Or(a.Wikidata, b.Wikidata)
	a.Label = cmp.Or(a.Label, b.Label)
	a.Names = slices.Clone(a.Names)
	for _, n := range b.Names {
		n.Order = len(a.Names)
		if n.Role == RoleName {
			n.Role = RoleAlias
		}
		n.Keys = slices.Clone(n.Keys)
		a.Names = append(a.Names, n)
	}
	return a
}

// RenameEntity rewrites c as if its source had said into wherever it said
// from: the record of from becomes into's (merged after into's own record
// with MergeRecords when c has both, in into's place), and every relation
// end and participant that is from becomes into. A relation between from
// and into becomes a loop on into; participants are kept as they are, even
// when two become the same. It reports whether c said anything of from.
// c's slices are modified in place.
func (c *Contribution) RenameEntity(from, into string) bool {
	if from == into {
		return false
	}
	changed := false
	iFrom := slices.IndexFunc(c.Entities, func(r EntityRecord) bool { return r.ID == from })
	if iFrom >= 0 {
		changed = true
		rec := c.Entities[iFrom]
		rec.ID = into
		if iInto := slices.IndexFunc(c.Entities, func(r EntityRecord) bool { return r.ID == into }); iInto >= 0 {
			c.Entities[iInto] = MergeRecords(c.Entities[iInto], rec)
			c.Entities = slices.Delete(c.Entities, iFrom, iFrom+1)
		} else {
			c.Entities[iFrom] = rec
		}
	}
	for i := range c.Relations {
		r := &c.Relations[i]
		if r.From == from {
			r.From, changed = into, true
		}
		if r.To == from {
			r.To, changed = into, true
		}
		for j := range r.Participants {
			if r.Participants[j].Entity == from {
				r.Participants[j].Entity, changed = into, true
			}
		}
	}
	return changed
}

// Mentions reports whether c says anything of the entity id: a record or a
// relation end or participant.
func (c *Contribution) Mentions(id string) bool {
	if slices.ContainsFunc(c.Entities, func(r EntityRecord) bool { return r.ID == id }) {
		return true
	}
	for i := range c.Relations {
		if slices.Contains(c.Relations[i].Entities(), id) {
			return true
		}
	}
	return false
}

// ApplyDecisions returns the entity that a document of the source should
// give where the graph resolved one of its entities to id: the decisions
// are applied in the order they were made, each once, a merge of id
// turning it into the merge's Into and a split of id for this source
// turning it into the split's Into; a decision undone does nothing.
// Applying them in order rather than to
// a fixed point keeps every sequence meaningful (a split that undoes a
// merge, a merge that undoes a split) and cannot loop.
func ApplyDecisions(ds []Decision, source, id string) string {
	undone := undoneBy(ds)
	for i, d := range ds {
		if d.Entity != id || undone[i+1] > 0 {
			continue
		}
		switch {
		case d.Kind == DecisionMerge:
			id = d.Into
		case d.Kind == DecisionSplit && d.Source == source:
			id = d.Into
		}
	}
	return id
}

// undoneBy maps the number of each decision undone to the number of the
// undo.
func undoneBy(ds []Decision) map[int]int {
	undone := map[int]int{}
	for i, d := range ds {
		if d.Kind == DecisionUndo {
			undone[d.Undoes] = i + 1
		}
	}
	return undone
}

// Undoable returns decision n of ds (numbered from 1, in the order they
// were made) when it can be undone: an entity merge or split, not undone
// yet, that no later entity decision still standing concerns (a merge of
// its Into, a split of its Entity…: undo those first, last first).
// ENotFound for no decision n; EInvalid for an undo or a decision on
// events; EConflict for one undone or concerned by a later one.
func Undoable(ds []Decision, n int) (Decision, error) {
	if n < 1 || n > len(ds) {
		return Decision{}, Errorf(ENotFound, "no decision %d: there are %d", n, len(ds)).With("decision", n)
	}
	d, undone := ds[n-1], undoneBy(ds)
	switch {
	case d.Kind == DecisionUndo:
		return Decision{}, Errorf(EInvalid, "decision %d undoes decision %d: make that decision again instead", n, d.Undoes).With("decision", n)
	case d.Kind != DecisionMerge && d.Kind != DecisionSplit:
		return Decision{}, Errorf(EInvalid, "decision %d is a %s: only merges and splits of entities can be undone; merge or split the events again", n, d.Kind).With("decision", n)
	case undone[n] > 0:
		return Decision{}, Errorf(EConflict, "decision %d was undone by decision %d", n, undone[n]).With("decision", n)
	}
	for i := n; i < len(ds); i++ {
		later := ds[i]
		if (later.Kind != DecisionMerge && later.Kind != DecisionSplit) || undone[i+1] > 0 {
			continue
		}
		for _, id := range []string{later.Entity, later.Into} {
			if id == d.Entity || id == d.Into {
				return Decision{}, Errorf(EConflict, "decision %d (%s of %s into %s) came after decision %d and concerns %s: undo it first", i+1, later.Kind, later.Entity, later.Into, n, id).With("decision", n)
			}
		}
	}
	return d, nil
}

// UndoRenames are the renames that undo the decision d (Undoable) in the
// sources stored now, digests giving the digest of each (absent: no longer
// stored): each source's entity from becomes into again. The sources that
// a rename cannot part are returned apart: for a merge, those it joined
// and those imported again since.
func UndoRenames(d Decision, digests map[string]string) (renames []Rename, joined []string) {
	if d.Kind == DecisionSplit {
		if _, ok := digests[d.Source]; ok {
			renames = append(renames, Rename{Source: d.Source, From: d.Into, Into: d.Entity})
		}
		return renames, nil
	}
	joined = slices.Clone(d.Joined)
	for _, src := range slices.Sorted(maps.Keys(d.Moved)) {
		switch now, ok := digests[src]; {
		case !ok:
		case now == d.Moved[src]:
			renames = append(renames, Rename{Source: src, From: d.Into, Into: d.Entity})
		default:
			joined = append(joined, src)
		}
	}
	slices.Sort(joined)
	return renames, slices.Compact(joined)
}

// Record notes in a merge what it does to the contribution c, before c
// is rewritten: c is Joined when it says something of Into too, else
// Moved with its digest.
func (d *Decision) Record(c *Contribution) {
	if !c.Mentions(d.Entity) {
		return
	}
	if c.Mentions(d.Into) {
		d.Joined = append(d.Joined, c.Source.ID)
		return
	}
	if d.Moved == nil {
		d.Moved = map[string]string{}
	}
	d.Moved[c.Source.ID] = c.Source.Digest
}

// Rename is one source's rename of an entity (Contribution.RenameEntity).
type Rename struct {
	Source, From, Into string
}

// UndoSources are the sources whose digests UndoRenames needs for d.
func UndoSources(d Decision) []string {
	if d.Kind == DecisionSplit {
		return []string{d.Source}
	}
	return slices.Sorted(maps.Keys(d.Moved))
}
