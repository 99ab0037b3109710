package embedded

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"

	"github.com/geokg/geokg/internal/graph"
)

// index is the graph's adjacency in memory: every relation as an edge with
// what filters look at, and its links (graph.Relation.Links) between
// numbered nodes.
//
// An index is built whole (buildIndex) or patched from an older one with
// the changes the write log holds (patch.go). A patch shares the arrays of
// the index it starts from: it appends to its slices in place (the older
// index reads only up to its own lengths) and copies what it changes. So
// an index is patched at most once (the newest, under Store.imu); every
// other change makes copies.
type index struct {
	gen   int64
	ids   []string         // node number → entity id
	kinds []string         // node number → entity kind
	num   map[string]int32 // entity id → node number, of the nodes built
	added map[string]int32 // the same, of the nodes patches added (nil when built)
	// The edges: those built, in relation id order ([:built]), then those
	// patches appended. An edge a patch removed stays, marked dead, and is
	// in no adjacency list.
	edges []edge
	built int
	later map[string]int32 // relation id → number, of the live appended edges
	dead  []uint64         // bit set by edge number
	stale int              // the edges appended or dead since the build
	// patches counts the patches made since the index was last built
	// from the database; its compaction keeps the count.
	patches int
	types   []string
	// The links of each node in ascending edge order: out (the node is the
	// link's first end, the link directed), in (its second end, the link
	// directed), all (either end, any link; a loop once).
	out, in, all adjacency
}

type edge struct {
	id         string
	src, tgt   int32
	parts      []int32 // the participants that are neither source nor target, each once
	typ        int32   // into index.types
	structural bool
	dated      bool
	mod        graph.Modality
	conf       float64
	lo, hi     string
	known      string
	reviewed   string // graph.Relation.Reviewed
}

// link is one link of edge e, from a to b.
type link struct {
	e        int32
	a, b     int32
	directed bool
}

// adjacency lists the links of node v at [off[v]:off[v+1]] of two
// parallel arrays: the node each leads to, and its edge. Searches read
// them in order rather than looking each link up. A node whose links a
// patch changed has its whole list in over instead.
type adjacency struct {
	off        []int32
	node, edge []int32
	over       map[int32]list
}

// list is the links of one node: the nodes they lead to, and their edges.
type list struct{ node, edge []int32 }

// of is the nodes the links of v lead to, and their edges.
func (a *adjacency) of(v int32) (nodes, edges []int32) {
	if l, ok := a.over[v]; ok {
		return l.node, l.edge
	}
	if int(v)+1 >= len(a.off) { // a node a patch added, without links now
		return nil, nil
	}
	lo, hi := a.off[v], a.off[v+1]
	return a.node[lo:hi], a.edge[lo:hi]
}

func (ix *index) adj(d graph.Direction) *adjacency {
	switch d {
	case graph.Out:
		return &ix.out
	case graph.In:
		return &ix.in
	}
	return &ix.all
}

// adjacencies are the index's three adjacencies, each with the entries a
// link gives it: add(v, w), a link of v leading to w.
func (ix *index) adjacencies() [3]struct {
	a       *adjacency
	entries func(l *link, add func(v, w int32))
} {
	return [3]struct {
		a       *adjacency
		entries func(l *link, add func(v, w int32))
	}{
		{&ix.out, func(l *link, add func(v, w int32)) {
			if l.directed {
				add(l.a, l.b)
			}
		}},
		{&ix.in, func(l *link, add func(v, w int32)) {
			if l.directed {
				add(l.b, l.a)
			}
		}},
		{&ix.all, func(l *link, add func(v, w int32)) {
			add(l.a, l.b)
			if l.a != l.b {
				add(l.b, l.a)
			}
		}},
	}
}

// node is the number of the node of entity id.
func (ix *index) node(id string) (int32, bool) {
	if v, ok := ix.num[id]; ok {
		return v, true
	}
	v, ok := ix.added[id]
	return v, ok
}

// intern is the number of the node of entity id, adding the node (of no
// kind yet) if there is none.
func (ix *index) intern(id string) int32 {
	if v, ok := ix.node(id); ok {
		return v
	}
	v := int32(len(ix.ids))
	if ix.added != nil {
		ix.added[id] = v
	} else {
		ix.num[id] = v
	}
	ix.ids = append(ix.ids, id)
	ix.kinds = append(ix.kinds, "")
	return v
}

// isDead reports whether a patch removed edge e.
func (ix *index) isDead(e int32) bool {
	return int(e>>6) < len(ix.dead) && ix.dead[e>>6]&(1<<(e&63)) != 0
}

// byID sorts edge numbers in the order of their relations' ids: the order
// of the numbers, unless a patch appended edges.
func (ix *index) byID(es []int32) {
	if len(ix.edges) == ix.built {
		slices.Sort(es)
		return
	}
	slices.SortFunc(es, func(a, b int32) int { return strings.Compare(ix.edges[a].id, ix.edges[b].id) })
}

// parties are the nodes of edge e: source, target (unless a loop) and
// participants, as graph.Relation.Parties.
func (e *edge) parties() []int32 {
	ps := []int32{e.src}
	if e.tgt != e.src {
		ps = append(ps, e.tgt)
	}
	return append(ps, e.parts...)
}

// links calls f with each link of edge number i, as graph.Relation.Links.
func (e *edge) links(i int32, f func(l *link)) {
	if e.src == e.tgt {
		f(&link{e: i, a: e.src, b: e.src, directed: true})
	}
	ps := e.parties()
	for j, a := range ps {
		for _, b := range ps[j+1:] {
			f(&link{e: i, a: a, b: b, directed: a == e.src})
		}
	}
}

// loadKinds reads the kind of every node.
func (ix *index) loadKinds(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, "SELECT id, kind FROM entities")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, kind string
		if err := rows.Scan(&id, &kind); err != nil {
			return err
		}
		if v, ok := ix.num[id]; ok {
			ix.kinds[v] = kind
		}
	}
	return rows.Err()
}

// generation reads the write generation in tx's snapshot.
func generation(ctx context.Context, tx *sql.Tx) (int64, error) {
	var gen int64
	err := tx.QueryRowContext(ctx, "SELECT v FROM meta WHERE k = 'generation'").Scan(&gen)
	return gen, err
}

// build is one background update of the index (Store.update).
type build struct {
	done chan struct{}
	err  error
}

// Warm makes sure the in-memory index of the graph as it is now is there,
// bringing it up to date if not: `geokg serve` calls it at start, and
// every path or neighbourhood query before it reads. An index of an
// earlier generation is patched with the changes of the write log, in
// milliseconds; only when there is none (at start) or the log no longer
// holds the changes since it is the index built whole. The update runs in
// the background and outlives the caller: a caller whose context ends
// stops waiting (EUnavailable, saying the index is being built) but the
// update goes on and is kept, so on a graph whose index takes longer to
// build than a request may last, later requests find it built rather than
// each starting (and abandoning) a build of its own.
func (s *Store) Warm(ctx context.Context) error {
	if err := s.live(); err != nil {
		return err
	}
	var gen int64
	if err := s.db.QueryRowContext(ctx, "SELECT v FROM meta WHERE k = 'generation'").Scan(&gen); err != nil {
		return s.fail(err, "reading the write generation")
	}
	if ix := s.ix.Load(); ix != nil && ix.gen >= gen {
		return nil
	}
	b := s.update()
	select {
	case <-b.done:
		return b.err
	case <-ctx.Done():
		return graph.Wrap(graph.EUnavailable, ctx.Err(), "the graph index of %s is still being built; try again shortly", s.path)
	}
}

// Ready reports whether path and neighbourhood queries can be answered
// without waiting for the index to be built (for /readyz): EUnavailable
// while there is none, starting its build if none is under way.
func (s *Store) Ready(ctx context.Context) error {
	if err := s.Ping(ctx); err != nil {
		return err
	}
	if s.ix.Load() == nil {
		s.update()
		return graph.Errorf(graph.EUnavailable, "the graph index of %s is being built", s.path)
	}
	return nil
}

// update starts the background update of the index, or returns the one
// under way.
func (s *Store) update() *build {
	s.bmu.Lock()
	defer s.bmu.Unlock()
	if b := s.building; b != nil {
		return b
	}
	b := &build{done: make(chan struct{})}
	s.building = b
	go func() {
		b.err = s.read(context.Background(), "updating the graph index", s.catchUp)
		s.bmu.Lock()
		s.building = nil
		s.bmu.Unlock()
		close(b.done)
	}()
	return b
}

// catchUp brings the index up to tx's generation: patched if the log
// allows, else built whole (the current index, if any, serving meanwhile
// those whose snapshot it is of).
func (s *Store) catchUp(tx *sql.Tx) error {
	ctx := context.Background()
	gen, err := generation(ctx, tx)
	if err != nil {
		return err
	}
	if done, err := s.patchCurrent(ctx, tx, gen); done || err != nil {
		return err
	}
	ix, err := buildIndex(ctx, tx, gen)
	if err != nil {
		return err
	}
	s.imu.Lock()
	defer s.imu.Unlock()
	if cur := s.ix.Load(); cur == nil || cur.gen < gen {
		s.ix.Store(ix)
	}
	return nil
}

// errMoved says that the index is of a later generation than a read's
// snapshot: the read is tried again.
var errMoved = graph.Errorf(graph.EUnavailable, "the graph changed during the query; try again")

// withIndex runs f in a read-only transaction with the index of its
// snapshot, bringing the index up to date first (Warm); when a write
// lands between the two, it tries again.
func (s *Store) withIndex(ctx context.Context, what string, f func(tx *sql.Tx, ix *index) error) error {
	for tries := 1; ; tries++ {
		if err := s.Warm(ctx); err != nil {
			return err
		}
		err := s.read(ctx, what, func(tx *sql.Tx) error {
			ix, err := s.graphIndex(ctx, tx)
			if err != nil {
				return err
			}
			return f(tx, ix)
		})
		if !errors.Is(err, errMoved) || tries == 10 {
			return err
		}
	}
}

// graphIndex returns the index of tx's snapshot: errMoved when the index
// is of another generation.
func (s *Store) graphIndex(ctx context.Context, tx *sql.Tx) (*index, error) {
	gen, err := generation(ctx, tx)
	if err != nil {
		return nil, err
	}
	if ix := s.ix.Load(); ix != nil && ix.gen == gen {
		return ix, nil
	}
	return nil, errMoved
}

// edgeCols are the columns of relations r an edge is read from (scanEdge).
const edgeCols = "r.id, r.src, r.tgt, r.type, r.class, r.modality, r.confidence, r.lo, r.hi, r.known, r.reviewed, r.date <> ''"

// scanEdge reads an edge of edgeCols, numbering its nodes and its type.
func (ix *index) scanEdge(rows *sql.Rows, typeNum func(string) int32) (edge, error) {
	var e edge
	var src, tgt, typ, class, mod string
	if err := rows.Scan(&e.id, &src, &tgt, &typ, &class, &mod, &e.conf, &e.lo, &e.hi, &e.known, &e.reviewed, &e.dated); err != nil {
		return e, err
	}
	e.src, e.tgt = ix.intern(src), ix.intern(tgt)
	e.typ, e.structural, e.mod = typeNum(typ), graph.Class(class) == graph.ClassStructural, graph.Modality(mod)
	return e, nil
}

// typeNum is the number of type t in ix.types, added if not there; index
// is where it is looked for.
func (ix *index) typeNum(index map[string]int32, t string) int32 {
	n, ok := index[t]
	if !ok {
		n = int32(len(ix.types))
		index[t] = n
		ix.types = append(ix.types, t)
	}
	return n
}

func buildIndex(ctx context.Context, tx *sql.Tx, gen int64) (*index, error) {
	ix := &index{gen: gen, num: map[string]int32{}}
	types := map[string]int32{}
	rows, err := tx.QueryContext(ctx, "SELECT "+edgeCols+" FROM relations r ORDER BY r.id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	edgeNum := map[string]int32{}
	for rows.Next() {
		e, err := ix.scanEdge(rows, func(t string) int32 { return ix.typeNum(types, t) })
		if err != nil {
			return nil, err
		}
		edgeNum[e.id] = int32(len(ix.edges))
		ix.edges = append(ix.edges, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	parts, err := tx.QueryContext(ctx, "SELECT relation_id, entity_id FROM relation_entities WHERE ends = 0 ORDER BY relation_id, entity_id")
	if err != nil {
		return nil, err
	}
	if err := ix.loadParticipants(parts, edgeNum); err != nil {
		return nil, err
	}
	if err := ix.loadKinds(ctx, tx); err != nil {
		return nil, err
	}
	ix.link()
	return ix, nil
}

// link builds the adjacencies of the index's edges, all of them live and
// in relation id order (built: all of them).
func (ix *index) link() {
	ix.built = len(ix.edges)
	var links []link
	for i := range ix.edges {
		ix.edges[i].links(int32(i), func(l *link) { links = append(links, *l) })
	}
	n := len(ix.ids)
	for _, x := range ix.adjacencies() {
		a := x.a
		a.off = make([]int32, n+1)
		count := func(v, _ int32) { a.off[v+1]++ }
		for i := range links {
			x.entries(&links[i], count)
		}
		for v := range n {
			a.off[v+1] += a.off[v]
		}
		a.node, a.edge = make([]int32, a.off[n]), make([]int32, a.off[n])
		fill := slices.Clone(a.off[:n])
		var e int32
		put := func(v, w int32) {
			a.node[fill[v]], a.edge[fill[v]] = w, e
			fill[v]++
		}
		for i := range links { // in edge order, so each list is sorted by edge
			e = links[i].e
			x.entries(&links[i], put)
		}
	}
}

// loadParticipants reads the participants (rows of relation_id,
// entity_id, by relation and entity) of the edges numbered in edgeNum
// that are neither their source nor their target, and closes rows.
func (ix *index) loadParticipants(rows *sql.Rows, edgeNum map[string]int32) error {
	defer rows.Close()
	for rows.Next() {
		var rel, ent string
		if err := rows.Scan(&rel, &ent); err != nil {
			return err
		}
		if i, ok := edgeNum[rel]; ok {
			ix.edges[i].parts = append(ix.edges[i].parts, ix.intern(ent))
		}
	}
	return rows.Err()
}

// matcher is graph.Filter.Match on edges. It must agree with Match exactly
// (TestMatcherAgreesWithMatch checks it): Match itself works on a Relation
// and formats its dates on every call, too slow for a search that may look
// at every edge.
type matcher struct {
	f      *graph.Filter
	typeOK []bool // by type number; nil: every type
}

func (ix *index) matcher(f *graph.Filter) *matcher {
	m := &matcher{f: f}
	if len(f.Types) > 0 || len(f.ExcludeTypes) > 0 {
		m.typeOK = make([]bool, len(ix.types))
		for i, t := range ix.types {
			m.typeOK[i] = (len(f.Types) == 0 || slices.Contains(f.Types, t)) && !slices.Contains(f.ExcludeTypes, t)
		}
	}
	return m
}

func (m *matcher) match(e *edge) bool {
	f := m.f
	switch {
	case m.typeOK != nil && !m.typeOK[e.typ],
		e.conf < f.MinConfidence,
		len(f.Modalities) > 0 && !slices.Contains(f.Modalities, e.mod),
		f.Since != "" && e.hi < f.Since,
		f.Until != "" && e.lo > f.Until,
		f.AsOf != "" && (e.lo > f.AsOf || e.structural && e.hi < f.AsOf),
		f.KnownAsOf != "" && e.known > f.KnownAsOf,
		f.Reviewed && e.reviewed > cmp.Or(f.KnownAsOf, graph.DayMax):
		return false
	}
	return true
}

// Neighbors implements graph.Store.
func (s *Store) Neighbors(ctx context.Context, q graph.NeighborQuery) (graph.Neighborhood, error) {
	dir, err := q.Direction.Check()
	if err != nil {
		return graph.Neighborhood{}, err
	}
	var n graph.Neighborhood
	err = s.withIndex(ctx, "reading the neighbours of "+q.ID, func(tx *sql.Tx, ix *index) error {
		center, err := entity(ctx, tx, q.ID)
		if err != nil {
			return err
		}
		n = graph.Neighborhood{Center: center, Nodes: []graph.Entity{}, Relations: []graph.Relation{}}
		c, ok := ix.node(q.ID)
		if !ok {
			return nil // no relations
		}
		m := ix.matcher(&q.Filter)
		adj := ix.adj(dir)
		visited := map[int32]bool{c: true}
		picked := map[int32]bool{}
		frontier := []int32{c}
		for range max(q.Depth, 1) {
			var next []int32
			for _, v := range frontier {
				ws, es := adj.of(v)
				for i, w := range ws {
					if e := es[i]; picked[e] || m.match(&ix.edges[e]) {
						picked[e] = true
						if !visited[w] {
							visited[w] = true
							next = append(next, w)
						}
					}
				}
			}
			frontier = next
		}
		kept := make([]int32, 0, len(picked))
		for e := range picked {
			kept = append(kept, e)
		}
		ix.byID(kept)
		if q.Limit > 0 && len(kept) > q.Limit {
			kept, n.Truncated = kept[:q.Limit], true
		}
		ids := make([]string, len(kept))
		nodes := map[string]bool{}
		for i, e := range kept {
			x := &ix.edges[e]
			ids[i] = x.id
			for _, v := range x.parties() {
				nodes[ix.ids[v]] = true
			}
		}
		delete(nodes, q.ID)
		rels, err := relationsByID(ctx, tx, ids)
		if err != nil {
			return err
		}
		for _, id := range ids {
			n.Relations = append(n.Relations, rels[id])
		}
		nodeIDs := make([]string, 0, len(nodes))
		for id := range nodes {
			nodeIDs = append(nodeIDs, id)
		}
		slices.Sort(nodeIDs)
		es, err := entitiesByID(ctx, tx, nodeIDs)
		if err != nil {
			return err
		}
		for _, id := range nodeIDs {
			n.Nodes = append(n.Nodes, es[id])
		}
		return nil
	})
	if err != nil {
		return graph.Neighborhood{}, err
	}
	return n, nil
}

// Paths implements graph.Store: graph.FindRoutes over the index
// (router).
func (s *Store) Paths(ctx context.Context, q graph.PathQuery) ([]graph.Path, error) {
	dir, err := q.Direction.Check()
	if err != nil {
		return nil, err
	}
	q.Direction = dir
	var out []graph.Path
	err = s.withIndex(ctx, "finding paths from "+q.From+" to "+q.To, func(tx *sql.Tx, ix *index) error {
		out = []graph.Path{}
		ends, err := entitiesByID(ctx, tx, []string{q.From, q.To})
		if err != nil {
			return err
		}
		if err := q.CheckEnds(func(id string) bool { _, ok := ends[id]; return ok }); err != nil {
			return err
		}
		to, ok1 := ix.node(q.To)
		if _, ok2 := ix.node(q.From); !ok1 || !ok2 || q.MaxHops < 1 {
			return nil
		}
		routes, err := graph.FindRoutes(ctx, &q, newRouter(ix, tx, &q, to))
		if err != nil {
			return err
		}
		nodes := map[string]bool{}
		for _, r := range routes {
			for _, id := range r.Nodes {
				nodes[id] = true
			}
		}
		ents, err := entitiesByID(ctx, tx, keys(nodes))
		if err != nil {
			return err
		}
		out = graph.Paths(routes, ents)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// router is the embedded store's graph.Router over the index.
//
// A spur search computes, level by level, lat(h, v): the latest day on
// which a route from v can set out and still reach the query's end within
// h steps in time order ("" when none can; every day when the query is
// not chronological, so that lat is plain reachability), and stops at the
// first level h at which the spur's start can set out on a route of h + 1
// steps (the levels above are not needed). Then it walks from the spur's
// start: the fewest steps that reach the end, each step to the
// entity of least id from which the rest can still be done, on the
// earliest day it can be taken. A shortest walk that is takeable in time
// order never passes an entity twice, so the walk needs no check of that.
//
// lat never falls as h grows, so each node keeps only the levels at which
// it rose (marks); what a search marks or blocks is undone by the next
// one, and whether an edge is usable is decided once per query.
type router struct {
	ix *index
	tx *sql.Tx
	q  *graph.PathQuery
	m  *matcher
	to int32

	use     []int8   // by edge: 0 not decided yet, 1 usable, -1 not
	open    []bool   // by node: a route may pass through it (Through)
	block   []uint32 // by node: blocked in the search numbered so
	search  uint32   // the number of the current search
	marks   [][]mark // by node: where lat rose
	touched []int32  // the nodes with marks
}

// mark says that lat(h, v) is at from level h on (until a later mark).
type mark struct {
	h  int
	at string
}

func newRouter(ix *index, tx *sql.Tx, q *graph.PathQuery, to int32) *router {
	rt := &router{ix: ix, tx: tx, q: q, m: ix.matcher(&q.Filter), to: to,
		use: make([]int8, len(ix.edges)), open: make([]bool, len(ix.ids)),
		block: make([]uint32, len(ix.ids)), marks: make([][]mark, len(ix.ids))}
	for i := range rt.open {
		rt.open[i] = int32(i) == to || len(q.Through) == 0 || slices.Contains(q.Through, ix.kinds[i])
	}
	return rt
}

func (rt *router) usable(e int32) bool {
	if rt.use[e] == 0 {
		rt.use[e] = -1
		if x := &rt.ix.edges[e]; rt.m.match(x) && (!rt.q.Chronological || x.dated) {
			rt.use[e] = 1
		}
	}
	return rt.use[e] > 0
}

// span is the days edge e covers, as a chronological search sees them.
func (rt *router) span(e int32) (string, string) {
	if !rt.q.Chronological {
		return graph.DayMin, graph.DayMax
	}
	x := &rt.ix.edges[e]
	return x.lo, x.hi
}

// lat is lat(h, v) of the current search.
func (rt *router) lat(h int, v int32) string {
	at := ""
	for _, m := range rt.marks[v] {
		if m.h > h {
			break
		}
		at = m.at
	}
	return at
}

// raise sets lat(h, v) to at (h is the level being computed, at least
// every level v was marked at); it reports whether v had no mark at h.
func (rt *router) raise(h int, v int32, at string) bool {
	ms := rt.marks[v]
	if len(ms) == 0 {
		rt.touched = append(rt.touched, v)
	}
	if n := len(ms); n > 0 && ms[n-1].h == h {
		ms[n-1].at = at
		return false
	}
	rt.marks[v] = append(ms, mark{h, at})
	return true
}

func (rt *router) blocked(v int32) bool { return rt.block[v] == rt.search || !rt.open[v] }

// reverse is the direction that follows the links of d backwards.
func reverse(d graph.Direction) graph.Direction {
	switch d {
	case graph.Out:
		return graph.In
	case graph.In:
		return graph.Out
	}
	return graph.Any
}

func (rt *router) Shortest(_ context.Context, sp graph.Spur) ([]string, error) {
	ix, dir := rt.ix, rt.q.Direction
	start, ok := ix.node(sp.From)
	if !ok || sp.Hops < 1 {
		return nil, nil
	}
	rt.search++
	for _, v := range rt.touched {
		rt.marks[v] = rt.marks[v][:0]
	}
	rt.touched = rt.touched[:0]
	for id := range sp.Banned {
		if v, ok := ix.node(id); ok {
			rt.block[v] = rt.search
		}
	}
	rt.block[start] = rt.search
	rt.raise(0, rt.to, graph.DayMax)
	radj := ix.adj(reverse(dir))
	changed := []int32{rt.to}
	for h := 1; h <= sp.Hops; h++ {
		// With lat known up to level h-1, a route of h steps sets out if
		// any does: it is the shortest, and the levels above are not
		// needed.
		if w, at := rt.next(start, sp.After, h-1, sp.NotFirst); w >= 0 {
			route := []string{sp.From, ix.ids[w]}
			for left := h - 1; left > 0; left-- {
				if w, at = rt.next(w, at, left-1, nil); w < 0 {
					return nil, graph.Errorf(graph.EInternal, "the spur search lost its way from %s", sp.From)
				}
				route = append(route, ix.ids[w])
			}
			return route, nil
		}
		if h == sp.Hops || len(changed) == 0 {
			continue
		}
		var next []int32
		for _, w := range changed {
			from := rt.lat(h-1, w)
			vs, es := radj.of(w)
			for i, v := range vs {
				e := es[i]
				if v == rt.to || rt.blocked(v) || !rt.usable(e) {
					continue
				}
				if lo, hi := rt.span(e); lo <= from {
					if c := min(hi, from); c > rt.lat(h, v) && rt.raise(h, v, c) {
						next = append(next, v)
					}
				}
			}
		}
		changed = next
	}
	return nil, nil
}

// next is the step from v on day at (or later) to the entity of least id
// from which the end can be reached in time within left steps, and the
// earliest day it can be taken; -1 when there is none.
func (rt *router) next(v int32, at string, left int, notFirst map[string]bool) (int32, string) {
	ix, dir := rt.ix, rt.q.Direction
	best, bestAt := int32(-1), ""
	ws, es := ix.adj(dir).of(v)
	for i, w := range ws {
		e := es[i]
		if rt.blocked(w) || !rt.usable(e) || notFirst[ix.ids[w]] {
			continue
		}
		lo, hi := rt.span(e)
		t := max(at, lo)
		if t > min(hi, rt.lat(left, w)) {
			continue
		}
		switch {
		case best < 0 || ix.ids[w] < ix.ids[best]:
			best, bestAt = w, t
		case w == best:
			bestAt = min(bestAt, t)
		}
	}
	return best, bestAt
}

func (rt *router) Hops(ctx context.Context, route []string) ([][]graph.Relation, error) {
	ix, dir := rt.ix, rt.q.Direction
	ids := make([][]string, len(route)-1)
	var all []string
	for i := range ids {
		v, _ := ix.node(route[i])
		w, _ := ix.node(route[i+1])
		var hop []int32
		xs, es := ix.adj(dir).of(v)
		for j, x := range xs {
			if e := es[j]; x == w && !slices.Contains(hop, e) && rt.usable(e) {
				hop = append(hop, e)
			}
		}
		ix.byID(hop)
		for _, e := range hop {
			ids[i] = append(ids[i], ix.edges[e].id)
		}
		all = append(all, ids[i]...)
	}
	rels, err := relationsByID(ctx, rt.tx, all)
	if err != nil {
		return nil, err
	}
	out := make([][]graph.Relation, len(ids))
	for i, hop := range ids {
		for _, id := range hop {
			out[i] = append(out[i], rels[id])
		}
	}
	return out, nil
}
