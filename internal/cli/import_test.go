package cli

import (
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/importer"
)

// The summary says what the run's lists of deleted events did, or would
// do, and nothing of them when there were none.
func TestSummaryLineDeletions(t *testing.T) {
	sum := importer.Summary{Datasets: 3, Imported: 1, Deletions: 8, SourcesRemoved: 6, DeletionsNotStored: 1, DeletionsSuperseded: 1,
		Removes: []string{"acled:irq1", "acled:irq2", "acled:irq3", "acled:irq4", "acled:irq5", "acled:irq6"}}
	if got, want := summaryLine(sum, false), "; 8 deleted source(s) listed: 6 removed (acled:irq1, acled:irq2, acled:irq3, acled:irq4, acled:irq5 and 1 more), 1 not stored, 1 kept (imported edited after their deletion)"; !strings.HasSuffix(got, want) {
		t.Errorf("import: %q, want …%q", got, want)
	}
	sum = importer.Summary{Deletions: 2, DeletionsSuperseded: 1, Removes: []string{"acled:irq1"}}
	if got, want := summaryLine(sum, true), "; 2 deleted source(s) listed: 1 would be removed if stored (acled:irq1), 1 kept (read edited after their deletion)"; !strings.HasSuffix(got, want) {
		t.Errorf("validate: %q, want …%q", got, want)
	}
	for _, dry := range []bool{false, true} {
		if got := summaryLine(importer.Summary{Datasets: 1}, dry); strings.Contains(got, "deleted") {
			t.Errorf("without deletions: %q", got)
		}
	}
}
