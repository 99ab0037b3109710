package write

import (
	"context"
	"slices"

	"github.com/geokg/geokg/internal/graph"
)

// Merge makes from and into one entity, into (graph.Curator.MergeEntities):
// every source that says anything of from is read back, rewritten with
// graph.Contribution.RenameEntity and stored again in place; then both
// are assembled again from their records (from is deleted), and the
// decision is recorded. It costs what importing again the sources that
// name from would.
func Merge(tx Tx, from, into, note string) (graph.Decision, error) {
	if err := exist(tx, from, into); err != nil {
		return graph.Decision{}, err
	}
	if from == into {
		return graph.Decision{}, graph.Errorf(graph.EInvalid, "cannot merge entity %q into itself", from)
	}
	srcs, err := tx.SourcesOf(from)
	if err != nil {
		return graph.Decision{}, err
	}
	d := graph.Decision{Kind: graph.DecisionMerge, Entity: from, Into: into, Note: note, At: graph.DecisionTime()}
	for _, src := range srcs {
		c, err := tx.Contribution(src)
		if err != nil {
			return graph.Decision{}, err
		}
		d.Record(c)
		if err := rewrite(tx, c, from, into); err != nil {
			return graph.Decision{}, err
		}
	}
	if err := settle(tx, from, into); err != nil {
		return graph.Decision{}, err
	}
	if states, err := tx.States([]string{from}); err != nil || states[from] != nil {
		if err == nil {
			err = graph.Errorf(graph.EInternal, "entity %q outlived its merge into %q", from, into)
		}
		return graph.Decision{}, err
	}
	return d, tx.Decide(d)
}

// Undo takes back decision n (graph.Curator.UndoDecision): the renames
// graph.UndoRenames gives are made as a merge makes them, both entities
// are assembled again, and the undo is recorded.
func Undo(ctx context.Context, tx Tx, n int, note string) (graph.Decision, error) {
	ds, err := tx.Decisions(ctx)
	if err != nil {
		return graph.Decision{}, err
	}
	d, err := graph.Undoable(ds, n)
	if err != nil {
		return graph.Decision{}, err
	}
	digests := map[string]string{}
	for _, src := range graph.UndoSources(d) {
		digest, ok, err := tx.Digest(src)
		if err != nil {
			return graph.Decision{}, err
		}
		if ok {
			digests[src] = digest
		}
	}
	renames, joined := graph.UndoRenames(d, digests)
	for _, r := range renames {
		c, err := tx.Contribution(r.Source)
		if err != nil {
			return graph.Decision{}, err
		}
		if err := rewrite(tx, c, r.From, r.Into); err != nil {
			return graph.Decision{}, err
		}
	}
	if err := settle(tx, d.Entity, d.Into); err != nil {
		return graph.Decision{}, err
	}
	u := graph.Decision{Kind: graph.DecisionUndo, Entity: d.Entity, Into: d.Into, Source: d.Source, Note: note, At: graph.DecisionTime(),
		DecisionExtra: graph.DecisionExtra{Undoes: n, Joined: joined}}
	return u, tx.Decide(u)
}

// Split moves what one source says of an entity to the new entity newID
// (graph.Curator.SplitEntity): the source's contribution is read back,
// rewritten with graph.Contribution.RenameEntity and stored again in
// place, both entities are assembled again, and the decision is recorded.
func Split(tx Tx, id, source, newID, note string) (graph.Decision, error) {
	if err := exist(tx, id); err != nil {
		return graph.Decision{}, err
	}
	c, err := tx.Contribution(source)
	if err != nil {
		return graph.Decision{}, err
	}
	if err := graph.CheckEntityID(newID); err != nil {
		return graph.Decision{}, err
	}
	states, err := tx.States([]string{newID})
	if err != nil {
		return graph.Decision{}, err
	}
	if states[newID] != nil {
		return graph.Decision{}, graph.Errorf(graph.EConflict, "entity %q already exists: split into a new id", newID)
	}
	if !c.Mentions(id) {
		return graph.Decision{}, graph.Errorf(graph.EInvalid, "source %q says nothing of entity %q", source, id)
	}
	if err := rewrite(tx, c, id, newID); err != nil {
		return graph.Decision{}, err
	}
	if err := settle(tx, id, newID); err != nil {
		return graph.Decision{}, err
	}
	d := graph.Decision{Kind: graph.DecisionSplit, Entity: id, Into: newID, Source: source, Note: note, At: graph.DecisionTime()}
	return d, tx.Decide(d)
}

// exist returns ENotFound for the first of ids that is not an entity.
func exist(tx Tx, ids ...string) error {
	states, err := tx.States(slices.Sorted(slices.Values(ids)))
	if err != nil {
		return err
	}
	for _, id := range ids {
		if states[id] == nil {
			return graph.Errorf(graph.ENotFound, "no entity %q", id)
		}
	}
	return nil
}

// rewrite stores a source's contribution again with the entity from
// renamed into; the caller then assembles from and into again (settle).
// The contribution was valid when it was stored and a rename keeps it so,
// except that the entities it names without recording them need not be
// known without it any more: it is stored without the checks of an
// import. Its other entities keep their records and relations, so their
// assembled state stays as it is.
func rewrite(tx Tx, c *graph.Contribution, from, into string) error {
	if !c.RenameEntity(from, into) {
		return nil
	}
	old, err := tx.Clear(c.Source.ID)
	if err != nil {
		return err
	}
	return store(tx, old, c)
}

// settle assembles the entities of a rename again, from all their records,
// once every source is rewritten: one that nothing names any more is
// deleted, one that relations name without a record is a bare entity.
func settle(tx Tx, ids ...string) error {
	ids = slices.Sorted(slices.Values(ids))
	if _, err := tx.States(ids); err != nil { // lock them
		return err
	}
	put, del, err := reassemble(tx, ids)
	if err != nil {
		return err
	}
	return tx.Put(put, del)
}

// MergeEvents makes the events from and into one event, into
// (graph.Curator.MergeEvents): the reports of both are pinned to into and
// their group is grouped again; then the decision is recorded.
func MergeEvents(tx Tx, from, into, note string) (graph.Decision, error) {
	if from == into {
		return graph.Decision{}, graph.Errorf(graph.EInvalid, "cannot merge event %q into itself", from)
	}
	group, reports, err := eventReports(tx, from, into)
	if err != nil {
		return graph.Decision{}, err
	}
	var ids []string
	for _, r := range reports {
		if r.Event == from || r.Event == into {
			ids = append(ids, r.ID)
		}
	}
	if err := tx.Pin(ids, graph.PinMerge+into); err != nil {
		return graph.Decision{}, err
	}
	if err := Regroup(tx, []string{group}, ids); err != nil {
		return graph.Decision{}, err
	}
	d := graph.Decision{Kind: graph.DecisionMergeEvents, Entity: from, Into: into, Note: note, At: graph.DecisionTime()}
	return d, tx.Decide(d)
}

// SplitEvent makes the report an event of its own
// (graph.Curator.SplitEvent): it is pinned apart and its group grouped
// again; then the decision is recorded with the report's new event.
func SplitEvent(tx Tx, event, report, note string) (graph.Decision, error) {
	group, reports, err := eventReports(tx, event)
	if err != nil {
		return graph.Decision{}, err
	}
	of, found := 0, false
	for _, r := range reports {
		if r.Event == event {
			of++
			found = found || r.ID == report
		}
	}
	switch {
	case !found:
		return graph.Decision{}, graph.Errorf(graph.EInvalid, "%q is not a report of event %q", report, event).With("report", report)
	case of == 1:
		return graph.Decision{}, graph.Errorf(graph.EInvalid, "event %q has one report: there is nothing to split", event)
	}
	if err := tx.Pin([]string{report}, graph.PinApart+report); err != nil {
		return graph.Decision{}, err
	}
	if err := Regroup(tx, []string{group}, []string{report}); err != nil {
		return graph.Decision{}, err
	}
	_, after, err := eventReports(tx, event)
	if err != nil {
		return graph.Decision{}, err
	}
	d := graph.Decision{Kind: graph.DecisionSplitEvent, Entity: event, Report: report, Note: note, At: graph.DecisionTime()}
	for _, r := range after {
		if r.ID == report {
			d.Into = r.Event
		}
	}
	return d, tx.Decide(d)
}

// eventReports returns the group of the events (all of one group:
// ENotFound for an unknown one, EInvalid for two groups) and every report
// of the group.
func eventReports(tx Tx, events ...string) (string, []graph.Report, error) {
	groups, err := tx.EventGroups(slices.Sorted(slices.Values(events)))
	if err != nil {
		return "", nil, err
	}
	group := ""
	for _, e := range events {
		g, ok := groups[e]
		switch {
		case !ok:
			return "", nil, graph.Errorf(graph.ENotFound, "no event %q", e)
		case group != "" && g != group:
			return "", nil, graph.Errorf(graph.EInvalid, "events %q and %q are of different types or parties: only reports of one type between the same parties can be one event", events[0], e)
		}
		group = g
	}
	reports, err := tx.Reports([]string{group})
	return group, reports[group], err
}
