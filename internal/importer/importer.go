// Package importer turns annotated documents into graph contributions:
// it finds input files, unpacks those that are .zip or .gz archives of one
// file, reads and checks them, resolves their entities against the graph,
// and stores each document whole or not at all; the sources that lists of
// deleted events name (annotation.Removal) it removes at the end of the
// run, each in a transaction of its own.
package importer

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/formats/brat"
	"github.com/geokg/geokg/internal/formats/mapping"
	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/ontology"
	"github.com/geokg/geokg/internal/resolve"
)

// Importer reads documents and stores them.
type Importer struct {
	Store      graph.Store // nil for validation only
	Vocabulary *ontology.Vocabulary
	Mapping    *mapping.Mapping // labels of annotation tools; nil for the default
	Format     string           // read every file in this format; "" to detect
	Strict     bool             // import nothing if any document has an error (see Run)
	// AllowShrink lets a new version of a source remove most of what the
	// old one contributed (see shrinks); a file cut short looks like that.
	AllowShrink bool
	// MaxUnpacked bounds what a .zip or .gz input may unpack to, in bytes;
	// 0 means DefaultMaxUnpacked.
	MaxUnpacked int64
	// Progress, if set, is called after each document read without an
	// error: done documents so far, of total, which is -1 when it is not
	// known beforehand (the files are streamed; in strict mode the check
	// pass counts them).
	Progress func(done, total int)
}

// Summary is what an import or a validation did.
type Summary struct {
	Files            int `json:"files"`
	Articles         int `json:"articles"`
	Gazetteers       int `json:"gazetteers"`
	Datasets         int `json:"datasets"`
	Imported         int `json:"imported"`
	Unchanged        int `json:"unchanged"`
	Replaced         int `json:"replaced"`
	Failed           int `json:"failed"`
	EntitiesNew      int `json:"entities_new"`
	EntitiesMerged   int `json:"entities_merged"`
	Relations        int `json:"relations"`
	RelationsRemoved int `json:"relations_removed"`
	// Deletions counts the sources the run's lists of deleted events name
	// (annotation.Removal), each once: SourcesRemoved of them were removed
	// from the store, DeletionsNotStored were not stored (nothing to
	// remove), and DeletionsSuperseded were not applied, since the run
	// read their source edited at or after the deletion. Removes lists the
	// sources removed, or without a store (a validation) those that would
	// be removed if stored.
	Deletions           int                 `json:"deletions"`
	SourcesRemoved      int                 `json:"sources_removed"`
	DeletionsNotStored  int                 `json:"deletions_not_stored"`
	DeletionsSuperseded int                 `json:"deletions_superseded"`
	Removes             []string            `json:"removes,omitempty"`
	Warnings            int                 `json:"warnings"`
	Errors              int                 `json:"errors"`
	Problems            annotation.Problems `json:"problems"`
}

// Files expands paths (files and folders, walked recursively) into the
// input files geokg can read, sorted, without duplicates; sidecars
// (IsSidecar) are not inputs.
func Files(paths []string) ([]string, error) {
	seen := map[string]bool{}
	var files []string
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, graph.Errorf(graph.EInvalid, "cannot read %s: %v", p, err)
		}
		if !info.IsDir() {
			if !seen[p] && !IsSidecar(p) {
				seen[p] = true
				files = append(files, p)
			}
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && !IsSidecar(path) && detected(path) && !seen[path] {
				seen[path] = true
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			return nil, graph.Errorf(graph.EInvalid, "cannot read %s: %v", p, err)
		}
	}
	sort.Strings(files)
	return files, nil
}

// detected reports whether some reader recognises a file found in a
// folder, or the file an archive holds. An archive that cannot be unpacked
// is taken if its name alone is recognised, so that the import says what is
// wrong with it. Files named on the command line are read whatever they
// look like.
func detected(path string) bool {
	name, h, err := head(path)
	if err != nil {
		name, h = path, nil
		if inner, packed := Packed(path); packed {
			name = inner
		}
	}
	for _, r := range readers(ontology.Default(), nil) {
		if r.Detect(name, h) {
			return true
		}
	}
	return false
}

// Run reads the files and, with a store, imports every document that has
// no error. It streams: each document is read, checked, resolved and
// stored before the next is read, so memory does not grow with the size of
// a file or of the run. The files are read twice, gazetteers first (see
// annotation.Pick), so that articles resolve against them. The same source
// twice in one run is an error for the second. Documents of mentions
// (GDELT's Mentions table) are stored last, so that the events of every
// file of the run are in the graph when a mention looks its event up.
// Without a store it only checks, and reports every problem.
//
// Lists of deleted events (an annotation.Remover's files) are read in the
// first pass too, and applied last, as ACLED's own update does: each
// source they name is removed (graph.Store.RemoveSource, one transaction
// each) after every file is imported, unless the run read that source
// edited at or after its deletion (annotation.DatasetInfo.Edited), and a
// source deleted later than the run's version of it is not imported at
// all. A run that stops (a store failure, an error in strict mode) removes
// nothing.
//
// In strict mode every file is checked first, and nothing is imported if
// any has an error; then an error only the store can find stops the import
// at its document. Run returns an error only then, or when the store fails;
// problems are in the summary.
func (im *Importer) Run(ctx context.Context, files []string) (Summary, error) {
	inputs := make([]Input, len(files))
	for i, f := range files {
		inputs[i] = Input{Name: f, Open: func() (io.ReadCloser, error) { return os.Open(f) }, OnDisk: true}
	}
	return im.RunInputs(ctx, inputs)
}

// Input is one input of RunInputs: its name (a file name, which format
// detection reads and problems give) and how to read it, which may be
// called twice (gazetteers are imported first).
type Input struct {
	Name string
	Open func() (io.ReadCloser, error)
	// OnDisk says Name is a file on disk, beside which sidecars apply
	// (see FolderSidecar); an upload has none.
	OnDisk bool
}

// Bytes is an input of a name that holds data.
func Bytes(name string, data []byte) Input {
	return Input{Name: name, Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }}
}

// RunInputs is Run of inputs that need not be files.
func (im *Importer) RunInputs(ctx context.Context, files []Input) (Summary, error) {
	total := -1
	if im.Strict {
		check := *im
		check.Store, check.Strict, check.Progress = nil, false, nil
		sum, err := check.RunInputs(ctx, files)
		if err == nil && sum.Errors > 0 {
			err = graph.Errorf(graph.EInvalid, "%d error(s) in the input, nothing imported; the first: %s", sum.Errors, sum.Problems.Errors()[0])
		}
		if err != nil {
			return sum, err
		}
		total = sum.Articles + sum.Gazetteers + sum.Datasets
	}
	r := &run{im: im, sum: Summary{Files: len(files)}, seen: map[string]seenSource{}, removals: map[string]*removal{}, total: total}
	err := r.documents(ctx, files)
	if err == nil {
		err = r.remove(ctx)
	}
	r.sum.count()
	return r.sum, err
}

// documents reads the files, gazetteers first, and imports their
// documents, those of mentions last. A store that keeps a batch of
// imports in one transaction (graph.Batcher) is given them through one,
// which commits what it holds before documents returns, whether the run
// goes on or stops: each document stored is stored whole, and none stored
// is lost. The summary counts a document of a batch once the batch has
// committed it: a batch that fails takes its uncommitted documents with
// it, and they are not counted as stored.
func (r *run) documents(ctx context.Context, files []Input) (err error) {
	if r.im.Store != nil {
		r.imports = r.im.Store.Import
	}
	if b, ok := r.im.Store.(graph.Batcher); ok {
		batch := b.Batch()
		r.batch = batch
		r.imports = func(ctx context.Context, source string, build graph.Builder) (graph.ReplaceResult, error) {
			res, err := batch.Import(ctx, source, build)
			r.made++
			return res, err
		}
		defer func() {
			cerr := batch.Close()
			r.settle()
			switch {
			case cerr == nil:
			case err == nil:
				err = graph.Wrap(graph.EInternal, cerr, "importing")
			default:
				err = graph.Wrap(graph.EInternal, cerr, "%v; and storing the documents before it", err)
			}
		}()
	}
	for _, pick := range []annotation.Pick{annotation.PickGazetteers, annotation.PickOthers} {
		for _, f := range files {
			if err := r.file(ctx, f, pick); err != nil {
				return err
			}
		}
	}
	// Mentions last, once the events of every file of the run are stored.
	r.late = true
	for _, d := range r.later {
		if err := r.document(ctx, d, nil); err != nil {
			return err
		}
	}
	return nil
}

// removal is a source that the run's lists of deleted events name.
type removal struct {
	deleted    int64 // the latest time it was deleted
	superseded bool  // the run read the source edited at or after then
}

// remove applies the removals that no source of the run supersedes, in
// the order of their ids.
func (r *run) remove(ctx context.Context) error {
	for _, id := range slices.Sorted(maps.Keys(r.removals)) {
		r.sum.Deletions++
		switch {
		case r.removals[id].superseded:
			r.sum.DeletionsSuperseded++
			continue
		case r.im.Store == nil:
			r.sum.Removes = append(r.sum.Removes, id)
			continue
		}
		removed, err := r.im.Store.RemoveSource(ctx, id)
		if err != nil {
			return graph.Wrap(graph.EInternal, err, "removing %s, which a list of deleted events names", id)
		}
		if !removed {
			r.sum.DeletionsNotStored++
			continue
		}
		r.sum.SourcesRemoved++
		r.sum.Removes = append(r.sum.Removes, id)
	}
	return nil
}

// seenSource is a source a run has read: the file that defined it and,
// for a dataset document, datasetDigest.
type seenSource struct{ file, digest string }

// datasetDigest hashes what a dataset document says, wherever it was read
// from; "" for other documents.
func datasetDigest(d *annotation.Document) string {
	if d.Dataset == nil {
		return ""
	}
	sources := make([][]annotation.SourceRef, len(d.Relations))
	for i, r := range d.Relations {
		sources[i] = r.Sources
	}
	b, err := json.Marshal(struct {
		Info     *annotation.DatasetInfo
		Doc      *annotation.Document
		Sources  [][]annotation.SourceRef
		Mentions []annotation.Mention
	}{d.Dataset, d, sources, d.Mentions})
	if err != nil {
		return "" // never for these types; then the document counts as another
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// run is one Run of an importer.
type run struct {
	im  *Importer
	sum Summary
	// imports stores a document: the store's Import, or its batch's.
	imports func(ctx context.Context, source string, build graph.Builder) (graph.ReplaceResult, error)
	// Of a batch: the imports made through it (made), those counted in
	// the summary, committed (counted), and what each import from number
	// counted on stored, to count once committed (pending).
	batch         graph.Batch
	made, counted int
	pending       []func(*Summary)
	seen          map[string]seenSource // source id → where it was defined
	removals      map[string]*removal   // source id → its deletion, read first
	done, total   int                   // documents so far, and of the run (-1: unknown)
	// later holds the documents of mentions (annotation.Document.Mentions)
	// until every other document of the run is stored: a mention's event
	// may be in any file of the run.
	later []*annotation.Document
	late  bool // the documents of later are being stored
}

// utf8BOM is the byte order mark some editors put first in UTF-8 files;
// every reader is given the file without it.
var utf8BOM = []byte("\ufeff")

// file reads the documents of one input that pick selects, and imports
// each.
func (r *run) file(ctx context.Context, input Input, pick annotation.Pick) error {
	file := input.Name
	fail := func(err error) error {
		if pick != annotation.PickGazetteers { // reported once
			r.sum.Problems = append(r.sum.Problems, annotation.Problem{Severity: annotation.Error, File: file, Message: err.Error()})
		}
		return nil
	}
	f, err := input.Open()
	if err != nil {
		return fail(err)
	}
	defer f.Close()
	name, unpacked, err := unpack(file, f, r.im.maxUnpacked())
	if err != nil {
		return fail(err)
	}
	file = name
	in := bufio.NewReaderSize(unpacked, headSize)
	if b, _ := in.Peek(len(utf8BOM)); bytes.Equal(b, utf8BOM) {
		_, _ = in.Discard(len(utf8BOM))
	}
	h, _ := in.Peek(headSize) // less at the end of the file
	rd, err := r.im.reader(file, h, input.OnDisk && file == input.Name)
	if err != nil {
		return fail(err)
	}
	if _, isBrat := rd.(brat.Reader); isBrat && file != input.Name {
		return fail(errors.New("a brat .ann is read with the .txt beside it, which an archive of one file cannot hold: unpack it and import the folder"))
	}
	return r.im.read(file, in, rd, pick, func(d *annotation.Document, ps annotation.Problems) error {
		return r.document(ctx, d, ps)
	})
}

// read gives the documents of a file that pick selects to yield, checked.
func (im *Importer) read(file string, in io.Reader, rd annotation.Reader, pick annotation.Pick, yield annotation.Yield) error {
	if n, native := rd.(nativeReader); native {
		return annotation.ReadNative(file, in, n.check, pick, yield)
	}
	if _, removes := rd.(annotation.Remover); removes != (pick == annotation.PickGazetteers) {
		return nil // only the native format has gazetteers; lists of removals are read with them
	}
	// Other formats are checked after conversion, like native files.
	check := annotation.Checker{Vocabulary: im.Vocabulary}
	converted := func(d *annotation.Document, ps annotation.Problems) error {
		if d != nil && d.Removal == nil {
			cps := check.Check(d)
			for i := range cps {
				cps[i].File, cps[i].Line = d.File, d.Line
				cps[i].Message = "after conversion from " + rd.Name() + ": " + cps[i].Message
			}
			ps = append(ps, cps...)
			if cps.HasErrors() {
				d = nil
			}
		}
		return yield(d, ps)
	}
	if s, ok := rd.(annotation.Streamer); ok {
		return s.Stream(file, in, converted)
	}
	data, err := io.ReadAll(in)
	if err != nil {
		return yield(nil, annotation.Problems{{Severity: annotation.Error, File: file, Message: err.Error()}})
	}
	ds, ps := rd.Read(file, data)
	if err := yield(nil, ps); err != nil {
		return err
	}
	for i := range ds {
		if err := converted(&ds[i], nil); err != nil {
			return err
		}
	}
	return nil
}

// document counts and, with a store, imports one document read (nil when
// only problems were read).
func (r *run) document(ctx context.Context, d *annotation.Document, ps annotation.Problems) error {
	r.sum.Problems = append(r.sum.Problems, ps...)
	if d == nil {
		return nil
	}
	if len(d.Mentions) > 0 && !r.late && r.im.Store != nil {
		later := *d
		r.later = append(r.later, &later)
		return nil
	}
	id := d.SourceID()
	if d.Removal != nil {
		if rm := r.removals[id]; rm != nil {
			rm.deleted = max(rm.deleted, d.Removal.Deleted) // listed again, as in a later list that holds an earlier one
		} else {
			r.removals[id] = &removal{deleted: d.Removal.Deleted}
		}
		return nil
	}
	digest := datasetDigest(d)
	if first, dup := r.seen[id]; dup {
		if digest != "" && digest == first.digest {
			// The same dataset document in two files, as an ICEWS story
			// is in a weekly file and in the re-release that contains it:
			// imported once, and again it changes nothing.
			r.sum.Datasets++
			r.sum.Unchanged++
			return nil
		}
		r.sum.Problems = append(r.sum.Problems, annotation.Problem{Severity: annotation.Error, File: d.File, Line: d.Line,
			Message: fmt.Sprintf("source %q is also defined in %s; it is imported once", id, first.file)})
		return nil
	}
	r.seen[id] = seenSource{file: d.File, digest: digest}
	switch {
	case d.Gazetteer != nil:
		r.sum.Gazetteers++
	case d.Dataset != nil:
		r.sum.Datasets++
	default:
		r.sum.Articles++
	}
	deleted := false // later than this version of the source
	if rm := r.removals[id]; rm != nil && d.Dataset != nil {
		deleted = rm.deleted > d.Dataset.Edited
		rm.superseded = !deleted
	}
	if r.im.Store != nil && !deleted {
		if err := r.store(ctx, d); err != nil {
			return err
		}
	}
	r.done++
	if r.im.Progress != nil {
		r.im.Progress(r.done, r.total)
	}
	return nil
}

func (im *Importer) maxUnpacked() int64 {
	if im.MaxUnpacked > 0 {
		return im.MaxUnpacked
	}
	return DefaultMaxUnpacked
}

func (s *Summary) count() {
	s.Warnings = len(s.Problems.Warnings())
	s.Errors = len(s.Problems.Errors())
	failed := map[string]bool{}
	for _, p := range s.Problems.Errors() {
		failed[fmt.Sprintf("%s:%d", p.File, p.Line)] = true
	}
	s.Failed = len(failed)
}

// store imports one document: its entities are resolved against the graph
// in the transaction that stores it.
func (r *run) store(ctx context.Context, d *annotation.Document) error {
	im, sum := r.im, &r.sum
	var warns annotation.Problems
	res, err := r.imports(ctx, d.SourceID(), func(ctx context.Context, l graph.Lookup) (c *graph.Contribution, err error) {
		c, warns, err = im.contribution(ctx, l, d)
		if err == nil && !im.AllowShrink {
			err = shrinks(l, c)
		}
		return c, err
	})
	if err != nil || !res.Unchanged {
		// The notes of resolution (merged by name…), which an unchanged
		// source gave when it was imported.
		sum.Problems = append(sum.Problems, warns...)
	}
	if err != nil {
		if graph.ErrorCode(err) == graph.EInvalid && !im.Strict {
			sum.Problems = append(sum.Problems, annotation.Problem{Severity: annotation.Error, File: d.File, Line: d.Line, Message: err.Error()})
			return nil
		}
		return graph.Wrap(graph.EInternal, err, "importing %s", d.File)
	}
	r.count(func(sum *Summary) {
		switch {
		case res.Unchanged:
			sum.Unchanged++
		case res.Replaced:
			sum.Replaced++
		default:
			sum.Imported++
		}
		sum.EntitiesNew += res.EntitiesNew
		sum.EntitiesMerged += res.EntitiesMerged
		sum.Relations += res.Relations
		sum.RelationsRemoved += res.RelationsRemoved
	})
	return nil
}

// count adds what the last import stored to the summary: at once, or,
// through a batch, once the batch has committed it.
func (r *run) count(add func(*Summary)) {
	if r.batch == nil {
		add(&r.sum)
		return
	}
	for r.counted+len(r.pending) < r.made-1 { // imports that stored nothing
		r.pending = append(r.pending, func(*Summary) {})
	}
	r.pending = append(r.pending, add)
	r.settle()
}

// settle counts the pending imports the batch has committed.
func (r *run) settle() {
	for r.counted < r.batch.Committed() && len(r.pending) > 0 {
		r.pending[0](&r.sum)
		r.pending, r.counted = r.pending[1:], r.counted+1
	}
}

// contribution turns a checked document into what it contributes to the
// graph, resolving its entity keys to canonical entities of the graph as l
// sees it.
func (im *Importer) contribution(ctx context.Context, l graph.Lookup, d *annotation.Document) (*graph.Contribution, annotation.Problems, error) {
	c := &graph.Contribution{Priority: 1}
	var warns annotation.Problems
	src := &c.Source
	src.ID = d.SourceID()
	switch {
	case d.Gazetteer != nil:
		c.Priority = 0
		src.Kind, src.Title, src.URL = graph.SourceGazetteer, d.Gazetteer.Title, d.Gazetteer.URL
	case d.Dataset != nil:
		c.Priority = 2
		src.Kind, src.Title, src.URL = graph.SourceDataset, d.Dataset.Title, d.Dataset.URL
	default:
		a := d.Article
		src.Kind, src.Title, src.URL, src.Language, src.Published = graph.SourceArticle, a.Title, a.URL, a.Language, a.Published
		c.Text = a.Text
	}
	r, err := resolve.New(ctx, l)
	if err != nil {
		return nil, nil, err
	}
	cands := make([]resolve.Candidate, len(d.Entities))
	for i, e := range d.Entities {
		cands[i] = candidate(e)
	}
	resolved, err := r.Document(ctx, src.ID, cands)
	if err != nil {
		return nil, nil, err
	}
	ids := map[string]string{} // document key → canonical id
	index := map[string]int{}  // canonical id → its record in c.Entities
	for i, e := range d.Entities {
		id, note := resolved[i].ID, resolved[i].Note
		if note != "" {
			warns = append(warns, annotation.Problem{Severity: annotation.Warning, File: d.File, Line: d.Line,
				Pointer: fmt.Sprintf("/entities/%d", i), Message: note})
		}
		ids[e.Key] = id
		if k := resolved[i].Kind; k != "" {
			e.Kind = k // a geopolitical entity, now a country or a location
		}
		rec := entityRecord(id, e, src.Language)
		if j, dup := index[id]; dup {
			// Two keys of the document are one entity of the graph.
			c.Entities[j] = graph.MergeRecords(c.Entities[j], rec)
			continue
		}
		index[id] = len(c.Entities)
		c.Entities = append(c.Entities, rec)
	}
	for _, r := range d.Relations {
		rel, err := im.relation(d, r, ids)
		if err != nil {
			return nil, nil, err
		}
		c.Relations = append(c.Relations, rel)
	}
	if len(d.Mentions) > 0 {
		rels, warn, err := mentionReports(ctx, l, d)
		if err != nil {
			return nil, nil, err
		}
		c.Relations = append(c.Relations, rels...)
		warns = append(warns, warn...)
	}
	b, err := json.Marshal(c)
	if err != nil {
		return nil, nil, graph.Wrap(graph.EInternal, err, "hashing %s", src.ID)
	}
	sum := sha256.Sum256(b)
	src.Digest = hex.EncodeToString(sum[:])
	return c, warns, nil
}

// candidate is what resolution needs of a document's entity.
func candidate(e annotation.Entity) resolve.Candidate {
	c := resolve.Candidate{Key: e.Key, KeyMadeUp: e.KeyMadeUp, Kind: e.Kind, Wikidata: e.Wikidata}
	for _, lang := range slices.Sorted(maps.Keys(e.Names)) {
		c.Names = append(c.Names, e.Names[lang])
	}
	for _, lang := range slices.Sorted(maps.Keys(e.Aliases)) {
		c.Names = append(c.Names, e.Aliases[lang]...)
	}
	for _, m := range e.Mentions {
		c.Mentions = append(c.Mentions, m.Text)
	}
	return c
}
