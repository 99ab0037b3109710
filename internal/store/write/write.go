// Package write is the one write and curation algorithm of every graph
// store: replacing and removing a source's contribution, and merging and
// splitting entities. It runs over Tx, the batch-shaped operations of one
// write transaction that each store implements in its own language (SQL,
// Cypher); the store keeps what is really its own: the transaction, its
// retries and locks, and its queries.
//
// Import runs a builder (resolving a document's names) in the same
// transaction, then Replace. Replace is: digest (unchanged input is a
// no-op) → validate → clear what the source contributed before → check the
// contribution against the rest of the graph → write its reports → group
// the reports of every group they touched into events again
// (graph.Events) → refresh the assembled entities it touched.
// Merge and Split are: rewrite each source that names the entity
// (graph.Contribution.RenameEntity) → settle the entities concerned →
// record the decision.
package write

import (
	"context"
	"maps"
	"slices"

	"github.com/geokg/geokg/internal/graph"
)

// Tx is one write transaction of a store. Ids given in a slice are sorted
// and each given once; a method's batch is one round trip where the store
// can make it one. Errors other than *graph.Error are the store's to
// translate.
type Tx interface {
	// Lookup reads the graph as the transaction sees it.
	graph.Lookup
	// Without is Lookup without the names of the source: Import's builder
	// sees the graph so.
	Without(source string) graph.Lookup
	// Digest returns the digest of the stored source id; ok is false when
	// the source is unknown.
	Digest(id string) (digest string, ok bool, err error)
	// Clear deletes what the source contributed (its entity records, name
	// keys and reports), not the source itself, and says what it took. The
	// events stay until PutEvents replaces them.
	Clear(id string) (Cleared, error)
	// DeleteSource deletes the source itself, once cleared.
	DeleteSource(id string) error
	// Known returns those of ids that some record or report names.
	Known(ids []string) (map[string]bool, error)
	// Owners returns the source of each of the report ids that is stored.
	Owners(relations []string) (map[string]string, error)
	// Write stores a contribution whose source is cleared, without checks:
	// the source, its records and name keys, and its relations as reports.
	// The events and the assembled entities are the algorithm's.
	Write(c *graph.Contribution) error
	// Reports returns the stored reports of the groups keys
	// (graph.Relation.GroupKey), each with its event.
	Reports(keys []string) (map[string][]graph.Report, error)
	// Pin pins the reports ids (graph.PinMerge, graph.PinApart), keeping
	// the pin when a report is stored again.
	Pin(reports []string, pin string) error
	// EventGroups returns the group of each of the event ids that is stored.
	EventGroups(ids []string) (map[string]string, error)
	// PutEvents deletes the events del, stores the events put (replacing
	// any of the same id) and records the event of each of put's reports:
	// the Report of its evidence.
	PutEvents(put []graph.Relation, del []string) error
	// States returns the assembled entities among ids, locked against other
	// writers; an entity that has not been assembled yet is left out.
	States(ids []string) (map[string]*graph.EntityState, error)
	// Records returns every record of the entities ids.
	Records(ids []string) (map[string][]graph.SourcedRecord, error)
	// Put stores the assembled entities put and deletes the entities del.
	Put(put []graph.EntityState, del []string) error
	// SourcesOf lists the sources that say anything of the entity (a
	// record, a relation end or participant), sorted, each once.
	SourcesOf(entity string) ([]string, error)
	// Contribution reads back what a source contributed as it was stored,
	// records by entity id and relations by id (ENotFound when unknown).
	Contribution(source string) (*graph.Contribution, error)
	// Decide records a decision after the others.
	Decide(d graph.Decision) error
}

// Cleared is what clearing a source took away.
type Cleared struct {
	Existed   bool              // the source was stored
	Records   map[string]bool   // entities the source had records of
	Involved  map[string]bool   // entities its reports involved
	Relations []string          // its report ids
	Groups    map[string]bool   // the groups of its reports (graph.Relation.GroupKey)
	Events    map[string]string // the event of each of its reports
}

// Import builds a contribution of the source against the graph as tx
// sees it without the source's names, and replaces the source with it
// (graph.Store.Import).
func Import(ctx context.Context, tx Tx, source string, build graph.Builder) (graph.ReplaceResult, bool, error) {
	c, err := build(ctx, tx.Without(source))
	if err != nil {
		return graph.ReplaceResult{}, false, err
	}
	if c != nil && c.Source.ID != source {
		return graph.ReplaceResult{}, false, graph.Errorf(graph.EInternal, "importing source %q made a contribution of source %q", source, c.Source.ID)
	}
	return Replace(tx, c)
}

// Replace replaces everything the contribution's source added before with
// the contribution (graph.Store.ReplaceSource). changed is false when
// nothing was written: the same digest is stored already.
func Replace(tx Tx, c *graph.Contribution) (res graph.ReplaceResult, changed bool, err error) {
	if c == nil || c.Source.ID == "" {
		return res, false, graph.Errorf(graph.EInvalid, "contribution without a source id")
	}
	digest, ok, err := tx.Digest(c.Source.ID)
	switch {
	case err != nil:
		return res, false, err
	case ok && digest == c.Source.Digest:
		return graph.ReplaceResult{Unchanged: true}, false, nil
	}
	if err := c.Validate(); err != nil {
		return res, false, err
	}
	old, err := tx.Clear(c.Source.ID)
	if err != nil {
		return res, false, err
	}
	_, named := c.Named()
	known, err := tx.Known(named)
	if err != nil {
		return res, false, err
	}
	owners, err := tx.Owners(slices.Sorted(slices.Values(c.RelationIDs())))
	if err != nil {
		return res, false, err
	}
	if res, err = c.Check(known, owners); err != nil {
		return graph.ReplaceResult{}, false, err
	}
	res.Replaced = ok
	res.RelationsRemoved = c.RelationsRemoved(old.Relations)
	if err := store(tx, old, c); err != nil {
		return graph.ReplaceResult{}, false, err
	}
	return res, true, refresh(tx, old, c)
}

// Regroup groups the stored reports of groups into events again, as a
// write that touched them does: after a store upgrades its schema, or an
// analyst pins the reports touched.
func Regroup(tx Tx, groups, touched []string) error {
	set := map[string]bool{}
	for _, g := range groups {
		set[g] = true
	}
	old := Cleared{Groups: set, Events: map[string]string{}}
	return regroup(tx, old, nil, touched)
}

// store writes a contribution whose source is cleared (old) and groups the
// reports of every group it or the cleared source touched into events
// again; a report written again keeps the event it had.
func store(tx Tx, old Cleared, c *graph.Contribution) error {
	var written []string
	if c != nil {
		if err := tx.Write(c); err != nil {
			return err
		}
		written = c.RelationIDs()
	}
	return regroup(tx, old, c, written)
}

// regroup groups the reports of the groups of old and of c into events
// again. An event whose reports are the ones it had, none of them touched
// (written, cleared or pinned by this write), is as it was and is left
// alone; the others are stored again, and events left without reports
// deleted.
func regroup(tx Tx, old Cleared, c *graph.Contribution, touched []string) error {
	groups := maps.Clone(old.Groups)
	if groups == nil {
		groups = map[string]bool{}
	}
	if c != nil {
		for i := range c.Relations {
			groups[c.Relations[i].GroupKey()] = true
		}
	}
	keys := slices.Sorted(maps.Keys(groups))
	if len(keys) == 0 {
		return nil
	}
	reports, err := tx.Reports(keys)
	if err != nil {
		return err
	}
	// The ids of untouched groups' events are taken; the first round
	// finds which of the ids it gave they hold, the next gives others.
	taken := map[string]bool{}
	for {
		given := maps.Clone(taken)
		var events []graph.Relation
		for _, k := range keys {
			if rs := reports[k]; len(rs) > 0 {
				events = append(events, graph.Events(rs, old.Events, given)...)
			}
		}
		ids := make([]string, len(events))
		for i := range events {
			ids[i] = events[i].ID
		}
		slices.Sort(ids)
		held, err := tx.EventGroups(ids)
		if err != nil {
			return err
		}
		clash := false
		for id, g := range held {
			if !groups[g] && !taken[id] {
				taken[id], clash = true, true
			}
		}
		if !clash {
			put, del := changes(events, reports, old, touched)
			return tx.PutEvents(put, del)
		}
	}
}

// changes splits the events of a regrouping into those to store and the
// stored ones to delete (see regroup).
func changes(events []graph.Relation, reports map[string][]graph.Report, old Cleared, touched []string) (put []graph.Relation, del []string) {
	moved := map[string]bool{}
	for _, id := range touched {
		moved[id] = true
	}
	had := map[string]map[string]bool{} // stored event → its reports
	for _, ev := range old.Events {
		had[ev] = map[string]bool{}
	}
	for id, ev := range old.Events {
		moved[id] = true
		had[ev][id] = true
	}
	for _, rs := range reports {
		for _, r := range rs {
			if r.Event != "" {
				if had[r.Event] == nil {
					had[r.Event] = map[string]bool{}
				}
				had[r.Event][r.ID] = true
			}
		}
	}
	kept := map[string]bool{}
	for _, e := range events {
		same := had[e.ID] != nil
		now := map[string]bool{}
		for _, ev := range e.Evidence {
			now[ev.Report] = true
			same = same && had[e.ID][ev.Report] && !moved[ev.Report]
		}
		if same && len(now) == len(had[e.ID]) {
			kept[e.ID] = true
			continue
		}
		put = append(put, e)
	}
	for id := range had {
		if !kept[id] {
			del = append(del, id)
		}
	}
	slices.Sort(del)
	return put, del
}

// Remove deletes what a source contributed, and the source
// (graph.Store.RemoveSource); false when it is unknown.
func Remove(tx Tx, id string) (bool, error) {
	old, err := tx.Clear(id)
	if err != nil || !old.Existed {
		return false, err
	}
	if err := tx.DeleteSource(id); err != nil {
		return false, err
	}
	if err := store(tx, old, nil); err != nil {
		return false, err
	}
	return true, refresh(tx, old, nil)
}

// refresh brings the assembled entities up to date after clearing old and
// writing c (nil for a removal): an entity that gains a record sorting
// after all it has is folded on (the common case of an import), one that
// gains or loses records otherwise is assembled again from all of them,
// and one that only lost relations is deleted when nothing names it any
// more.
func refresh(tx Tx, old Cleared, c *graph.Contribution) error {
	added := map[string]*graph.EntityRecord{}
	var rank graph.Rank
	if c != nil {
		rank = graph.Rank{Priority: c.Priority, Source: c.Source.ID}
		for i := range c.Entities {
			added[c.Entities[i].ID] = &c.Entities[i]
		}
	}
	ids := map[string]bool{}
	for _, m := range []map[string]bool{old.Records, old.Involved} {
		maps.Copy(ids, m)
	}
	for id := range added {
		ids[id] = true
	}
	sorted := slices.Sorted(maps.Keys(ids))
	states, err := tx.States(sorted)
	if err != nil {
		return err
	}
	var put []graph.EntityState
	var again, loose []string
	for _, id := range sorted {
		switch rec := added[id]; {
		case rec != nil && !old.Records[id]:
			if st, ok := graph.Fold(states[id], rec, rank); ok {
				put = append(put, st)
			} else {
				again = append(again, id)
			}
		case rec != nil || old.Records[id]:
			again = append(again, id)
		case old.Involved[id]:
			loose = append(loose, id) // it may have lost its last relation
		}
	}
	more, del, err := reassemble(tx, again)
	if err != nil {
		return err
	}
	put = append(put, more...)
	known, err := tx.Known(loose)
	if err != nil {
		return err
	}
	for _, id := range loose {
		if !known[id] {
			del = append(del, id)
		}
	}
	if len(put) == 0 && len(del) == 0 {
		return nil
	}
	slices.Sort(del)
	return tx.Put(put, del)
}

// reassemble assembles the entities ids again from all their records: put
// holds them, a bare entity when relations name it without a record; del
// holds those that nothing names any more.
func reassemble(tx Tx, ids []string) (put []graph.EntityState, del []string, err error) {
	recs, err := tx.Records(ids)
	if err != nil {
		return nil, nil, err
	}
	var bare []string
	for _, id := range ids {
		if rs := recs[id]; len(rs) > 0 {
			put = append(put, graph.AssembleState(id, rs))
		} else {
			bare = append(bare, id)
		}
	}
	known, err := tx.Known(bare)
	if err != nil {
		return nil, nil, err
	}
	for _, id := range bare {
		if known[id] {
			put = append(put, graph.AssembleState(id, nil))
		} else {
			del = append(del, id)
		}
	}
	return put, del, nil
}
