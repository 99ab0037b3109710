package neo4jstore

import (
	"context"
	"fmt"
	"slices"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/store/write"
)

// ReplaceSource implements graph.Store with write.Replace: the digest
// check, the removal of the earlier contribution, the checks and the
// writes are one transaction.
func (s *Store) ReplaceSource(ctx context.Context, c *graph.Contribution) (graph.ReplaceResult, error) {
	if c == nil || c.Source.ID == "" {
		return graph.ReplaceResult{}, graph.Errorf(graph.EInvalid, "contribution without a source id")
	}
	var res graph.ReplaceResult
	err := s.transactWrite(ctx, "replacing source "+c.Source.ID, func(w *writer) (changed bool, err error) {
		res, changed, err = write.Replace(w, c)
		return changed, err
	})
	if err != nil {
		return graph.ReplaceResult{}, err
	}
	return res, nil
}

// RemoveSource implements graph.Store with write.Remove.
func (s *Store) RemoveSource(ctx context.Context, id string) (bool, error) {
	var found bool
	err := s.transactWrite(ctx, "removing source "+id, func(w *writer) (_ bool, err error) {
		found, err = write.Remove(w, id)
		return found, err
	})
	return found, err
}

// Import implements graph.Store with write.Import.
func (s *Store) Import(ctx context.Context, source string, build graph.Builder) (graph.ReplaceResult, error) {
	var res graph.ReplaceResult
	err := s.transactWrite(ctx, "importing source "+source, func(w *writer) (changed bool, err error) {
		res, changed, err = write.Import(ctx, w, source, build)
		return changed, err
	})
	if err != nil {
		return graph.ReplaceResult{}, err
	}
	return res, nil
}

// MergeEntities implements graph.Curator with write.Merge; a
// relationship's ends cannot change, so the events of the groups it
// touches are deleted and created again (as every write does).
func (s *Store) MergeEntities(ctx context.Context, from, into, note string) (graph.Decision, error) {
	return s.decide(ctx, "merging entity "+from+" into "+into, func(w *writer) (graph.Decision, error) {
		return write.Merge(w, from, into, note)
	})
}

// UndoDecision implements graph.Curator with write.Undo.
func (s *Store) UndoDecision(ctx context.Context, n int, note string) (graph.Decision, error) {
	return s.decide(ctx, fmt.Sprintf("undoing decision %d", n), func(w *writer) (graph.Decision, error) {
		return write.Undo(w.ctx, w, n, note)
	})
}

// MergeEvents implements graph.Curator with write.MergeEvents.
func (s *Store) MergeEvents(ctx context.Context, from, into, note string) (graph.Decision, error) {
	return s.decide(ctx, "merging event "+from+" into "+into, func(w *writer) (graph.Decision, error) {
		return write.MergeEvents(w, from, into, note)
	})
}

// SplitEvent implements graph.Curator with write.SplitEvent.
func (s *Store) SplitEvent(ctx context.Context, event, report, note string) (graph.Decision, error) {
	return s.decide(ctx, "splitting report "+report+" off event "+event, func(w *writer) (graph.Decision, error) {
		return write.SplitEvent(w, event, report, note)
	})
}

// decide runs one curation in a write transaction.
func (s *Store) decide(ctx context.Context, what string, f func(w *writer) (graph.Decision, error)) (graph.Decision, error) {
	var d graph.Decision
	err := s.transactWrite(ctx, what, func(w *writer) (_ bool, err error) {
		d, err = f(w)
		return true, err
	})
	if err != nil {
		return graph.Decision{}, err
	}
	return d, nil
}

// SplitEntity implements graph.Curator with write.Split.
func (s *Store) SplitEntity(ctx context.Context, id, source, newID, note string) (graph.Decision, error) {
	return s.decide(ctx, "splitting entity "+id+" of source "+source, func(w *writer) (graph.Decision, error) {
		return write.Split(w, id, source, newID, note)
	})
}

// transactWrite runs f with a writer in one managed write transaction,
// which the driver retries on transient failures: f must start afresh. The
// transaction takes the graph's write lock first: Neo4j reads committed
// data without locking it, so without one two imports could both find no
// entity of a name and both make one. f says whether it changed anything:
// only then is the write in the audit trail (see write).
func (s *Store) transactWrite(ctx context.Context, what string, f func(w *writer) (bool, error)) error {
	return s.write(ctx, what, func(tx neo4j.ManagedTransaction) (bool, error) {
		w := &writer{ctx: ctx, tx: tx}
		if _, err := w.run(qWriteLock, nil); err != nil {
			return false, err
		}
		return f(w)
	})
}

// writer is write.Tx on one managed write transaction: each method is one
// statement of the cypher package, a batch of ids one parameter list.
type writer struct {
	ctx context.Context
	tx  runner
}

var _ write.Tx = (*writer)(nil)

func (w *writer) run(query string, params map[string]any) ([]*neo4j.Record, error) {
	return run(w.ctx, w.tx, query, params)
}

// pairs runs a query of ids (the parameter ids) whose first row's column
// key lists [id, value] pairs, and returns them as a map; no query when
// there are no ids.
func (w *writer) pairs(query string, ids []string, key string) (map[string]string, error) {
	out := map[string]string{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := w.run(query, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	ts, err := tuples(rows, key, 2)
	for _, t := range ts {
		out[t[0]] = t[1]
	}
	return out, err
}

// Entities implements graph.Lookup in the transaction.
func (w *writer) Entities(ctx context.Context, ids []string) ([]graph.Entity, error) {
	return entities(ctx, w.tx, qEntities, map[string]any{"ids": ids, "except": ""})
}

// EntitiesByKeys implements graph.Lookup in the transaction.
func (w *writer) EntitiesByKeys(ctx context.Context, keys []string) (map[string][]graph.Entity, error) {
	return grouped(ctx, w.tx, qByKeys, map[string]any{"keys": keys, "except": ""})
}

// Without implements write.Tx.
func (w *writer) Without(source string) graph.Lookup { return without{w, source} }

// without is the transaction's graph.Lookup without the names of a
// source; the rest of the writer (Contribution…) shows through.
type without struct {
	*writer
	source string
}

// Entities implements graph.Lookup without the entities only the source
// says anything of.
func (w without) Entities(ctx context.Context, ids []string) ([]graph.Entity, error) {
	return entities(ctx, w.tx, qEntities, map[string]any{"ids": ids, "except": w.source})
}

// EntitiesByKeys implements graph.Lookup without the source's names.
func (w without) EntitiesByKeys(ctx context.Context, keys []string) (map[string][]graph.Entity, error) {
	return grouped(ctx, w.tx, qByKeys, map[string]any{"keys": keys, "except": w.source})
}

// EntitiesByWikidataIDs implements graph.Lookup in the transaction.
func (w *writer) EntitiesByWikidataIDs(ctx context.Context, qids []string) (map[string][]graph.Entity, error) {
	return grouped(ctx, w.tx, qByWikidata, map[string]any{"qids": qids})
}

// Decisions implements graph.Lookup in the transaction.
func (w *writer) Decisions(ctx context.Context) ([]graph.Decision, error) {
	return decisions(ctx, w.tx)
}

// Digest implements write.Tx.
func (w *writer) Digest(id string) (string, bool, error) {
	rows, err := w.run(qSourceDigest, map[string]any{"id": id})
	if err != nil || len(rows) == 0 {
		return "", false, err
	}
	return record(rows[0]).str("digest"), true, nil
}

// Clear implements write.Tx.
func (w *writer) Clear(id string) (write.Cleared, error) {
	old := write.Cleared{Records: map[string]bool{}, Involved: map[string]bool{}, Groups: map[string]bool{}, Events: map[string]string{}}
	rows, err := w.run(qSourceClear, map[string]any{"id": id})
	if err != nil || len(rows) == 0 {
		return old, err
	}
	old.Existed = true
	for key, into := range map[string]map[string]bool{"records": old.Records, "involved": old.Involved} {
		l, err := stringList(rows, key)
		if err != nil {
			return old, err
		}
		for _, v := range l {
			into[v] = true
		}
	}
	reports, err := tuples(rows, "reports", 3) // [id, group, event]
	if err != nil {
		return old, err
	}
	for _, t := range reports {
		old.Relations = append(old.Relations, t[0])
		old.Groups[t[1]], old.Events[t[0]] = true, t[2]
	}
	slices.Sort(old.Relations)
	return old, nil
}

// DeleteSource implements write.Tx.
func (w *writer) DeleteSource(id string) error {
	_, err := w.run(qSourceDelete, map[string]any{"id": id})
	return err
}

// Known implements write.Tx.
func (w *writer) Known(ids []string) (map[string]bool, error) {
	out := map[string]bool{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := w.run(qEntitiesKnown, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	known, err := stringList(rows, "known")
	for _, id := range known {
		out[id] = true
	}
	return out, err
}

// Owners implements write.Tx.
func (w *writer) Owners(relations []string) (map[string]string, error) {
	return w.pairs(qReportOwners, relations, "owned")
}

// Write implements write.Tx: the source, its records and name keys, its
// relations as reports with the entities they name, and a node for every
// entity it names.
func (w *writer) Write(c *graph.Contribution) error {
	_, all := c.Named()
	src := c.Source.ID
	var records, keys, reports []map[string]any
	for _, rec := range c.Entities {
		records = append(records, map[string]any{"entity": rec.ID, "props": map[string]any{
			"kind": rec.Kind, "wikidata": rec.Wikidata, "label": rec.Label, "names": marshal(rec.Names)}})
		seen := map[string]bool{}
		for _, n := range rec.Names {
			for _, k := range n.Keys {
				if !seen[k] {
					seen[k] = true
					keys = append(keys, map[string]any{"key": k, "entity": rec.ID})
				}
			}
		}
	}
	for i := range c.Relations {
		r := &c.Relations[i]
		reports = append(reports, map[string]any{"props": reportProps(r, src),
			"entities": slices.Compact(slices.Sorted(slices.Values(r.Entities())))})
	}
	if _, err := w.run(qSourceWrite, map[string]any{
		"source": sourceProps(c), "entities": all, "records": records, "keys": keys, "reports": reports,
	}); err != nil {
		return err
	}
	return w.writeRefs(c)
}

// Reports implements write.Tx.
func (w *writer) Reports(keys []string) (map[string][]graph.Report, error) {
	out := map[string][]graph.Report{}
	if len(keys) == 0 {
		return out, nil
	}
	rows, err := w.run(qGroupReports, map[string]any{"keys": keys})
	if err != nil {
		return nil, err
	}
	for _, row := range rows {
		p := record(row)
		rep := graph.Report{Source: p.str("source"), Event: p.str("event")}
		if p.m["pin"] != nil {
			pin := node(p.m["pin"])
			rep.Pin = pin.str("pin")
			if pin.err != nil {
				return nil, pin.err
			}
		}
		key := p.str("key")
		if p.err != nil {
			return nil, p.err
		}
		if rep.Relation, err = reportRelation(p.m["json"]); err != nil {
			return nil, err
		}
		out[key] = append(out[key], rep)
	}
	return out, nil
}

// EventGroups implements write.Tx.
func (w *writer) EventGroups(ids []string) (map[string]string, error) {
	return w.pairs(qEventGroups, ids, "groups")
}

// PutEvents implements write.Tx: the events of a group all join the same
// two entities by their REL, and their other parties by LINKs; their
// participations hang off one (:EventGroup) node of the group.
func (w *writer) PutEvents(put []graph.Relation, del []string) error {
	rels, links, parts, reports := []map[string]any{}, []map[string]any{}, []map[string]any{}, []map[string]any{}
	for i := range put {
		r := &put[i]
		props := eventProps(r)
		rels = append(rels, map[string]any{"src": r.From, "tgt": r.To, "props": props})
		for _, l := range r.Links() {
			if l.From != r.From || l.To != r.To { // that one is the REL
				links = append(links, map[string]any{"src": l.From, "tgt": l.To, "props": linkProps(props, l.Directed)})
			}
		}
		for _, p := range r.Participants {
			parts = append(parts, map[string]any{"key": r.GroupKey(), "entity": p.Entity, "relation": r.ID, "type": r.Type})
		}
		done := map[string]bool{}
		for _, ev := range r.Evidence {
			if !done[ev.Report] {
				done[ev.Report] = true
				reports = append(reports, map[string]any{"report": ev.Report, "event": r.ID})
			}
		}
	}
	if del == nil {
		del = []string{}
	}
	_, err := w.run(qEventPut, map[string]any{"del": del, "events": rels, "links": links, "participants": parts, "reports": reports})
	return err
}

// Pin implements write.Tx.
func (w *writer) Pin(reports []string, pin string) error {
	_, err := w.run(qReportPin, map[string]any{"ids": reports, "pin": pin})
	return err
}

// States implements write.Tx.
func (w *writer) States(ids []string) (map[string]*graph.EntityState, error) {
	out := map[string]*graph.EntityState{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := w.run(qEntityState, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	for _, row := range rows {
		p := record(row)
		if p.m["names"] == nil {
			continue // created by this transaction, not assembled yet
		}
		st := &graph.EntityState{Entity: graph.Entity{ID: p.str("id"), Name: p.str("name"), Kind: p.str("kind"), Wikidata: p.str("wikidata")},
			Label: p.str("label")}
		p.json("names", &st.Names)
		p.json("aliases", &st.Aliases)
		p.json("demonyms", &st.Demonyms)
		if p.m["last_priority"] != nil {
			st.Last = &graph.Rank{Priority: p.integer("last_priority"), Source: p.str("last_source")}
		}
		if p.err != nil {
			return nil, p.err
		}
		out[st.ID] = st
	}
	return out, nil
}

// Records implements write.Tx.
func (w *writer) Records(ids []string) (map[string][]graph.SourcedRecord, error) {
	out := map[string][]graph.SourcedRecord{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := w.run(qEntityRecords, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	for _, row := range rows {
		p := record(row)
		id := p.str("id")
		r := graph.SourcedRecord{Source: p.str("source"), Priority: p.integer("priority"), EntityRecord: graph.EntityRecord{
			ID: id, Kind: p.str("kind"), Wikidata: p.str("wikidata"), Label: p.str("label")}}
		p.json("names", &r.Names)
		if p.err != nil {
			return nil, p.err
		}
		out[id] = append(out[id], r)
	}
	return out, nil
}

// Put implements write.Tx.
func (w *writer) Put(put []graph.EntityState, del []string) error {
	rows := make([]map[string]any, len(put))
	for i, st := range put {
		rows[i] = map[string]any{"id": st.ID, "props": entityProps(st)}
	}
	_, err := w.run(qEntityPut, map[string]any{"put": rows, "delete": del})
	return err
}
