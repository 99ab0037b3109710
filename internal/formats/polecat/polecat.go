// Package polecat reads POLECAT event data: the tab-separated files with a
// header row published on Harvard Dataverse ("ngecEvents.20230103111842.
// Release603.DV.txt"), coded in the PLOVER ontology by the NGEC coder.
//
// Columns are found by header name, ignoring case, spaces and underscores,
// so their order does not matter, and columns the reader does not know
// (such as the "Headline" of some releases) are left alone. A row must
// have a field for each column of the header, no fewer and no more but
// empty ones (extra tabs), or it is skipped, counted in one warning that
// names its lines: a tab missing or one more in a field would shift the
// columns after it. Event ID, Event Date, Event Type, Actor
// Name and Recipient Name are required; the others are read when present:
// Event Mode, Contexts, Intensity, the Actor and Recipient Country, Title,
// Primary Sector and Wikipedia ID, Placename, GeoNames ID, Feature Type,
// Source (the publisher), Publication Date, and a URL column (URL, Source
// URL or Story URL), which POLECAT releases do not have but other exports
// may.
//
// Each row becomes a relation of a dataset document, typed by the
// vocabulary's ByPLOVER(Event Type, Event Mode), from each actor to each
// recipient (POLECAT separates several with ";"), with the place as a
// "location" participant and the mode, contexts and intensity in its note.
// Rows with the same date, actor, recipient, event type, mode and place are
// reports of one event and become one relation with one source per row;
// its confidence is eventdata.Confidence of the number of reports.
//
// An actor whose Wikipedia ID is a Wikidata QID is keyed by it, so that it
// merges with the gazetteer's entity of that QID; others are keyed
// "polecat-" and a slug of their country and name. An actor with a title is
// a person; one named like its country is a country; otherwise its primary
// sector decides (GOV government, MIL military, REB armed group, …).
package polecat

import (
	"cmp"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/formats/eventdata"
	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/ontology"
)

// Columns read, by their names in POLECAT releases and other spellings.
const (
	colID = iota
	colDate
	colType
	colActor
	colRecipient
	colMode
	colContexts
	colIntensity
	colActorCountry
	colActorQID
	colActorTitle
	colActorSector
	colRecipientCountry
	colRecipientQID
	colRecipientTitle
	colRecipientSector
	colPlace
	colGeoID
	colFeature
	colSource
	colPublished
	colURL
	nCols
	nRequired = colMode // the columns before colMode are required
)

var columnNames = [nCols][]string{
	colID:               {"Event ID"},
	colDate:             {"Event Date", "Story Date"},
	colType:             {"Event Type"},
	colActor:            {"Actor Name"},
	colRecipient:        {"Recipient Name"},
	colMode:             {"Event Mode", "Mode"},
	colContexts:         {"Contexts", "Context"},
	colIntensity:        {"Intensity", "Event Intensity"},
	colActorCountry:     {"Actor Country"},
	colActorQID:         {"Wikipedia Actor ID", "Actor Wikidata ID"},
	colActorTitle:       {"Actor Title"},
	colActorSector:      {"Primary Actor Sector"},
	colRecipientCountry: {"Recipient Country"},
	colRecipientQID:     {"Wikipedia Recipient ID", "Recipient Wikidata ID"},
	colRecipientTitle:   {"Recipient Title"},
	colRecipientSector:  {"Primary Recipient Sector"},
	colPlace:            {"Placename", "Place Name"},
	colGeoID:            {"GeoNames ID"},
	colFeature:          {"Feature Type"},
	colSource:           {"Source"},
	colPublished:        {"Publication Date"},
	colURL:              {"URL", "Source URL", "Story URL"},
}

// Reader reads POLECAT files. The zero Reader uses the built-in vocabulary.
type Reader struct {
	Vocabulary *ontology.Vocabulary
}

var _ annotation.Reader = Reader{}

// Name returns "polecat".
func (Reader) Name() string { return "polecat" }

var fileRE = regexp.MustCompile(`(?i)^(ngecevents.*\.txt|polecat.*\.(tsv|txt))$`)

// Detect reports whether a file is POLECAT data: by its name
// ("ngecEvents….txt", "polecat….tsv") or by a header row with the Event
// ID, Event Type and Actor Name columns.
func (Reader) Detect(file string, head []byte) bool {
	if fileRE.MatchString(filepath.Base(file)) {
		return true
	}
	line, _, _ := strings.Cut(string(head), "\n")
	h := eventdata.NewHeader(strings.Split(line, "\t"))
	return h.Index(columnNames[colID]...) >= 0 && h.Index(columnNames[colType]...) >= 0 && h.Index(columnNames[colActor]...) >= 0
}

// Read returns the file's one dataset document. A file without the
// required columns is an error; a row that cannot be read is skipped with a
// warning naming its line and column.
func (r Reader) Read(file string, data []byte) ([]annotation.Document, annotation.Problems) {
	voc := r.Vocabulary
	if voc == nil {
		voc = ontology.Default()
	}
	b := eventdata.NewBuilder(file)
	t, ok := eventdata.ReadTable(b, data, "POLECAT", columnNames[:], nRequired)
	if !ok {
		return nil, b.Problems()
	}
	for row := range t.Rows(b) {
		rd := rowReader{b: b, voc: voc, t: t, row: row}
		rd.read()
	}
	return b.Document(annotation.DatasetInfo{
		ID: eventdata.DatasetID("polecat", file), Format: "polecat", Title: "POLECAT events " + filepath.Base(file),
		URL: "https://dataverse.harvard.edu/dataset.xhtml?persistentId=doi:10.7910/DVN/AJGVIT",
	})
}

// rowReader reads one row.
type rowReader struct {
	b   *eventdata.Builder
	voc *ontology.Vocabulary
	t   *eventdata.Table
	row eventdata.Row
}

// get returns the value of a column (Table.Get).
func (rd *rowReader) get(c int) string { return rd.t.Get(rd.row, c) }

func (rd *rowReader) bad(c int, why string) { rd.t.Bad(rd.b, rd.row, c, why) }

func (rd *rowReader) read() {
	date, ok := eventdata.Day(rd.get(colDate))
	if !ok {
		rd.bad(colDate, "is not a date YYYY-MM-DD")
		return
	}
	eventType, mode := strings.ToUpper(rd.get(colType)), strings.ToLower(rd.get(colMode))
	typ, ok := rd.voc.ByPLOVER(eventType, mode)
	if !ok {
		rd.bad(colType, "is not a PLOVER event type")
		return
	}
	published := ""
	if v := rd.get(colPublished); v != "" {
		if published, ok = eventdata.Day(v); !ok {
			rd.bad(colPublished, "is not a date YYYY-MM-DD")
			return
		}
	}
	actors := rd.parties(colActor, colActorCountry, colActorQID, colActorTitle, colActorSector)
	recipients := rd.parties(colRecipient, colRecipientCountry, colRecipientQID, colRecipientTitle, colRecipientSector)
	if len(actors) == 0 || len(recipients) == 0 {
		rd.b.Skip(rd.row.Line, "without Actor Name or Recipient Name")
		return
	}
	var places []eventdata.Participant
	placeKey := ""
	if p := rd.place(); p != nil {
		places, placeKey = []eventdata.Participant{{Entity: *p, Role: "location"}}, p.Key
	}
	note := "PLOVER " + eventType
	for _, f := range []struct{ label, value string }{{"mode", mode}, {"contexts", rd.get(colContexts)}, {"intensity", rd.get(colIntensity)}} {
		if f.value != "" {
			note += fmt.Sprintf(", %s %s", f.label, f.value)
		}
	}
	added := false
	for _, a := range actors {
		for _, t := range recipients {
			if a.Key == t.Key {
				continue
			}
			quote := fmt.Sprintf("POLECAT event %s (%s", cmp.Or(rd.get(colID), "without id"), strings.TrimSuffix(eventType+" "+mode, " "))
			if s := rd.get(colSource); s != "" {
				quote += "; " + s
			}
			rd.b.Add(eventdata.Event{
				Key:          []string{date, a.Key, t.Key, eventType, mode, placeKey},
				Relation:     annotation.Relation{Type: typ.ID, Date: date, Modality: "asserted", Note: note},
				Source:       a,
				Target:       t,
				Participants: places,
				Report: annotation.SourceRef{URL: rd.get(colURL), Published: published,
					Quote: fmt.Sprintf("%s): %s → %s", quote, a.Names["en"], t.Names["en"])},
			})
			added = true
		}
	}
	if !added {
		rd.b.Skip(rd.row.Line, "with the same entity as actor and recipient")
	}
}

// parties returns the entities named in a name column, several separated
// by ";", each with the same-numbered part of the other columns.
func (rd *rowReader) parties(name, country, qid, title, sector int) []annotation.Entity {
	names := split(rd.get(name))
	part := func(c, i int) string {
		if parts := split(rd.get(c)); len(parts) == len(names) {
			return parts[i]
		}
		return ""
	}
	var out []annotation.Entity
	for i, n := range names {
		if e, ok := party(n, part(country, i), part(qid, i), part(title, i), part(sector, i)); ok {
			out = append(out, e)
		}
	}
	return out
}

func split(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ";") {
		if p = strings.TrimSpace(p); !eventdata.Empty(p) {
			out = append(out, p)
		}
	}
	return out
}

// party returns the entity of one actor or recipient; false if its name
// gives no key.
func party(name, country, qid, title, sector string) (annotation.Entity, bool) {
	e := annotation.Entity{Kind: "organization", Names: map[string]string{"en": name}}
	cname, isCountry := eventdata.CountryName(country)
	_, sectorKind, hasSector := eventdata.Role(sector)
	switch {
	case title != "":
		e.Kind = "person"
	case isCountry && eventdata.Slug(cname) == eventdata.Slug(name):
		e.Kind = "country"
	case strings.EqualFold(country, "IGO"):
		e.Kind = "igo"
	case hasSector:
		e.Kind = sectorKind
	}
	if q, ok := graph.NormalizeQID(qid); ok {
		e.Key, e.Wikidata = q, q
		return e, true
	}
	slug := eventdata.Slug(name)
	if slug == "" {
		return e, false
	}
	if c := eventdata.Slug(country); c != "" {
		slug = c + "-" + slug
	}
	e.Key = "polecat-" + slug
	return e, true
}

// place returns the location entity of the row, or nil.
func (rd *rowReader) place() *annotation.Entity {
	name := rd.get(colPlace)
	if name == "" {
		return nil
	}
	key := eventdata.Code(rd.get(colGeoID))
	if key == "" {
		key = eventdata.Slug(name)
	}
	if key == "" {
		return nil
	}
	kind := "location"
	if strings.HasPrefix(strings.ToUpper(rd.get(colFeature)), "PCL") {
		kind = "country" // GeoNames PCLI, PCLD, …: an independent or dependent political entity
	}
	return &annotation.Entity{Key: "polecat-geo-" + key, Kind: kind, Names: map[string]string{"en": name}}
}
