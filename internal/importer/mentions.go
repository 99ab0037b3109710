package importer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/graph"
)

// shownRefs is how many refs of unknown events a warning names.
const shownRefs = 5

// mentionReports turns the mentions of a dataset document (GDELT's
// Mentions table) into reports of the document's own source: each mention
// of an event the graph holds becomes a report with the event's type,
// ends, participants and date, as the stored report of its ref (the
// export's row of that GLOBALEVENTID) gives them, so that the events rule
// makes it a report of that event, and the mention's article, day and
// confidence as its evidence. A mention whose URL is already a report of
// that stored report (a SOURCEURL of the export) is that report, not
// another. Mentions of events the graph does not hold are counted in one
// warning and left out; a document none of whose mentions makes a report
// is an error (EInvalid), so that nothing is stored.
func mentionReports(ctx context.Context, l graph.Lookup, d *annotation.Document) ([]graph.Relation, annotation.Problems, error) {
	refs := map[string]bool{}
	for _, m := range d.Mentions {
		refs[m.Event] = true
	}
	found, err := l.ReportsByRefs(ctx, slices.Sorted(maps.Keys(refs)))
	if err != nil {
		return nil, nil, err
	}
	var rels []graph.Relation
	unknown := map[string]bool{}
	missing, repeated := 0, 0
	for _, m := range d.Mentions {
		reps := found[m.Event]
		if len(reps) == 0 {
			unknown[m.Event] = true
			missing++
			continue
		}
		rep := &reps[0] // the first by source and id, when two sources hold the row
		if m.Report.URL != "" && slices.ContainsFunc(rep.Evidence, func(ev graph.Evidence) bool { return ev.URL == m.Report.URL }) {
			repeated++
			continue
		}
		sum := sha256.Sum256([]byte(m.Report.URL + "\x1f" + m.Report.Quote))
		rels = append(rels, graph.Relation{
			ID:   d.SourceID() + "/" + strings.ReplaceAll(m.Event, ":", "-") + "-" + hex.EncodeToString(sum[:4]),
			Type: rep.Type, Class: rep.Class, QuadClass: rep.QuadClass, Intensity: rep.Intensity,
			From: rep.From, To: rep.To, Participants: slices.Clone(rep.Participants),
			Date: rep.Date, End: rep.End, Precision: rep.Precision,
			Modality: rep.Modality, Confidence: m.Confidence,
			Evidence: []graph.Evidence{{Article: d.SourceID(), URL: m.Report.URL, Title: d.Dataset.Title, Quote: m.Report.Quote,
				Start: -1, End: -1, Published: m.Report.Published}},
		})
	}
	var warns annotation.Problems
	if missing > 0 {
		ids := slices.Sorted(maps.Keys(unknown))
		list := strings.Join(ids[:min(shownRefs, len(ids))], ", ")
		if len(ids) > shownRefs {
			list += fmt.Sprintf(" and %d more", len(ids)-shownRefs)
		}
		warns = append(warns, annotation.Problem{Severity: annotation.Warning, File: d.File, Line: d.Line,
			Message: fmt.Sprintf("%d of the %d mentions are of %d events the graph does not hold (%s), and were not imported: "+
				"import the files of those events, then this file again", missing, len(d.Mentions), len(ids), list)})
	}
	if len(rels) == 0 {
		return nil, nil, graph.Errorf(graph.EInvalid, "none of the %d mentions of source %q adds a report: %d are of events the graph does not hold, %d repeat a report the event has; "+
			"import the files of the events first", len(d.Mentions), d.SourceID(), missing, repeated)
	}
	return rels, warns, nil
}
