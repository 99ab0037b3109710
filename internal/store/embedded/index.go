package embedded

import (
	"context"
	"database/sql"
	"slices"

	"github.com/geokg/geokg/internal/graph"
)

// index is the graph's adjacency in memory: every relation as an edge with
// what filters look at, nodes numbered, edges numbered in relation id order.
type index struct {
	gen   int64
	ids   []string // node number → entity id
	kinds []string // node number → entity kind
	num   map[string]int32
	edges []edge // by relation id
	types []string
	// Incident edges of each node in ascending relation id order: out (the
	// node is the source), in (the target), all (either; a loop once).
	out, in, all adjacency
}

type edge struct {
	id         string
	src, tgt   int32
	typ        int32 // into index.types
	structural bool
	mod        graph.Modality
	conf       float64
	lo, hi     string
	known      string
}

// adjacency lists the edges of node v at list[off[v]:off[v+1]].
type adjacency struct {
	off  []int32
	list []int32
}

func (a *adjacency) of(v int32) []int32 { return a.list[a.off[v]:a.off[v+1]] }

func (ix *index) adj(d graph.Direction) *adjacency {
	switch d {
	case graph.Out:
		return &ix.out
	case graph.In:
		return &ix.in
	}
	return &ix.all
}

// step is the node reached by following edge e from v in direction d (e is
// one of v's edges in that direction).
func (ix *index) step(e int32, v int32, d graph.Direction) int32 {
	x := &ix.edges[e]
	switch {
	case d == graph.Out:
		return x.tgt
	case d == graph.In:
		return x.src
	case x.src == v:
		return x.tgt
	}
	return x.src
}

// loadKinds reads the kind of every node.
func (ix *index) loadKinds(ctx context.Context, tx *sql.Tx) error {
	ix.kinds = make([]string, len(ix.ids))
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

// build is one background build of the index (Warm).
type build struct {
	done chan struct{}
	err  error
}

// Warm makes sure the in-memory index of the graph as it is now is built,
// building it if not: `geokg serve` calls it at start, and every path or
// neighbourhood query before it reads. The build runs in the background and
// outlives the caller: a caller whose context ends stops waiting
// (EUnavailable, saying the index is being built) but the build goes on
// and is kept, so on a graph whose index takes longer to build than a
// request may last, later requests find it built rather than each starting
// (and abandoning) a build of its own.
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
	s.bmu.Lock()
	b := s.building
	if b == nil {
		b = &build{done: make(chan struct{})}
		s.building = b
		go func() {
			b.err = s.read(context.Background(), "building the graph index", func(tx *sql.Tx) error {
				_, err := s.graphIndex(context.Background(), tx)
				return err
			})
			s.bmu.Lock()
			s.building = nil
			s.bmu.Unlock()
			close(b.done)
		}()
	}
	s.bmu.Unlock()
	select {
	case <-b.done:
		return b.err
	case <-ctx.Done():
		return graph.Wrap(graph.EUnavailable, ctx.Err(), "the graph index of %s is still being built; try again shortly", s.path)
	}
}

// graphIndex returns the index of tx's snapshot, building it if the newest
// one is of another generation.
func (s *Store) graphIndex(ctx context.Context, tx *sql.Tx) (*index, error) {
	gen, err := generation(ctx, tx)
	if err != nil {
		return nil, err
	}
	if ix := s.ix.Load(); ix != nil && ix.gen == gen {
		return ix, nil
	}
	s.imu.Lock()
	defer s.imu.Unlock()
	if ix := s.ix.Load(); ix != nil && ix.gen == gen {
		return ix, nil
	}
	ix, err := buildIndex(ctx, tx, gen)
	if err != nil {
		return nil, err
	}
	if cur := s.ix.Load(); cur == nil || cur.gen < gen {
		s.ix.Store(ix)
	}
	return ix, nil
}

func buildIndex(ctx context.Context, tx *sql.Tx, gen int64) (*index, error) {
	ix := &index{gen: gen, num: map[string]int32{}}
	typeNum := map[string]int32{}
	node := func(id string) int32 {
		n, ok := ix.num[id]
		if !ok {
			n = int32(len(ix.ids))
			ix.num[id] = n
			ix.ids = append(ix.ids, id)
		}
		return n
	}
	rows, err := tx.QueryContext(ctx, "SELECT id, src, tgt, type, class, modality, confidence, lo, hi, known FROM relations ORDER BY id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var e edge
		var src, tgt, typ, class, mod string
		if err := rows.Scan(&e.id, &src, &tgt, &typ, &class, &mod, &e.conf, &e.lo, &e.hi, &e.known); err != nil {
			return nil, err
		}
		e.src, e.tgt = node(src), node(tgt)
		t, ok := typeNum[typ]
		if !ok {
			t = int32(len(ix.types))
			typeNum[typ] = t
			ix.types = append(ix.types, typ)
		}
		e.typ, e.structural, e.mod = t, graph.Class(class) == graph.ClassStructural, graph.Modality(mod)
		ix.edges = append(ix.edges, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := ix.loadKinds(ctx, tx); err != nil {
		return nil, err
	}
	n := len(ix.ids)
	build := func(a *adjacency, ends func(e *edge) (int32, int32)) {
		a.off = make([]int32, n+1)
		for i := range ix.edges {
			x, y := ends(&ix.edges[i])
			a.off[x+1]++
			if y >= 0 {
				a.off[y+1]++
			}
		}
		for v := range n {
			a.off[v+1] += a.off[v]
		}
		a.list = make([]int32, a.off[n])
		fill := slices.Clone(a.off[:n])
		for i := range ix.edges { // ascending ids, so each list is sorted
			x, y := ends(&ix.edges[i])
			a.list[fill[x]] = int32(i)
			fill[x]++
			if y >= 0 {
				a.list[fill[y]] = int32(i)
				fill[y]++
			}
		}
	}
	build(&ix.out, func(e *edge) (int32, int32) { return e.src, -1 })
	build(&ix.in, func(e *edge) (int32, int32) { return e.tgt, -1 })
	build(&ix.all, func(e *edge) (int32, int32) {
		if e.src == e.tgt {
			return e.src, -1
		}
		return e.src, e.tgt
	})
	return ix, nil
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
		f.KnownAsOf != "" && e.known > f.KnownAsOf:
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
	if err := s.Warm(ctx); err != nil {
		return graph.Neighborhood{}, err
	}
	var n graph.Neighborhood
	err = s.read(ctx, "reading the neighbours of "+q.ID, func(tx *sql.Tx) error {
		center, err := entity(ctx, tx, q.ID)
		if err != nil {
			return err
		}
		n = graph.Neighborhood{Center: center, Nodes: []graph.Entity{}, Relations: []graph.Relation{}}
		ix, err := s.graphIndex(ctx, tx)
		if err != nil {
			return err
		}
		c, ok := ix.num[q.ID]
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
				for _, e := range adj.of(v) {
					if picked[e] || m.match(&ix.edges[e]) {
						picked[e] = true
						if w := ix.step(e, v, dir); !visited[w] {
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
		slices.Sort(kept)
		if q.Limit > 0 && len(kept) > q.Limit {
			kept, n.Truncated = kept[:q.Limit], true
		}
		ids := make([]string, len(kept))
		nodes := map[string]bool{}
		for i, e := range kept {
			x := &ix.edges[e]
			ids[i] = x.id
			nodes[ix.ids[x.src]], nodes[ix.ids[x.tgt]] = true, true
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

// Paths implements graph.Store: a breadth-first search from From for the
// distances, a backward pass to mark the nodes that lie on a shortest path
// to To, then a depth-first walk from From along those nodes taking edges in
// ascending relation id order, which yields the paths in ComparePaths order.
func (s *Store) Paths(ctx context.Context, q graph.PathQuery) ([]graph.Path, error) {
	dir, err := q.Direction.Check()
	if err != nil {
		return nil, err
	}
	if err := s.Warm(ctx); err != nil {
		return nil, err
	}
	out := []graph.Path{}
	err = s.read(ctx, "finding paths from "+q.From+" to "+q.To, func(tx *sql.Tx) error {
		ends, err := entitiesByID(ctx, tx, []string{q.From, q.To})
		if err != nil {
			return err
		}
		if err := q.CheckEnds(func(id string) bool { _, ok := ends[id]; return ok }); err != nil {
			return err
		}
		ix, err := s.graphIndex(ctx, tx)
		if err != nil {
			return err
		}
		from, ok1 := ix.num[q.From]
		to, ok2 := ix.num[q.To]
		if !ok1 || !ok2 {
			return nil
		}
		found := ix.paths(from, to, q.MaxHops, q.K, dir, ix.matcher(&q.Filter), q.Avoid, q.Through)
		if len(found) == 0 {
			return nil
		}
		relSet, nodeSet := map[string]bool{}, map[string]bool{}
		for _, p := range found {
			v := from
			nodeSet[ix.ids[v]] = true
			for _, e := range p {
				relSet[ix.edges[e].id] = true
				v = ix.step(e, v, dir)
				nodeSet[ix.ids[v]] = true
			}
		}
		rels, err := relationsByID(ctx, tx, keys(relSet))
		if err != nil {
			return err
		}
		ents, err := entitiesByID(ctx, tx, keys(nodeSet))
		if err != nil {
			return err
		}
		for _, p := range found {
			path := graph.Path{Nodes: []graph.Entity{ents[q.From]}}
			v := from
			for _, e := range p {
				path.Relations = append(path.Relations, rels[ix.edges[e].id])
				v = ix.step(e, v, dir)
				path.Nodes = append(path.Nodes, ents[ix.ids[v]])
			}
			out = append(out, path)
		}
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

// paths returns the first k (k <= 0: all) shortest paths from one node to
// another as edge numbers, in ComparePaths order.
func (ix *index) paths(from, to int32, maxHops, k int, dir graph.Direction, m *matcher, avoid, through []string) [][]int32 {
	adj := ix.adj(dir)
	dist := make([]int32, len(ix.ids))
	for i := range dist {
		dist[i] = -1
		if len(through) > 0 && int32(i) != to && !slices.Contains(through, ix.kinds[i]) {
			dist[i] = -2 // a path may not pass through it
		}
	}
	for _, id := range avoid {
		if v, ok := ix.num[id]; ok {
			dist[v] = -2 // never reached: no path passes through it
		}
	}
	dist[from] = 0
	levels := [][]int32{{from}}
	for d := 0; d < maxHops && dist[to] < 0; d++ {
		var next []int32
		for _, v := range levels[d] {
			for _, e := range adj.of(v) {
				if w := ix.step(e, v, dir); dist[w] == -1 && m.match(&ix.edges[e]) {
					dist[w] = int32(d + 1)
					next = append(next, w)
				}
			}
		}
		if len(next) == 0 {
			break
		}
		levels = append(levels, next)
	}
	if dist[to] < 0 {
		return nil
	}
	// good: the node lies on a shortest path to `to`.
	length := dist[to]
	good := make([]bool, len(ix.ids))
	good[to] = true
	for d := length - 1; d >= 0; d-- {
		for _, v := range levels[d] {
			for _, e := range adj.of(v) {
				if w := ix.step(e, v, dir); dist[w] == d+1 && good[w] && m.match(&ix.edges[e]) {
					good[v] = true
					break
				}
			}
		}
	}
	var out [][]int32
	path := make([]int32, 0, length)
	var walk func(v int32) bool // true: enough paths
	walk = func(v int32) bool {
		if v == to {
			out = append(out, slices.Clone(path))
			return k > 0 && len(out) >= k
		}
		for _, e := range adj.of(v) {
			if w := ix.step(e, v, dir); dist[w] == dist[v]+1 && good[w] && m.match(&ix.edges[e]) {
				path = append(path, e)
				if walk(w) {
					return true
				}
				path = path[:len(path)-1]
			}
		}
		return false
	}
	walk(from)
	return out
}
