package storetest

import (
	"context"
	"maps"
	"slices"

	"github.com/geokg/geokg/internal/graph"
)

var _ graph.Curator = (*Reference)(nil)

// MergeEntities implements graph.Curator: every contribution that says
// anything of from is rewritten with Contribution.RenameEntity.
func (s *Reference) MergeEntities(_ context.Context, from, into, note string) (graph.Decision, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return graph.Decision{}, graph.Errorf(graph.EUnavailable, "reference store is closed")
	}
	for _, id := range []string{from, into} {
		if _, ok := s.ents[id]; !ok {
			return graph.Decision{}, graph.Errorf(graph.ENotFound, "no entity %q", id)
		}
	}
	if from == into {
		return graph.Decision{}, graph.Errorf(graph.EInvalid, "cannot merge entity %q into itself", from)
	}
	d := graph.Decision{Kind: graph.DecisionMerge, Entity: from, Into: into, Note: note, At: graph.DecisionTime()}
	for _, id := range slices.Sorted(maps.Keys(s.contrib)) {
		if c := s.contrib[id]; c.Mentions(from) {
			d.Record(c)
			s.contrib[id] = CloneContribution(c)
			s.contrib[id].RenameEntity(from, into)
		}
	}
	s.decided = append(s.decided, d)
	s.derive()
	return d, nil
}

// SplitEntity implements graph.Curator: the source's contribution is
// rewritten with Contribution.RenameEntity.
func (s *Reference) SplitEntity(_ context.Context, id, source, newID, note string) (graph.Decision, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return graph.Decision{}, graph.Errorf(graph.EUnavailable, "reference store is closed")
	}
	if _, ok := s.ents[id]; !ok {
		return graph.Decision{}, graph.Errorf(graph.ENotFound, "no entity %q", id)
	}
	c, ok := s.contrib[source]
	if !ok {
		return graph.Decision{}, graph.Errorf(graph.ENotFound, "no source %q", source)
	}
	if err := graph.CheckEntityID(newID); err != nil {
		return graph.Decision{}, err
	}
	if _, ok := s.ents[newID]; ok {
		return graph.Decision{}, graph.Errorf(graph.EConflict, "entity %q already exists: split into a new id", newID)
	}
	if !c.Mentions(id) {
		return graph.Decision{}, graph.Errorf(graph.EInvalid, "source %q says nothing of entity %q", source, id)
	}
	d := CloneContribution(c)
	d.RenameEntity(id, newID)
	s.contrib[source] = d
	dec := graph.Decision{Kind: graph.DecisionSplit, Entity: id, Into: newID, Source: source, Note: note, At: graph.DecisionTime()}
	s.decided = append(s.decided, dec)
	s.derive()
	return dec, nil
}

// UndoDecision implements graph.Curator: the contributions are rewritten
// with the renames graph.UndoRenames gives.
func (s *Reference) UndoDecision(_ context.Context, n int, note string) (graph.Decision, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return graph.Decision{}, graph.Errorf(graph.EUnavailable, "reference store is closed")
	}
	d, err := graph.Undoable(s.decided, n)
	if err != nil {
		return graph.Decision{}, err
	}
	digests := map[string]string{}
	for _, src := range graph.UndoSources(d) {
		if c, ok := s.contrib[src]; ok {
			digests[src] = c.Source.Digest
		}
	}
	renames, joined := graph.UndoRenames(d, digests)
	for _, r := range renames {
		s.contrib[r.Source] = CloneContribution(s.contrib[r.Source])
		s.contrib[r.Source].RenameEntity(r.From, r.Into)
	}
	u := graph.Decision{Kind: graph.DecisionUndo, Entity: d.Entity, Into: d.Into, Source: d.Source, Note: note, At: graph.DecisionTime(),
		DecisionExtra: graph.DecisionExtra{Undoes: n, Joined: joined}}
	s.decided = append(s.decided, u)
	s.derive()
	return u, nil
}

// MergeEvents implements graph.Curator: the reports of both events are
// pinned to into.
func (s *Reference) MergeEvents(_ context.Context, from, into, note string) (graph.Decision, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return graph.Decision{}, graph.Errorf(graph.EUnavailable, "reference store is closed")
	}
	if from == into {
		return graph.Decision{}, graph.Errorf(graph.EInvalid, "cannot merge event %q into itself", from)
	}
	a, b := s.event(from), s.event(into)
	switch {
	case a == nil:
		return graph.Decision{}, graph.Errorf(graph.ENotFound, "no event %q", from)
	case b == nil:
		return graph.Decision{}, graph.Errorf(graph.ENotFound, "no event %q", into)
	case a.GroupKey() != b.GroupKey():
		return graph.Decision{}, graph.Errorf(graph.EInvalid, "events %q and %q are of different types or parties", from, into)
	}
	for _, e := range []*graph.Relation{a, b} {
		for _, ev := range e.Evidence {
			s.pins[ev.Report] = graph.PinMerge + into
		}
	}
	d := graph.Decision{Kind: graph.DecisionMergeEvents, Entity: from, Into: into, Note: note, At: graph.DecisionTime()}
	s.decided = append(s.decided, d)
	s.derive()
	return d, nil
}

// SplitEvent implements graph.Curator: the report is pinned apart.
func (s *Reference) SplitEvent(_ context.Context, event, report, note string) (graph.Decision, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return graph.Decision{}, graph.Errorf(graph.EUnavailable, "reference store is closed")
	}
	e := s.event(event)
	if e == nil {
		return graph.Decision{}, graph.Errorf(graph.ENotFound, "no event %q", event)
	}
	reports := map[string]bool{}
	for _, ev := range e.Evidence {
		reports[ev.Report] = true
	}
	switch {
	case !reports[report]:
		return graph.Decision{}, graph.Errorf(graph.EInvalid, "%q is not a report of event %q", report, event)
	case len(reports) == 1:
		return graph.Decision{}, graph.Errorf(graph.EInvalid, "event %q has one report: there is nothing to split", event)
	}
	s.pins[report] = graph.PinApart + report
	s.derive()
	d := graph.Decision{Kind: graph.DecisionSplitEvent, Entity: event, Report: report, Note: note, At: graph.DecisionTime()}
	for _, r := range s.rels {
		for _, ev := range r.Evidence {
			if ev.Report == report {
				d.Into = r.ID
			}
		}
	}
	s.decided = append(s.decided, d)
	return d, nil
}

// event is the event of that id, nil when none.
func (s *Reference) event(id string) *graph.Relation {
	for _, r := range s.rels {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// Decisions implements graph.Curator.
func (s *Reference) Decisions(context.Context) ([]graph.Decision, error) {
	unlock, err := s.rlock()
	if err != nil {
		return nil, err
	}
	defer unlock()
	return append([]graph.Decision{}, s.decided...), nil
}
