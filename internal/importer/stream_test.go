package importer_test

import (
	"bytes"
	"context"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/importer"
	"github.com/geokg/geokg/internal/ontology"
	"github.com/geokg/geokg/internal/resolve"
	"github.com/geokg/geokg/internal/store/embedded"
)

// counting is a store that counts the lookups of the builders it runs
// (inside Import) and every read of names and entities outside it.
type counting struct {
	graph.Store
	imports, inside, outside int
}

func (c *counting) Import(ctx context.Context, source string, build graph.Builder) (graph.ReplaceResult, error) {
	c.imports++
	return c.Store.Import(ctx, source, func(ctx context.Context, l graph.Lookup) (*graph.Contribution, error) {
		return build(ctx, &countedLookup{l, c})
	})
}

func (c *counting) ReplaceSource(ctx context.Context, x *graph.Contribution) (graph.ReplaceResult, error) {
	c.outside++
	return c.Store.ReplaceSource(ctx, x)
}

func (c *counting) Entities(ctx context.Context, ids []string) ([]graph.Entity, error) {
	c.outside++
	return c.Store.Entities(ctx, ids)
}

func (c *counting) EntitiesByKeys(ctx context.Context, keys []string) (map[string][]graph.Entity, error) {
	c.outside++
	return c.Store.EntitiesByKeys(ctx, keys)
}

func (c *counting) EntitiesByWikidataIDs(ctx context.Context, qids []string) (map[string][]graph.Entity, error) {
	c.outside++
	return c.Store.EntitiesByWikidataIDs(ctx, qids)
}

func (c *counting) Decisions(ctx context.Context) ([]graph.Decision, error) {
	c.outside++
	return c.Store.Decisions(ctx)
}

func (c *counting) Entity(ctx context.Context, id string) (graph.Entity, error) {
	c.outside++
	return c.Store.Entity(ctx, id)
}

func (c *counting) EntitiesByKey(ctx context.Context, key string) ([]graph.Entity, error) {
	c.outside++
	return c.Store.EntitiesByKey(ctx, key)
}

func (c *counting) EntitiesByWikidata(ctx context.Context, qid string) ([]graph.Entity, error) {
	c.outside++
	return c.Store.EntitiesByWikidata(ctx, qid)
}

func (c *counting) Sources(ctx context.Context) ([]graph.Source, error) {
	c.outside++
	return c.Store.Sources(ctx)
}

// countedLookup counts the calls of a builder to the write transaction's
// lookup, and to what the shrink guard reads of it.
type countedLookup struct {
	l graph.Lookup
	c *counting
}

func (l *countedLookup) Entities(ctx context.Context, ids []string) ([]graph.Entity, error) {
	l.c.inside++
	return l.l.Entities(ctx, ids)
}

func (l *countedLookup) EntitiesByKeys(ctx context.Context, keys []string) (map[string][]graph.Entity, error) {
	l.c.inside++
	return l.l.EntitiesByKeys(ctx, keys)
}

func (l *countedLookup) EntitiesByWikidataIDs(ctx context.Context, qids []string) (map[string][]graph.Entity, error) {
	l.c.inside++
	return l.l.EntitiesByWikidataIDs(ctx, qids)
}

func (l *countedLookup) Decisions(ctx context.Context) ([]graph.Decision, error) {
	l.c.inside++
	return l.l.Decisions(ctx)
}

func (l *countedLookup) ReportsByRefs(ctx context.Context, refs []string) (map[string][]graph.Report, error) {
	l.c.inside++
	return l.l.ReportsByRefs(ctx, refs)
}

func (l *countedLookup) Contribution(source string) (*graph.Contribution, error) {
	l.c.inside++
	return l.l.(interface {
		Contribution(string) (*graph.Contribution, error)
	}).Contribution(source)
}

// The importer asks the store for names in batches, inside the write
// transaction of each document: a fixed number of calls per document (the
// decisions, the keys, the QIDs, the names, the two lookups of name forms,
// and the source's old version for the shrink guard), whatever its size.
func TestStoreCallsPerDocument(t *testing.T) {
	s := &counting{Store: openStore(t)}
	for _, round := range []string{"first import", "again"} {
		*s = counting{Store: s.Store}
		sum := run(t, s, fixtures+"/gazetteer.yaml", fixtures+"/articles", fixtures+"/events")
		docs := sum.Articles + sum.Gazetteers + sum.Datasets
		if sum.Errors != 0 || docs < 9 {
			t.Fatalf("%s: %d documents, errors %v", round, docs, sum.Problems.Errors())
		}
		if s.imports != docs {
			t.Errorf("%s: %d imports for %d documents", round, s.imports, docs)
		}
		if s.outside != 0 {
			t.Errorf("%s: %d reads outside Import", round, s.outside)
		}
		if per := float64(s.inside) / float64(docs); per > 7 {
			t.Errorf("%s: %d lookups for %d documents (%.1f each), want at most 7 each", round, s.inside, docs, per)
		}
		t.Logf("%s: %d documents, %d lookups", round, docs, s.inside)
	}
}

// Two imports at once of different articles that name the same new
// entity (under different keys) make one entity: names resolve in the
// write transaction.
func TestConcurrentImportsMakeNoDuplicates(t *testing.T) {
	ctx := context.Background()
	const name = "Brigades of the Northern Marshes"
	for trial := range 20 {
		path := filepath.Join(t.TempDir(), "g.db")
		// The store exists: two first opens of a new file at once can
		// fail on its schema (SQLITE_BUSY), which is the store's to fix.
		s, err := embedded.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
		dir := t.TempDir()
		var files [2]string
		for i, key := range []string{"marsh-brigades", "northern-marsh-brigades"} {
			files[i] = writeDoc(t, dir, key+"-article", name+" threatened the United States.",
				`{"key": "`+key+`", "kind": "armed_group", "names": {"en": "`+name+`"}}`, key, "2020-01")
		}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range files {
			wg.Go(func() {
				s, err := embedded.Open(ctx, path) // one store each, as two processes would
				if err != nil {
					errs[i] = err
					return
				}
				defer s.Close()
				sum, err := (&importer.Importer{Store: s, Vocabulary: ontology.Default()}).Run(ctx, files[i:i+1])
				if err == nil && sum.Imported != 1 {
					t.Errorf("trial %d: %+v", trial, sum)
				}
				errs[i] = err
			})
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatalf("trial %d: %v", trial, err)
			}
		}
		s, err = embedded.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		es, err := s.EntitiesByKey(ctx, resolve.Key(name))
		s.Close()
		if err != nil {
			t.Fatal(err)
		}
		if len(es) != 1 {
			t.Fatalf("trial %d: %d entities named %q, want 1: %+v", trial, len(es), name, es)
		}
	}
}

// A JSON Lines file is read line by line: each line is an article that
// imports or fails alone, and a long line is read whole.
func TestJSONLinesOneBadLine(t *testing.T) {
	s := openStore(t)
	dir := t.TempDir()
	var lines []string
	for _, id := range []string{"l1", "l2", "l3"} {
		data, err := os.ReadFile(writeArticle(t, dir, id, threat))
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, strings.Join(strings.Fields(string(data)), " "))
	}
	lines[1] = strings.Replace(lines[1], `"threatens"`, `"threatns"`, 1)
	lines[2] = strings.Replace(lines[2], "Kataib Hezbollah threatened", strings.Repeat(" ", 2<<20)+"Kataib Hezbollah threatened", 1)
	lines[2] = strings.Replace(lines[2], `"end": 46`, `"end": `+strconv.Itoa(46+2<<20), 1)
	lines[2] = strings.Replace(lines[2], `"start": 0`, `"start": `+strconv.Itoa(2<<20), 1)
	path := filepath.Join(t.TempDir(), "many.jsonl")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := (&importer.Importer{Store: s, Vocabulary: ontology.Default()}).Run(context.Background(), []string{path})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Imported != 2 || sum.Failed != 1 || sum.Errors != 1 {
		t.Fatalf("summary = %+v, want lines 1 and 3 imported and line 2 failed", sum)
	}
	if p := sum.Problems.Errors()[0]; p.File != path || p.Line != 2 {
		t.Errorf("problem = %v, want line 2 of %s", p, path)
	}
	srcs, _ := s.Sources(context.Background())
	if len(srcs) != 2 || srcs[0].ID != "l1" || srcs[1].ID != "l3" {
		t.Errorf("sources = %+v, want l1 and l3", srcs)
	}
}

// A replacement that removes most of what a source contributed is refused,
// naming the file and the counts, unless it is allowed.
func TestShrinkNeedsAllowing(t *testing.T) {
	s := openStore(t)
	dir := t.TempDir()
	gaz := filepath.Join(dir, "g.yaml")
	full, err := os.ReadFile(fixtures + "/gazetteer.yaml")
	if err != nil {
		t.Fatal(err)
	}
	write := func(data []byte) {
		if err := os.WriteFile(gaz, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(full)
	run(t, s, gaz)
	before := stats(t, s)
	// Without its relations the gazetteer is still valid.
	write(full[:strings.Index(string(full), "\nrelations:")+1])
	sum := run(t, s, gaz)
	if sum.Errors != 1 || sum.Replaced != 0 {
		t.Fatalf("summary = %+v, want the shrinking gazetteer refused", sum)
	}
	p := sum.Problems.Errors()[0]
	if p.File != gaz || !strings.Contains(p.Message, "remove 42 of its 42 relations") || !strings.Contains(p.Message, "--allow-shrink") {
		t.Errorf("problem = %v, want the file, the counts and the flag", p)
	}
	if after := stats(t, s); after.Relations != before.Relations {
		t.Fatalf("relations %d → %d", before.Relations, after.Relations)
	}
	files, _ := importer.Files([]string{gaz})
	sum, err = (&importer.Importer{Store: s, Vocabulary: ontology.Default(), AllowShrink: true}).Run(context.Background(), files)
	if err != nil || sum.Replaced != 1 || sum.RelationsRemoved != 42 {
		t.Fatalf("allowed: %+v, %v", sum, err)
	}
}

// A YAML gazetteer or article cut at a random byte is refused, and the
// store keeps what the whole file contributed.
func TestTruncatedYAMLIsRefused(t *testing.T) {
	dir := t.TempDir()
	article := filepath.Join(dir, "article.yaml")
	writeYAMLArticle(t, article)
	for _, file := range []string{fixtures + "/gazetteer.yaml", article} {
		full, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		s := openStore(t)
		cut := filepath.Join(t.TempDir(), filepath.Base(file))
		if err := os.WriteFile(cut, full, 0o644); err != nil {
			t.Fatal(err)
		}
		if sum := run(t, s, cut); sum.Imported != 1 {
			t.Fatalf("%s: %+v", file, sum)
		}
		before := stats(t, s)
		rng := rand.New(rand.NewPCG(7, uint64(len(full))))
		for range 40 {
			n := 1 + rng.IntN(len(full)-1)
			if err := os.WriteFile(cut, full[:n], 0o644); err != nil {
				t.Fatal(err)
			}
			sum := run(t, s, cut)
			if sum.Replaced != 0 || sum.Errors == 0 {
				t.Errorf("%s cut at byte %d of %d: %+v", file, n, len(full), sum)
			}
			if after := stats(t, s); after.Relations != before.Relations || after.Entities != before.Entities {
				t.Fatalf("%s cut at byte %d: stats %+v → %+v", file, n, before, after)
			}
		}
	}
}

// A YAML file of several documents imports them all, or none if one has an
// error.
func TestYAMLDocuments(t *testing.T) {
	dir := t.TempDir()
	one := filepath.Join(dir, "one.yaml")
	writeYAMLArticle(t, one)
	data, err := os.ReadFile(one)
	if err != nil {
		t.Fatal(err)
	}
	second := strings.Replace(string(data), "id: yaml-article", "id: yaml-article-2", 1)
	both := filepath.Join(dir, "both.yaml")
	if err := os.WriteFile(both, []byte(string(data)+"---\n"+second), 0o644); err != nil {
		t.Fatal(err)
	}
	s := openStore(t)
	if sum := run(t, s, both); sum.Imported != 2 || sum.Errors != 0 {
		t.Fatalf("two documents: %+v", sum)
	}
	bad := strings.Replace(second, "type: threatens", "type: threatns", 1)
	bad = strings.ReplaceAll(bad, "yaml-article-2", "yaml-article-3")
	if err := os.WriteFile(both, []byte(string(data)+"---\n"+bad), 0o644); err != nil {
		t.Fatal(err)
	}
	s = openStore(t)
	sum := run(t, s, both)
	if sum.Imported != 0 || sum.Errors != 1 {
		t.Fatalf("one bad document: %+v, want none imported", sum)
	}
	if p := sum.Problems.Errors()[0]; p.Line <= strings.Count(string(data), "\n") {
		t.Errorf("problem = %v, want a line of the second document", p)
	}
}

// writeYAMLArticle writes an article with four relations as YAML.
func writeYAMLArticle(t *testing.T, path string) {
	t.Helper()
	text := "Kataib Hezbollah threatened the United States. The United States struck Kataib Hezbollah. " +
		"Kataib Hezbollah attacked the United States. The United States threatened Kataib Hezbollah."
	rel := func(id, typ, src, dst string, start, end int) string {
		return "- id: " + id + "\n  type: " + typ + "\n  source: " + src + "\n  target: " + dst + "\n  date: 2020-01\n" +
			"  evidence: {start: " + strconv.Itoa(start) + ", end: " + strconv.Itoa(end) + ", text: " + text[start:end] + "}\n"
	}
	doc := "geokg: 1\narticle:\n  id: yaml-article\n  language: en\n  published: 2020-01-10\n  text: " + text + "\n" +
		"entities:\n" +
		"- key: kataib-hezbollah\n  kind: armed_group\n  names: {en: Kataib Hezbollah}\n" +
		"- key: Q30\n  kind: country\n  wikidata: Q30\n  names: {en: United States}\n" +
		"relations:\n" +
		rel("r1", "threatens", "kataib-hezbollah", "Q30", 0, 46) +
		rel("r2", "strikes_from_air", "Q30", "kataib-hezbollah", 47, 89) +
		rel("r3", "attacks", "kataib-hezbollah", "Q30", 90, 134) +
		rel("r4", "threatens", "Q30", "kataib-hezbollah", 135, 181)
	if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
}

// --strict checks every file first: with several bad files it reports
// every problem and imports nothing, not even the good files.
func TestStrictImportsNothing(t *testing.T) {
	s := openStore(t)
	dir := t.TempDir()
	writeArticle(t, dir, "a-good", threat)
	bad1 := writeArticle(t, dir, "b-bad", strike+","+badSpan)
	bad2 := writeArticle(t, dir, "c-bad", strings.Replace(threat, `"threatens"`, `"threatns"`, 1))
	files, _ := importer.Files([]string{dir})
	sum, err := (&importer.Importer{Store: s, Vocabulary: ontology.Default(), Strict: true}).Run(context.Background(), files)
	if graph.ErrorCode(err) != graph.EInvalid {
		t.Fatalf("error = %v, want an invalid-input error", err)
	}
	var bad []string
	for _, p := range sum.Problems.Errors() {
		bad = append(bad, p.File)
	}
	if !slices.Equal(bad, []string{bad1, bad2}) || sum.Failed != 2 {
		t.Errorf("errors in %v (failed %d), want one in each bad file", bad, sum.Failed)
	}
	if srcs, _ := s.Sources(context.Background()); len(srcs) != 0 {
		t.Errorf("sources = %+v, want none", srcs)
	}
}

// A UTF-8 byte order mark at the start of a file changes nothing, for
// every reader.
func TestByteOrderMark(t *testing.T) {
	jsonl := filepath.Join(t.TempDir(), "lines.jsonl")
	data, err := os.ReadFile(fixtures + "/articles/fixture-2020-01-06-iraq-parliament-foreign-troops.ar.json")
	if err != nil {
		t.Fatal(err)
	}
	var line bytes.Buffer
	if err := json.Compact(&line, data); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(jsonl, append(line.Bytes(), '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	for format, file := range map[string]string{
		"native JSON":  fixtures + "/articles/fixture-2020-01-06-iraq-parliament-foreign-troops.ar.json",
		"native YAML":  fixtures + "/gazetteer.yaml",
		"JSON Lines":   jsonl,
		"doccano":      fixtures + "/doccano/fixture-doccano-us-iraq.en.jsonl",
		"Label Studio": fixtures + "/labelstudio/alarab-2021-03-24-us-iraq-strategic-dialogue.ar.json",
		"brat":         fixtures + "/brat/alarab-2021-03-24-us-iraq-strategic-dialogue.ar.ann",
		"WebAnno TSV":  fixtures + "/webanno/fixture-webanno-2020-01-26-green-zone-rockets.en.tsv",
		"GDELT":        fixtures + "/events/20200103.export.CSV",
		"POLECAT":      fixtures + "/events/polecat-2021-07-26.tsv",
	} {
		t.Run(format, func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			bom := filepath.Join(dir, filepath.Base(file))
			if err := os.WriteFile(bom, append([]byte("\ufeff"), data...), 0o644); err != nil {
				t.Fatal(err)
			}
			sidecar := strings.TrimSuffix(file, filepath.Ext(file)) + ".geokg.yaml" // its date, if a sidecar gives it
			if data, err := os.ReadFile(sidecar); err == nil {
				if err := os.WriteFile(filepath.Join(dir, filepath.Base(sidecar)), data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if txt, ok := strings.CutSuffix(file, ".ann"); ok { // brat's text, as it is
				text, err := os.ReadFile(txt + ".txt")
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(strings.TrimSuffix(bom, ".ann")+".txt", text, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			check := func(f string) importer.Summary {
				sum, err := (&importer.Importer{Vocabulary: ontology.Default()}).Run(context.Background(), []string{f})
				if err != nil {
					t.Fatal(err)
				}
				sum.Problems, sum.Files = nil, 0
				return sum
			}
			want, got := check(file), check(bom)
			if !reflect.DeepEqual(got, want) || want.Errors != 0 || want.Articles+want.Gazetteers+want.Datasets == 0 {
				t.Errorf("with a BOM: %+v\nwithout: %+v", got, want)
			}
		})
	}
}
