package neo4jstore

import (
	"cmp"
	"context"
	"maps"
	"math"
	"slices"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/geokg/geokg/internal/graph"
)

// ReplaceSource implements graph.Store: the digest check, the removal of
// the earlier contribution, the checks and the writes are one transaction.
func (s *Store) ReplaceSource(ctx context.Context, c *graph.Contribution) (graph.ReplaceResult, error) {
	if c == nil || c.Source.ID == "" {
		return graph.ReplaceResult{}, graph.Errorf(graph.EInvalid, "contribution without a source id")
	}
	var res graph.ReplaceResult
	err := s.write(ctx, "replacing source "+c.Source.ID, func(tx neo4j.ManagedTransaction) error {
		res = graph.ReplaceResult{}
		w := &writer{ctx: ctx, tx: tx}
		rows, err := run(ctx, tx, qSourceDigest, map[string]any{"id": c.Source.ID})
		if err != nil {
			return err
		}
		if len(rows) > 0 {
			if record(rows[0]).str("digest") == c.Source.Digest {
				res.Unchanged = true
				return nil
			}
			res.Replaced = true
		}
		if err := c.Validate(); err != nil {
			return err
		}
		old, err := w.clear(c.Source.ID)
		if err != nil {
			return err
		}
		res.RelationsRemoved = c.RelationsRemoved(old.relations)
		if err := w.check(c, &res); err != nil {
			return err
		}
		if err := w.write(c); err != nil {
			return err
		}
		return w.refresh(old, c)
	})
	if err != nil {
		return graph.ReplaceResult{}, err
	}
	return res, nil
}

// RemoveSource implements graph.Store.
func (s *Store) RemoveSource(ctx context.Context, id string) (bool, error) {
	var found bool
	err := s.write(ctx, "removing source "+id, func(tx neo4j.ManagedTransaction) error {
		w := &writer{ctx: ctx, tx: tx}
		old, err := w.clear(id)
		if found = old.existed; err != nil || !found {
			return err
		}
		if _, err := run(ctx, tx, qSourceDelete, map[string]any{"id": id}); err != nil {
			return err
		}
		return w.refresh(old, nil)
	})
	return found, err
}

// writer runs the statements of one write transaction.
type writer struct {
	ctx context.Context
	tx  neo4j.ManagedTransaction
}

func (w *writer) run(query string, params map[string]any) ([]*neo4j.Record, error) {
	return run(w.ctx, w.tx, query, params)
}

// removed is what clearing a source's contribution took away.
type removed struct {
	existed   bool
	records   map[string]bool // entities the source had records of
	involved  map[string]bool // entities its relations involved
	relations []string        // its relation ids
}

// clear deletes a source's records, name keys and relations, not the
// source node.
func (w *writer) clear(id string) (removed, error) {
	old := removed{records: map[string]bool{}, involved: map[string]bool{}}
	rows, err := w.run(qSourceClear, map[string]any{"id": id})
	if err != nil || len(rows) == 0 {
		return old, err
	}
	old.existed = true
	r := rows[0]
	for key, into := range map[string]func(string){
		"records":   func(v string) { old.records[v] = true },
		"involved":  func(v string) { old.involved[v] = true },
		"relations": func(v string) { old.relations = append(old.relations, v) },
	} {
		v, _ := r.Get(key)
		l, err := list(v)
		if err != nil {
			return old, err
		}
		for _, x := range l {
			s, _ := x.(string)
			into(s)
		}
	}
	return old, nil
}

// named returns the entities c records and every entity it names (those
// and the ends and participants of its relations), sorted.
func named(c *graph.Contribution) (mine map[string]bool, all []string) {
	mine = map[string]bool{}
	ids := map[string]bool{}
	for _, rec := range c.Entities {
		mine[rec.ID], ids[rec.ID] = true, true
	}
	for i := range c.Relations {
		for _, e := range c.Relations[i].Entities() {
			ids[e] = true
		}
	}
	return mine, slices.Sorted(maps.Keys(ids))
}

// check checks a contribution whose source has been cleared against the
// store (its relations name known entities, no other source holds its
// relation ids) and counts its entities and relations into res.
func (w *writer) check(c *graph.Contribution, res *graph.ReplaceResult) error {
	mine, all := named(c)
	relIDs := make([]string, len(c.Relations))
	for i := range c.Relations {
		relIDs[i] = c.Relations[i].ID
	}
	rows, err := w.run(qSourceCheck, map[string]any{"entities": all, "relations": relIDs})
	if err != nil {
		return err
	}
	known := map[string]bool{}
	var ownedID, owner string
	if len(rows) > 0 {
		k, _ := rows[0].Get("known")
		l, err := list(k)
		if err != nil {
			return err
		}
		for _, x := range l {
			id, _ := x.(string)
			known[id] = true
		}
		o, _ := rows[0].Get("owned")
		if l, _ := list(o); len(l) > 0 {
			if pair, _ := list(l[0]); len(pair) == 2 {
				ownedID, _ = pair[0].(string)
				owner, _ = pair[1].(string)
			}
		}
	}
	for _, rec := range c.Entities {
		if known[rec.ID] {
			res.EntitiesMerged++
		} else {
			res.EntitiesNew++
		}
	}
	for i := range c.Relations {
		r := &c.Relations[i]
		if r.ID == ownedID {
			return graph.Errorf(graph.EInvalid, "relation %q already belongs to source %q", r.ID, owner)
		}
		for _, e := range r.Entities() {
			if !mine[e] && !known[e] {
				return graph.Errorf(graph.EInvalid, "relation %q names unknown entity %q", r.ID, e)
			}
		}
	}
	res.Relations = len(c.Relations)
	return nil
}

// write writes a contribution whose source has been cleared, without
// checks: the source, its records and name keys, its relations and their
// participants, and a node for every entity it names. The assembled
// entities are the caller's to bring up to date.
func (w *writer) write(c *graph.Contribution) error {
	_, all := named(c)
	src := c.Source.ID
	var records, keys, rels, parts []map[string]any
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
		rels = append(rels, map[string]any{"src": r.Source, "tgt": r.Target, "props": relationProps(r, src)})
		for _, p := range r.Participants {
			parts = append(parts, map[string]any{"entity": p.Entity, "props": map[string]any{"relation": r.ID, "type": r.Type}})
		}
	}
	_, err := w.run(qSourceWrite, map[string]any{
		"source": sourceProps(c.Source, c.Priority), "entities": all,
		"records": records, "keys": keys, "relations": rels, "participants": parts,
	})
	return err
}

// entityState is what an (:Entity) node holds of graph.Assemble's fold so
// far, and whether anything names the entity.
type entityState struct {
	assembled             bool // the node has been assembled before
	label, kind, wikidata string
	names                 map[string]string
	aliases               map[string][]string
	lastPriority          *int
	lastSource            string
	recorded, involved    bool
}

// refresh brings the assembled entities up to date after clearing old and
// adding c (nil for a removal): an entity that gains a record sorting
// after all it has is folded on (the common case of an import), one that
// gains or loses records otherwise is assembled again from all of them,
// one that only lost relations is deleted if nothing names it any more.
func (w *writer) refresh(old removed, c *graph.Contribution) error {
	added := map[string]*graph.EntityRecord{}
	ids := map[string]bool{}
	var src string
	var prio int
	if c != nil {
		src, prio = c.Source.ID, c.Priority
		for i := range c.Entities {
			added[c.Entities[i].ID] = &c.Entities[i]
			ids[c.Entities[i].ID] = true
		}
	}
	for _, m := range []map[string]bool{old.records, old.involved} {
		maps.Copy(ids, m)
	}
	sorted := slices.Sorted(maps.Keys(ids))
	states, err := w.states(sorted)
	if err != nil {
		return err
	}
	var put []map[string]any
	var del, again []string
	for _, id := range sorted {
		st, rec := states[id], added[id]
		switch {
		case st == nil: // gone already
		case rec != nil && !old.records[id]:
			if e, ok := fold(id, st, rec, src, prio); ok {
				put = append(put, map[string]any{"id": id, "props": entityProps(e, cmp.Or(st.label, rec.Label), int64(prio), src)})
			} else {
				again = append(again, id)
			}
		case rec != nil || old.records[id]:
			again = append(again, id)
		case old.involved[id] && !st.recorded && !st.involved:
			del = append(del, id)
		}
	}
	put, del, err = w.reassemble(again, states, put, del)
	if err != nil {
		return err
	}
	return w.put(put, del)
}

// reassemble assembles the entities ids again from all their records,
// appending them to put, or to del when nothing names them any more (a
// bare node when relations involve them but no record is left); ids
// without a state are gone already.
func (w *writer) reassemble(ids []string, states map[string]*entityState, put []map[string]any, del []string) ([]map[string]any, []string, error) {
	recs, err := w.records(ids)
	if err != nil {
		return nil, nil, err
	}
	for _, id := range ids {
		rs := recs[id]
		switch {
		case states[id] == nil: // gone already
		case len(rs) > 0:
			slices.SortFunc(rs, func(a, b graph.SourcedRecord) int {
				return cmp.Or(cmp.Compare(a.Priority, b.Priority), cmp.Compare(a.Source, b.Source))
			})
			label := ""
			for _, r := range rs {
				label = cmp.Or(label, r.Label)
			}
			last := rs[len(rs)-1]
			put = append(put, map[string]any{"id": id, "props": entityProps(graph.Assemble(id, rs), label, int64(last.Priority), last.Source)})
		case states[id].involved:
			put = append(put, map[string]any{"id": id, "props": entityProps(graph.Assemble(id, nil), "", nil, nil)})
		default:
			del = append(del, id)
		}
	}
	return put, del, nil
}

// put stores the assembled entities put and deletes the entities del.
func (w *writer) put(put []map[string]any, del []string) error {
	if len(put) == 0 && len(del) == 0 {
		return nil
	}
	_, err := w.run(qEntityPut, map[string]any{"put": put, "delete": del})
	return err
}

// states locks the existing entities of ids and reads their state.
func (w *writer) states(ids []string) (map[string]*entityState, error) {
	rows, err := w.run(qEntityState, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	out := make(map[string]*entityState, len(rows))
	for _, row := range rows {
		p := record(row)
		st := &entityState{label: p.str("label"), kind: p.str("kind"), wikidata: p.str("wikidata"), lastSource: p.str("last_source")}
		st.assembled = p.m["names"] != nil
		p.json("names", &st.names)
		p.json("aliases", &st.aliases)
		if p.m["last_priority"] != nil {
			n := p.integer("last_priority")
			st.lastPriority = &n
		}
		st.recorded, _ = p.m["recorded"].(bool)
		st.involved, _ = p.m["involved"].(bool)
		if p.err != nil {
			return nil, p.err
		}
		out[p.str("id")] = st
	}
	return out, nil
}

// records reads every record of the entities ids.
func (w *writer) records(ids []string) (map[string][]graph.SourcedRecord, error) {
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

// fold continues graph.Assemble where it stopped for an entity that gains
// one record: possible when the record sorts after every record the entity
// has (false otherwise: assemble it from all its records).
func fold(id string, st *entityState, rec *graph.EntityRecord, src string, prio int) (graph.Entity, bool) {
	if st.assembled && st.lastPriority != nil && cmp.Or(cmp.Compare(prio, *st.lastPriority), cmp.Compare(src, st.lastSource)) < 0 {
		return graph.Entity{}, false
	}
	// The fold so far as one record that sorts first.
	so := graph.SourcedRecord{Priority: math.MinInt, EntityRecord: graph.EntityRecord{Kind: st.kind, Wikidata: st.wikidata, Label: st.label}}
	for _, lang := range slices.Sorted(maps.Keys(st.names)) {
		so.Names = append(so.Names, graph.Name{Lang: lang, Text: st.names[lang], Role: graph.RoleName, Order: len(so.Names)})
	}
	for _, lang := range slices.Sorted(maps.Keys(st.aliases)) {
		for _, a := range st.aliases[lang] {
			so.Names = append(so.Names, graph.Name{Lang: lang, Text: a, Role: graph.RoleAlias, Order: len(so.Names)})
		}
	}
	return graph.Assemble(id, []graph.SourcedRecord{so, {Source: src, Priority: prio, EntityRecord: *rec}}), true
}
