package gdelt

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/formats/eventdata/eventdatatest"
	"github.com/geokg/geokg/internal/ontology"
)

const fixture = "../../../fixtures/events/20200103.export.CSV"

func readFixture(t testing.TB) []byte { return eventdatatest.ReadFile(t, fixture) }

// fixtureRow returns the fields of line n (1-based) of the fixture.
func fixtureRow(t testing.TB, n int) []string {
	return strings.Split(strings.Split(string(readFixture(t)), "\n")[n-1], "\t")
}

// mustRead reads a file that must give one document and no error.
func mustRead(t *testing.T, file string, data []byte) annotation.Document {
	t.Helper()
	docs, probs := Reader{}.Read(file, data)
	if probs.HasErrors() || len(docs) != 1 {
		t.Fatalf("got %d documents, problems %v", len(docs), probs)
	}
	return docs[0]
}

func checkErrors(t testing.TB, doc *annotation.Document) {
	t.Helper()
	if errs := (annotation.Checker{Vocabulary: ontology.Default()}).Check(doc).Errors(); len(errs) > 0 {
		t.Fatalf("checker: %v", errs)
	}
}

func TestLayouts(t *testing.T) {
	v2 := layouts[61]
	for col, want := range map[string]int{"GLOBALEVENTID": 1, "SQLDATE": 2, "Actor1Code": 6, "Actor2Code": 16,
		"IsRootEvent": 26, "EventCode": 27, "NumSources": 33, "Actor1Geo_ADM2Code": 40, "ActionGeo_FullName": 53,
		"ActionGeo_FeatureID": 59, "DATEADDED": 60, "SOURCEURL": 61} {
		if got := v2.index[col] + 1; got != want {
			t.Errorf("GDELT 2.0 column %s is %d, want %d", col, got, want)
		}
	}
	if l := layouts[58]; l.index["ActionGeo_FeatureID"] != 55 || l.columns[57] != "SOURCEURL" {
		t.Errorf("GDELT 1.0 layout: %v", l.columns)
	}
	if l := layouts[57]; l.columns[56] != "DATEADDED" {
		t.Errorf("GDELT 1.0 layout without SOURCEURL: %v", l.columns)
	}
}

func TestFixture(t *testing.T) {
	doc := mustRead(t, fixture, readFixture(t))
	checkErrors(t, &doc)
	_, probs := Reader{}.Read(fixture, readFixture(t))
	if len(probs) != 1 || !strings.Contains(probs[0].Message, "1 row skipped without Actor1Code or Actor2Code (line 11)") {
		t.Errorf("problems = %v, want one summary warning for line 11", probs)
	}
	if d := doc.Dataset; d.ID != "gdelt-20200103.export" || d.Format != "gdelt" {
		t.Errorf("dataset = %+v", d)
	}
	if doc.SourceID() != "gdelt:gdelt-20200103.export" {
		t.Errorf("source id = %q", doc.SourceID())
	}
	var keys []string
	kinds := map[string]string{}
	names := map[string]string{}
	for _, e := range doc.Entities {
		keys = append(keys, e.Key)
		kinds[e.Key], names[e.Key] = e.Kind, e.Names["en"]
	}
	wantKeys := []string{"gdelt-geo--3186563", "gdelt-geo-10074674", "gdelt-geo-531871",
		"gdelt-irn", "gdelt-irq", "gdelt-irqgov", "gdelt-irquaf", "gdelt-usa"}
	if !slices.Equal(keys, wantKeys) {
		t.Errorf("entity keys = %v, want %v", keys, wantKeys)
	}
	for key, want := range map[string][2]string{
		"gdelt-usa":          {"country", "United States"},
		"gdelt-irq":          {"country", "Iraq"},
		"gdelt-irn":          {"country", "Iran"},
		"gdelt-irqgov":       {"government", "Iraq (government)"},
		"gdelt-irquaf":       {"armed_group", "Iraq (armed forces)"},
		"gdelt-geo--3186563": {"location", "Baghdad"}, // a city is named by the part before the comma
	} {
		if kinds[key] != want[0] || names[key] != want[1] {
			t.Errorf("%s = %s %q, want %s %q", key, kinds[key], names[key], want[0], want[1])
		}
	}
	if len(doc.Relations) != 9 {
		t.Fatalf("%d relations, want 9 (12 rows, 3 of one event, 1 without Actor2)", len(doc.Relations))
	}
	types := map[string]int{}
	for _, r := range doc.Relations {
		types[r.Type]++
		if r.Date != "2020-01-03" || r.Modality != "asserted" || r.Confidence == nil {
			t.Errorf("relation %s: date %q modality %q confidence %v", r.ID, r.Date, r.Modality, r.Confidence)
		}
	}
	wantTypes := map[string]int{"strikes_from_air": 1, "assassinates": 1, "threatens_military_force": 2,
		"accuses": 2, "agrees_with": 1, "negotiates_with": 1, "consults": 1}
	if !reflect.DeepEqual(types, wantTypes) {
		t.Errorf("types = %v, want %v", types, wantTypes)
	}
}

// Event-data actors: a country-level action location is the country
// actor's entity; a role without a country is keyed by where the actor
// is, or by the event; a role with a country is named after the two.
func TestActorNames(t *testing.T) {
	l := layouts[61]
	row := func(set map[string]string) string {
		f := fixtureRow(t, 1)
		for col, v := range set {
			f[l.index[col]] = v
		}
		return strings.Join(f, "\t")
	}
	rows := []string{
		row(map[string]string{"Actor2Code": "GBR", "Actor2Name": "UNITED KINGDOM", "Actor2CountryCode": "GBR",
			"ActionGeo_Type": "1", "ActionGeo_FullName": "United Kingdom", "ActionGeo_CountryCode": "UK", "ActionGeo_FeatureID": "UK"}),
		row(map[string]string{"Actor1Code": "GOV", "Actor1Name": "PRESIDENT", "Actor1CountryCode": "",
			"Actor1Geo_FullName": "Madrid, Madrid, Spain", "Actor1Geo_CountryCode": "SP"}),
		row(map[string]string{"Actor1Code": "MIL", "Actor1Name": "ARMY", "Actor1CountryCode": "",
			"Actor1Geo_FullName": "", "Actor1Geo_CountryCode": "", "SQLDATE": "20200104"}),
		row(map[string]string{"Actor1Code": "MIL", "Actor1Name": "ARMY", "Actor1CountryCode": "",
			"Actor1Geo_FullName": "", "Actor1Geo_CountryCode": "", "SQLDATE": "20200105"}),
		row(map[string]string{"Actor1Code": "USALEG", "Actor1Name": "SENATE", "Actor1CountryCode": "USA", "EventCode": "112"}),
		row(map[string]string{"Actor1Code": "USALEG", "Actor1Name": "CONGRESS", "Actor1CountryCode": "USA", "EventCode": "111"}),
	}
	doc := mustRead(t, "x.export.CSV", []byte(strings.Join(rows, "\n")+"\n"))
	checkErrors(t, &doc)
	ents := map[string]annotation.Entity{}
	for _, e := range doc.Entities {
		ents[e.Key] = e
	}
	if e := ents["gdelt-gbr"]; e.Kind != "country" || e.Names["en"] != "United Kingdom" {
		t.Errorf("gdelt-gbr = %+v, want the country", e)
	}
	for k, e := range ents {
		if e.Names["en"] == "United Kingdom" && k != "gdelt-gbr" {
			t.Errorf("a second United Kingdom: %+v", e)
		}
	}
	if e := ents["gdelt-gov-sp"]; e.Kind != "government" || e.Names["en"] != "President (government), Spain" {
		t.Errorf("gdelt-gov-sp = %+v", e)
	}
	var armies []string
	for k, e := range ents {
		if strings.HasPrefix(k, "gdelt-mil-") && e.Names["en"] == "Army (military)" {
			armies = append(armies, k)
		}
	}
	if len(armies) != 2 {
		t.Errorf("countryless armies of two events = %v, want two entities", armies)
	}
	leg := ents["gdelt-usaleg"]
	if leg.Names["en"] != "United States (legislature)" || !reflect.DeepEqual(leg.Aliases["en"], []string{"Congress (legislature)", "Senate (legislature)"}) {
		t.Errorf("gdelt-usaleg = %+v", leg)
	}
}

func TestDuplicatesCollapse(t *testing.T) {
	doc := mustRead(t, fixture, readFixture(t))
	var strike *annotation.Relation
	for i, r := range doc.Relations {
		if r.Type == "strikes_from_air" {
			strike = &doc.Relations[i]
		}
	}
	if strike == nil {
		t.Fatal("no strikes_from_air relation")
	}
	if strike.Source != "gdelt-usa" || strike.Target != "gdelt-irn" || len(strike.Participants) != 1 ||
		strike.Participants[0] != (annotation.Participant{Entity: "gdelt-geo--3186563", Role: "location"}) {
		t.Errorf("strike = %+v", strike)
	}
	if len(strike.Sources) != 3 {
		t.Fatalf("strike has %d sources, want 3: %+v", len(strike.Sources), strike.Sources)
	}
	for _, s := range strike.Sources {
		if !strings.HasPrefix(s.URL, "https://example.org/") || s.Published != "2020-01-03" ||
			!strings.Contains(s.Quote, "(CAMEO 195, Goldstein -10.0): UNITED STATES → IRAN") {
			t.Errorf("source %+v", s)
		}
	}
	if *strike.Confidence != 0.8 { // largest NumSources of the three rows is 4
		t.Errorf("confidence = %v, want 0.8", *strike.Confidence)
	}
	// The id comes from the event, not from GLOBALEVENTID: renumbered rows keep it.
	data := strings.ReplaceAll(string(readFixture(t)), "9045", "7777")
	doc2 := mustRead(t, "20200104.export.CSV", []byte(data))
	if doc2.Relations[0].ID != doc.Relations[0].ID || !strings.HasPrefix(doc.Relations[0].ID, "20200103-") {
		t.Errorf("ids %q and %q", doc.Relations[0].ID, doc2.Relations[0].ID)
	}
}

func TestDeterministic(t *testing.T) {
	data := readFixture(t)
	a, _ := Reader{}.Read(fixture, data)
	b, _ := Reader{}.Read(fixture, data)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two reads of the same file differ")
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	slices.Reverse(lines)
	c, _ := Reader{}.Read(fixture, []byte(strings.Join(lines, "\n")+"\n"))
	if !reflect.DeepEqual(a, c) {
		t.Fatal("the same rows in another order give another document")
	}
}

func TestCAMEO(t *testing.T) {
	for _, tc := range []struct{ code, typ string }{
		{"195", "strikes_from_air"}, {"1951", "strikes_from_air"}, {"186", "assassinates"}, {"138", "threatens_military_force"},
		{"112", "accuses"}, {"036", "agrees_with"}, {"046", "negotiates_with"}, {"0874", "withdraws_from"}, {"190", "attacks"},
		{"010", "comments_on"}, {"20", "uses_mass_violence"},
	} {
		row := fixtureRow(t, 1)
		row[26] = tc.code
		doc := mustRead(t, "x.export.CSV", []byte(strings.Join(row, "\t")+"\n"))
		if got := doc.Relations[0].Type; got != tc.typ {
			t.Errorf("CAMEO %s → %s, want %s", tc.code, got, tc.typ)
		}
	}
}

func TestBadRows(t *testing.T) {
	for _, tc := range []struct {
		col   int // 1-based
		value string
		want  string
	}{
		{27, "13x", `column 27 EventCode: "13x" is not a CAMEO code`},
		{27, "21", `column 27 EventCode: "21" is not a CAMEO code`},
		{27, "", `column 27 EventCode: "" is not a CAMEO code`},
		{2, "20201303", `column 2 SQLDATE: "20201303" is not a date YYYYMMDD`},
		{2, "2020-01-03", `column 2 SQLDATE: "2020-01-03" is not a date YYYYMMDD`},
		{1, "12a", `column 1 GLOBALEVENTID: "12a" is not a number`},
		{33, "many", `column 33 NumSources: "many" is not a number`},
		{31, "NaN", `column 31 GoldsteinScale: "NaN" is not a number`},
		{60, "2020", `column 60 DATEADDED: "2020" is not a date`},
	} {
		good, bad := fixtureRow(t, 1), fixtureRow(t, 4)
		bad[tc.col-1] = tc.value
		data := strings.Join(good, "\t") + "\n" + strings.Join(bad, "\t") + "\n"
		docs, probs := Reader{}.Read("f.export.CSV", []byte(data))
		if len(docs) != 1 || len(docs[0].Relations) != 1 || len(probs) != 1 {
			t.Errorf("%s: %d documents, problems %v", tc.want, len(docs), probs)
			continue
		}
		if p := probs[0]; p.Severity != annotation.Warning || p.File != "f.export.CSV" || p.Line != 2 || !strings.Contains(p.Message, tc.want) {
			t.Errorf("problem %s, want line 2: %s", p, tc.want)
		}
	}
}

func TestSkippedAndBadFiles(t *testing.T) {
	row := fixtureRow(t, 1)
	same := slices.Clone(row)
	same[15] = "usa" // Actor2Code
	short := strings.Join(row[:60], "\t")
	data := strings.Join([]string{strings.Join(row, "\t"), strings.Join(same, "\t"), short, ""}, "\n")
	docs, probs := Reader{}.Read("f.export.CSV", []byte(data))
	if len(docs) != 1 || len(probs) != 2 {
		t.Fatalf("%d documents, problems %v", len(docs), probs)
	}
	if !strings.Contains(probs[0].Message, "60 tab-separated fields, not the 61 of GDELT 2.0") || probs[0].Line != 3 {
		t.Errorf("problem %s", probs[0])
	}
	if !strings.Contains(probs[1].Message, "1 row skipped with the same actor as Actor1 and Actor2 (line 2)") {
		t.Errorf("problem %s", probs[1])
	}

	for name, data := range map[string]string{
		"empty":      "\n\n",
		"header":     "GLOBALEVENTID\tSQLDATE\n",
		"no events":  strings.Join(fixtureRow(t, 11), "\t"),
		"bad layout": strings.Repeat("x\t", 40),
	} {
		docs, probs := Reader{}.Read("f.csv", []byte(data))
		if len(docs) != 0 || !probs.HasErrors() {
			t.Errorf("%s: %d documents, problems %v", name, len(docs), probs)
		}
	}
}

func TestGDELT1(t *testing.T) {
	row := fixtureRow(t, 1)
	var v1 []string
	for i, f := range row {
		if !strings.HasSuffix(layouts[61].columns[i], "ADM2Code") {
			v1 = append(v1, f)
		}
	}
	v1[len(v1)-2] = "20200103" // DATEADDED is a day in GDELT 1.0
	doc := mustRead(t, "20200103.export.CSV", []byte(strings.Join(v1, "\t")+"\n"))
	checkErrors(t, &doc)
	r := doc.Relations[0]
	if len(v1) != 58 || r.Type != "strikes_from_air" || !strings.HasPrefix(r.Sources[0].Quote, "GDELT 1.0 event 904512001") || r.Sources[0].Published != "2020-01-03" {
		t.Errorf("GDELT 1.0 row: %d fields, %+v", len(v1), r)
	}
}

func TestDetect(t *testing.T) {
	row := strings.Join(fixtureRow(t, 1), "\t")
	for _, tc := range []struct {
		file, head string
		want       bool
	}{
		{"data/20200103.export.CSV", "", true},
		{"20200103000000.export.csv", "", true},
		{"events.tsv", row + "\n", true},
		{"events.tsv", "GLOBALEVENTID\tSQLDATE\n", false},
		{"bq-results-20200103-120000.csv", "GLOBALEVENTID,SQLDATE,Actor1Code,Actor2Code,EventCode\n", true},
		{"events.tsv", "\ufeffglobaleventid\tday\teventcode\n", true},
		{"bq-results.csv", "GLOBALEVENTID,SQLDATE\n", false},
		{"notes.txt", "hello", false},
		{"doc.json", "{}", false},
	} {
		if got := (Reader{}).Detect(tc.file, []byte(tc.head)); got != tc.want {
			t.Errorf("Detect(%q) = %v, want %v", tc.file, got, tc.want)
		}
	}
}

func FuzzRead(f *testing.F) {
	data := readFixture(f)
	f.Add(data)
	lines := strings.Split(string(data), "\n")
	f.Add([]byte(lines[0] + "\n" + lines[10]))
	f.Add([]byte(strings.ReplaceAll(lines[3], "\t", "\t\t")))
	f.Add([]byte("1\t20200103" + strings.Repeat("\t", 59)))
	bq := readBQFixture(f)
	f.Add(bq)
	f.Add(bq[:bytes.IndexByte(bq, '\n')+1])
	f.Add([]byte("GLOBALEVENTID,SQLDATE,Actor1Code,Actor2Code,EventCode\n1,20200103,USA,IRQ,\"036\"\n"))
	f.Add([]byte("GLOBALEVENTID\tDay\tActor1Code\tActor2Code\tEventCode\n1\t20200103\tUSA\tIRQ\t036\n"))
	check := annotation.Checker{Vocabulary: ontology.Default()}
	f.Fuzz(func(t *testing.T, data []byte) {
		docs, probs := Reader{}.Read("fuzz.export.CSV", data)
		if len(docs) == 0 && !probs.HasErrors() {
			t.Fatal("no document and no error")
		}
		for _, p := range probs {
			if p.File != "fuzz.export.CSV" || p.Message == "" {
				t.Fatalf("problem without file or message: %+v", p)
			}
		}
		for i := range docs {
			d := &docs[i]
			if d.Dataset == nil || d.Dataset.Format != "gdelt" || len(d.Relations) == 0 {
				t.Fatalf("document %+v", d)
			}
			if errs := check.Check(d).Errors(); len(errs) > 0 {
				t.Fatalf("checker: %v", errs)
			}
			for _, r := range d.Relations {
				if len(r.Sources) == 0 || r.Confidence == nil || *r.Confidence < 0.5 || *r.Confidence > 0.9 {
					t.Fatalf("relation %+v", r)
				}
			}
		}
	})
}

// A file cut short is refused (eventdatatest.CutShort).
func TestCutShort(t *testing.T) {
	eventdatatest.CutShort(t, Reader{}.Read, fixture, readFixture(t))
}

const bqFixture = "../../../fixtures/gdelt/bq-results-20200103.csv"

func readBQFixture(t testing.TB) []byte { return eventdatatest.ReadFile(t, bqFixture) }

// withHeader writes the fixture's rows with a header row of GDELT's column
// names, the columns in the order of names, separated by sep.
func withHeader(t testing.TB, names []string, sep rune) []byte {
	t.Helper()
	var b strings.Builder
	w := csv.NewWriter(&b)
	w.Comma = sep
	l := layouts[61]
	if err := w.Write(names); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(readFixture(t))), "\n") {
		f := strings.Split(line, "\t")
		row := make([]string, len(names))
		for i, n := range names {
			c := n
			if strings.EqualFold(n, "Day") {
				c = "SQLDATE"
			}
			j, ok := l.index[c]
			if !ok {
				for k, col := range l.columns {
					if strings.EqualFold(col, n) {
						j, ok = k, true
					}
				}
			}
			if !ok {
				t.Fatalf("no column %s", n)
			}
			row[i] = f[j]
		}
		if err := w.Write(row); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
	return []byte(b.String())
}

// A file with a header of all of GDELT 2.0's columns, in any order and
// however the header spells them, comma- or tab-separated, is the export
// without a header.
func TestHeaderAnyOrder(t *testing.T) {
	want := mustRead(t, fixture, readFixture(t))
	cols := slices.Clone(layouts[61].columns)
	slices.Reverse(cols)
	spelt := slices.Clone(cols)
	for i, c := range spelt {
		switch c {
		case "SQLDATE":
			spelt[i] = "Day" // the codebook's name
		case "ActionGeo_FullName":
			spelt[i] = "ActionGeo_Fullname"
		case "GLOBALEVENTID":
			spelt[i] = "GlobalEventID"
		}
	}
	for name, data := range map[string][]byte{
		"comma": withHeader(t, cols, ','), "tab": withHeader(t, cols, '\t'), "spelt": withHeader(t, spelt, ','),
	} {
		got := mustRead(t, fixture, data)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the file with a header gives\n%+v\nwant\n%+v", name, got, want)
		}
	}
}

// The fixture exported from BigQuery with some of the columns gives the
// events, entities and evidence of the export without a header.
func TestHeaderFixture(t *testing.T) {
	tab := mustRead(t, fixture, readFixture(t))
	doc := mustRead(t, bqFixture, readBQFixture(t))
	checkErrors(t, &doc)
	_, probs := Reader{}.Read(bqFixture, readBQFixture(t))
	if len(probs) != 1 || !strings.Contains(probs[0].Message, "1 row skipped without Actor1Code or Actor2Code (line 12)") {
		t.Errorf("problems = %v, want one summary warning for line 12", probs)
	}
	if d := doc.Dataset; d.ID != "gdelt-bq-results-20200103" || d.Title != "GDELT events bq-results-20200103.csv" {
		t.Errorf("dataset = %+v", d)
	}
	if !reflect.DeepEqual(doc.Entities, tab.Entities) {
		t.Errorf("entities\n%+v\nwant\n%+v", doc.Entities, tab.Entities)
	}
	if len(doc.Relations) != len(tab.Relations) {
		t.Fatalf("%d relations, want %d", len(doc.Relations), len(tab.Relations))
	}
	for i, r := range doc.Relations {
		w := tab.Relations[i]
		// Without the ADM2Code columns, the file does not say it is GDELT 2.0.
		w.Note = strings.Replace(w.Note, "GDELT 2.0:", "GDELT:", 1)
		w.Sources = slices.Clone(w.Sources)
		for j := range w.Sources {
			w.Sources[j].Quote = strings.Replace(w.Sources[j].Quote, "GDELT 2.0 event", "GDELT event", 1)
		}
		if !reflect.DeepEqual(r, w) {
			t.Errorf("relation %d\n%+v\nwant\n%+v", i, r, w)
		}
	}
}

func TestHeaderProblems(t *testing.T) {
	lines := strings.SplitAfter(string(readBQFixture(t)), "\n")
	header := lines[0]
	cols := strings.Split(strings.TrimSpace(header), ",")
	read := func(data string) ([]annotation.Document, annotation.Problems) {
		return Reader{}.Read("bq-results.csv", []byte(data))
	}
	// A required column missing is an error, whatever else the file holds.
	without := strings.Replace(strings.Replace(header, "Actor2Code,", "", 1), ",EventCode", "", 1)
	docs, probs := read(without + strings.Join(lines[1:], ""))
	if len(docs) != 0 || len(probs) != 1 || probs[0].Line != 1 || !strings.Contains(probs[0].Message, `lacks required columns: "Actor2Code", "EventCode"; is this a GDELT file? The reader needs "GLOBALEVENTID", "SQLDATE", "Actor1Code", "Actor2Code" and "EventCode".`) {
		t.Errorf("without Actor2Code and EventCode: %d documents, %v", len(docs), probs)
	}
	// A row of more or fewer fields than the header is skipped, counted in
	// a warning naming its line, counted from the line each row starts on:
	// a quoted field may hold a line end.
	multiline := strings.Replace(lines[1], `"Baghdad, Baghdad, Iraq"`, "\"Baghdad,\nBaghdad, Iraq\"", 1)
	short := strings.Replace(lines[4], ",186,", ",", 1)
	long := strings.Replace(lines[5], ",138,", ",138,x,", 1)
	badCode := strings.Replace(lines[6], ",112,", ",11x,", 1)
	docs, probs = read(header + multiline + lines[2] + lines[3] + short + long + badCode)
	if len(docs) != 1 || len(probs) != 3 {
		t.Fatalf("%d documents, problems %v", len(docs), probs)
	}
	for i, want := range []struct {
		line int
		text string
	}{
		{8, fmt.Sprintf(`column %d EventCode: "11x" is not a CAMEO code`, slices.Index(cols, "EventCode")+1)},
		{0, fmt.Sprintf("1 row skipped with fewer comma-separated fields than the %d columns of the header (line 6)", len(cols))},
		{0, fmt.Sprintf("1 row skipped with more comma-separated fields than the %d columns of the header, the extra ones not empty (line 7)", len(cols))},
	} {
		if p := probs[i]; p.Line != want.line || !strings.Contains(p.Message, want.text) {
			t.Errorf("problem %s, want line %d: %s", p, want.line, want.text)
		}
	}
	// A quote out of place leaves the rows after it unknown: nothing is read.
	docs, probs = read(header + lines[1] + strings.Replace(lines[2], "IRAN", `IR"AN`, 1) + lines[3])
	if len(docs) != 0 || len(probs) != 1 || probs[0].Line != 3 || !strings.Contains(probs[0].Message, "none of the file is read") {
		t.Errorf("a bare quote: %d documents, %v", len(docs), probs)
	}
	// Cut short in its last field, which no field count shows.
	eventdatatest.CutShort(t, Reader{}.Read, bqFixture, readBQFixture(t))
}
