// Package importer turns annotated documents into graph contributions:
// it finds input files, reads and checks them, resolves their entities
// against the graph, and stores each document whole or not at all.
package importer

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/formats/mapping"
	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/ontology"
	"github.com/geokg/geokg/internal/resolve"
)

// Importer reads documents and stores them.
type Importer struct {
	Store      graph.Store // nil for validation only
	Vocabulary *ontology.Vocabulary
	Mapping    *mapping.Mapping      // labels of annotation tools; nil for the default
	Format     string                // read every file in this format; "" to detect
	Strict     bool                  // stop at the first document with an error
	Progress   func(done, total int) // called after each file, if set
}

// Summary is what an import or a validation did.
type Summary struct {
	Files            int                 `json:"files"`
	Articles         int                 `json:"articles"`
	Gazetteers       int                 `json:"gazetteers"`
	Datasets         int                 `json:"datasets"`
	Imported         int                 `json:"imported"`
	Unchanged        int                 `json:"unchanged"`
	Replaced         int                 `json:"replaced"`
	Failed           int                 `json:"failed"`
	EntitiesNew      int                 `json:"entities_new"`
	EntitiesMerged   int                 `json:"entities_merged"`
	Relations        int                 `json:"relations"`
	RelationsRemoved int                 `json:"relations_removed"`
	Warnings         int                 `json:"warnings"`
	Errors           int                 `json:"errors"`
	Problems         annotation.Problems `json:"problems"`
}

// Files expands paths (files and folders, walked recursively) into the
// input files geokg can read, sorted, without duplicates.
func Files(paths []string) ([]string, error) {
	seen := map[string]bool{}
	var files []string
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, graph.Errorf(graph.EInvalid, "cannot read %s: %v", p, err)
		}
		if !info.IsDir() {
			if !seen[p] {
				seen[p] = true
				files = append(files, p)
			}
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && detected(path) && !seen[path] {
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
// folder. Files named on the command line are read whatever they look like.
func detected(path string) bool {
	h := head(path)
	for _, r := range readers(ontology.Default(), nil) {
		if r.Detect(path, h) {
			return true
		}
	}
	return false
}

// Read reads and checks the documents of the given files: gazetteers first,
// then articles, each group in file order.
func (im *Importer) Read(files []string) ([]annotation.Document, annotation.Problems) {
	var docs []annotation.Document
	var probs annotation.Problems
	check := annotation.Checker{Vocabulary: im.Vocabulary}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			probs = append(probs, annotation.Problem{Severity: annotation.Error, File: f, Message: err.Error()})
			continue
		}
		r, err := im.reader(f, data)
		if err != nil {
			probs = append(probs, annotation.Problem{Severity: annotation.Error, File: f, Message: err.Error()})
			continue
		}
		ds, ps := r.Read(f, data)
		probs = append(probs, ps...)
		if _, native := r.(nativeReader); native {
			docs = append(docs, ds...)
			continue
		}
		// Other formats are checked after conversion, like native files.
		for _, d := range ds {
			cps := check.Check(&d)
			for i := range cps {
				cps[i].File, cps[i].Line = d.File, d.Line
				cps[i].Message = "after conversion from " + r.Name() + ": " + cps[i].Message
			}
			probs = append(probs, cps...)
			if !cps.HasErrors() {
				docs = append(docs, d)
			}
		}
	}
	slices.SortStableFunc(docs, func(a, b annotation.Document) int {
		return cmp.Compare(kindRank(a), kindRank(b))
	})
	// The same source twice in one run: the second is an error.
	seen := map[string]string{}
	kept := docs[:0]
	for _, d := range docs {
		id := d.SourceID()
		if first, dup := seen[id]; dup {
			probs = append(probs, annotation.Problem{Severity: annotation.Error, File: d.File, Line: d.Line,
				Message: fmt.Sprintf("source %q is also defined in %s; it is imported once", id, first)})
			continue
		}
		seen[id] = d.File
		kept = append(kept, d)
	}
	return kept, probs
}

func kindRank(d annotation.Document) int {
	if d.Gazetteer != nil {
		return 0
	}
	return 1
}

// Run reads the files and, with a store, imports every document that has no
// error. It returns an error only when the store fails or, in strict mode,
// at the first document with an error; problems are in the summary.
func (im *Importer) Run(ctx context.Context, files []string) (Summary, error) {
	sum := Summary{Files: len(files)}
	docs, probs := im.Read(files)
	sum.Problems = probs
	if im.Strict && probs.HasErrors() {
		sum.count()
		return sum, graph.Errorf(graph.EInvalid, "%s", probs.Errors()[0])
	}
	for i, d := range docs {
		switch {
		case d.Gazetteer != nil:
			sum.Gazetteers++
		case d.Dataset != nil:
			sum.Datasets++
		default:
			sum.Articles++
		}
		if im.Store != nil {
			if err := im.store(ctx, &d, &sum); err != nil {
				sum.count()
				return sum, err
			}
		}
		if im.Progress != nil {
			im.Progress(i+1, len(docs))
		}
	}
	sum.count()
	return sum, nil
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
func (im *Importer) store(ctx context.Context, d *annotation.Document, sum *Summary) error {
	var warns annotation.Problems
	res, err := im.Store.Import(ctx, func(ctx context.Context, l graph.Lookup) (c *graph.Contribution, err error) {
		c, warns, err = im.contribution(ctx, l, d)
		return c, err
	})
	sum.Problems = append(sum.Problems, warns...)
	if err != nil {
		if graph.ErrorCode(err) == graph.EInvalid && !im.Strict {
			sum.Problems = append(sum.Problems, annotation.Problem{Severity: annotation.Error, File: d.File, Line: d.Line, Message: err.Error()})
			return nil
		}
		return graph.Wrap(graph.EInternal, err, "importing %s", d.File)
	}
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
	return nil
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
		src.Kind, src.Title, src.URL = "gazetteer", d.Gazetteer.Title, d.Gazetteer.URL
	case d.Dataset != nil:
		c.Priority = 2
		src.Kind, src.Title, src.URL = "dataset", d.Dataset.Title, d.Dataset.URL
	default:
		a := d.Article
		src.Kind, src.Title, src.URL, src.Language, src.Published = "article", a.Title, a.URL, a.Language, a.Published
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
	c := resolve.Candidate{Key: e.Key, Kind: e.Kind, Wikidata: e.Wikidata}
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
