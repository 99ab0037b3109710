package acled

import (
	"maps"
	"regexp"
	"slices"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/formats/eventdata"
)

// Columns of a list of deleted events.
const (
	delID = iota
	delTimestamp
	nDelCols
)

var deletedNames = [nDelCols][]string{
	delID:        {"event_id_cnty"},
	delTimestamp: {"deleted_timestamp"},
}

// DeletedReader reads the lists of events ACLED has deleted, as its API's
// deleted endpoint gives them (deleted/read, in JSON or CSV): the
// event_id_cnty of each and its deleted_timestamp, in seconds since 1970.
// Each event it names is a Removal of its source, "acled:" and its id in
// lower case as Reader names it.
type DeletedReader struct{}

var _ annotation.Remover = DeletedReader{}

// Name returns "acled-deleted".
func (DeletedReader) Name() string { return format + "-deleted" }

// Removes marks DeletedReader an annotation.Remover.
func (DeletedReader) Removes() {}

var deletedKeyRE = regexp.MustCompile(`"deleted_timestamp"\s*:`)

// Detect reports whether a file is a list of deleted events: a JSON
// object with a deleted_timestamp field, or a CSV file whose header has
// the event_id_cnty and deleted_timestamp columns.
func (DeletedReader) Detect(_ string, head []byte) bool {
	if isJSON(head) {
		return jsonStart(head)[0] == '{' && deletedKeyRE.Match(head)
	}
	h := csvHeader(head)
	return h.Index(deletedNames[delID]...) >= 0 && h.Index(deletedNames[delTimestamp]...) >= 0
}

// Read returns one Removal per event the list names, in the order of
// their sources, at the line of its first row; an event listed twice is
// one Removal, at the later of its times. A file that cannot be read, or
// lacks either column, is an error and gives nothing, and so is each row
// whose id or time cannot be read: it is left out, since skipping it
// quietly would keep an event ACLED deleted. An empty list gives nothing,
// with a warning.
func (DeletedReader) Read(file string, data []byte) ([]annotation.Document, annotation.Problems) {
	b := eventdata.NewBuilder(file)
	t, ok := readTable(b, data, deletedNames[:], nDelCols)
	if !ok {
		return nil, b.Problems()
	}
	removals := map[string]*annotation.Document{}
	if t != nil {
		for row := range t.Rows(b) {
			id := t.Get(row, delID)
			if !idRE.MatchString(id) {
				t.Refuse(b, row, delID, "is not an ACLED event id (letters of a country, then digits)")
				continue
			}
			deleted, ok := unixTime(t.Get(row, delTimestamp))
			if !ok || deleted == 0 {
				t.Refuse(b, row, delTimestamp, "is not a time in seconds since 1970")
				continue
			}
			source := format + ":" + eventdata.Code(id)
			if d := removals[source]; d != nil {
				d.Removal.Deleted = max(d.Removal.Deleted, deleted)
				continue
			}
			removals[source] = &annotation.Document{Version: 1, Removal: &annotation.Removal{Source: source, Deleted: deleted}, File: file, Line: row.Line}
		}
	}
	if len(removals) == 0 && !b.Problems().HasErrors() {
		b.Warnf(0, "the list of deleted events is empty: nothing to remove")
	}
	probs := b.Done()
	var docs []annotation.Document
	for _, s := range slices.Sorted(maps.Keys(removals)) {
		docs = append(docs, *removals[s])
	}
	return docs, probs
}
