package importer_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/importer"
	"github.com/geokg/geokg/internal/ontology"
	"github.com/geokg/geokg/internal/store/embedded"
)

// BenchmarkImportFixtures measures the whole import path — read, check
// against the schema and the text, resolve names, store — on the bundled
// fixtures, into a new embedded store each time. The store alone is
// measured on 100,000 generated relations in internal/store/embedded.
func BenchmarkImportFixtures(b *testing.B) {
	files, err := importer.Files([]string{fixtures + "/gazetteer.yaml", fixtures + "/articles", fixtures + "/events"})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	relations := 0
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s, err := embedded.Open(ctx, filepath.Join(b.TempDir(), "g.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		sum, err := (&importer.Importer{Store: s, Vocabulary: ontology.Default()}).Run(ctx, files)
		if err != nil || sum.Errors > 0 {
			b.Fatalf("import: %v %v", err, sum.Problems.Errors())
		}
		relations += sum.Relations
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(relations)/b.Elapsed().Seconds(), "relations/s")
}

// BenchmarkImportJSONLinesRSS imports one generated JSON Lines file of
// small articles into a new embedded store and reports the peak resident
// memory of the run (VmHWM, reset before it through /proc/self/clear_refs;
// Linux only). A streaming import holds memory flat: 5,000 and 50,000
// articles peak close together. Run one size at a time, e.g.
//
//	go test ./internal/importer -run '^$' -bench 'ImportJSONLinesRSS/50000' -benchtime 1x
func BenchmarkImportJSONLinesRSS(b *testing.B) {
	for _, n := range []int{5000, 50000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			file := filepath.Join(b.TempDir(), "articles.jsonl")
			writeArticles(b, file, n)
			ctx := context.Background()
			for b.Loop() {
				s, err := embedded.Open(ctx, filepath.Join(b.TempDir(), "g.db"))
				if err != nil {
					b.Fatal(err)
				}
				runtime.GC()
				if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
					b.Skipf("cannot reset the peak memory: %v", err)
				}
				sum, err := (&importer.Importer{Store: s, Vocabulary: ontology.Default()}).Run(ctx, []string{file})
				if err != nil || sum.Imported != n {
					b.Fatalf("import: %v %+v", err, sum.Problems.Errors())
				}
				b.ReportMetric(peakRSS(b)/(1<<20), "peak-RSS-MiB")
				s.Close()
			}
		})
	}
}

// writeArticles writes n one-relation articles, one per line: one of 997
// militias threatens one of 193 countries. (No entity is in every article:
// a store's cost per document grows with the records of the entities it
// names.)
func writeArticles(b *testing.B, file string, n int) {
	f, err := os.Create(file)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	for i := range n {
		militia, country := fmt.Sprintf("Militia %d", i%997), fmt.Sprintf("Country %d", i%193)
		text := militia + " threatened " + country + "."
		fmt.Fprintf(w, `{"geokg": 1, "article": {"id": "gen-%d", "language": "en", "published": "2020-01-10", "text": %q}, `+
			`"entities": [{"key": "militia-%d", "kind": "armed_group", "names": {"en": %q}, "mentions": [{"start": 0, "end": %d, "text": %q}]}, `+
			`{"key": "country-%d", "kind": "country", "names": {"en": %q}}], `+
			`"relations": [{"id": "r1", "type": "threatens", "source": "militia-%d", "target": "country-%d", "date": "2020-01", `+
			`"evidence": {"start": 0, "end": %d, "text": %q}}]}`+"\n",
			i, text, i%997, militia, len(militia), militia, i%193, country, i%997, i%193, len(text), text)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
}

// peakRSS reads the peak resident memory of the process, in bytes.
func peakRSS(b *testing.B) float64 {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		b.Fatal(err)
	}
	for line := range strings.Lines(string(status)) {
		if kb, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			n, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(kb), "kB")))
			if err != nil {
				b.Fatal(err)
			}
			return float64(n) * 1024
		}
	}
	b.Fatal("no VmHWM in /proc/self/status")
	return 0
}
