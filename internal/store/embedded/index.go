package embedded

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"math"
	"slices"
	"sort"
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
	ids   []string // node number → entity id
	kinds []uint16 // node number → its entity's kind, into kindNames
	// kindNames is the entities' kinds, "" (none known) first.
	kindNames []string
	// nodes finds the nodes built by their ids (node). added maps the ids
	// of the others to their numbers: the nodes patches added, and every
	// node while a build is under way (settle).
	nodes nodeTable
	added map[string]int32
	// The edges: those built, in relation id order ([:built]), then those
	// patches appended. An edge a patch removed stays, marked dead, and is
	// in no adjacency list. Their relations' ids are builtIDs (of those
	// built, by number) and laterIDs (of those appended, from built on):
	// ix.id.
	edges    []edge
	built    int
	builtIDs texts
	laterIDs []string
	later    map[string]int32 // relation id → number, of the live appended edges
	dead     []uint64         // bit set by edge number
	stale    int              // the edges appended or dead since the build
	// patches counts the patches made since the index was last built
	// from the database; its compaction keeps the count.
	patches  int
	types    []string
	measures []measure
	parts    []int32 // the edges' participants (edge.p0)
	lowConf  float64 // at most the confidence of every edge
	// The links of each node (either end, any link; a loop once) in
	// ascending edge order, each marked with what it is to the node.
	adj adjacency
}

// edge is what searches and counts read of a relation, in 48 bytes: a
// million of them are 48 MB. Its id is the index's (index.id).
type edge struct {
	conf     float64
	src, tgt int32
	p0       int32 // its participants that are neither source nor target, each once: index.parts[p0 : p0+np]
	lo, hi   day
	known    day
	reviewed day    // graph.Relation.Reviewed
	measure  uint32 // into index.measures
	typ      uint16 // into index.types
	np       uint16
	mod      uint8 // into modalities
	flags    uint8 // structural, eventClass, dated
}

// measure is what a tally counts of an event besides its days and its
// modality. Edges share them (index.measures): a graph has few distinct
// ones, intensities coming with their types.
type measure struct {
	intensity uint64 // the bits of the float64, of NaN when it has none (so that measures compare)
	reports   int32
	quad      int8
	prec      uint8 // into precisions
}

// numbering numbers the relation types, the entity kinds and the
// measures of an index, adding those it has not seen.
type numbering struct {
	ix           *index
	types, kinds names
	measures     map[measure]uint32
}

// numbering is a numbering of the types, kinds and measures ix has.
func (ix *index) numbering() *numbering {
	n := &numbering{ix: ix, types: newNames(&ix.types, maxTypes, "relation types"),
		kinds: newNames(&ix.kindNames, maxKinds, "entity kinds"), measures: make(map[measure]uint32, len(ix.measures))}
	for i, m := range ix.measures {
		n.measures[m] = uint32(i)
	}
	return n
}

// names numbers strings in a list of at most limit of them, appending
// those it has not seen.
type names struct {
	list  *[]string
	nums  map[string]int
	limit int
	what  string
}

func newNames(list *[]string, limit int, what string) names {
	n := names{list: list, nums: make(map[string]int, len(*list)), limit: limit, what: what}
	for i, s := range *list {
		n.nums[s] = i
	}
	return n
}

// num is the number of s, added if not there: EInternal past the limit.
func (n names) num(s []byte) (int, error) {
	if i, ok := n.nums[string(s)]; ok {
		return i, nil
	}
	i := len(*n.list)
	if i >= n.limit {
		return 0, graph.Errorf(graph.EInternal, "the graph has more than %d %s, more than its index can hold", n.limit, n.what)
	}
	*n.list = append(*n.list, string(s))
	n.nums[string(s)] = i
	return i, nil
}

// kind is the number of entity kind k.
func (n *numbering) kind(k []byte) (uint16, error) {
	i, err := n.kinds.num(k)
	return uint16(i), err
}

// num numbers an edge's type t and measure m.
func (n *numbering) num(e *edge, t []byte, m measure) error {
	typ, err := n.types.num(t)
	if err != nil {
		return err
	}
	e.typ = uint16(typ)
	i, ok := n.measures[m]
	if !ok {
		i = uint32(len(n.ix.measures)) // fewer than the edges
		n.ix.measures = append(n.ix.measures, m)
		n.measures[m] = i
	}
	e.measure = i
	return nil
}

// The flags of an edge.
const (
	structural uint8 = 1 << iota // of class structural
	eventClass                   // of class event
	dated                        // the relation has a date
	allFlags   = structural | eventClass | dated
)

func (e *edge) is(f uint8) bool { return e.flags&f != 0 }

// Bounds of what an edge holds in its narrow fields: a graph beyond them
// is refused rather than counted wrong.
const (
	maxTypes        = math.MaxUint16 + 1
	maxKinds        = math.MaxUint16 + 1
	maxParticipants = math.MaxUint16
)

// id is the relation id of edge e.
func (ix *index) id(e int32) string {
	if int(e) < ix.built {
		return ix.builtIDs.at(int(e))
	}
	return ix.laterIDs[int(e)-ix.built]
}

// precisions are the precisions of an edge's date, numbered for measure.prec.
var precisions = []graph.Precision{"", graph.Day, graph.Month, graph.Year}

// modalities are the modalities an edge may have, numbered for edge.mod:
// those of reports, and an event's graph.Disputed.
var modalities = append(slices.Clip(graph.Modalities), graph.Disputed)

// day is a day of an edge or a filter as the number YYYYMMDD, so that days
// compare as their YYYY-MM-DD strings do; noDay ("", a relation stored
// before it had the field) is below every day, unreviewed
// (graph.Unreviewed) above every one, and never below them all.
type day int32

const (
	never      day = math.MinInt32
	noDay      day = -1
	unreviewed day = math.MaxInt32
)

var dayMin, dayMax = mustDay(graph.DayMin), mustDay(graph.DayMax)

// toDay reads a stored or queried day: YYYY-MM-DD, "" or graph.Unreviewed.
func toDay[S ~string | ~[]byte](s S) (day, bool) {
	switch {
	case len(s) == 0:
		return noDay, true
	case string(s) == graph.Unreviewed:
		return unreviewed, true
	case len(s) != 10 || s[4] != '-' || s[7] != '-':
		return 0, false
	}
	n := day(0)
	for i := range 10 {
		if i == 4 || i == 7 {
			continue
		}
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + day(c-'0')
	}
	return n, true
}

func mustDay(s string) day {
	d, ok := toDay(s)
	if !ok {
		panic("not a day: " + s)
	}
	return d
}

// String is d as YYYY-MM-DD ("" for noDay, graph.Unreviewed for unreviewed).
func (d day) String() string {
	switch d {
	case noDay:
		return ""
	case unreviewed:
		return graph.Unreviewed
	}
	b := []byte("0000-00-00")
	for i, n := 9, int32(d); i >= 0; i-- {
		if i == 4 || i == 7 {
			continue
		}
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b)
}

// link is one link of edge e, from a to b.
type link struct {
	e        int32
	a, b     int32
	directed bool
}

// adjacency lists the links of node v at [off[v]:off[v+1]] of two
// parallel arrays: the node each leads to, and an entry of its edge (the
// edge's number, entry, with marks of what the link is to v, which
// follows reads). Searches read them in order rather than looking each
// link up; one that follows links in one direction passes over the
// others. A node whose links a patch changed has its whole list in over
// instead.
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

// An entry of an adjacency is an edge number with marks of what the link
// is to the node whose entry it is: every link is linkAny; linkOut when
// the node is its first end and it is directed, linkIn its second end
// and directed (a loop is both). So one list serves every direction, in
// about half the memory of a list for each.
const (
	linkAny  int32 = 1 << 28
	linkIn   int32 = 1 << 29
	linkOut  int32 = 1 << 30
	edgeMask       = linkAny - 1
	maxEdges       = linkAny // edge numbers fit below the marks
)

// entry is the edge of an entry.
func entry(x int32) int32 { return x & edgeMask }

// follows reports whether a search following the links of mark takes
// entry i of es; one that follows every link does not read it, which
// spares the search a load of the entries it skips by their node.
func follows(mark int32, es []int32, i int) bool { return mark == linkAny || es[i]&mark != 0 }

// linkMark is the mark of the links that a search in direction d follows.
func linkMark(d graph.Direction) int32 {
	switch d {
	case graph.Out:
		return linkOut
	case graph.In:
		return linkIn
	}
	return linkAny
}

// entries calls add with the entries link l makes: one of each end
// leading to the other (one of a loop), with its marks.
func (l link) entries(add func(v, w, x int32)) {
	out, in := l.e|linkAny, l.e|linkAny
	if l.directed {
		out, in = out|linkOut, in|linkIn
	}
	if l.a == l.b {
		add(l.a, l.a, out|in)
		return
	}
	add(l.a, l.b, out)
	add(l.b, l.a, in)
}

// checkEdges refuses an index of n edges if their numbers would not fit
// below the marks of an entry.
func checkEdges(n int) error {
	if n >= int(maxEdges) {
		return graph.Errorf(graph.EInternal, "the graph has %d relations, more than its index can hold (%d)", n, maxEdges-1)
	}
	return nil
}

// node is the number of the node of entity id.
func (ix *index) node(id string) (int32, bool) {
	if v, ok := ix.nodes.find(ix.ids, id); ok {
		return v, true
	}
	v, ok := ix.added[id]
	return v, ok
}

// intern is the number of the node of entity id, adding the node (of no
// kind yet) if there is none.
func (ix *index) intern(b []byte) int32 {
	if v, ok := ix.added[string(b)]; ok {
		return v
	}
	id := string(b)
	if v, ok := ix.node(id); ok {
		return v
	}
	v := int32(len(ix.ids))
	if ix.added == nil {
		ix.added = map[string]int32{}
	}
	ix.added[id] = v
	ix.ids = append(ix.ids, id)
	ix.kinds = append(ix.kinds, 0)
	return v
}

// kind is the kind of node v's entity.
func (ix *index) kind(v int32) string { return ix.kindNames[ix.kinds[v]] }

// settle makes every node one built, found in ix.nodes rather than a
// map: at the end of a build, a compaction or the reading of a snapshot.
// It reports whether the nodes' ids are each a node's.
func (ix *index) settle() bool {
	var ok bool
	ix.nodes, ok = newNodeTable(ix.ids)
	ix.added = nil
	return ok
}

// isDead reports whether a patch removed edge e.
func (ix *index) isDead(e int32) bool {
	return int(e>>6) < len(ix.dead) && ix.dead[e>>6]&(1<<(e&63)) != 0
}

// byID sorts edge numbers in the order of their relations' ids.
func (ix *index) byID(es []int32) {
	if len(ix.edges) == ix.built {
		slices.Sort(es)
		return
	}
	slices.SortFunc(es, ix.compareIDs)
}

// firstByID is the first n (all when n <= 0) of the edges picked in the
// order of their relations' ids. None of those built before edge from is
// picked; in, by edge number, is positive for those picked, and is not
// read before from.
func (ix *index) firstByID(picked []int32, in []int8, from, n int) []int32 {
	if n <= 0 || len(picked) <= n {
		ix.byID(picked)
		return picked
	}
	// Those built are in id order: the first n of them, merged with those
	// appended, sorted.
	var built, later []int32
	for e := from; e < ix.built && len(built) < n; e++ {
		if in[e] > 0 {
			built = append(built, int32(e))
		}
	}
	for _, e := range picked {
		if int(e) >= ix.built {
			later = append(later, e)
		}
	}
	slices.SortFunc(later, ix.compareIDs)
	out := make([]int32, 0, n)
	for len(out) < n {
		if len(later) == 0 || len(built) > 0 && ix.compareIDs(built[0], later[0]) < 0 {
			out, built = append(out, built[0]), built[1:]
		} else {
			out, later = append(out, later[0]), later[1:]
		}
	}
	return out
}

// compareIDs compares the ids of the relations of edges a and b: as their
// numbers, unless a patch appended edges.
func (ix *index) compareIDs(a, b int32) int {
	if len(ix.edges) == ix.built {
		return cmp.Compare(a, b)
	}
	return strings.Compare(ix.id(a), ix.id(b))
}

// parties are the nodes of edge e: source, target (unless a loop) and
// participants, as graph.Relation.Parties.
func (ix *index) parties(e *edge) []int32 {
	ps := make([]int32, 1, 2+e.np)
	ps[0] = e.src
	if e.tgt != e.src {
		ps = append(ps, e.tgt)
	}
	return append(ps, ix.participants(e)...)
}

// participants are those of edge e's parties that are neither its source
// nor its target.
func (ix *index) participants(e *edge) []int32 { return ix.parts[e.p0 : e.p0+int32(e.np)] }

// hasParty reports whether node v is a party of edge e.
func (ix *index) hasParty(e *edge, v int32) bool {
	return e.src == v || e.tgt == v || slices.Contains(ix.participants(e), v)
}

// links calls f with each link of edge number i, as graph.Relation.Links.
func (ix *index) links(i int32, f func(l link)) {
	e := &ix.edges[i]
	if e.np == 0 { // source and target alone: the one link between them
		f(link{e: i, a: e.src, b: e.tgt, directed: true})
		return
	}
	if e.src == e.tgt {
		f(link{e: i, a: e.src, b: e.src, directed: true})
	}
	ps := ix.parties(e)
	for j, a := range ps {
		for _, b := range ps[j+1:] {
			f(link{e: i, a: a, b: b, directed: a == e.src})
		}
	}
}

// loadKinds reads the kind of every node, before the nodes settle.
func (ix *index) loadKinds(ctx context.Context, tx *sql.Tx, nums *numbering) error {
	rows, err := tx.QueryContext(ctx, "SELECT id, kind FROM entities")
	if err != nil {
		return err
	}
	defer rows.Close()
	var id, kind sql.RawBytes
	for rows.Next() {
		if err := rows.Scan(&id, &kind); err != nil {
			return err
		}
		if v, ok := ix.added[string(id)]; ok {
			if ix.kinds[v], err = nums.kind(kind); err != nil {
				return err
			}
		}
	}
	return rows.Err()
}

// generationSQL reads the write generation.
const generationSQL = "SELECT v FROM meta WHERE k = 'generation'"

// generation reads the write generation in q's snapshot.
func generation(ctx context.Context, q queryer) (int64, error) {
	var gen int64
	err := q.QueryRowContext(ctx, generationSQL).Scan(&gen)
	return gen, err
}

// build is one background update of the index (Store.update).
type build struct {
	done chan struct{}
	err  error
}

// Warm makes sure the in-memory index of the graph as it is now is there,
// bringing it up to date if not: `geokg serve` calls it at start, and
// every path or neighbourhood query that finds it of another generation
// than its read. An index of an earlier generation is patched with the
// changes of the write log, in milliseconds; only when there is none (at
// start) or the log no longer holds the changes since it is the index
// built whole. The update runs in the background and outlives the
// caller: a caller whose context ends stops waiting (EUnavailable, saying
// the index is being built) but the update goes on and is kept, so on a
// graph whose index takes longer to build than a request may last, later
// requests find it built rather than each starting (and abandoning) a
// build of its own.
func (s *Store) Warm(ctx context.Context) error {
	if err := s.live(); err != nil {
		return err
	}
	var gen int64
	if err := s.db.QueryRowContext(ctx, generationSQL).Scan(&gen); err != nil {
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
	ix, built, err := s.loadOrBuild(ctx, tx, gen)
	if err != nil {
		return err
	}
	s.imu.Lock()
	defer s.imu.Unlock()
	if cur := s.ix.Load(); cur == nil || cur.gen < gen {
		s.ix.Store(ix)
		if built {
			s.snapshotLater(ix)
		} else {
			s.compactIfStale(ix)
		}
	}
	return nil
}

// loadOrBuild is the index of tx's snapshot, of generation gen: the
// store's snapshot patched with the log when this process has no index
// yet and the snapshot is of this database, else built whole (built).
func (s *Store) loadOrBuild(ctx context.Context, tx *sql.Tx, gen int64) (ix *index, built bool, err error) {
	if s.ix.Load() == nil {
		ix, err := s.loadSnapshot(ctx, tx, gen)
		if err != nil {
			return nil, false, err
		}
		if ix != nil && ix.gen < gen {
			ix, err = ix.patch(ctx, tx, gen)
		}
		if ix != nil || err != nil {
			return ix, false, err
		}
	}
	ix, err = buildIndex(ctx, tx, gen)
	return ix, true, err
}

// errMoved says that the index is of another generation than a read's
// snapshot: the read is tried again, once the index is brought up to date.
var errMoved = graph.Errorf(graph.EUnavailable, "the graph changed during the query; try again")

// withIndex runs f in a read-only transaction with the index of its
// snapshot; when the index is of another generation, it brings the index
// up to date (Warm) and tries again.
func (s *Store) withIndex(ctx context.Context, what string, f func(tx genTx, ix *index) error) error {
	for tries := 1; ; tries++ {
		err := s.readGen(ctx, what, func(tx genTx) error {
			if ix := s.ix.Load(); ix != nil && ix.gen == tx.gen {
				return f(tx, ix)
			}
			return errMoved
		})
		if !errors.Is(err, errMoved) || tries == 10 {
			return err
		}
		if err := s.Warm(ctx); err != nil {
			return err
		}
	}
}

// edgeCols are the columns of relations r an edge is read from (scanEdge).
const edgeCols = "r.id, r.src, r.tgt, r.type, r.class, r.modality, r.confidence, r.lo, r.hi, r.known, r.reviewed, r.date <> '', r.prec, r.quad, r.intensity, r.reports"

// edgeScan reads edges of edgeCols into its buffers, which the next row
// reuses.
type edgeScan struct {
	id, src, tgt, typ, class, mod, lo, hi, known, reviewed, prec sql.RawBytes
	intensity                                                    sql.NullFloat64
	quad                                                         int
	dated                                                        bool
}

// scan reads an edge of edgeCols but for its id (in sc.id), numbering its
// nodes, its type and its measure.
func (sc *edgeScan) scan(rows *sql.Rows, nums *numbering) (edge, error) {
	var e edge
	var m measure
	if err := rows.Scan(&sc.id, &sc.src, &sc.tgt, &sc.typ, &sc.class, &sc.mod, &e.conf, &sc.lo, &sc.hi, &sc.known, &sc.reviewed, &sc.dated,
		&sc.prec, &sc.quad, &sc.intensity, &m.reports); err != nil {
		return e, err
	}
	mod, prec := slices.Index(modalities, graph.Modality(sc.mod)), slices.Index(precisions, graph.Precision(sc.prec))
	switch {
	case mod < 0:
		return e, graph.Errorf(graph.EInternal, "relation %s has modality %q", sc.id, sc.mod)
	case prec < 0:
		return e, graph.Errorf(graph.EInternal, "relation %s has precision %q", sc.id, sc.prec)
	case sc.quad != int(int8(sc.quad)):
		return e, graph.Errorf(graph.EInternal, "relation %s has quad class %d", sc.id, sc.quad)
	}
	m.prec, m.quad, m.intensity = uint8(prec), int8(sc.quad), math.Float64bits(math.NaN())
	if sc.intensity.Valid {
		m.intensity = math.Float64bits(sc.intensity.Float64)
	}
	days := [...]struct {
		to  *day
		raw sql.RawBytes
	}{{&e.lo, sc.lo}, {&e.hi, sc.hi}, {&e.known, sc.known}, {&e.reviewed, sc.reviewed}}
	for _, d := range days {
		var ok bool
		if *d.to, ok = toDay(d.raw); !ok {
			return e, graph.Errorf(graph.EInternal, "relation %s has a day %q", sc.id, d.raw)
		}
	}
	if err := nums.num(&e, sc.typ, m); err != nil {
		return e, err
	}
	ix := nums.ix
	e.src, e.tgt = ix.intern(sc.src), ix.intern(sc.tgt)
	ix.lowConf = min(ix.lowConf, e.conf)
	e.mod = uint8(mod)
	switch string(sc.class) {
	case string(graph.ClassStructural):
		e.flags |= structural
	case string(graph.ClassEvent):
		e.flags |= eventClass
	}
	if sc.dated {
		e.flags |= dated
	}
	return e, nil
}

func buildIndex(ctx context.Context, tx *sql.Tx, gen int64) (*index, error) {
	ix := &index{gen: gen, kindNames: []string{""}, lowConf: math.Inf(1)}
	nums := ix.numbering()
	// Counted first, so that the edges are allocated once: growing them by
	// appends would hold the old array and the new one at once.
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM relations").Scan(&n); err != nil {
		return nil, err
	}
	ix.edges = make([]edge, 0, n)
	// In the table's order, sorted after: reading them in id order would
	// look each row up by its id.
	rows, err := tx.QueryContext(ctx, "SELECT "+edgeCols+" FROM relations r")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ids := textsBuilder{ends: make([]uint32, 0, n)}
	var sc edgeScan
	for rows.Next() {
		e, err := sc.scan(rows, nums)
		if err != nil {
			return nil, err
		}
		if err := appendText(&ids, sc.id); err != nil {
			return nil, err
		}
		ix.edges = append(ix.edges, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := checkEdges(len(ix.edges)); err != nil {
		return nil, err
	}
	perm := ids.sortOrder()
	if perm != nil {
		permute(ix.edges, perm)
	}
	ix.builtIDs, ix.built = ids.texts(perm), len(ix.edges)
	parts, err := tx.QueryContext(ctx, participantsSQL)
	if err != nil {
		return nil, err
	}
	if err := ix.loadParticipants(parts, 0); err != nil {
		return nil, err
	}
	if err := ix.loadKinds(ctx, tx, nums); err != nil {
		return nil, err
	}
	ix.settle() // the ids are those of a table's rows: each once
	ix.link()
	return ix, nil
}

// link builds the adjacencies of the index's edges, all of them live and
// in relation id order (built: all of them): one pass over the entries
// counts those of each node, a second places them.
func (ix *index) link() {
	ix.built = len(ix.edges)
	n := len(ix.ids)
	a := &ix.adj
	a.off = make([]int32, n+1)
	ix.eachEntry(func(v, _, _ int32) { a.off[v+1]++ })
	for v := range n {
		a.off[v+1] += a.off[v]
	}
	a.node, a.edge = make([]int32, a.off[n]), make([]int32, a.off[n])
	fill := slices.Clone(a.off[:n]) // where the next entry of each node goes
	ix.eachEntry(func(v, w, x int32) {
		i := fill[v]
		a.node[i], a.edge[i] = w, x
		fill[v]++
	})
}

// eachEntry calls add with every entry the links of the edges make, edge
// by edge in order: an entry x of node v, leading to w (link.entries).
func (ix *index) eachEntry(add func(v, w, x int32)) {
	each := func(l link) { l.entries(add) } // made once: one made per edge would be allocated per edge
	for i := range ix.edges {
		ix.links(int32(i), each)
	}
}

// participantsSQL reads the participants (relation_id, entity_id) of
// relations that are neither their source nor their target, in no order.
const participantsSQL = "SELECT relation_id, entity_id FROM relation_entities WHERE ends = 0"

// loadParticipants reads the participants of the edges from number first
// on, which are in relation id order, from rows of participantsSQL, and
// closes rows.
func (ix *index) loadParticipants(rows *sql.Rows, first int) error {
	defer rows.Close()
	type participant struct {
		rel string
		v   int32
	}
	var ps []participant
	var rel, ent sql.RawBytes
	for rows.Next() {
		if err := rows.Scan(&rel, &ent); err != nil {
			return err
		}
		ps = append(ps, participant{string(rel), ix.intern(ent)})
	}
	if err := rows.Err(); err != nil {
		return err
	}
	slices.SortFunc(ps, func(a, b participant) int {
		return cmp.Or(strings.Compare(a.rel, b.rel), strings.Compare(ix.ids[a.v], ix.ids[b.v]))
	})
	e := int32(first)
	for _, p := range ps {
		for int(e) < len(ix.edges) && ix.id(e) < p.rel {
			e++
		}
		if int(e) == len(ix.edges) || ix.id(e) != p.rel {
			continue
		}
		switch x := &ix.edges[e]; x.np {
		case 0:
			x.p0 = int32(len(ix.parts))
		case maxParticipants:
			return graph.Errorf(graph.EInternal, "relation %s has more than %d participants, more than the graph index can hold", p.rel, maxParticipants)
		}
		ix.parts = append(ix.parts, p.v)
		ix.edges[e].np++
	}
	return nil
}

// matcher is graph.Filter.Match on edges. It must agree with Match exactly
// (TestMatcherAgreesWithMatch checks it): Match itself works on a Relation
// and compares day strings, too slow for a search that may look at every
// edge.
type matcher struct {
	typeOK  []bool // by type number; nil: every type
	mods    uint32 // bit set by modality number
	minConf float64
	// The filter's days: since and until never and unreviewed when unset,
	// asOf unset when hasAsOf is false, knownAsOf unreviewed when unset,
	// reviewed the latest day a Reviewed may be.
	since, until, asOf, knownAsOf, reviewed day
	hasAsOf                                 bool
}

// matcher is the matcher of f: EInvalid when one of its days is not a
// YYYY-MM-DD day.
func (ix *index) matcher(f *graph.Filter) (*matcher, error) {
	m := &matcher{minConf: f.MinConfidence, since: never, until: unreviewed, knownAsOf: unreviewed, reviewed: unreviewed}
	if len(f.Types) > 0 || len(f.ExcludeTypes) > 0 {
		m.typeOK = make([]bool, len(ix.types))
		for i, t := range ix.types {
			m.typeOK[i] = (len(f.Types) == 0 || slices.Contains(f.Types, t)) && !slices.Contains(f.ExcludeTypes, t)
		}
	}
	for i, mod := range modalities {
		if len(f.Modalities) == 0 || slices.Contains(f.Modalities, mod) {
			m.mods |= 1 << i
		}
	}
	days := [...]struct {
		name, s string
		to      *day
	}{{"since", f.Since, &m.since}, {"until", f.Until, &m.until}, {"as of", f.AsOf, &m.asOf}, {"known as of", f.KnownAsOf, &m.knownAsOf}}
	for _, d := range days {
		if d.s == "" {
			continue
		}
		v, ok := toDay(d.s)
		if !ok || v == unreviewed {
			return nil, graph.Errorf(graph.EInvalid, "the filter's %s day %q is not YYYY-MM-DD", d.name, d.s)
		}
		*d.to = v
	}
	m.hasAsOf = f.AsOf != ""
	if f.Reviewed {
		m.reviewed = min(m.knownAsOf, dayMax)
	}
	return m, nil
}

// passesAll reports whether every edge of ix matches.
func (m *matcher) passesAll(ix *index) bool {
	return m.typeOK == nil && m.mods == 1<<len(modalities)-1 && m.minConf <= ix.lowConf &&
		m.since == never && m.until == unreviewed && !m.hasAsOf && m.knownAsOf == unreviewed && m.reviewed == unreviewed
}

func (m *matcher) match(e *edge) bool {
	switch {
	case m.typeOK != nil && !m.typeOK[e.typ],
		e.conf < m.minConf,
		m.mods&(1<<e.mod) == 0,
		e.hi < m.since,
		e.lo > m.until,
		m.hasAsOf && (e.lo > m.asOf || e.is(structural) && e.hi < m.asOf),
		e.known > m.knownAsOf,
		e.reviewed > m.reviewed:
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
	err = s.withIndex(ctx, "reading the neighbours of "+q.ID, func(tx genTx, ix *index) error {
		center, err := tx.entity(ctx, q.ID)
		if err != nil {
			return err
		}
		n = graph.Neighborhood{Center: center, Nodes: []graph.Entity{}, Relations: []graph.Relation{}}
		c, ok := ix.node(q.ID)
		if !ok {
			return nil // no relations
		}
		m, err := ix.matcher(&q.Filter)
		if err != nil {
			return err
		}
		mark := linkMark(dir)
		visited := make([]bool, len(ix.ids))
		visited[c] = true
		match := make([]int8, len(ix.edges)) // by edge: 0 not looked at yet, 1 matches, -1 not
		var picked []int32
		frontier := []int32{c}
		for range max(q.Depth, 1) {
			var next []int32
			for _, v := range frontier {
				ws, es := ix.adj.of(v)
				for i, w := range ws {
					if !follows(mark, es, i) {
						continue
					}
					e := entry(es[i])
					if match[e] == 0 {
						match[e] = -1
						if m.match(&ix.edges[e]) {
							match[e] = 1
							picked = append(picked, e)
						}
					}
					if match[e] > 0 && !visited[w] {
						visited[w] = true
						next = append(next, w)
					}
				}
			}
			frontier = next
		}
		from := 0 // the first edge built after q.After: those built are in id order
		if q.After != "" {
			from = sort.Search(ix.built, func(e int) bool { return ix.builtIDs.at(e) > q.After })
			picked = slices.DeleteFunc(picked, func(e int32) bool { return ix.id(e) <= q.After })
		}
		kept := ix.firstByID(picked, match, from, q.Limit)
		n.Truncated = len(kept) < len(picked)
		ids := make([]string, len(kept))
		nodes := map[string]bool{}
		for i, e := range kept {
			ids[i] = ix.id(e)
			for _, v := range ix.parties(&ix.edges[e]) {
				nodes[ix.ids[v]] = true
			}
		}
		delete(nodes, q.ID)
		rels, err := tx.relations(ctx, ids)
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
		es, err := tx.entities(ctx, nodeIDs)
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
	err = s.withIndex(ctx, "finding paths from "+q.From+" to "+q.To, func(tx genTx, ix *index) error {
		out = []graph.Path{}
		ends, err := tx.entities(ctx, []string{q.From, q.To})
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
		rt, err := s.newRouter(ix, tx, &q, to)
		if err != nil {
			return err
		}
		defer s.scratches.Put(rt.scratch)
		routes, err := graph.FindRoutes(ctx, &q, rt)
		if err != nil {
			return err
		}
		nodes := map[string]bool{}
		for _, r := range routes {
			for _, id := range r.Nodes {
				nodes[id] = true
			}
		}
		ents, err := tx.entities(ctx, keys(nodes))
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
// A spur search of a query that is not chronological is a breadth-first
// search from both of its ends that meets in the middle (meet.go). One of
// a chronological query computes, level by level, lat(h, v): the latest
// day on which a route from v can set out and still reach the query's end
// within h steps in time order (never when none can), and stops at the
// first level h at which the spur's start can set out on a route of h + 1
// steps (the levels above are not needed). Either then walks from the
// spur's start: the fewest steps that reach the end, each step to the
// entity of least id from which the rest can still be done (of a
// chronological query, on the earliest day it can be taken). A shortest
// walk that is takeable in time order never passes an entity twice, so
// the walk needs no check of that.
//
// lat never falls as h grows, so each node keeps only the levels at which
// it rose (marks); what a search marks or blocks is undone by the next
// one (the arrays by node are stamped with the search's number, and
// reused by the next query: Store.scratchFor), and whether an edge is usable
// is decided once per query.
type router struct {
	ix *index
	tx genTx
	q  *graph.PathQuery
	m  *matcher
	to int32

	every   bool   // every edge is usable: use is not needed
	use     []int8 // by edge: 0 not decided yet, 1 usable, -1 not
	through []bool // by kind number, of the query's Through: nil when it has none
	*scratch
}

// scratch is what a router keeps by node, stamped with the number of the
// search that set it (search), so that a search need not clear it: a
// store keeps them for the queries that follow (Store.scratchFor).
type scratch struct {
	search  uint32   // the number of the current search
	block   []uint32 // blocked (Banned, the spur's start)
	first   []uint32 // not a first step (Spur.NotFirst)
	marks   [][]mark // lat's marks, of a chronological search
	touched []int32  // the nodes with marks
	// Of the other searches (meet.go): reached from the start (fseen, in
	// fdist steps), reached back from the end (bseen, in bdist steps), on
	// a shortest route (on).
	fseen, bseen, on []uint32
	fdist, bdist     []int32
}

// mark says that lat(h, v) is at from level h on (until a later mark).
type mark struct {
	h  int32
	at day
}

// scratchFor returns scratch arrays for n nodes, from those earlier
// queries gave back (done) when there are some.
func (s *Store) scratchFor(n int) *scratch {
	sc, _ := s.scratches.Get().(*scratch)
	if sc == nil || len(sc.block) < n || sc.search > math.MaxUint32-1<<20 {
		sc = &scratch{block: make([]uint32, n), first: make([]uint32, n), marks: make([][]mark, n),
			fseen: make([]uint32, n), bseen: make([]uint32, n), on: make([]uint32, n),
			fdist: make([]int32, n), bdist: make([]int32, n)}
	}
	return sc
}

func (s *Store) newRouter(ix *index, tx genTx, q *graph.PathQuery, to int32) (*router, error) {
	m, err := ix.matcher(&q.Filter)
	if err != nil {
		return nil, err
	}
	rt := &router{ix: ix, tx: tx, q: q, m: m, to: to, every: !q.Chronological && m.passesAll(ix), scratch: s.scratchFor(len(ix.ids))}
	if !rt.every {
		rt.use = make([]int8, len(ix.edges))
	}
	if len(q.Through) > 0 {
		rt.through = make([]bool, len(ix.kindNames))
		for i, k := range ix.kindNames {
			rt.through[i] = slices.Contains(q.Through, k)
		}
	}
	return rt, nil
}

func (rt *router) usable(e int32) bool {
	if rt.every {
		return true
	}
	if rt.use[e] == 0 {
		rt.use[e] = -1
		if x := &rt.ix.edges[e]; rt.m.match(x) && (!rt.q.Chronological || x.is(dated)) {
			rt.use[e] = 1
		}
	}
	return rt.use[e] > 0
}

// span is the days edge e covers, as a chronological search sees them.
func (rt *router) span(e int32) (day, day) {
	if !rt.q.Chronological {
		return dayMin, dayMax
	}
	x := &rt.ix.edges[e]
	return x.lo, x.hi
}

// lat is lat(h, v) of the current search.
func (rt *router) lat(h int32, v int32) day {
	at := never
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
func (rt *router) raise(h int32, v int32, at day) bool {
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

// blocked reports whether a route may not pass through v: the spur's start
// or Banned, or not of the kinds of the query's Through (but its end).
func (rt *router) blocked(v int32) bool {
	return rt.block[v] == rt.search || rt.through != nil && v != rt.to && !rt.through[rt.ix.kinds[v]]
}

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
	for id := range sp.NotFirst {
		if v, ok := ix.node(id); ok {
			rt.first[v] = rt.search
		}
	}
	if !rt.q.Chronological {
		return rt.meet(sp, start)
	}
	after, ok := toDay(sp.After)
	if !ok {
		return nil, graph.Errorf(graph.EInvalid, "a spur's day %q is not YYYY-MM-DD", sp.After)
	}
	rt.raise(0, rt.to, dayMax)
	back := linkMark(reverse(dir))
	changed := []int32{rt.to}
	for h := int32(1); h <= int32(sp.Hops); h++ {
		// With lat known up to level h-1, a route of h steps sets out if
		// any does: it is the shortest, and the levels above are not
		// needed.
		if w, at := rt.next(start, after, h-1, true); w >= 0 {
			route := []string{sp.From, ix.ids[w]}
			for left := h - 1; left > 0; left-- {
				if w, at = rt.next(w, at, left-1, false); w < 0 {
					return nil, graph.Errorf(graph.EInternal, "the spur search lost its way from %s", sp.From)
				}
				route = append(route, ix.ids[w])
			}
			return route, nil
		}
		if h == int32(sp.Hops) || len(changed) == 0 {
			continue
		}
		var next []int32
		for _, w := range changed {
			from := rt.lat(h-1, w)
			vs, es := ix.adj.of(w)
			for i, v := range vs {
				e := entry(es[i])
				if !follows(back, es, i) || v == rt.to || rt.blocked(v) || !rt.usable(e) {
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
// earliest day it can be taken; -1 when there is none. A first step goes
// to none of the spur's NotFirst.
func (rt *router) next(v int32, at day, left int32, first bool) (int32, day) {
	ix, dir := rt.ix, rt.q.Direction
	best, bestAt := int32(-1), never
	ws, es := ix.adj.of(v)
	mark := linkMark(dir)
	for i, w := range ws {
		e := entry(es[i])
		if !follows(mark, es, i) || rt.blocked(w) || !rt.usable(e) || first && rt.first[w] == rt.search {
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
	ix, mark := rt.ix, linkMark(rt.q.Direction)
	ids := make([][]string, len(route)-1)
	var all []string
	for i := range ids {
		v, _ := ix.node(route[i])
		w, _ := ix.node(route[i+1])
		var hop []int32
		xs, es := ix.adj.of(v)
		for j, x := range xs {
			if e := entry(es[j]); x == w && follows(mark, es, j) && !slices.Contains(hop, e) && rt.usable(e) {
				hop = append(hop, e)
			}
		}
		ix.byID(hop)
		for _, e := range hop {
			ids[i] = append(ids[i], ix.id(e))
		}
		all = append(all, ids[i]...)
	}
	rels, err := rt.tx.relations(ctx, all)
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
