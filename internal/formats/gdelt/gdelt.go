// Package gdelt reads GDELT event exports: the tab-separated files without a
// header that GDELT 2.0 publishes every 15 minutes (61 columns,
// "20200103000000.export.CSV") and GDELT 1.0 daily files (57 or 58 columns,
// "20200103.export.CSV"), and exports of GDELT's BigQuery tables with a
// header row (comma- or tab-separated, any of the columns in any order),
// whose columns are found by name: GLOBALEVENTID, SQLDATE (or the
// codebook's Day), Actor1Code, Actor2Code and EventCode are required.
//
// Each row becomes one relation of a dataset document: its type is the
// vocabulary's type for the row's CAMEO EventCode, its source Actor1 and its
// target Actor2, dated by SQLDATE, with the action location as a "location"
// participant. GDELT emits one event many times, once per report; rows with
// the same SQLDATE, Actor1Code, Actor2Code, EventCode and
// ActionGeo_FeatureID are one relation whose Sources list every SOURCEURL.
// The relation id is made from that tuple, not from GLOBALEVENTID, so the
// same event keeps its id in another export. Confidence is
// eventdata.Confidence of the largest NumSources of the rows (or of the
// number of distinct reports, if larger): min(0.9, 0.4 + 0.1·NumSources).
// NumArticles is not used: it counts re-publications of the same sources.
// Each report carries the ref of its row ("gdelt:" and its GLOBALEVENTID,
// Ref), by which the mentions of the event find it.
//
// MentionsReader reads GDELT 2.0's Mentions table, published beside each
// export: every later report of an event, named by its GLOBALEVENTID.
//
// Actors become entities keyed "gdelt-" and their code in lower case
// ("gdelt-usa", "gdelt-irqgov"). A country alone (USA) is a country named
// with its English short name, so that the importer merges it with the
// gazetteer's country by name. An actor with a role (IRQGOV, USAMIL) is a
// distinct entity of the role's kind, named with its country and the role
// ("Iraq (government)", "United States (legislature)"; GDELT's actor name
// becomes an alias), which keeps it apart from the country. A role without
// a country ("GOV") is keyed by the country of the actor's location, or by
// the event, never one actor the world over. A country-level action
// location is the country's entity; a city's is named by the part of its
// full name before the first comma.
package gdelt

import (
	"cmp"
	"fmt"
	"iter"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/formats/eventdata"
	"github.com/geokg/geokg/internal/ontology"
)

// layout is where a file's columns are: the column list of one GDELT
// version, or a header's.
type layout struct {
	name    string         // "GDELT 2.0", or "GDELT" for a header without the columns GDELT 2.0 added
	columns []string       // as many as a row has fields; nil for a header's (eventdata.Table checks its rows)
	index   map[string]int // GDELT's name of a column → its index; a column the file lacks is not there
}

func newLayout(version string, adm2, url bool) *layout {
	cols := []string{"GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"}
	for _, a := range []string{"Actor1", "Actor2"} {
		for _, f := range []string{"Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode",
			"Religion1Code", "Religion2Code", "Type1Code", "Type2Code", "Type3Code"} {
			cols = append(cols, a+f)
		}
	}
	cols = append(cols, "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
		"GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone")
	for _, g := range []string{"Actor1Geo_", "Actor2Geo_", "ActionGeo_"} {
		for _, f := range []string{"Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"} {
			if f != "ADM2Code" || adm2 {
				cols = append(cols, g+f)
			}
		}
	}
	cols = append(cols, "DATEADDED")
	if url {
		cols = append(cols, "SOURCEURL")
	}
	l := &layout{name: "GDELT " + version, columns: cols, index: map[string]int{}}
	for i, c := range cols {
		l.index[c] = i
	}
	return l
}

// layouts by number of columns: GDELT 2.0 added the ADM2Code of each
// location; GDELT 1.0 daily files have SOURCEURL since April 2013.
var layouts = map[int]*layout{
	61: newLayout("2.0", true, true),
	58: newLayout("1.0", false, true),
	57: newLayout("1.0", false, false),
}

// Reader reads GDELT export files. The zero Reader uses the built-in
// vocabulary.
type Reader struct {
	Vocabulary *ontology.Vocabulary
}

var _ annotation.Reader = Reader{}

// Name returns "gdelt".
func (Reader) Name() string { return "gdelt" }

var fileRE = regexp.MustCompile(`(?i)\.export\.(csv|tsv|txt)$`)

// required are the columns a header must have.
var required = []string{"GLOBALEVENTID", "SQLDATE", "Actor1Code", "Actor2Code", "EventCode"}

// aliases are other names of columns: the GDELT 2.0 codebook calls
// SQLDATE "Day".
var aliases = map[string][]string{"SQLDATE": {"Day"}}

// header returns the header of a file whose first line is one, its fields
// split at the separator, which it returns, or false. (Read takes the
// header's fields as eventdata.ReadCSVTable or ReadTable give them.)
func header(head []byte) (eventdata.Header, rune, bool) {
	line, _, _ := strings.Cut(strings.TrimPrefix(string(head), "\ufeff"), "\n")
	sep := '\t'
	if !strings.ContainsRune(line, sep) {
		sep = ','
	}
	fields := strings.Split(strings.TrimSuffix(line, "\r"), string(sep))
	for i, f := range fields {
		fields[i] = strings.Trim(strings.TrimSpace(f), `"`)
	}
	h := eventdata.NewHeader(fields)
	return h, sep, h.Index("GLOBALEVENTID") >= 0
}

// headerColumns are the columns a header may name, each with its aliases,
// for eventdata.ReadTable: the required ones first, then the others of
// GDELT 2.0.
var headerColumns = func() [][]string {
	var cols [][]string
	for _, col := range required {
		cols = append(cols, append([]string{col}, aliases[col]...))
	}
	for _, col := range layouts[61].columns {
		if !slices.Contains(required, col) {
			cols = append(cols, append([]string{col}, aliases[col]...))
		}
	}
	return cols
}()

// Detect reports whether a file is a GDELT export: by its name
// ("….export.CSV"), by a header row with the GLOBALEVENTID, SQLDATE and
// EventCode columns, or by a first line of 57, 58 or 61 tab-separated
// fields starting with a numeric GLOBALEVENTID and a YYYYMMDD SQLDATE.
func (Reader) Detect(file string, head []byte) bool {
	if fileRE.MatchString(filepath.Base(file)) {
		return true
	}
	if h, _, ok := header(head); ok {
		return h.Index(append([]string{"SQLDATE"}, aliases["SQLDATE"]...)...) >= 0 && h.Index("EventCode") >= 0
	}
	line, _, _ := strings.Cut(string(head), "\n")
	f := strings.Split(strings.TrimSuffix(line, "\r"), "\t")
	if layouts[len(f)] == nil || f[0] == "" || strings.Trim(f[0], "0123456789") != "" || len(f[1]) != 8 {
		return false
	}
	_, isDay := eventdata.Day(f[1])
	return isDay
}

// Read returns the file's one dataset document. A file whose header lacks
// a required column is an error; a row that cannot be read is skipped with
// a warning naming its line and column; rows without both actors, and rows
// of a file with a header whose fields do not line up with its columns
// (eventdata.Table.Rows), are skipped and counted in one warning each.
func (r Reader) Read(file string, data []byte) ([]annotation.Document, annotation.Problems) {
	voc := r.Vocabulary
	if voc == nil {
		voc = ontology.Default()
	}
	b := eventdata.NewBuilder(file)
	l, rows := events.table(b, data)
	if l == nil {
		return nil, b.Problems()
	}
	for row := range rows {
		readRow(b, voc, l, row)
	}
	base := filepath.Base(file)
	return b.Document(annotation.DatasetInfo{
		ID: eventdata.DatasetID("gdelt", file), Format: "gdelt",
		Title: l.name + " events " + base, URL: "https://www.gdeltproject.org/",
	})
}

// kind is one of GDELT's tables as files give it: its layouts without a
// header by number of fields, and the columns a header may name.
type kind struct {
	what     string          // "GDELT", "GDELT mentions": the format in errors
	file     string          // "GDELT events", "GDELT mentions": what a file of it is
	layouts  map[int]*layout // by number of tab-separated fields
	columns  [][]string      // a header's columns, each with its aliases, the required first
	required int             // how many of columns are required
	want     string          // the field counts a file without a header may have, for the error of another
	// name is the name of a header's layout, from the columns it has.
	name func(index map[string]int) string
}

// events is the events table.
var events = kind{what: "GDELT", file: "GDELT events", layouts: layouts, columns: headerColumns, required: len(required),
	want: "a GDELT 2.0 export has 61 (GDELT 1.0: 58, or 57 before April 2013)",
	name: func(index map[string]int) string {
		if _, ok := index["ActionGeo_ADM2Code"]; ok {
			return "GDELT 2.0"
		}
		return "GDELT"
	}}

// table returns the layout of a file of the table k and its rows (without
// the header), or a nil layout, the error added to b, when it cannot be
// read. A file with a header is an eventdata table, comma- or
// tab-separated; the rows of a file without one must have the field count
// of the first, else they are skipped with a warning naming their line.
func (k kind) table(b *eventdata.Builder, data []byte) (*layout, iter.Seq[eventdata.Row]) {
	if _, sep, ok := header(data); ok {
		read := eventdata.ReadTable
		if sep == ',' {
			read = eventdata.ReadCSVTable
		}
		t, ok := read(b, data, k.what, k.columns, k.required)
		if !ok {
			return nil, nil
		}
		l := &layout{index: map[string]int{}}
		for c, names := range k.columns {
			if i := t.Field(c); i >= 0 {
				l.index[names[0]] = i
			}
		}
		l.name = k.name(l.index)
		return l, t.Rows(b)
	}
	rows, ok := eventdata.ReadRows(b, data, "empty file: no "+k.what+" rows")
	if !ok {
		return nil, nil
	}
	l := k.layouts[len(rows[0].Fields)]
	if l == nil {
		b.Errorf(rows[0].Line, "%d tab-separated fields: %s, or a header row naming its columns; is this a %s file?", len(rows[0].Fields), k.want, k.file)
		return nil, nil
	}
	return l, func(yield func(eventdata.Row) bool) {
		for _, row := range rows {
			if len(row.Fields) != len(l.columns) {
				b.Warnf(row.Line, "%d tab-separated fields, not the %d of %s like line %d; row skipped", len(row.Fields), len(l.columns), l.name, rows[0].Line)
				continue
			}
			if !yield(row) {
				return
			}
		}
	}
}

// readRow adds the event of one row, or says why it cannot.
func readRow(b *eventdata.Builder, voc *ontology.Vocabulary, l *layout, row eventdata.Row) {
	get := func(col string) string {
		if i, ok := l.index[col]; ok {
			return row.Fields[i]
		}
		return ""
	}
	bad := func(col, why string) { b.BadValue(row.Line, l.index[col]+1, col, get(col), why) }
	id := get("GLOBALEVENTID")
	if strings.Trim(id, "0123456789") != "" {
		bad("GLOBALEVENTID", "is not a number")
		return
	}
	date, ok := eventdata.Day(get("SQLDATE"))
	if !ok || len(get("SQLDATE")) != 8 {
		bad("SQLDATE", "is not a date YYYYMMDD")
		return
	}
	code := get("EventCode")
	typ, ok := eventdata.CAMEOType(voc, code)
	if !ok {
		bad("EventCode", "is not a CAMEO code")
		return
	}
	nums := map[string]float64{}
	for _, col := range []string{"NumSources", "GoldsteinScale"} {
		if v := get(col); v != "" {
			n, err := strconv.ParseFloat(v, 64)
			if err != nil || n != n || n < -1e6 || n > 1e12 {
				bad(col, "is not a number")
				return
			}
			nums[col] = n
		}
	}
	published := ""
	if v := get("DATEADDED"); v != "" {
		if published, ok = eventdata.Day(v); !ok {
			bad("DATEADDED", "is not a date YYYYMMDD or YYYYMMDDhhmmss")
			return
		}
	}
	a1, a2 := get("Actor1Code"), get("Actor2Code")
	switch {
	case a1 == "" || a2 == "":
		b.Skip(row.Line, "without Actor1Code or Actor2Code")
		return
	case strings.EqualFold(a1, a2):
		b.Skip(row.Line, "with the same actor as Actor1 and Actor2")
		return
	}
	note := fmt.Sprintf("%s: CAMEO %s", l.name, code)
	if q := get("QuadClass"); q != "" {
		note += ", QuadClass " + q
	}
	goldstein := ""
	if g, ok := nums["GoldsteinScale"]; ok {
		goldstein = fmt.Sprintf(", Goldstein %.1f", g)
	}
	feature := get("ActionGeo_FeatureID")
	if feature == "" {
		feature = get("ActionGeo_FullName")
	}
	key := []string{get("SQLDATE"), strings.ToUpper(a1), strings.ToUpper(a2), code, feature}
	scope := eventdata.EventID(key...)
	ev := eventdata.Event{
		Key:      key,
		Relation: annotation.Relation{Type: typ.ID, Date: date, Modality: "asserted", Note: note + goldstein},
		Source:   actor(get, "Actor1", scope),
		Target:   actor(get, "Actor2", scope),
		Reports:  int(max(nums["NumSources"], 1)),
	}
	if name := get("ActionGeo_FullName"); name != "" {
		ev.Participants = []eventdata.Participant{{Entity: place(name, get("ActionGeo_FeatureID"), get("ActionGeo_Type")), Role: "location"}}
	}
	ev.Report = annotation.SourceRef{URL: get("SOURCEURL"), Published: published, Ref: Ref(id),
		Quote: fmt.Sprintf("%s event %s (CAMEO %s%s): %s → %s", l.name, id, code, goldstein,
			displayName(get, "Actor1"), displayName(get, "Actor2"))}
	b.Add(ev)
}

// Ref is the ref (annotation.SourceRef.Ref, graph.Evidence.Ref) of the row
// of a GLOBALEVENTID: "gdelt:904512001". Mentions find their event by it.
func Ref(globalEventID string) string { return "gdelt:" + globalEventID }

// getter returns the value of a named column of a row.
type getter = func(col string) string

// actor returns the entity of Actor1 or Actor2 (prefix) of a row. An actor
// with a role and a country (IRQGOV, USALEG) is named after the two
// ("United States (legislature)"), whatever name the row gives it, which
// becomes an alias ("Congress (legislature)"). A role without a country
// (GOV, MIL, MED) is no one actor the world over: it is keyed by the
// country of the actor's location (GDELT's FIPS code) or, without one, by
// the event (scope: eventdata.EventID of its key), and named after the
// role and that place.
func actor(get getter, prefix, scope string) annotation.Entity {
	code := strings.ToUpper(get(prefix + "Code"))
	country := strings.ToUpper(get(prefix + "CountryCode"))
	kind, role := eventdata.ActorKind(code, country)
	given := eventdata.TitleCase(get(prefix + "Name"))
	name := given
	cn, isCountry := eventdata.CountryName(country)
	if isCountry && (kind == "country" || name == "") {
		name = cn
	}
	name = cmp.Or(name, code)
	key := "gdelt-" + eventdata.Code(code)
	e := annotation.Entity{Kind: kind}
	if role != "" {
		label, _, _ := eventdata.Role(role)
		switch _, _, bare := eventdata.Role(code); {
		case isCountry:
			name = cn + " (" + label + ")"
			if given != "" && given != cn {
				e.Aliases = map[string][]string{"en": {given + " (" + label + ")"}}
			}
		case bare && len(code) == 3:
			place := get(prefix + "Geo_CountryCode")
			where := lastPart(get(prefix + "Geo_FullName"))
			if place == "" || where == "" {
				place, where = scope, ""
			}
			key += "-" + eventdata.Code(place)
			name += " (" + label + ")"
			if where != "" {
				name += ", " + where
			}
		default:
			name += " (" + label + ")"
		}
	}
	e.Key, e.Names = key, map[string]string{"en": name}
	return e
}

// lastPart returns what follows the last comma of a GDELT location's full
// name: its country ("Madrid, Madrid, Spain" gives "Spain").
func lastPart(fullName string) string {
	_, after, _ := strings.Cut(fullName, ",")
	for strings.Contains(after, ",") {
		_, after, _ = strings.Cut(after, ",")
	}
	return strings.TrimSpace(cmp.Or(after, fullName))
}

// displayName is how a quote names an actor: GDELT's name, or its code.
func displayName(get getter, prefix string) string {
	if n := get(prefix + "Name"); n != "" {
		return n
	}
	return get(prefix + "Code")
}

// place returns the entity of a GDELT location. A country-level location
// (geo type 1) is the country, with the key of the country actor
// ("gdelt-gbr"), so that "United Kingdom" is one entity however a row
// names it. A city (geo types 3 and 4) is named with the part of the full
// name before the first comma, the full name an alias, so that
// "Baghdad, Baghdad, Iraq" is the gazetteer's Baghdad and "Washington"
// names the city.
func place(fullName, feature, geoType string) annotation.Entity {
	if code, ok := eventdata.CountryCode(fullName); ok && geoType == "1" {
		return annotation.Entity{Key: "gdelt-" + eventdata.Code(code), Kind: "country", Names: map[string]string{"en": fullName}}
	}
	key := feature
	if key == "" {
		key = eventdata.Slug(fullName)
	}
	e := annotation.Entity{Key: "gdelt-geo-" + eventdata.Code(key), Kind: "location", Names: map[string]string{"en": fullName}}
	if city, _, found := strings.Cut(fullName, ","); found && (geoType == "3" || geoType == "4") && strings.TrimSpace(city) != "" {
		e.Names["en"] = strings.TrimSpace(city)
		e.Aliases = map[string][]string{"en": {fullName}}
	}
	return e
}
