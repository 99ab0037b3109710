// Package icews reads ICEWS coded event data: the tab-separated files with
// a header row published on Harvard Dataverse, the yearly files
// ("events.2019.20200427085336.tab", one re-released as the year goes on)
// and the weekly updates ("20200517-icews-events.tab"). Their 20 columns
// are Event ID, Event Date (YYYY-MM-DD; M/D/YYYY in one release of 2017),
// Source Name, Source Sectors, Source Country, Event Text, CAMEO Code,
// Intensity, Target Name, Target Sectors, Target Country, Story ID,
// Sentence Number, Publisher, City, District, Province, Country, Latitude
// and Longitude. Columns are found by header name, ignoring case, spaces
// and underscores ("event_id" is "Event ID"), so their order does not
// matter; Event ID, Event Date, Source Name, CAMEO Code and Target Name are
// required. An empty field, or a missing-value word (None, NA), is a
// missing value. Latitude and Longitude are not read: geokg's entities have
// no coordinates.
//
// Each row is one report of one event: a relation typed by the
// vocabulary's CAMEO table (ByCAMEO of CAMEO Code), from the source actor
// to the target actor, dated by Event Date at the precision of a day, with
// the place as a "location" participant, the CAMEO code, its Event Text
// and the Intensity in its note and quote. ICEWS's Event ID is unique only
// together with the Event Date (a few ids are used again on another day),
// so the relation's id is made from both.
//
// A file holds many news stories, and the rows of one Story ID are the
// reports of one document: each story becomes a dataset document of its
// own, source "icews:story-ID". A story is the same document in every file
// that has it, so importing a weekly file and then the yearly re-release
// that contains it replaces each story with itself: the same reports,
// counted once, and nothing changes. (A row without a Story ID is a
// document of its own, named after its event.) Rows that give an Event ID
// and Event Date already given are skipped with a warning.
//
// ICEWS names countries in English ("Iraq", "United States"); a country
// actor is keyed "icews-" and its ISO 3166 code when CountryName knows the
// name ("icews-irq"), else a slug of the name, and named as ICEWS names it,
// so that the importer merges it with the gazetteer's country by name.
// Other actors are sector agents of a country ("Military (Iran)",
// "Government (Iraq)") or named actors ("Qassem Soleimani"), keyed by
// their country and name ("icews-irn-military"); their kind is that of the
// first of their sectors that eventdata.Role knows (Government, Military,
// Legislative / Parliamentary, Rebel, Media, …), else organization. ICEWS
// files do not tell a person from a group, so a named person takes the
// kind of its sectors too. The place is the most precise of City,
// District and Province, keyed by all four place columns; a row whose
// only place is its Country has that country as its place. ICEWS gives no
// publication date or URL: reports have neither.
package icews

import (
	"cmp"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/formats/eventdata"
	"github.com/geokg/geokg/internal/ontology"
)

// Columns read, by their names in ICEWS files.
const (
	colID = iota
	colDate
	colSource
	colCAMEO
	colTarget
	colSourceSectors
	colSourceCountry
	colEventText
	colIntensity
	colTargetSectors
	colTargetCountry
	colStory
	colSentence
	colPublisher
	colCity
	colDistrict
	colProvince
	colCountry
	nCols
	nRequired = colSourceSectors // the columns before it are required
)

var columnNames = [nCols][]string{
	colID:            {"Event ID"},
	colDate:          {"Event Date"},
	colSource:        {"Source Name"},
	colCAMEO:         {"CAMEO Code"},
	colTarget:        {"Target Name"},
	colSourceSectors: {"Source Sectors"},
	colSourceCountry: {"Source Country"},
	colEventText:     {"Event Text"},
	colIntensity:     {"Intensity"},
	colTargetSectors: {"Target Sectors"},
	colTargetCountry: {"Target Country"},
	colStory:         {"Story ID"},
	colSentence:      {"Sentence Number"},
	colPublisher:     {"Publisher"},
	colCity:          {"City"},
	colDistrict:      {"District"},
	colProvince:      {"Province"},
	colCountry:       {"Country"},
}

// Reader reads ICEWS event files. The zero Reader uses the built-in
// vocabulary.
type Reader struct {
	Vocabulary *ontology.Vocabulary
}

var _ annotation.Reader = Reader{}

// Name returns "icews".
func (Reader) Name() string { return "icews" }

var fileRE = regexp.MustCompile(`(?i)^(events\.[0-9]{4}\..*\.tab|[0-9]{8}-icews-events.*\.tab|icews.*\.(tab|tsv))$`)

// Detect reports whether a file is ICEWS event data: by its name
// ("events.2019.….tab", "20200517-icews-events.tab", "icews….tsv") or by a
// header row with the Event ID, Source Name, CAMEO Code and Target Name
// columns.
func (Reader) Detect(file string, head []byte) bool {
	if fileRE.MatchString(filepath.Base(file)) {
		return true
	}
	line, _, _ := strings.Cut(string(head), "\n")
	h := eventdata.NewHeader(strings.Split(line, "\t"))
	for _, c := range []int{colID, colSource, colCAMEO, colTarget} {
		if h.Index(columnNames[c]...) < 0 {
			return false
		}
	}
	return true
}

// Read returns one dataset document per story of the file. A file without
// the required columns, empty or cut short is an error and gives nothing;
// a row that cannot be read is skipped with a warning naming its line and
// column, and rows without both actors are skipped and counted in one
// warning.
func (r Reader) Read(file string, data []byte) ([]annotation.Document, annotation.Problems) {
	voc := r.Vocabulary
	if voc == nil {
		voc = ontology.Default()
	}
	b := eventdata.NewBuilder(file)
	t, ok := eventdata.ReadTable(b, data, "ICEWS", columnNames[:], nRequired)
	if !ok {
		return nil, b.Problems()
	}
	rd := rowReader{b: b, voc: voc, t: t, seen: map[[2]string]int{}, titles: map[string]string{}}
	for rd.row = range t.Rows(b) {
		rd.read()
	}
	return b.Documents(func(doc string) annotation.DatasetInfo {
		return annotation.DatasetInfo{ID: doc, Format: "icews", Title: rd.titles[doc], URL: "https://dataverse.harvard.edu/dataverse/icews"}
	})
}

// rowReader reads the rows of a file, one at a time.
type rowReader struct {
	b      *eventdata.Builder
	voc    *ontology.Vocabulary
	t      *eventdata.Table
	seen   map[[2]string]int // (Event Date, Event ID) → line
	titles map[string]string // document → title
	row    eventdata.Row
}

func (rd *rowReader) get(c int) string { return rd.t.Get(rd.row, c) }

func (rd *rowReader) bad(c int, why string) { rd.t.Bad(rd.b, rd.row, c, why) }

func (rd *rowReader) read() {
	id := rd.get(colID)
	if id == "" || strings.Trim(id, "0123456789") != "" {
		rd.bad(colID, "is not a number")
		return
	}
	date, ok := day(rd.get(colDate))
	if !ok {
		rd.bad(colDate, "is not a date YYYY-MM-DD (or M/D/YYYY)")
		return
	}
	code := rd.get(colCAMEO)
	typ, ok := eventdata.CAMEOType(rd.voc, code)
	if !ok {
		rd.bad(colCAMEO, "is not a CAMEO code")
		return
	}
	intensity := ""
	if v := rd.get(colIntensity); v != "" {
		n, err := strconv.ParseFloat(v, 64)
		if err != nil || n < -10 || n > 10 {
			rd.bad(colIntensity, "is not a number from -10 to 10")
			return
		}
		intensity = strconv.FormatFloat(n, 'f', -1, 64)
	}
	story, sentence := rd.get(colStory), rd.get(colSentence)
	for _, c := range []int{colStory, colSentence} {
		if strings.Trim(rd.get(c), "0123456789") != "" {
			rd.bad(c, "is not a number")
			return
		}
	}
	source := actor(rd.get(colSource), rd.get(colSourceCountry), rd.get(colSourceSectors))
	target := actor(rd.get(colTarget), rd.get(colTargetCountry), rd.get(colTargetSectors))
	switch {
	case source.Key == "" || target.Key == "":
		rd.b.Skip(rd.row.Line, "without Source Name or Target Name")
		return
	case source.Key == target.Key:
		rd.b.Skip(rd.row.Line, "with the same actor as source and target")
		return
	}
	key := [2]string{date, id}
	if line, dup := rd.seen[key]; dup {
		rd.b.Warnf(rd.row.Line, "Event ID %s of %s is also on line %d; row skipped", id, date, line)
		return
	}
	rd.seen[key] = rd.row.Line
	coded := "CAMEO " + code
	if text := rd.get(colEventText); text != "" {
		coded += " " + text
	}
	if intensity != "" {
		coded += ", intensity " + intensity
	}
	where := rd.get(colPublisher)
	doc, title := "event-"+date+"-"+id, "ICEWS event "+id+" of "+date
	if story != "" {
		doc, title = "story-"+story, "ICEWS story "+story
		where = strings.TrimPrefix(where+", story "+story, ", ")
		if sentence != "" {
			where += " sentence " + sentence
		}
	}
	if where != "" {
		where = "; " + where
	}
	rd.titles[doc] = title
	ev := eventdata.Event{
		Document: doc,
		Line:     rd.row.Line,
		Key:      key[:],
		Relation: annotation.Relation{Type: typ.ID, Date: date, Modality: "asserted", Note: "ICEWS: " + coded},
		Source:   source,
		Target:   target,
		Report: annotation.SourceRef{Quote: fmt.Sprintf("ICEWS event %s of %s (%s%s): %s → %s",
			id, date, coded, where, source.Names["en"], target.Names["en"])},
	}
	if p, ok := place(rd.get(colCity), rd.get(colDistrict), rd.get(colProvince), rd.get(colCountry)); ok {
		ev.Participants = []eventdata.Participant{{Entity: p, Role: "location"}}
	}
	rd.b.Add(ev)
}

// day reads an Event Date: YYYY-MM-DD, or M/D/YYYY as one 2017 release
// writes it.
func day(s string) (string, bool) {
	if d, ok := eventdata.Day(s); ok {
		return d, true
	}
	if t, err := time.Parse("1/2/2006", s); err == nil {
		return eventdata.Day(t.Format(time.DateOnly))
	}
	return "", false
}

// countryKey is the key part of an ICEWS country name: its ISO 3166 code
// in lower case ("irq"), else a slug of the name.
func countryKey(name string) string {
	if code, ok := eventdata.CountryCode(name); ok {
		return eventdata.Code(code)
	}
	return eventdata.Slug(name)
}

// actor returns the entity of a source or target; its key is "" when the
// name has none (no letter or digit).
func actor(name, country, sectors string) annotation.Entity {
	e := annotation.Entity{Kind: "organization", Names: map[string]string{"en": name}}
	if name == "" {
		return e
	}
	if _, ok := eventdata.CountryCode(name); ok && country == "" {
		country = name
	}
	ck := countryKey(country)
	if ck != "" && eventdata.Slug(name) == eventdata.Slug(country) {
		e.Kind, e.Key = "country", key(ck)
		return e
	}
	for _, s := range strings.Split(sectors, ",") {
		if _, kind, ok := eventdata.Role(s); ok {
			e.Kind = kind
			break
		}
	}
	// "Military (Iran)" of Iran is keyed "icews-irn-military".
	bare := strings.TrimSpace(strings.TrimSuffix(name, "("+country+")"))
	if eventdata.Slug(bare) == "" {
		return e
	}
	e.Key = key(ck, eventdata.Slug(bare))
	return e
}

// key joins the non-empty parts after "icews-"; a key that would be too
// long for an id ends with a hash of the parts instead.
func key(parts ...string) string {
	var ps []string
	for _, p := range parts {
		if p != "" {
			ps = append(ps, p)
		}
	}
	if k := "icews-" + strings.Join(ps, "-"); len(k) <= 120 {
		return k
	}
	return "icews-" + eventdata.EventID(ps...)
}

// place returns the location entity of a row's place columns: the most
// precise of city, district and province, keyed by all four columns and
// named with that one (the full name an alias), or the country when the
// row names nothing more precise.
func place(city, district, province, country string) (annotation.Entity, bool) {
	name := cmp.Or(city, district, province)
	if eventdata.Slug(name) == "" {
		if ck := countryKey(country); ck != "" {
			return annotation.Entity{Key: key(ck), Kind: "country", Names: map[string]string{"en": country}}, true
		}
		return annotation.Entity{}, false
	}
	e := annotation.Entity{Key: key("geo", eventdata.EventID(country, province, district, city)), Kind: "location",
		Names: map[string]string{"en": name}}
	var full []string
	for _, p := range []string{city, district, province, country} {
		if p != "" {
			full = append(full, p)
		}
	}
	if f := strings.Join(full, ", "); f != name {
		e.Aliases = map[string][]string{"en": {f}}
	}
	return e, true
}
