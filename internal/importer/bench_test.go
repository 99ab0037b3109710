package importer_test

import (
	"context"
	"path/filepath"
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
