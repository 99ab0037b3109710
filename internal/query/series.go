package query

import (
	"bytes"
	"encoding/csv"
	"strconv"

	"github.com/geokg/geokg/internal/graph"
)

// The timeline's formats besides FormatJSON and the exports: its events as
// CSV, its buckets as CSV, and its buckets as a series of flat rows, the
// JSON shape Grafana's Infinity data source reads as a table (a time column
// and one number per column). The two bucket formats count per month when
// no bucket is asked for.
const (
	FormatCSV        = "csv"
	FormatBucketsCSV = "buckets_csv"
	FormatSeries     = "series"
)

// bucketsFormat reports whether format gives the buckets.
func bucketsFormat(format string) bool { return format == FormatBucketsCSV || format == FormatSeries }

// Series returns the buckets of r as rows: time, the first instant of its
// period (UTC, RFC 3339), period, its key, and its counts: events,
// reports, happened, one per quad class, mean_intensity, partial and one
// per modality. Events coarser than the bucket are not in the series (they
// would be pinned to a first day): the JSON answer counts them apart, in
// coarser.
func (r *TimelineResponse) Series() []map[string]any {
	out := []map[string]any{}
	for _, b := range r.Buckets {
		row := map[string]any{
			"time": periodStart(b.Key), "period": b.Key, "events": b.Events, "reports": b.Reports, "happened": b.Happened,
			"verbal_cooperation": b.Quad[0], "material_cooperation": b.Quad[1], "verbal_conflict": b.Quad[2], "material_conflict": b.Quad[3],
			"mean_intensity": b.MeanIntensity, "partial": b.Partial,
		}
		for _, m := range graph.Modalities {
			row[string(m)] = b.ByModality[m]
		}
		out = append(out, row)
	}
	return out
}

// periodStart is the first instant of the period of a bucket key (a year,
// a month, or the day a week or day starts), in RFC 3339.
func periodStart(key string) string {
	switch len(key) {
	case 4:
		key += "-01-01"
	case 7:
		key += "-01"
	}
	return key + "T00:00:00Z"
}

// BucketsCSV returns the buckets of r as CSV, one row a period, the columns
// of Series.
func (r *TimelineResponse) BucketsCSV() []byte {
	header := []string{"time", "period", "events", "reports", "happened", "verbal_cooperation", "material_cooperation",
		"verbal_conflict", "material_conflict", "mean_intensity", "partial"}
	for _, m := range graph.Modalities {
		header = append(header, string(m))
	}
	rows := [][]string{header}
	for _, row := range r.Series() {
		var cells []string
		for _, h := range header {
			cells = append(cells, cell(row[h]))
		}
		rows = append(rows, cells)
	}
	return csvBytes(rows)
}

// EventsCSV returns the events of r (this page) as CSV, one row an event:
// its dates at their precision, type, ends with their names, modality,
// confidence, counts and the first report's article, quote and URL.
func (r *TimelineResponse) EventsCSV() []byte {
	rows := [][]string{{"id", "date", "end", "precision", "type", "quad_class", "intensity", "source", "source_name", "target", "target_name",
		"modality", "confidence", "reports", "sources", "article", "quote", "url"}}
	for _, ev := range r.Events {
		var article, quote, url string
		if len(ev.Evidence) > 0 {
			article, quote, url = ev.Evidence[0].Article, ev.Evidence[0].Quote, ev.Evidence[0].URL
		}
		rows = append(rows, []string{ev.ID, ev.Date.String(), ev.End.String(), string(ev.Precision), ev.Type, cell(ev.QuadClass), cell(ev.Intensity),
			ev.From, ev.SourceName, ev.To, ev.TargetName, string(ev.Modality), cell(ev.Confidence), cell(ev.Reports), cell(ev.Sources),
			article, quote, url})
	}
	return csvBytes(rows)
}

// cell writes a value of a row as CSV text ("" for none).
func cell(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case *float64:
		if x == nil {
			return ""
		}
		return strconv.FormatFloat(*x, 'f', -1, 64)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case int:
		return strconv.Itoa(x)
	case bool:
		return strconv.FormatBool(x)
	case string:
		return x
	}
	return ""
}

// csvBytes writes rows as CSV, with a UTF-8 byte order mark first so that
// spreadsheets read Arabic names as UTF-8.
func csvBytes(rows [][]string) []byte {
	var b bytes.Buffer
	b.WriteString("\ufeff")
	w := csv.NewWriter(&b)
	_ = w.WriteAll(rows) // a bytes.Buffer does not fail
	return b.Bytes()
}
