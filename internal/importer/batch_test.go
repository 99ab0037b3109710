package importer_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/importer"
	"github.com/geokg/geokg/internal/ontology"
	"github.com/geokg/geokg/internal/store/storetest"
)

// unbatched hides a store's batches (graph.Batcher): the importer stores
// each document in a transaction of its own through it, as it did before
// batches.
type unbatched struct{ graph.Store }

// state renders what a store holds: its sources with their digests, and
// its events.
func state(t *testing.T, s graph.Store) string {
	t.Helper()
	srcs, err := s.Sources(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	rels := events(t, s)
	for i := range rels {
		rels[i] = storetest.NormRelation(rels[i])
	}
	b, err := json.Marshal([]any{srcs, rels})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// twoRuns imports the same files with im into a store that batches and
// into one that does not, and fails unless both runs say the same (their
// summaries and the codes of their errors) and leave the same graph.
func twoRuns(t *testing.T, im importer.Importer, batched, plain graph.Store, ctx func() context.Context, paths ...string) (importer.Summary, error) {
	t.Helper()
	files, err := importer.Files(paths)
	if err != nil {
		t.Fatal(err)
	}
	var sums [2]importer.Summary
	var errs [2]error
	for i, s := range []graph.Store{batched, plain} {
		run := im
		run.Store = s
		sums[i], errs[i] = run.Run(ctx(), files)
	}
	if !reflect.DeepEqual(sums[0], sums[1]) || graph.ErrorCode(errs[0]) != graph.ErrorCode(errs[1]) || (errs[0] == nil) != (errs[1] == nil) {
		t.Fatalf("batched: %+v, %v\none transaction each: %+v, %v", sums[0], errs[0], sums[1], errs[1])
	}
	if got, want := state(t, batched), state(t, plain); got != want {
		t.Fatalf("the batched store:\n%s\none transaction each:\n%s", got, want)
	}
	return sums[0], errs[0]
}

// A run of every kind of document (gazetteers, articles, dataset events,
// GDELT mentions, ACLED's deletions; a document the store refuses, one
// defined twice, a bad line) says and stores exactly what it did when each
// document had a transaction of its own.
func TestBatchedRunAsUnbatched(t *testing.T) {
	dir := t.TempDir()
	gaz, err := os.ReadFile(filepath.Join(fixtures, "gazetteer.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	shrunk := filepath.Join(dir, "shrunk", "gazetteer.yaml") // refused: it would remove every relation
	if err := os.MkdirAll(filepath.Dir(shrunk), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(shrunk, gaz[:strings.Index(string(gaz), "\nrelations:")+1], 0o644); err != nil {
		t.Fatal(err)
	}
	again := filepath.Join(dir, "again")
	if err := os.MkdirAll(again, 0o755); err != nil {
		t.Fatal(err)
	}
	writeArticle(t, again, "twice", threat)
	writeArticle(t, dir, "twice", threat+","+strike)
	jsonl := filepath.Join(dir, "lines.jsonl")
	var lines []string
	for _, id := range []string{"line-1", "line-2"} {
		data, err := os.ReadFile(writeArticle(t, t.TempDir(), id, threat))
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, strings.Join(strings.Fields(string(data)), " "))
	}
	lines = append(lines, strings.Replace(lines[1], `"threatens"`, `"threatns"`, 1))
	if err := os.WriteFile(jsonl, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	batched, plain := openStore(t), unbatched{openStore(t)}
	im := importer.Importer{Vocabulary: ontology.Default()}
	bg := context.Background
	if sum, err := twoRuns(t, im, batched, plain, bg, filepath.Join(fixtures, "gazetteer.yaml"), acledExport); err != nil || sum.Imported < 6 {
		t.Fatalf("the first run: %+v, %v", sum, err)
	}
	sum, err := twoRuns(t, im, batched, plain, bg, shrunk, filepath.Join(fixtures, "articles"), filepath.Join(fixtures, "events"),
		filepath.Join(fixtures, "gdelt"), acledUpdate, acledDeleted, filepath.Join(dir, "twice.json"), again, jsonl)
	if err != nil || sum.Errors < 3 || sum.Imported < 10 || sum.Replaced == 0 || sum.SourcesRemoved == 0 || sum.Warnings == 0 {
		t.Fatalf("the second run: %+v, %v; want errors, imports, replacements, removals and warnings", sum, err)
	}
	// Again: nothing changes.
	if sum, err := twoRuns(t, im, batched, plain, bg, filepath.Join(fixtures, "articles")); err != nil || sum.Unchanged == 0 || sum.Imported+sum.Replaced != 0 {
		t.Fatalf("the third run: %+v, %v", sum, err)
	}
}

// In strict mode an error only the store finds stops the run at its
// document, and a cancelled run stops at the document it was cancelled
// in: batched or not, the documents before it are stored, whole, and the
// others not.
func TestBatchedRunStops(t *testing.T) {
	dir := t.TempDir()
	article := filepath.Join(dir, "m-article.yaml")
	writeYAMLArticle(t, article)
	for _, id := range []string{"a-first", "b-second", "y-after", "z-last"} {
		writeArticle(t, dir, id, threat+","+strike)
	}
	batched, plain := openStore(t), unbatched{openStore(t)}
	bg := context.Background
	im := importer.Importer{Vocabulary: ontology.Default(), Strict: true}
	if sum, err := twoRuns(t, im, batched, plain, bg, dir); err != nil || sum.Imported != 5 {
		t.Fatalf("the first run: %+v, %v", sum, err)
	}
	data, err := os.ReadFile(article)
	if err != nil {
		t.Fatal(err)
	}
	// m-article loses three of its four relations, which the store
	// refuses; the others change.
	cut := strings.Index(string(data), "- id: r2")
	if err := os.WriteFile(article, data[:cut], 0o644); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"a-first", "b-second", "y-after", "z-last"} {
		writeArticle(t, dir, id, strike)
	}
	sum, err := twoRuns(t, im, batched, plain, bg, dir)
	if graph.ErrorCode(err) != graph.EInvalid || sum.Replaced != 2 {
		t.Fatalf("strict: %+v, %v; want the two articles before the refused one replaced, and an invalid-input error", sum, err)
	}

	// Cancelled after the second document read.
	for _, id := range []string{"a-first", "b-second", "y-after", "z-last"} {
		writeArticle(t, dir, id, threat)
	}
	var cancel context.CancelFunc
	im = importer.Importer{Vocabulary: ontology.Default(), AllowShrink: true, Progress: func(done, total int) {
		if done == 2 {
			cancel()
		}
	}}
	sum, err = twoRuns(t, im, batched, plain, func() context.Context {
		var ctx context.Context
		ctx, cancel = context.WithCancel(context.Background())
		return ctx
	}, dir)
	if graph.ErrorCode(err) != graph.EUnavailable || sum.Replaced != 2 {
		t.Fatalf("cancelled: %+v, %v; want two articles replaced, and the run stopped", sum, err)
	}
}

// lossy is a store whose batches commit every second import and fail at
// Close, losing the import since their last commit: what the summary
// counts of a run through it is checked, not what the store holds.
type lossy struct{ *storetest.Reference }

func (l lossy) Batch() graph.Batch { return &lossyBatch{s: l.Reference} }

type lossyBatch struct {
	s               graph.Store
	made, committed int
}

func (b *lossyBatch) Import(ctx context.Context, source string, build graph.Builder) (graph.ReplaceResult, error) {
	b.made++
	res, err := b.s.Import(ctx, source, build)
	if b.made%2 == 0 {
		b.committed = b.made
	}
	return res, err
}

func (b *lossyBatch) Committed() int { return b.committed }

func (b *lossyBatch) Close() error {
	if b.made > b.committed {
		return graph.Errorf(graph.EUnavailable, "the disk is full")
	}
	return nil
}

// A document a batch loses (its store failed before committing it) is not
// counted as imported, and the run fails.
func TestLostBatchNotCounted(t *testing.T) {
	var paths []string
	for _, f := range []string{"fixture-2008-11-18-us-iraq-sofa-sfa-signed.en.json", "fixture-2020-01-09-soleimani-strike-parliament-vote.en.json",
		"fixture-2020-01-28-green-zone-rockets.en.json"} {
		paths = append(paths, filepath.Join(fixtures, "articles", f))
	}
	files, err := importer.Files(paths)
	if err != nil {
		t.Fatal(err)
	}
	im := importer.Importer{Store: lossy{storetest.NewReference()}, Vocabulary: ontology.Default()}
	sum, err := im.Run(context.Background(), files)
	if err == nil || !strings.Contains(err.Error(), "the disk is full") {
		t.Fatalf("run: %v, want the batch's failure", err)
	}
	if sum.Imported != 2 || sum.Articles != 3 {
		t.Fatalf("%d of %d articles counted as imported, want the 2 committed", sum.Imported, sum.Articles)
	}
	im.Store = storetest.NewReference()
	plain, err := im.Run(context.Background(), files)
	if err != nil || plain.Imported != 3 || sum.Relations >= plain.Relations {
		t.Fatalf("without batches: %+v, %v; the lost batch counted %d relations", plain, err, sum.Relations)
	}
}
