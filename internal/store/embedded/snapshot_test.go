package embedded

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/geokg/geokg/internal/store/storetest"
)

// A snapshot reads back as the index it was written of, built or
// compacted from patches, and reads back into the same bytes.
func TestSnapshotRoundTrip(t *testing.T) {
	h := newHarness(t, 6)
	cs := storetest.Generate(6, 60, 300)
	for _, c := range cs[:6] {
		h.replace(c)
	}
	_, built := builtIndex(t, h.a)
	h.replace(h.article(cs[6]))
	h.remove(cs[3].Source.ID)
	h.merge()
	patched, _ := builtIndex(t, h.a)
	if patched.patches == 0 {
		t.Fatal("the index was built again, not patched")
	}
	compact, err := patched.compacted()
	if err != nil {
		t.Fatal(err)
	}
	for name, ix := range map[string]*index{"built": built, "compacted": compact} {
		b := ix.encode(42)
		got, err := decodeSnapshot(b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if g, w := canon(got), canon(ix); g != w {
			t.Fatalf("%s: the snapshot read back:\n%s\nwritten:\n%s", name, g, w)
		}
		if got.gen != ix.gen || got.lowConf != ix.lowConf || len(got.edges) != got.built {
			t.Fatalf("%s: generation %d, low confidence %v, %d edges of %d built; written %d, %v", name, got.gen, got.lowConf, len(got.edges), got.built, ix.gen, ix.lowConf)
		}
		if !bytes.Equal(got.encode(42), b) {
			t.Fatalf("%s: the snapshot read back is written otherwise", name)
		}
		for _, cut := range []int{0, snapshotHead, len(b) / 2, len(b) - 1} {
			if _, err := decodeSnapshot(b[:cut]); err == nil {
				t.Fatalf("%s: the first %d of its %d bytes read as a snapshot", name, cut, len(b))
			}
		}
		// Adjacencies whose checksum is right but whose shape is not one
		// link makes: offsets that rise past the entries, an entry without
		// its mark or of no edge, a list out of edge order.
		tamper := []func(ix *index){
			func(ix *index) { ix.adj.off[len(ix.ids)/2] = int32(len(ix.adj.node) + 3) },
			func(ix *index) { ix.adj.off[len(ix.ids)-1] = int32(len(ix.adj.node) + 1) },
			func(ix *index) { ix.adj.edge[len(ix.adj.edge)/2] &^= linkAny },
			func(ix *index) { ix.adj.edge[0] = linkAny | int32(len(ix.edges)) },
			func(ix *index) {
				for v := range ix.adj.off[:len(ix.ids)] { // the first list of two edges
					lo, hi := ix.adj.off[v], ix.adj.off[v+1]
					if hi-lo >= 2 && entry(ix.adj.edge[lo]) != entry(ix.adj.edge[hi-1]) {
						ix.adj.edge[lo], ix.adj.edge[hi-1] = ix.adj.edge[hi-1], ix.adj.edge[lo]
						return
					}
				}
				t.Fatal("no list of two edges to swap")
			},
		}
		for i, f := range tamper {
			bad, err := decodeSnapshot(b)
			if err != nil {
				t.Fatal(err)
			}
			f(bad)
			if _, err := decodeSnapshot(bad.encode(42)); err == nil {
				t.Fatalf("%s: a snapshot with adjacencies changed (%d) read back", name, i)
			}
		}
		for _, at := range []int{3, snapshotHead + 1, len(b) / 2, len(b) - 2} {
			bad := bytes.Clone(b)
			bad[at] ^= 0x10
			if _, err := decodeSnapshot(bad); err == nil {
				t.Fatalf("%s: a snapshot with byte %d changed read back", name, at)
			}
		}
	}
}

// A store opened on a file with a snapshot of its database loads it
// rather than build its index, patched with the writes made since; a
// snapshot of another history, or a damaged one, is not used, and the
// index built instead is written as the snapshot.
func TestSnapshotOnOpen(t *testing.T) {
	h := newHarness(t, 7)
	cs := storetest.Generate(7, 60, 500)
	for _, c := range cs[:6] {
		h.replace(c)
	}
	h.check(h.a) // builds, and writes a snapshot in the background
	h.a.Close()  // waits for it
	at := readSnapshot(t, h.a.snapshotPath()).gen
	backup := filepath.Join(t.TempDir(), "backup.db")
	copyStore(t, h.path, backup)

	// A change the generation does not show: only an index read from the
	// snapshot misses it.
	var id string
	var was float64
	if err := h.b.db.QueryRow("SELECT id, confidence FROM relations ORDER BY id LIMIT 1").Scan(&id, &was); err != nil {
		t.Fatal(err)
	}
	setConfidence := func(c float64) {
		t.Helper()
		if _, err := h.b.db.Exec("UPDATE relations SET confidence = ? WHERE id = ?", c, id); err != nil {
			t.Fatal(err)
		}
	}
	setConfidence(was + 0.5)
	s := h.open()
	if err := s.Warm(ctx); err != nil {
		t.Fatal(err)
	}
	if e, ok := s.ix.Load().edgeOf(id); !ok || s.ix.Load().edges[e].conf != was {
		t.Fatal("the index was built, not read from the snapshot")
	}
	s.Close()
	setConfidence(was)

	// Writes since (by a store without an index) are patched in.
	h.replace(h.article(cs[6]))
	h.remove(cs[2].Source.ID)
	h.a = h.open()
	h.check(h.a)
	if ix := h.a.ix.Load(); ix.patches == 0 || ix.gen != at+2 {
		t.Fatalf("the snapshot was not patched with the writes since it: %d patches, generation %d, the snapshot's %d", ix.patches, ix.gen, at)
	}

	// The store as it is now is built and written as the snapshot; then
	// the backup of before those writes is restored, and written to as
	// often, otherwise: the generation is the snapshot's, its stamp not.
	os.Remove(h.a.snapshotPath())
	s = h.open()
	if err := s.Warm(ctx); err != nil {
		t.Fatal(err)
	}
	for _, x := range []*Store{s, h.a, h.b} {
		x.Close()
	}
	later := readSnapshot(t, h.a.snapshotPath())
	for _, suffix := range []string{"-wal", "-shm"} {
		os.Remove(h.path + suffix)
	}
	copyStore(t, backup, h.path)
	s = h.open()
	if _, err := s.ReplaceSource(ctx, cs[7]); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RemoveSource(ctx, cs[1].Source.ID); err != nil {
		t.Fatal(err)
	}
	cur, fresh := builtIndex(t, s)
	if cur.gen != later.gen || canon(later) == canon(fresh) {
		t.Fatalf("the restored store is at generation %d, the snapshot %d; the snapshot is of the restored graph: %v", cur.gen, later.gen, canon(later) == canon(fresh))
	}
	if canon(cur) != canon(fresh) || cur.patches != 0 {
		t.Fatal("the snapshot of another history was used")
	}
	s.Close()
	if ix := readSnapshot(t, h.a.snapshotPath()); canon(ix) != canon(fresh) {
		t.Fatal("the index built was not written as the snapshot")
	}

	// A damaged snapshot is not used (the index is built, and written).
	b, err := os.ReadFile(h.a.snapshotPath())
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 1
	if err := os.WriteFile(h.a.snapshotPath(), b, 0o644); err != nil {
		t.Fatal(err)
	}
	s = h.open()
	if cur, fresh := builtIndex(t, s); canon(cur) != canon(fresh) {
		t.Fatal("the index with a damaged snapshot is not what a build makes")
	}
	s.Close()
	readSnapshot(t, h.a.snapshotPath())
}

// readSnapshot reads the snapshot at path.
func readSnapshot(t *testing.T, path string) *index {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := decodeSnapshot(b)
	if err != nil {
		t.Fatalf("the snapshot %s: %v", filepath.Base(path), err)
	}
	return ix
}

// Any bytes with a valid checksum either are refused or read as an index
// that is written back as the same bytes once more: decodeIndex never
// panics, and accepts only indexes of the shape encode writes.
func FuzzSnapshot(f *testing.F) {
	body := snapshotBody(f)
	f.Add(body)
	f.Add(body[:len(body)/2])
	f.Add([]byte(snapshotMagic))
	f.Fuzz(func(t *testing.T, body []byte) { checkSnapshotBody(t, body) })
}

// The fuzzer instruments SQLite too, which makes it slow in this
// package: the same check on many random changes of a real snapshot.
func TestSnapshotChanged(t *testing.T) {
	body := snapshotBody(t)
	r := rand.New(rand.NewPCG(10, 11))
	read := 0
	for range 5000 {
		b := bytes.Clone(body)
		for range 1 + r.IntN(4) {
			b[r.IntN(len(b))] = byte(r.IntN(256))
		}
		if checkSnapshotBody(t, b) {
			read++
		}
		if checkSnapshotBody(t, b[:r.IntN(len(b))]) {
			t.Fatal("a snapshot cut short read")
		}
	}
	if read < 500 || read > 4500 { // most changes of an id or a number read; most of a count do not
		t.Fatalf("%d of 5000 changed snapshots read", read)
	}
}

// snapshotBody is the snapshot of a small graph's index, its checksum
// taken off.
func snapshotBody(tb testing.TB) []byte {
	s, err := Open(ctx, filepath.Join(tb.TempDir(), "g.db"))
	if err != nil {
		tb.Fatal(err)
	}
	defer s.Close()
	for _, c := range storetest.Generate(8, 12, 40) {
		if _, err := s.ReplaceSource(ctx, c); err != nil {
			tb.Fatal(err)
		}
	}
	if err := s.Warm(ctx); err != nil {
		tb.Fatal(err)
	}
	b := s.ix.Load().encode(7)
	return b[:len(b)-4]
}

// checkSnapshotBody reports whether body reads as an index, failing
// unless that index is written as a snapshot that reads and is written
// back as itself.
func checkSnapshotBody(t *testing.T, body []byte) bool {
	ix, err := decodeIndex(body)
	if err != nil {
		return false
	}
	_, stamp, _ := snapshotOf(body)
	again := ix.encode(stamp)
	ix2, err := decodeSnapshot(again)
	if err != nil {
		t.Fatalf("an index read is written as a snapshot that does not read: %v", err)
	}
	if !bytes.Equal(ix2.encode(stamp), again) {
		t.Fatal("an index read is written otherwise each time")
	}
	return true
}
