package embedded

import (
	"context"
	"database/sql"
	"errors"
	"maps"
	"slices"
	"sort"
)

// The write log (table index_log): every write records, in its own
// transaction, the relations and the entities it put or deleted, under the
// generation it makes. An index of generation g, in this process or in
// another that shares the file, catches up with generation G by reading
// the log's changes in (g, G] and the rows they name, rather than the
// whole graph. meta's logged_since says from which generation on the log
// is whole: it starts at the generation a store is created or upgraded
// at, and rises as writes drop the changes of all but the last logKept
// generations.

// logKept is how many generations of changes the log keeps: an index
// further behind is built again whole.
const logKept = 1000

// compactEvery: a patched index is compacted (its appended edges merged
// into arrays in relation id order, its dead ones dropped) when the edges
// appended or removed since it was built are more than 1/compactEvery of
// those built, which keeps the overlay, and what each patch copies of it,
// small.
const compactEvery = 8

// pruneLog drops the changes of the generations before the last logKept,
// in the write that has just bumped the generation.
func pruneLog(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `UPDATE meta SET v = max(v, (SELECT v FROM meta WHERE k = 'generation') - ?) WHERE k = 'logged_since'`, logKept)
	if err == nil {
		_, err = tx.ExecContext(ctx, "DELETE FROM index_log WHERE gen <= (SELECT v FROM meta WHERE k = 'logged_since')")
	}
	if err == nil {
		_, err = tx.ExecContext(ctx, "DELETE FROM generations WHERE gen < (SELECT v FROM meta WHERE k = 'logged_since')")
	}
	return err
}

// logged records that the writer's write changed the relations (entity
// false) or entities of ids.
func (w *writer) logged(entity bool, ids ...string) error {
	for _, id := range ids {
		if _, err := w.logChange.ExecContext(w.ctx, w.gen, entity, id); err != nil {
			return err
		}
	}
	return nil
}

// patchCurrent brings the current index up to gen with the log, if there
// is an index and the log holds what changed since it: done says whether
// it did (or there was nothing to do).
func (s *Store) patchCurrent(ctx context.Context, tx *sql.Tx, gen int64) (done bool, err error) {
	s.imu.Lock()
	defer s.imu.Unlock()
	cur := s.ix.Load()
	if cur == nil {
		return false, nil
	}
	if cur.gen >= gen {
		return true, nil
	}
	nx, err := cur.patch(ctx, tx, gen)
	if err != nil || nx == nil {
		return false, err
	}
	s.ix.Store(nx)
	s.compactIfStale(nx)
	return true, nil
}

// compactIfStale starts the compaction of ix, the current index, if
// enough of its edges were appended or removed since it was built and no
// compaction is under way.
func (s *Store) compactIfStale(ix *index) {
	if ix.stale*compactEvery > ix.built && s.compacting.CompareAndSwap(false, true) {
		go s.compact(ix)
	}
}

// compact replaces x, a patched index, with its compaction, brought up to
// date with the log: x and its patches serve meanwhile. Nobody waits for
// it, so its errors (the store closed, the log pruned meanwhile) only
// leave the patched index in place.
func (s *Store) compact(x *index) {
	defer s.compacting.Store(false)
	c, err := x.compacted()
	if err != nil {
		return
	}
	ctx := context.Background()
	// Under imu nothing newer is stored, so the snapshot is at least of
	// the current index's generation.
	s.imu.Lock()
	defer s.imu.Unlock()
	_ = s.read(ctx, "compacting the graph index", func(tx *sql.Tx) error {
		gen, err := generation(ctx, tx)
		if err != nil || gen < c.gen {
			return err
		}
		clean := c
		if gen > c.gen {
			n, err := c.patch(ctx, tx, gen)
			if err != nil || n == nil {
				return err
			}
			c = n
		}
		if cur := s.ix.Load(); cur == nil || cur.gen <= c.gen {
			s.ix.Store(c)
			s.snapshotLater(clean)
		}
		return nil
	})
}

// patch returns the index of tx's snapshot, of generation gen, made from
// ix with the changes the log holds since ix.gen; nil when the log does
// not hold them all (or there is no log: a store not yet upgraded).
func (ix *index) patch(ctx context.Context, tx *sql.Tx, gen int64) (*index, error) {
	var since int64
	switch err := tx.QueryRowContext(ctx, "SELECT v FROM meta WHERE k = 'logged_since'").Scan(&since); {
	case errors.Is(err, sql.ErrNoRows):
		return nil, nil
	case err != nil:
		return nil, err
	}
	if ix.gen < since {
		return nil, nil
	}
	rels, ents, err := changes(ctx, tx, ix.gen, gen)
	if err != nil {
		return nil, err
	}
	nx := ix.derive(gen)
	touched := map[int32]bool{}
	for _, id := range rels {
		if e, ok := nx.edgeOf(id); ok {
			nx.kill(e)
			for _, v := range nx.parties(&nx.edges[e]) {
				touched[v] = true
			}
		}
	}
	nx.unlink(touched)
	first, nums := len(nx.edges), nx.numbering()
	if err := nx.appendEdges(ctx, tx, rels, nums); err != nil {
		return nil, err
	}
	add := func(l link) { l.entries(nx.adj.add) }
	for i := first; i < len(nx.edges); i++ {
		nx.links(int32(i), add)
	}
	// The entities changed, and those that are nodes now and were not.
	ents = append(ents, nx.ids[len(ix.ids):]...)
	if err := nx.refreshKinds(ctx, tx, ents, len(ix.kinds), nums); err != nil {
		return nil, err
	}
	return nx, nil
}

// changes are the relations and the entities the writes of the
// generations in (from, to] changed, each once, by id.
func changes(ctx context.Context, tx *sql.Tx, from, to int64) (rels, ents []string, err error) {
	rows, err := tx.QueryContext(ctx, "SELECT DISTINCT entity, id FROM index_log WHERE gen > ? AND gen <= ? ORDER BY entity, id", from, to)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var entity bool
		var id string
		if err := rows.Scan(&entity, &id); err != nil {
			return nil, nil, err
		}
		if entity {
			ents = append(ents, id)
		} else {
			rels = append(rels, id)
		}
	}
	return rels, ents, rows.Err()
}

// derive is a copy of ix, of generation gen, to patch: it shares ix's
// slices (appending to them in place) and copies the maps and the dead
// set it changes.
func (ix *index) derive(gen int64) *index {
	nx := *ix
	nx.gen = gen
	nx.patches++
	nx.added = maps.Clone(ix.added)
	if nx.added == nil {
		nx.added = map[string]int32{}
	}
	nx.later = maps.Clone(ix.later)
	if nx.later == nil {
		nx.later = map[string]int32{}
	}
	nx.dead = slices.Clone(ix.dead)
	nx.adj.over = maps.Clone(ix.adj.over)
	if nx.adj.over == nil {
		nx.adj.over = map[int32]list{}
	}
	return &nx
}

// edgeOf is the number of the live edge of relation id.
func (ix *index) edgeOf(id string) (int32, bool) {
	if e, ok := ix.later[id]; ok {
		return e, true
	}
	i := sort.Search(ix.built, func(i int) bool { return ix.builtIDs.at(i) >= id })
	if i < ix.built && ix.builtIDs.at(i) == id && !ix.isDead(int32(i)) {
		return int32(i), true
	}
	return 0, false
}

// kill marks edge e dead.
func (ix *index) kill(e int32) {
	for int(e>>6) >= len(ix.dead) {
		ix.dead = append(ix.dead, 0)
	}
	ix.dead[e>>6] |= 1 << (e & 63)
	delete(ix.later, ix.id(e))
	ix.stale++
}

// unlink gives each of the nodes the lists of its links without those
// of dead edges, as new lists: the older index reads the old ones.
func (ix *index) unlink(nodes map[int32]bool) {
	for v := range nodes {
		ws, es := ix.adj.of(v)
		var l list
		for i, x := range es {
			if !ix.isDead(entry(x)) {
				l.node, l.edge = append(l.node, ws[i]), append(l.edge, x)
			}
		}
		if len(l.edge) < len(es) {
			ix.adj.over[v] = l
		}
	}
}

// add appends to the links of v one to w, of entry x.
func (a *adjacency) add(v, w, x int32) {
	l, ok := a.over[v]
	if !ok { // a copy: the base arrays are shared, and full
		ws, es := a.of(v)
		l = list{slices.Clone(ws), slices.Clone(es)}
	}
	l.node, l.edge = append(l.node, w), append(l.edge, x)
	a.over[v] = l
}

// appendEdges appends the edges of those of the relations ids that exist,
// with their participants, unlinked.
func (ix *index) appendEdges(ctx context.Context, tx *sql.Tx, ids []string, nums *numbering) error {
	var sc edgeScan
	for rest := ids; len(rest) > 0; {
		n := min(len(rest), chunk)
		rows, err := tx.QueryContext(ctx, "SELECT "+edgeCols+" FROM relations r WHERE r.id IN ("+placeholders(n)+") ORDER BY r.id", anys(rest[:n])...)
		if err != nil {
			return err
		}
		first := len(ix.edges)
		for rows.Next() {
			e, err := sc.scan(rows, nums)
			if err == nil {
				err = checkEdges(len(ix.edges) + 1)
			}
			if err != nil {
				rows.Close()
				return err
			}
			id := string(sc.id)
			ix.later[id] = int32(len(ix.edges))
			ix.edges, ix.laterIDs = append(ix.edges, e), append(ix.laterIDs, id)
			ix.stale++
		}
		if err := rows.Close(); err != nil {
			return err
		}
		parts, err := tx.QueryContext(ctx, participantsSQL+" AND relation_id IN ("+placeholders(n)+")", anys(rest[:n])...)
		if err != nil {
			return err
		}
		if err := ix.loadParticipants(parts, first); err != nil {
			return err
		}
		rest = rest[n:]
	}
	return nil
}

// refreshKinds reads the kinds of those of the entities ids that are
// nodes ("" for one that is no more); the first shared of the nodes'
// kinds are those of the older index, copied before one is changed.
func (ix *index) refreshKinds(ctx context.Context, tx *sql.Tx, ids []string, shared int, nums *numbering) error {
	kinds := map[string]string{}
	for rest := ids; len(rest) > 0; {
		n := min(len(rest), chunk)
		rows, err := tx.QueryContext(ctx, "SELECT id, kind FROM entities WHERE id IN ("+placeholders(n)+")", anys(rest[:n])...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id, kind string
			if err := rows.Scan(&id, &kind); err != nil {
				rows.Close()
				return err
			}
			kinds[id] = kind
		}
		if err := rows.Close(); err != nil {
			return err
		}
		rest = rest[n:]
	}
	copied := false
	for _, id := range ids {
		v, ok := ix.node(id)
		if !ok || ix.kind(v) == kinds[id] {
			continue
		}
		k, err := nums.kind([]byte(kinds[id]))
		if err != nil {
			return err
		}
		if int(v) < shared && !copied {
			ix.kinds, copied = slices.Clone(ix.kinds), true
		}
		ix.kinds[v] = k
	}
	return nil
}

// compacted is ix with its live edges in relation id order in new arrays,
// and no overlay: what a build would make of the same graph, but for the
// nodes that lost all their links (they stay, linked to nothing). Its
// slices are clipped: another patch of ix may be appending to the arrays
// they share.
func (ix *index) compacted() (*index, error) {
	c := &index{gen: ix.gen, ids: slices.Clip(ix.ids), kinds: slices.Clip(ix.kinds), kindNames: slices.Clip(ix.kindNames), types: slices.Clip(ix.types), measures: slices.Clip(ix.measures), parts: slices.Clip(ix.parts), lowConf: ix.lowConf, patches: ix.patches}
	c.settle() // the ids of ix's nodes: each once
	var built, tail []int32
	for i := range ix.edges {
		switch e := int32(i); {
		case ix.isDead(e):
		case i < ix.built:
			built = append(built, e)
		default:
			tail = append(tail, e)
		}
	}
	slices.SortFunc(tail, ix.compareIDs)
	c.edges = make([]edge, 0, len(built)+len(tail))
	var ids textsBuilder
	var err error
	keep := func(e int32) {
		if err == nil {
			c.edges = append(c.edges, ix.edges[e])
			err = appendText(&ids, ix.id(e))
		}
	}
	i := 0
	for _, e := range tail { // merged: both are in relation id order
		for ; i < len(built) && ix.id(built[i]) < ix.id(e); i++ {
			keep(built[i])
		}
		keep(e)
	}
	for _, e := range built[i:] {
		keep(e)
	}
	if err != nil {
		return nil, err
	}
	c.builtIDs = ids.texts(nil)
	c.link()
	return c, nil
}
