package embedded

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"math"
	"os"
	"path/filepath"
)

// An index snapshot is a built index written to a file beside the
// database (path + "-index", as SQLite keeps "-wal"), so that a process
// opening the store loads it, and patches it with the write log, rather
// than build the index from the tables: at a million relations that is
// the difference between seconds and a fraction of one.
//
// A snapshot is written after each whole build and each compaction, in
// the background. It is a cache: it is used only if the database's
// generation of its number has its stamp (table generations), so a
// snapshot of a file that was since replaced by a backup and written to
// again is not; a snapshot that is missing, torn, of another version or
// too old for the log to patch is ignored, and the index is built.
//
// The file: the magic, the format version, the generation and its stamp,
// then the index (the nodes' ids and kinds, the relation types, the
// measures, the edges' ids and fields, the participants and the
// adjacency, which takes longer to link again than to read), then the
// CRC-32C of everything before it. Numbers are little-endian.

const (
	snapshotMagic   = "geokg index\n"
	snapshotVersion = 6
	snapshotHead    = len(snapshotMagic) + 4 + 8 + 8
)

// edgeBytes and measureBytes are what the fields of an edge (its id
// apart) and of a measure take in a snapshot (encode).
const (
	edgeBytes    = 8 + 8*4 + 2*2 + 2
	measureBytes = 8 + 4 + 2
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func (s *Store) snapshotPath() string { return s.path + "-index" }

// snapshotLater writes ix as the store's snapshot in the background
// (saveSnapshot), unless the store is closing.
func (s *Store) snapshotLater(ix *index) {
	s.bmu.Lock() // Close waits for the snapshots started before it
	defer s.bmu.Unlock()
	if !s.closed.Load() {
		s.saves.Go(func() { s.saveSnapshot(ix) })
	}
}

// saveSnapshot writes ix, a built or compacted index (no overlay), as
// the store's snapshot, unless a snapshot at least as new is there or
// the generation's stamp is no longer kept. Nobody but Close waits for
// it, and a snapshot that cannot be written (a
// read-only directory, a full disk) only leaves the one before.
func (s *Store) saveSnapshot(ix *index) {
	s.smu.Lock()
	defer s.smu.Unlock()
	if ix.gen <= s.snapshotted {
		return
	}
	var stamp int64
	err := s.db.QueryRow("SELECT stamp FROM generations WHERE gen = ?", ix.gen).Scan(&stamp)
	if err != nil {
		return
	}
	b := ix.encode(stamp)
	tmp, err := os.CreateTemp(filepath.Dir(s.path), filepath.Base(s.snapshotPath())+"-*.tmp")
	if err != nil {
		return
	}
	if st, err := os.Stat(s.path); err == nil { // readable by whoever may read the database
		tmp.Chmod(st.Mode().Perm())
	}
	_, err = tmp.Write(b)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), s.snapshotPath())
	}
	if err != nil {
		os.Remove(tmp.Name())
		return
	}
	s.snapshotted = ix.gen
}

// loadSnapshot is the index of the store's snapshot, if it is of tx's
// database at a generation up to gen (tx's); nil if there is none to use.
// The index is of the snapshot's generation: the caller patches it.
func (s *Store) loadSnapshot(ctx context.Context, tx *sql.Tx, gen int64) (*index, error) {
	f, err := os.Open(s.snapshotPath())
	if err != nil {
		return nil, nil
	}
	defer f.Close()
	head := make([]byte, snapshotHead)
	if _, err := f.ReadAt(head, 0); err != nil {
		return nil, nil
	}
	at, stamp, ok := snapshotOf(head)
	if !ok || at > gen {
		return nil, nil
	}
	var want int64
	switch err := tx.QueryRowContext(ctx, "SELECT stamp FROM generations WHERE gen = ?", at).Scan(&want); {
	case errors.Is(err, sql.ErrNoRows):
		return nil, nil
	case err != nil:
		return nil, err
	case want != stamp:
		return nil, nil
	}
	st, err := f.Stat()
	if err != nil {
		return nil, nil
	}
	b := make([]byte, st.Size())
	if _, err := f.ReadAt(b, 0); err != nil {
		return nil, nil
	}
	ix, err := decodeSnapshot(b)
	if err != nil {
		return nil, nil
	}
	s.smu.Lock()
	s.snapshotted = max(s.snapshotted, ix.gen)
	s.smu.Unlock()
	return ix, nil
}

// snapshotOf reads the generation and the stamp from a snapshot's head.
func snapshotOf(head []byte) (gen, stamp int64, ok bool) {
	if len(head) < snapshotHead || string(head[:len(snapshotMagic)]) != snapshotMagic {
		return 0, 0, false
	}
	d := decoder{b: head[len(snapshotMagic):]}
	if d.u32() != snapshotVersion {
		return 0, 0, false
	}
	return int64(d.u64()), int64(d.u64()), true
}

// encode is the snapshot of ix, whose generation has stamp.
func (ix *index) encode(stamp int64) []byte {
	le := binary.LittleEndian
	b := append(make([]byte, 0, (edgeBytes+4)*len(ix.edges)+len(ix.builtIDs.all)+28*len(ix.ids)+8*len(ix.adj.node)), snapshotMagic...)
	b = le.AppendUint32(b, snapshotVersion)
	b = le.AppendUint64(b, uint64(ix.gen))
	b = le.AppendUint64(b, uint64(stamp))
	b = appendStrings(b, ix.ids)
	b = appendStrings(b, ix.kindNames)
	for _, k := range ix.kinds {
		b = le.AppendUint16(b, k)
	}
	b = appendStrings(b, ix.types)
	b = le.AppendUint32(b, uint32(len(ix.measures)))
	for _, m := range ix.measures {
		b = le.AppendUint32(le.AppendUint64(b, m.intensity), uint32(m.reports))
		b = append(b, byte(m.quad), m.prec)
	}
	b = appendTexts(b, ix.builtIDs)
	for i := range ix.edges {
		e := &ix.edges[i]
		b = le.AppendUint64(b, math.Float64bits(e.conf))
		for _, n := range [...]int32{e.src, e.tgt, e.p0, int32(e.lo), int32(e.hi), int32(e.known), int32(e.reviewed), int32(e.measure)} {
			b = le.AppendUint32(b, uint32(n))
		}
		b = le.AppendUint16(le.AppendUint16(b, e.typ), e.np)
		b = append(b, e.mod, e.flags)
	}
	b = appendInts(b, ix.parts)
	b = appendInts(appendInts(appendInts(b, ix.adj.off), ix.adj.node), ix.adj.edge)
	b = le.AppendUint64(b, math.Float64bits(ix.lowConf))
	return le.AppendUint32(b, crc32.Checksum(b, castagnoli))
}

// appendInts appends vs: their number, then each.
func appendInts(b []byte, vs []int32) []byte {
	b = binary.LittleEndian.AppendUint32(b, uint32(len(vs)))
	for _, v := range vs {
		b = binary.LittleEndian.AppendUint32(b, uint32(v))
	}
	return b
}

// appendStrings appends ss: their number, the end of each in their
// concatenation, and the concatenation.
func appendStrings(b []byte, ss []string) []byte {
	b = binary.LittleEndian.AppendUint32(b, uint32(len(ss)))
	end := 0
	for _, s := range ss {
		end += len(s)
		b = binary.LittleEndian.AppendUint32(b, uint32(end))
	}
	for _, s := range ss {
		b = append(b, s...)
	}
	return b
}

// appendTexts appends t as appendStrings does its strings.
func appendTexts(b []byte, t texts) []byte {
	b = binary.LittleEndian.AppendUint32(b, uint32(t.len()))
	for _, end := range t.ends {
		b = binary.LittleEndian.AppendUint32(b, end)
	}
	return append(b, t.all...)
}

// errSnapshot is what decodeSnapshot says of a file that is not a whole
// snapshot of this version: the store builds its index instead.
var errSnapshot = errors.New("not a graph index snapshot of this version")

// decodeSnapshot reads a snapshot (encode) back, checking its checksum
// and that every number in it points where it may, so that no index it
// gives can make a search fail. That the adjacencies are those link would
// make of the edges rests on the checksum, as checking them entry by
// entry takes as long as linking them again: a snapshot is written only
// by a store, beside its database, and is trusted as that database is.
func decodeSnapshot(b []byte) (*index, error) {
	if len(b) < snapshotHead+4 {
		return nil, errSnapshot
	}
	body, sum := b[:len(b)-4], binary.LittleEndian.Uint32(b[len(b)-4:])
	if crc32.Checksum(body, castagnoli) != sum {
		return nil, errSnapshot
	}
	return decodeIndex(body)
}

// decodeIndex reads the body of a snapshot, its checksum taken off.
func decodeIndex(b []byte) (*index, error) {
	gen, _, ok := snapshotOf(b)
	if !ok {
		return nil, errSnapshot
	}
	d := &decoder{b: b[snapshotHead:]}
	ix := &index{gen: gen}
	ix.ids = d.strings()
	n := len(ix.ids)
	ix.kindNames = d.strings()
	if len(ix.kindNames) == 0 || ix.kindNames[0] != "" || len(ix.kindNames) > maxKinds {
		return nil, errSnapshot
	}
	ix.kinds = make([]uint16, 0, min(n, d.left()/2))
	for range n {
		k := d.u16()
		if int(k) >= len(ix.kindNames) {
			return nil, errSnapshot
		}
		ix.kinds = append(ix.kinds, k)
	}
	ix.types = d.strings()
	ix.measures = make([]measure, d.checked(int(d.u32()), measureBytes))
	for i := range ix.measures {
		m := &ix.measures[i]
		m.intensity, m.reports, m.quad, m.prec = d.u64(), int32(d.u32()), int8(d.byte()), d.byte()
		if int(m.prec) >= len(precisions) {
			return nil, errSnapshot
		}
	}
	ix.builtIDs = d.texts()
	ids := &ix.builtIDs
	ix.edges = make([]edge, 0, min(ids.len(), d.left()/edgeBytes))
	for i := range ids.len() {
		if i > 0 && ids.at(i) <= ids.at(i-1) {
			d.bad = true
		}
		e := edge{conf: d.f64()}
		nums := [...]*int32{&e.src, &e.tgt, &e.p0, (*int32)(&e.lo), (*int32)(&e.hi), (*int32)(&e.known), (*int32)(&e.reviewed)}
		for _, p := range nums {
			*p = int32(d.u32())
		}
		e.measure, e.typ, e.np = d.u32(), d.u16(), d.u16()
		e.mod, e.flags = d.byte(), d.byte()
		if d.bad || !in(e.src, n) || !in(e.tgt, n) || int(e.typ) >= len(ix.types) || e.p0 < 0 || int64(e.measure) >= int64(len(ix.measures)) ||
			int(e.mod) >= len(modalities) || e.flags&^allFlags != 0 {
			return nil, errSnapshot
		}
		ix.edges = append(ix.edges, e)
	}
	ix.parts = d.ints(n)
	a := &ix.adj
	a.off, a.node, a.edge = d.ints(math.MaxInt32), d.ints(n), d.ints(math.MaxInt32)
	if checkEdges(len(ix.edges)) != nil || !a.shaped(n, len(ix.edges)) {
		return nil, errSnapshot
	}
	ix.lowConf = d.f64()
	if d.bad || d.left() != 0 {
		return nil, errSnapshot
	}
	for i := range ix.edges {
		if e := &ix.edges[i]; int(e.p0)+int(e.np) > len(ix.parts) {
			return nil, errSnapshot
		}
	}
	if !ix.settle() {
		return nil, errSnapshot
	}
	ix.built = len(ix.edges)
	return ix, nil
}

// shaped reports whether a has the shape link gives an adjacency of n
// nodes and m edges: an offset for each node and one past them, from 0 to
// the end of the entries and never falling, every entry of an edge and
// marked linkAny, and each node's entries in edge order.
func (a *adjacency) shaped(n, m int) bool {
	if len(a.off) != n+1 || a.off[0] != 0 || int(a.off[n]) != len(a.node) || len(a.edge) != len(a.node) {
		return false
	}
	for v := range n {
		if a.off[v+1] < a.off[v] {
			return false
		}
	}
	for _, x := range a.edge {
		if x&^(linkAny|linkIn|linkOut|edgeMask) != 0 || x&linkAny == 0 || !in(entry(x), m) {
			return false
		}
	}
	for v := range n { // the offsets are sound: each list is within the entries
		for i := a.off[v] + 1; i < a.off[v+1]; i++ {
			if entry(a.edge[i]) < entry(a.edge[i-1]) {
				return false
			}
		}
	}
	return true
}

// in reports whether v numbers one of n things.
func in(v int32, n int) bool { return v >= 0 && int(v) < n }

// decoder reads the numbers and strings of a snapshot; once it runs out
// of bytes it reads zeros (and strings that do not fit) and says it is
// bad.
type decoder struct {
	b   []byte
	bad bool
}

func (d *decoder) left() int { return len(d.b) }

func (d *decoder) take(n int) []byte {
	if d.bad || n < 0 || n > len(d.b) {
		d.bad = true
		return make([]byte, 8) // enough for any number
	}
	out := d.b[:n]
	d.b = d.b[n:]
	return out
}

func (d *decoder) byte() byte   { return d.take(1)[0] }
func (d *decoder) u16() uint16  { return binary.LittleEndian.Uint16(d.take(2)) }
func (d *decoder) u32() uint32  { return binary.LittleEndian.Uint32(d.take(4)) }
func (d *decoder) u64() uint64  { return binary.LittleEndian.Uint64(d.take(8)) }
func (d *decoder) f64() float64 { return math.Float64frombits(d.u64()) }
func (d *decoder) count() int   { return d.checked(int(d.u32()), 4) }

// checked is n, a count of things of at least size bytes each, or 0 (and
// bad) if fewer bytes than that are left.
func (d *decoder) checked(n, size int) int {
	if n < 0 || n > d.left()/size {
		d.bad = true
		return 0
	}
	return n
}

// ints reads numbers appendInts wrote, each below below (bad if not).
func (d *decoder) ints(below int) []int32 {
	b := d.take(4 * d.checked(int(d.u32()), 4))
	out := make([]int32, len(b)/4)
	for i := range out {
		v := int32(binary.LittleEndian.Uint32(b[4*i:]))
		if !in(v, below) {
			d.bad = true
			return nil
		}
		out[i] = v
	}
	return out
}

// texts reads strings appendStrings or appendTexts wrote.
func (d *decoder) texts() texts {
	ends := make([]uint32, d.count())
	start := uint32(0)
	for i := range ends {
		ends[i] = d.u32()
		if ends[i] < start {
			d.bad = true
			return texts{}
		}
		start = ends[i]
	}
	all := d.take(int(start))
	if d.bad {
		return texts{}
	}
	return texts{string(all), ends}
}

// strings reads strings appendStrings wrote, as slices of one string.
func (d *decoder) strings() []string {
	t := d.texts()
	out := make([]string, t.len())
	for i := range out {
		out[i] = t.at(i)
	}
	return out
}
