// Package acled reads ACLED event data: the CSV files of ACLED's export
// tool and API (one header row; the 31 columns event_id_cnty, event_date,
// year, time_precision, disorder_type, event_type, sub_event_type, actor1,
// assoc_actor_1, inter1, actor2, assoc_actor_2, inter2, interaction,
// civilian_targeting, iso, region, country, admin1, admin2, admin3,
// location, latitude, longitude, geo_precision, source, source_scale,
// notes, fatalities, tags and timestamp, and the columns of older exports
// such as event_id_no_cnty), and the JSON its API answers to acled/read
// (one object, {"status":200,"success":true,"last_update":…,"count":N,
// "messages":[],"data":[…],"filename":…}, whose data lists one object per
// event with those fields, their values strings, "1", or numbers, and ""
// or null when empty; see apiRecords). Both give the same rows to the same
// code, so an event gives the same document from either. An answer of
// "success": false is refused with the API's error message, and so is one
// whose count is not the number of events; a bare list of events or JSON
// Lines, which neither the API nor ACLED's client writes, are not read.
// Columns (and JSON fields) are found by name, ignoring case, spaces and
// underscores, so their order does not matter; event_id_cnty, event_date,
// event_type, sub_event_type and actor1 are required. event_date is
// YYYY-MM-DD or "3 January 2020" as the export tool writes it; inter1 and
// inter2 are actor types written out ("State forces") or as the numbers 1
// to 8 of older exports.
//
// Each row is one event, and ACLED keeps its event_id_cnty when it edits
// the event, so each row becomes a dataset document of its own, source
// "acled:" and its id in lower case ("acled:irq1234"), with timestamp
// (when ACLED last edited it, in seconds since 1970) as its Edited time:
// importing a later export applies ACLED's edits in place (the event's
// document is replaced), and an event in two overlapping exports is one
// source, counted once.
//
// ACLED also deletes events, and lists them: its API's deleted/read
// answers, in JSON as above or CSV, give the event_id_cnty and
// deleted_timestamp of each. DeletedReader reads them (format
// "acled-deleted", found by those two fields) as annotation.Removal
// documents of the same sources, which the importer applies after the
// run's events, as ACLED's own update does: each removes its source unless
// the run reads that event edited at or after its deletion (a timestamp
// not earlier than its deleted_timestamp; an edit in the same second keeps
// the event). The store keeps no timestamp, so a deletion removes an event
// imported in an earlier run whatever its edit, and the store keeps no
// deletion either: an export imported again without the list brings back
// the events it deleted.
//
// The relation type comes from the sub-event type (see subEventTypes): an
// air or drone strike is strikes_from_air, shelling and missile attacks
// attacks, bombs and attacks on civilians assaults, excessive force
// against protesters coerces, and so on; a row whose sub-event type has
// none (Change to group/activity, Headquarters or base established, Other…)
// is skipped and counted. ACLED's actor1 and actor2 say who took part, not
// who acted on whom: a battle's two actors both fought, so a battle is one
// relation of the symmetric type clashes_with (an attack of each on the
// other would count one battle twice); for other sub-events the
// actor of the type that suffers it (civilians attacked, protesters met
// with force) is the target and the other the source, else actor1 acts on
// actor2. Rows without actor2 (most protests) are skipped and counted.
//
// The date is event_date at its time_precision: 1 the day; 3 (the month is
// known) the month; 2 (the week is known) the month when the week around
// the day is in it, else the year, else the two months. Fatalities, the
// associated actors, geo_precision and the sources are in the relation's
// note, and notes (ACLED's description) in its report's quote. Actors are
// keyed "acled-" and a slug of their name, which in ACLED names one actor
// (often with its years: "Military Forces of Iraq (2018-)"); their kind is
// from their name ("Military Forces of", "Police Forces of", "Government
// of") or inter code (rebel groups and militias are armed groups, others
// organizations). The place is location, with admin1 to admin3 and country,
// keyed by all five. ACLED gives no report URL or publication date; year,
// disorder_type, interaction, civilian_targeting, iso, region, latitude,
// longitude, source_scale and tags are not read. A row without
// time_precision is taken to be dated to the day.
package acled

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
)

// Columns read, by their names in ACLED files.
const (
	colID = iota
	colDate
	colEventType
	colSubEventType
	colActor1
	colPrecision
	colAssoc1
	colInter1
	colActor2
	colAssoc2
	colInter2
	colCountry
	colAdmin1
	colAdmin2
	colAdmin3
	colLocation
	colGeoPrecision
	colSource
	colFatalities
	colNotes
	colTimestamp
	nCols
	nRequired = colPrecision // the columns before it are required
)

var columnNames = [nCols][]string{
	colID:           {"event_id_cnty"},
	colDate:         {"event_date"},
	colEventType:    {"event_type"},
	colSubEventType: {"sub_event_type"},
	colActor1:       {"actor1"},
	colPrecision:    {"time_precision"},
	colAssoc1:       {"assoc_actor_1"},
	colInter1:       {"inter1"},
	colActor2:       {"actor2"},
	colAssoc2:       {"assoc_actor_2"},
	colInter2:       {"inter2"},
	colCountry:      {"country"},
	colAdmin1:       {"admin1"},
	colAdmin2:       {"admin2"},
	colAdmin3:       {"admin3"},
	colLocation:     {"location"},
	colGeoPrecision: {"geo_precision"},
	colSource:       {"source"},
	colFatalities:   {"fatalities"},
	colNotes:        {"notes"},
	colTimestamp:    {"timestamp"},
}

// Actor types (inter1, inter2), by the numbers of older exports.
const (
	stateForces = "State forces"
	protesters  = "Protesters"
	rioters     = "Rioters"
	civilians   = "Civilians"
)

var interNames = map[string]string{
	"1": stateForces, "2": "Rebel group", "3": "Political militia", "4": "Identity militia",
	"5": rioters, "6": protesters, "7": civilians, "8": "External/Other forces",
}

// A relation type of a sub-event, and how its actors take part: the actor
// of type victim is the target, or the actor of type agent the source;
// else actor1 is the source (of a symmetric type, either).
type subEvent struct {
	typ           string
	victim, agent string
}

// subEventTypes maps ACLED's sub-event types (in lower case) to relation
// types of the built-in vocabulary, following the CAMEO codes of those
// types: battles are clashes (CAMEO 19 fights, without an attacker); a bomb, a grenade and an attack on
// civilians unconventional violence (18); a chemical weapon mass violence
// (20); force against protesters and looting repression and coercion
// (17); a violent demonstration a protest (14, which includes riots).
var subEventTypes = map[string]subEvent{
	"armed clash":                         {typ: "clashes_with"},
	"government regains territory":        {typ: "clashes_with"},
	"non-state actor overtakes territory": {typ: "clashes_with"},
	"air/drone strike":                    {typ: "strikes_from_air"},
	"shelling/artillery/missile attack":   {typ: "attacks"},
	"remote explosive/landmine/ied":       {typ: "assaults"},
	"suicide bomb":                        {typ: "assaults"},
	"grenade":                             {typ: "assaults"},
	"chemical weapon":                     {typ: "uses_mass_violence"},
	"attack":                              {typ: "assaults", victim: civilians},
	"abduction/forced disappearance":      {typ: "assaults", victim: civilians},
	"sexual violence":                     {typ: "assaults", victim: civilians},
	"peaceful protest":                    {typ: "protests", agent: protesters},
	"protest with intervention":           {typ: "coerces", victim: protesters},
	"excessive force against protesters":  {typ: "coerces", victim: protesters},
	"excessive force against protestors":  {typ: "coerces", victim: protesters}, // the spelling of some exports
	"violent demonstration":               {typ: "protests", agent: rioters},
	"mob violence":                        {typ: "assaults", agent: rioters},
	"agreement":                           {typ: "agrees_with"},
	"arrests":                             {typ: "arrests", agent: stateForces},
	"looting/property destruction":        {typ: "coerces"},
}

// Reader reads ACLED's events: CSV files and the API's JSON answers. Its
// relation types are those of the built-in vocabulary (subEventTypes).
type Reader struct{}

var _ annotation.Reader = Reader{}

// format is the name of the format, and the prefix of its sources' ids.
const format = "acled"

// Name returns "acled".
func (Reader) Name() string { return format }

var (
	fileRE = regexp.MustCompile(`(?i)acled.*\.(csv|json)$`)
	// The fields of an API answer: an event's, or the answer's own.
	eventKeyRE  = regexp.MustCompile(`"event_id_cnty"\s*:`)
	answerKeyRE = regexp.MustCompile(`^\{\s*"status"\s*:[^,]*,\s*"success"\s*:`)
)

// Detect reports whether a file is ACLED's events, and not its deleted
// events (DeletedReader): a CSV or JSON file named "acled…", a CSV file
// whose header row has the event_id_cnty, event_type and actor1 columns,
// or a JSON object with an event_id_cnty field, or that starts as the
// API's answers do ({"status":…,"success":…, also its error answers).
func (Reader) Detect(file string, head []byte) bool {
	if (DeletedReader{}).Detect(file, head) {
		return false
	}
	if fileRE.MatchString(filepath.Base(file)) {
		return true
	}
	if isJSON(head) {
		head = jsonStart(head)
		return head[0] == '{' && (eventKeyRE.Match(head) || answerKeyRE.Match(head))
	}
	h := csvHeader(head)
	return h.Index(columnNames[colID]...) >= 0 && h.Index(columnNames[colEventType]...) >= 0 && h.Index(columnNames[colActor1]...) >= 0
}

// csvHeader returns the header of a CSV file from its first bytes.
func csvHeader(head []byte) eventdata.Header {
	line, _, _ := strings.Cut(string(head), "\n")
	return eventdata.NewHeader(strings.Split(line, ","))
}

// Read returns one dataset document per event of the file. A file without
// the required columns, empty, cut short, not CSV, or an API answer that
// is not whole, an error or lists no events, is an error and gives
// nothing; a row (or record) that cannot be read is skipped with a warning
// naming its line and column (a record's field by its JSON pointer), and
// rows skipped for an expected reason (no actor2, a sub-event type
// without a relation type) are counted in one warning per reason.
func (Reader) Read(file string, data []byte) ([]annotation.Document, annotation.Problems) {
	b := eventdata.NewBuilder(file)
	t, ok := readTable(b, data, columnNames[:], nRequired)
	if !ok {
		return nil, b.Problems()
	}
	rd := rowReader{b: b, t: t, seen: map[string]int{}, info: map[string]annotation.DatasetInfo{}}
	if t != nil {
		for rd.row = range t.Rows(b) {
			rd.read()
		}
	}
	return b.Documents(func(doc string) annotation.DatasetInfo { return rd.info[doc] })
}

// rowReader reads the rows of a file, one at a time.
type rowReader struct {
	b    *eventdata.Builder
	t    *eventdata.Table
	seen map[string]int                    // document → line
	info map[string]annotation.DatasetInfo // document → what names it
	row  eventdata.Row
}

func (rd *rowReader) get(c int) string { return rd.t.Get(rd.row, c) }

func (rd *rowReader) bad(c int, why string) { rd.t.Bad(rd.b, rd.row, c, why) }

var idRE = regexp.MustCompile(`^[A-Za-z]+[0-9]+$`)

func (rd *rowReader) read() {
	id := rd.get(colID)
	if !idRE.MatchString(id) {
		rd.bad(colID, "is not an ACLED event id (letters of a country, then digits)")
		return
	}
	day, ok := eventDay(rd.get(colDate))
	if !ok {
		rd.bad(colDate, `is not a date YYYY-MM-DD or "3 January 2020"`)
		return
	}
	precision := cmp.Or(rd.get(colPrecision), "1")
	date, start, end, ok := dated(day, precision)
	if !ok {
		rd.bad(colPrecision, "is not a time precision 1, 2 or 3")
		return
	}
	fatalities := rd.get(colFatalities)
	if n, err := strconv.Atoi(fatalities); fatalities != "" && (err != nil || n < 0) {
		rd.bad(colFatalities, "is not a number of people")
		return
	}
	edited, ok := unixTime(rd.get(colTimestamp))
	if !ok {
		rd.bad(colTimestamp, "is not a time in seconds since 1970")
		return
	}
	eventType, subType := rd.get(colEventType), rd.get(colSubEventType)
	se, ok := subEventTypes[strings.ToLower(subType)]
	if !ok {
		rd.b.Skip(rd.row.Line, "with a sub-event type that no relation type stands for")
		return
	}
	a1, a2 := actor(rd.get(colActor1), rd.inter(colInter1)), actor(rd.get(colActor2), rd.inter(colInter2))
	switch {
	case a1.Key == "" || a2.Key == "":
		rd.b.Skip(rd.row.Line, "without actor1 or actor2")
		return
	case a1.Key == a2.Key:
		rd.b.Skip(rd.row.Line, "with the same actor as actor1 and actor2")
		return
	}
	doc := eventdata.Code(id)
	if line, dup := rd.seen[doc]; dup {
		rd.b.Warnf(rd.row.Line, "event %s is also on line %d; row skipped", id, line)
		return
	}
	rd.seen[doc] = rd.row.Line
	rd.info[doc] = annotation.DatasetInfo{ID: doc, Format: format, Title: "ACLED event " + id, URL: "https://acleddata.com/", Edited: edited}

	pairs := [][2]annotation.Entity{{a1, a2}}
	if i1, i2 := rd.inter(colInter1), rd.inter(colInter2); se.victim != "" && i1 == se.victim && i2 != se.victim || se.agent != "" && i2 == se.agent && i1 != se.agent {
		pairs[0] = [2]annotation.Entity{a2, a1}
	}
	note := fmt.Sprintf("ACLED %s: %s", eventType, subType)
	for _, f := range []struct{ label, value string }{
		{"time precision", rd.get(colPrecision)}, {"fatalities", fatalities}, {"actor1 with", rd.get(colAssoc1)},
		{"actor2 with", rd.get(colAssoc2)}, {"geo precision", rd.get(colGeoPrecision)}, {"sources", rd.get(colSource)},
	} {
		if f.value != "" {
			note += fmt.Sprintf("; %s %s", f.label, f.value)
		}
	}
	var places []eventdata.Participant
	if p, ok := place(rd.get(colLocation), rd.get(colAdmin3), rd.get(colAdmin2), rd.get(colAdmin1), rd.get(colCountry)); ok {
		places = []eventdata.Participant{{Entity: p, Role: "location"}}
	}
	for i, p := range pairs {
		quote := fmt.Sprintf("ACLED event %s (%s: %s): %s → %s", id, eventType, subType, p[0].Names["en"], p[1].Names["en"])
		if n := rd.get(colNotes); n != "" {
			quote += ": " + n
		}
		rd.b.Add(eventdata.Event{
			Document:     doc,
			Line:         rd.row.Line,
			Key:          []string{doc, strconv.Itoa(i + 1)},
			Relation:     annotation.Relation{Type: se.typ, Date: date, Start: start, End: end, Modality: "asserted", Note: note},
			Source:       p[0],
			Target:       p[1],
			Participants: places,
			Report:       annotation.SourceRef{Quote: quote},
		})
	}
}

// unixTime reads a time in seconds since 1970, as ACLED's timestamp and
// deleted_timestamp are; "" is 0, not known.
func unixTime(s string) (int64, bool) {
	if s == "" {
		return 0, true
	}
	t, err := strconv.ParseInt(s, 10, 64)
	return t, err == nil && t >= 0
}

// inter returns the actor type of an inter column, written out.
func (rd *rowReader) inter(c int) string {
	v := rd.get(c)
	return cmp.Or(interNames[v], v)
}

// eventDay reads an event_date: YYYY-MM-DD, or "3 January 2020" (also
// "03 January 2020", "3 Jan 2020") as the export tool writes it.
func eventDay(s string) (string, bool) {
	if d, ok := eventdata.Day(s); ok {
		return d, true
	}
	for _, layout := range []string{"2 January 2006", "2 Jan 2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return eventdata.Day(t.Format(time.DateOnly))
		}
	}
	return "", false
}

// dated returns the date of an event on day at ACLED's time precision:
// the day (1), its month (3: ACLED knows the month), or for a week (2)
// the finest date that holds every day within six days of day, as the
// week's other days may be on either side of it: its month, else its
// year, else the months from start to end.
func dated(day, precision string) (date, start, end string, ok bool) {
	switch precision {
	case "1":
		return day, "", "", true
	case "3":
		return day[:7], "", "", true
	case "2":
		t, _ := time.Parse(time.DateOnly, day)
		first, last := t.AddDate(0, 0, -6).Format(time.DateOnly), t.AddDate(0, 0, 6).Format(time.DateOnly)
		switch {
		case first[:7] == last[:7]:
			return day[:7], "", "", true
		case first[:4] == last[:4]:
			return day[:4], "", "", true
		}
		return "", first[:7], last[:7], true
	}
	return "", "", "", false
}

// actor returns the entity of actor1 or actor2 of type inter; its key is
// "" when the name has none.
func actor(name, inter string) annotation.Entity {
	e := annotation.Entity{Kind: "organization", Names: map[string]string{"en": name}}
	switch {
	case strings.HasPrefix(name, "Military Forces of"):
		e.Kind = "military"
	case strings.HasPrefix(name, "Police Forces of"):
		e.Kind = "government_body"
	case strings.HasPrefix(name, "Government of"):
		e.Kind = "government"
	case inter == stateForces:
		e.Kind = "military"
	case inter == "Rebel group" || inter == "Political militia" || inter == "Identity militia":
		e.Kind = "armed_group"
	}
	if s := eventdata.Slug(name); s != "" {
		e.Key = key(s)
	}
	return e
}

// key prefixes an entity key with "acled-"; a key that would be too long
// for an id ends with a hash instead.
func key(parts ...string) string {
	if k := "acled-" + strings.Join(parts, "-"); len(k) <= 120 {
		return k
	}
	return "acled-" + eventdata.EventID(parts...)
}

// place returns the location entity of a row: location, keyed by it and
// its admin regions and country (readable: "acled-geo-iraq-al-anbar-al-
// qaim-" and a hash of all five), its full name an alias; false without a
// location.
func place(location, admin3, admin2, admin1, country string) (annotation.Entity, bool) {
	if eventdata.Slug(location) == "" {
		return annotation.Entity{}, false
	}
	e := annotation.Entity{Key: key("geo", eventdata.EventID(country, admin1, location, admin2, admin3)), Kind: "location",
		Names: map[string]string{"en": location}}
	var full []string // without a part that repeats the one before: "Baghdad, Baghdad, Iraq" is "Baghdad, Iraq"
	for _, p := range []string{location, admin3, admin2, admin1, country} {
		if p != "" && (len(full) == 0 || !strings.EqualFold(p, full[len(full)-1])) {
			full = append(full, p)
		}
	}
	if len(full) > 1 {
		e.Aliases = map[string][]string{"en": {strings.Join(full, ", ")}}
	}
	return e, true
}
