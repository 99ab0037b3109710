package graph

import (
	"cmp"
	"context"
	"slices"
	"time"
)

// Decision kinds.
const (
	DecisionMerge       = "merge"
	DecisionSplit       = "split"
	DecisionMergeEvents = "merge_events"
	DecisionSplitEvent  = "split_event"
)

// Decision is an analyst's ruling on entity identity (merge, split) or on
// which reports tell of one event (merge_events, split_event), kept by the
// store and applied to every later import: entity decisions by
// ApplyDecisions, event decisions by the pins of their reports (PinMerge,
// PinApart).
type Decision struct {
	Kind   string `json:"kind"`             // one of the Decision kinds
	Entity string `json:"entity"`           // merge: the entity merged away; split: the entity split; of events: the event merged away, or split
	Into   string `json:"into"`             // merge: the entity that remains; split: the new entity; of events: the event that remains, or the new one
	Source string `json:"source,omitempty"` // split: the source whose record and relation ends moved
	Report string `json:"report,omitempty"` // split_event: the report that became an event of its own
	Note   string `json:"note,omitempty"`   // the analyst's reason
	At     string `json:"at"`               // when it was made, RFC 3339 (UTC)
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
// turning it into the split's Into. Applying them in order rather than to
// a fixed point keeps every sequence meaningful (a split that undoes a
// merge, a merge that undoes a split) and cannot loop.
func ApplyDecisions(ds []Decision, source, id string) string {
	for _, d := range ds {
		if d.Entity != id {
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
