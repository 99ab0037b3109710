package importer_test

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/importer"
	"github.com/geokg/geokg/internal/ontology"
)

const gdeltExport = "20200103.export.CSV"

// zipOf returns a zip archive of the named files, in order.
func zipOf(t testing.TB, files ...[2]string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, f := range files {
		fw, err := w.Create(f[0])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fw.Write([]byte(f[1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// gzipOf returns data gzipped, its header naming name unless it is "".
func gzipOf(t testing.TB, name string, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Name = name
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func gdeltFixture(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(fixtures, "events", gdeltExport))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func write(t testing.TB, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func sourceDigests(t *testing.T, s graph.Store) map[string]string {
	t.Helper()
	srcs, err := s.Sources(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, src := range srcs {
		out[src.ID] = src.Title + " " + src.Digest
	}
	return out
}

// GDELT distributes its exports zipped (and mirrors gzip them): importing
// the archive is importing the file it holds, the same source with the
// same digest, so that importing the file after the archive, or the other
// archive, changes nothing.
func TestArchiveIsTheFileItHolds(t *testing.T) {
	data := gdeltFixture(t)
	dir := t.TempDir()
	zipped := write(t, t.TempDir(), gdeltExport+".zip", zipOf(t, [2]string{gdeltExport, string(data)}))
	gzipped := write(t, t.TempDir(), gdeltExport+".gz", gzipOf(t, gdeltExport, data))
	bare := write(t, t.TempDir(), gdeltExport+".gz", gzipOf(t, "", data)) // gzip -n: no name in the header
	plain := write(t, dir, gdeltExport, data)

	want := openStore(t)
	if sum := run(t, want, plain); sum.Imported != 1 || sum.Errors != 0 {
		t.Fatalf("importing the file: %+v", sum)
	}
	wantSources, wantStats := sourceDigests(t, want), stats(t, want)

	s := openStore(t)
	if sum := run(t, s, zipped); sum.Imported != 1 || sum.Errors != 0 || sum.Warnings != 1 {
		t.Fatalf("importing the zip: %+v", sum)
	} else if p := sum.Problems[0]; p.File != zipped+"/"+gdeltExport || p.Line != 0 {
		t.Errorf("the warning names %s:%d, want the member of the zip", p.File, p.Line)
	}
	if got := sourceDigests(t, s); !maps.Equal(got, wantSources) {
		t.Fatalf("sources from the zip %v, from the file %v", got, wantSources)
	}
	if got := stats(t, s); got.Relations != wantStats.Relations || got.Entities != wantStats.Entities {
		t.Errorf("stats from the zip %+v, from the file %+v", got, wantStats)
	}
	for _, again := range []string{plain, gzipped, bare, zipped} {
		if sum := run(t, s, again); sum.Unchanged != 1 || sum.Imported+sum.Replaced != 0 || sum.Errors != 0 {
			t.Errorf("importing %s after the zip: %+v", again, sum)
		}
	}
	// An upload by name (POST /v1/sources) is unpacked alike.
	im := &importer.Importer{Store: s, Vocabulary: ontology.Default()}
	raw, _ := os.ReadFile(zipped)
	sum, err := im.RunInputs(context.Background(), []importer.Input{importer.Bytes(gdeltExport+".zip", raw)})
	if err != nil || sum.Unchanged != 1 || sum.Errors != 0 {
		t.Errorf("uploading the zip: %+v, %v", sum, err)
	}
	// The same source twice in one run, whichever its packing, is one
	// source: the same document twice counts as unchanged (as an ICEWS
	// story in a weekly file and its re-release does), another document of
	// it is an error for the second.
	if sum := run(t, s, zipped, plain); sum.Unchanged != 2 || sum.Errors != 0 {
		t.Errorf("the zip and the file in one run: %+v", sum)
	}
	other := write(t, t.TempDir(), gdeltExport, data[bytes.IndexByte(data, '\n')+1:])
	if sum := run(t, s, zipped, other); sum.Unchanged != 1 || sum.Errors != 1 || !strings.Contains(sum.Problems.Errors()[0].Message, "also defined in "+zipped) {
		t.Errorf("the zip and another version of the file in one run: %+v", sum)
	}
}

// Every format unpacks alike, the native one (read in two passes,
// gazetteers first, and streamed) too.
func TestGzippedGazetteer(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(fixtures, "gazetteer.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	want, s := openStore(t), openStore(t)
	if sum := run(t, want, write(t, t.TempDir(), "gazetteer.yaml", data)); sum.Gazetteers != 1 || sum.Imported != 1 {
		t.Fatalf("the gazetteer: %+v", sum)
	}
	if sum := run(t, s, write(t, t.TempDir(), "gazetteer.yaml.gz", gzipOf(t, "gazetteer.yaml", data))); sum.Gazetteers != 1 || sum.Imported != 1 {
		t.Fatalf("the gazetteer gzipped: %+v", sum)
	}
	if got, w := sourceDigests(t, s), sourceDigests(t, want); !maps.Equal(got, w) {
		t.Errorf("sources %v, want %v", got, w)
	}
}

// An archive that is not one whole file of the name it says is refused
// with a message naming the archive (and the member), and changes nothing
// stored: in particular an archive cut short never replaces the dataset
// with fewer rows.
func TestBadArchivesAreRefused(t *testing.T) {
	data := gdeltFixture(t)
	good := zipOf(t, [2]string{gdeltExport, string(data)})
	gz := gzipOf(t, gdeltExport, data)
	// Five lines of the fixture: a shorter, whole file, which imported
	// unpacked would be refused by the shrink guard, not by unpacking.
	short := strings.Join(strings.SplitAfter(string(data), "\n")[:5], "")
	damaged := slices.Clone(gz)
	damaged[len(damaged)/2] ^= 0xff
	type archive struct {
		name string
		data []byte
		want string
	}
	cases := []archive{
		{".zip", zipOf(t, [2]string{gdeltExport, string(data)}, [2]string{"__MACOSX/._" + gdeltExport, "x"}), "holds 2 members (" + gdeltExport + ", __MACOSX/._" + gdeltExport + ")"},
		{".zip", zipOf(t, [2]string{"20200104.export.CSV", short}), "holds 20200104.export.CSV, not " + gdeltExport},
		{".zip", zipOf(t, [2]string{"data/" + gdeltExport, short}), "holds data/" + gdeltExport + ", not"},
		{".zip", zipOf(t), "holds no file"},
		{".zip", []byte(short), "not a whole zip archive"},
		{".gz", gzipOf(t, "20200104.export.CSV", []byte(short)), "holds 20200104.export.CSV, not " + gdeltExport},
		{".gz", []byte(short), "not a gzip file"},
		{".gz", gz[:5], "ends in its header"},
		{".gz", damaged, "none of it is read"},
	}
	for _, n := range []int{len(good) - 1, len(good) - 30, len(good) / 2, 40} {
		cases = append(cases, archive{".zip", good[:n], "not a whole zip archive"})
	}
	for _, n := range []int{len(gz) - 1, len(gz) - 8, len(gz) / 2, 40} {
		cases = append(cases, archive{".gz", gz[:n], "the archive is cut short"})
	}
	// A gzip file cut where its writer had flushed all but the last line:
	// what it unpacks to is a whole, shorter file, which only its missing
	// end tells from the real one.
	lines := strings.SplitAfter(string(data), "\n")
	var flushed bytes.Buffer
	w := gzip.NewWriter(&flushed)
	w.Name = gdeltExport
	_, _ = w.Write([]byte(strings.Join(lines[:len(lines)-2], "")))
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	cases = append(cases, archive{".gz", slices.Clone(flushed.Bytes()), "the archive is cut short"})
	_, _ = w.Write([]byte(lines[len(lines)-2]))
	_ = w.Close()
	if got, err := gzip.NewReader(&flushed); err != nil {
		t.Fatal(err)
	} else if whole, err := io.ReadAll(got); err != nil || !bytes.Equal(whole, data) {
		t.Fatalf("the flushed gzip file unpacks to %d bytes, %v", len(whole), err)
	}
	s := openStore(t)
	if sum := run(t, s, write(t, t.TempDir(), gdeltExport, data)); sum.Imported != 1 {
		t.Fatalf("importing the file: %+v", sum)
	}
	before, sources := stats(t, s), sourceDigests(t, s)
	for i, c := range cases {
		file := write(t, t.TempDir(), gdeltExport+c.name, c.data)
		sum := run(t, s, file)
		if sum.Errors != 1 || sum.Imported+sum.Replaced+sum.Unchanged != 0 {
			t.Errorf("case %d (%s): %+v", i, c.want, sum)
			continue
		}
		if p := sum.Problems.Errors()[0]; p.File != file || !strings.Contains(p.Message, c.want) {
			t.Errorf("case %d: error %s, want one naming %s and saying %q", i, p, file, c.want)
		}
		if after := stats(t, s); after.Relations != before.Relations || after.Entities != before.Entities {
			t.Fatalf("case %d (%s) changed the graph: %+v → %+v", i, c.want, before, after)
		}
	}
	if got := sourceDigests(t, s); !maps.Equal(got, sources) {
		t.Errorf("sources %v → %v", sources, got)
	}
}

// What an archive unpacks to is bounded: by the size its zip header says,
// and by what it really unpacks to, which a header may hide.
func TestUnpackedSizeIsBounded(t *testing.T) {
	data := gdeltFixture(t)
	dir := t.TempDir()
	zipped := write(t, dir, gdeltExport+".zip", zipOf(t, [2]string{gdeltExport, string(data)}))
	gzipped := write(t, dir, gdeltExport+".gz", gzipOf(t, gdeltExport, data))
	limit := int64(len(data) - 1)
	for file, want := range map[string]string{
		zipped:  "unpacks to 4075 bytes, more than the 4074",
		gzipped: "unpacks to more than the 4074 bytes",
	} {
		im := &importer.Importer{Store: openStore(t), Vocabulary: ontology.Default(), MaxUnpacked: limit}
		sum, err := im.Run(context.Background(), []string{file})
		if err != nil || sum.Errors != 1 || sum.Imported != 0 || !strings.Contains(sum.Problems.Errors()[0].Message, want) {
			t.Errorf("%s unpacked within %d bytes: %+v, %v; want an error saying %q", file, limit, sum, err, want)
		}
		im.MaxUnpacked = int64(len(data))
		if sum, err := im.Run(context.Background(), []string{file}); err != nil || sum.Imported != 1 {
			t.Errorf("%s unpacked within %d bytes: %+v, %v", file, len(data), sum, err)
		}
	}
}

// A folder's archives are imported when the file they hold is one geokg
// reads, or when their name says so and they cannot be unpacked (so that
// the import says why); other archives are left alone, like other files.
// A brat .ann cannot come in an archive: its .txt must be beside it.
func TestArchivesInFolders(t *testing.T) {
	data := gdeltFixture(t)
	dir := t.TempDir()
	zipped := write(t, dir, gdeltExport+".zip", zipOf(t, [2]string{gdeltExport, string(data)}))
	broken := write(t, dir, "20200104.export.CSV.gz", data)
	write(t, dir, "photos.zip", zipOf(t, [2]string{"photos", "not geokg's"}))
	write(t, dir, "backup.zip", []byte("not a zip"))
	ann := write(t, dir, "x.ann.gz", gzipOf(t, "", []byte("T1\tGPE 0 4\tIraq\n")))
	files, err := importer.Files([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{zipped, broken, ann}; !slices.Equal(files, want) {
		t.Fatalf("files = %v, want %v", files, want)
	}
	sum := run(t, openStore(t), dir)
	if sum.Imported != 1 || sum.Errors != 2 {
		t.Fatalf("importing the folder: %+v", sum)
	}
	errs := sum.Problems.Errors()
	if errs[0].File != broken || !strings.Contains(errs[0].Message, "not a gzip file") {
		t.Errorf("error %s", errs[0])
	}
	if errs[1].File != ann+"/x.ann" || !strings.Contains(errs[1].Message, "brat .ann is read with the .txt beside it") {
		t.Errorf("error %s", errs[1])
	}
}
