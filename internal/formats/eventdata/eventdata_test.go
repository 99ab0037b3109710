package eventdata

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/ontology"
)

func TestRows(t *testing.T) {
	data := "\xef\xbb\xbfa\tb \r\n\n  \r\n\"x \"\"y\"\"\"\t\xff\n"
	want := []Row{{Line: 1, Fields: []string{"a", "b"}}, {Line: 4, Fields: []string{`x "y"`, "\uFFFD"}}}
	if got := Rows([]byte(data)); !reflect.DeepEqual(got, want) {
		t.Errorf("Rows = %v, want %v", got, want)
	}
	if got := Rows(nil); got != nil {
		t.Errorf("Rows(nil) = %v", got)
	}
}

func TestHeader(t *testing.T) {
	h := NewHeader([]string{"Event ID", "event_date", "Event ID", "Wikipedia Actor ID"})
	for _, tc := range []struct {
		names []string
		want  int
	}{
		{[]string{"Event ID"}, 0}, {[]string{"EVENT_ID"}, 0}, {[]string{"Story Date", "Event Date"}, 1},
		{[]string{"Actor Wikidata ID", "Wikipedia Actor ID"}, 3}, {[]string{"Recipient Name"}, -1},
	} {
		if got := h.Index(tc.names...); got != tc.want {
			t.Errorf("Index(%q) = %d, want %d", tc.names, got, tc.want)
		}
	}
	for _, v := range []string{"", "None", "NA", "nan", "null"} {
		if !Empty(v) {
			t.Errorf("Empty(%q) = false", v)
		}
	}
	if Empty("Nancy") {
		t.Error(`Empty("Nancy")`)
	}
}

func TestActorKind(t *testing.T) {
	for _, tc := range []struct{ code, country, kind, role string }{
		{"USA", "USA", "country", ""},
		{"IRQ", "IRQ", "country", ""},
		{"IRQGOV", "IRQ", "government", "GOV"},
		{"USAMIL", "USA", "military", "MIL"},
		{"IRNMILREB", "IRN", "military", "MIL"},
		{"IRQREB", "IRQ", "armed_group", "REB"},
		{"IRQINS", "IRQ", "armed_group", "INS"},
		{"IRQUAF", "IRQ", "armed_group", "UAF"},
		{"SYRSEP", "SYR", "armed_group", "SEP"},
		{"IRQCOP", "IRQ", "government_body", "COP"},
		{"USABUS", "USA", "organization", "BUS"},
		{"USAELIGOV", "USA", "organization", "ELI"},
		{"IGOUNO", "", "igo", "IGO"},
		{"REB", "", "armed_group", "REB"},
		{"IRQGOV", "", "government", "GOV"}, // country part found without the column
		{"AFR", "AFR", "location", ""},      // a CAMEO region
		{"MOS", "", "organization", ""},
		{"", "", "organization", ""},
	} {
		if kind, role := ActorKind(tc.code, tc.country); kind != tc.kind || role != tc.role {
			t.Errorf("ActorKind(%q, %q) = %s %s, want %s %s", tc.code, tc.country, kind, role, tc.kind, tc.role)
		}
	}
}

func TestNames(t *testing.T) {
	for in, want := range map[string]string{
		"UNITED STATES": "United States", "IRAQ": "Iraq", "AL-QAEDA IN IRAQ": "Al-Qaeda in Iraq",
		"PRESIDENT OF THE UNITED STATES": "President of the United States", "NATO": "NATO", "PKK": "PKK",
		"PEOPLE'S MOBILIZATION": "People's Mobilization", "Mustafa al-Kadhimi": "Mustafa al-Kadhimi", "  ": "",
	} {
		if got := TitleCase(in); got != want {
			t.Errorf("TitleCase(%q) = %q, want %q", in, got, want)
		}
	}
	for code, want := range map[string]string{"USA": "United States", "irq": "Iraq", "IRN": "Iran", "COD": "Democratic Republic of the Congo", "ROM": "Romania", "AFR": "", "US": "", "": ""} {
		if got, ok := CountryName(code); got != want || ok != (want != "") {
			t.Errorf("CountryName(%q) = %q %v, want %q", code, got, ok, want)
		}
	}
	for name, want := range map[string]string{"Iraq": "IRQ", "united states": "USA", "": "", "Atlantis": ""} {
		if got, ok := CountryCode(name); got != want || ok != (want != "") {
			t.Errorf("CountryCode(%q) = %q %v, want %q", name, got, ok, want)
		}
	}
	for code, want := range map[string]string{"195": "strikes_from_air", "010": "comments_on", "1383": "threatens_military_force",
		"13y": "", "21": "", "195 ": "", "": ""} {
		if got, ok := CAMEOType(ontology.Default(), code); got.ID != want || ok != (want != "") {
			t.Errorf("CAMEOType(%q) = %q %v, want %q", code, got.ID, ok, want)
		}
	}
	for in, want := range map[string]string{"Kata'ib Hezbollah": "kata-ib-hezbollah", " -Iraq (GOV)- ": "iraq-gov", "مصطفى": ""} {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Code("-3186563"); got != "-3186563" {
		t.Errorf("Code = %q", got)
	}
	if got := Code("IZ07 x"); got != "iz07-x" {
		t.Errorf("Code = %q", got)
	}
}

func TestDay(t *testing.T) {
	for in, want := range map[string]string{
		"20200103": "2020-01-03", "20200103041500": "2020-01-03", "2021-07-26": "2021-07-26",
		"2021-07-26 13:00:00": "2021-07-26", "2021-07-26T13:00:00Z": "2021-07-26",
		"20200230": "", "2020010": "", "2021-7-26": "", "2021-07-26x": "", "": "", "yesterday": "",
	} {
		if got, ok := Day(in); got != want || ok != (want != "") {
			t.Errorf("Day(%q) = %q %v, want %q", in, got, ok, want)
		}
	}
}

func TestConfidenceAndIDs(t *testing.T) {
	for n, want := range map[int]float64{0: 0.5, 1: 0.5, 2: 0.6, 3: 0.7, 5: 0.9, 100: 0.9} {
		if got := Confidence(n); got != want {
			t.Errorf("Confidence(%d) = %v, want %v", n, got, want)
		}
	}
	id := EventID("20200103", "USA", "IRN", "195", "-3186563")
	if !strings.HasPrefix(id, "20200103-usa-irn-195-") || len(id) != len("20200103-usa-irn-195-")+8 {
		t.Errorf("EventID = %q", id)
	}
	if id == EventID("20200103", "USA", "IRN", "195", "3186563") {
		t.Error("two keys give one id")
	}
	if got := EventID("", "", "", ""); !strings.HasPrefix(got, "e-") {
		t.Errorf("EventID of an empty key = %q", got)
	}
	for file, want := range map[string]string{
		"data/20200103.export.CSV": "gdelt-20200103.export", "gdelt-x.csv": "gdelt-x", "GDELT.tsv": "GDELT",
	} {
		if got := DatasetID("gdelt", file); got != want {
			t.Errorf("DatasetID(%q) = %q, want %q", file, got, want)
		}
	}
}

func TestBuilder(t *testing.T) {
	usa := annotation.Entity{Key: "usa", Kind: "country", Names: map[string]string{"en": "United States"}}
	irq := func(name string) annotation.Entity {
		return annotation.Entity{Key: "irqgov", Kind: "government", Names: map[string]string{"en": name}}
	}
	report := func(url string) annotation.SourceRef {
		return annotation.SourceRef{URL: url, Published: "2020-01-03", Quote: "q " + url}
	}
	events := []Event{
		{Key: []string{"d", "usa", "irqgov", "112"}, Relation: annotation.Relation{Type: "accuses", Date: "2020-01-03", Note: "b"},
			Source: usa, Target: irq("Iraq (government)"), Report: report("https://example.org/b"), Reports: 2},
		{Key: []string{"d", "usa", "irqgov", "112"}, Relation: annotation.Relation{Type: "accuses", Date: "2020-01-03", Note: "a"},
			Source: usa, Target: irq("Baghdad (government)"), Report: report("https://example.org/a")},
		{Key: []string{"d", "usa", "irqgov", "112"}, Relation: annotation.Relation{Type: "accuses", Date: "2020-01-03", Note: "c"},
			Source: usa, Target: irq("Iraq (government)"), Report: report("https://example.org/c")},
		{Key: []string{"d", "usa", "irqgov", "112"}, Relation: annotation.Relation{Type: "accuses", Date: "2020-01-03", Note: "c"},
			Source: usa, Target: irq("Iraq (government)"), Report: report("https://example.org/c")},
	}
	build := func(evs []Event) ([]annotation.Document, annotation.Problems) {
		b := NewBuilder("f")
		for _, ev := range evs {
			b.Add(ev)
		}
		b.Skip(9, "without actors")
		b.Skip(4, "without actors")
		b.Count(7, "with extra tabs")
		return b.Document(annotation.DatasetInfo{ID: "x", Format: "gdelt"})
	}
	docs, probs := build(events)
	if len(docs) != 1 || len(probs) != 2 || probs[0].Message != "2 rows skipped without actors (lines 4, 9)" || probs[1].Message != "1 row with extra tabs (line 7)" {
		t.Fatalf("%d documents, problems %v", len(docs), probs)
	}
	d := docs[0]
	r := d.Relations[0]
	if len(d.Relations) != 1 || len(r.Sources) != 3 || r.Sources[0].URL != "https://example.org/a" || r.Note != "a" || *r.Confidence != 0.7 {
		t.Errorf("relation %+v", r)
	}
	gov := d.Entities[0]
	if gov.Names["en"] != "Iraq (government)" || !reflect.DeepEqual(gov.Aliases["en"], []string{"Baghdad (government)"}) {
		t.Errorf("entity %+v", gov)
	}
	for i, j := 0, len(events)-1; i < j; i, j = i+1, j-1 {
		events[i], events[j] = events[j], events[i]
	}
	if again, _ := build(events); !reflect.DeepEqual(again, docs) {
		t.Error("rows in another order give another document")
	}
	b := NewBuilder("f")
	if docs, probs := b.Document(annotation.DatasetInfo{}); docs != nil || !probs.HasErrors() {
		t.Error("an empty builder gives a document")
	}
}

// Documents gives one document per Event.Document, each with the entities
// of its own rows, resolved from them alone.
func TestDocuments(t *testing.T) {
	b := NewBuilder("f")
	usa := func(name string) annotation.Entity {
		return annotation.Entity{Key: "usa", Kind: "country", Names: map[string]string{"en": name}}
	}
	irn := annotation.Entity{Key: "irn", Kind: "country", Names: map[string]string{"en": "Iran"}}
	line := 10
	add := func(doc, id, name string) {
		line--
		b.Add(Event{Document: doc, Line: line, Key: []string{id}, Relation: annotation.Relation{Type: "accuses"}, Source: usa(name), Target: irn,
			Report: annotation.SourceRef{Quote: id}})
	}
	add("story-2", "b", "USA")
	add("story-1", "a", "United States")
	add("story-2", "c", "USA")
	docs, probs := b.Documents(func(doc string) annotation.DatasetInfo { return annotation.DatasetInfo{ID: doc, Format: "x"} })
	if len(docs) != 2 || len(probs) != 0 || docs[0].Dataset.ID != "story-1" || docs[1].Dataset.ID != "story-2" ||
		len(docs[0].Relations) != 1 || len(docs[1].Relations) != 2 || docs[0].Line != 8 || docs[1].Line != 7 {
		t.Fatalf("documents %+v, problems %v", docs, probs)
	}
	if n := docs[0].Entities[1].Names["en"]; n != "United States" || docs[0].Entities[1].Aliases != nil {
		t.Errorf("story-1's United States is %q, aliases %v: another story's names leaked in", n, docs[0].Entities[1].Aliases)
	}
}

func TestReadTable(t *testing.T) {
	columns := [][]string{{"Event ID"}, {"Event Date"}, {"Publisher"}}
	b := NewBuilder("f.tab")
	if _, ok := ReadTable(b, []byte("Event ID\tStory ID\n1\t2\n"), "ICEWS", columns, 2); ok ||
		b.Problems()[0].Line != 1 || b.Problems()[0].Message != `the header lacks required columns: "Event Date"; is this an ICEWS file? The reader needs "Event ID" and "Event Date".` {
		t.Errorf("problems %v", b.Problems())
	}
	// A row of more fields that are not empty, or of fewer, is skipped; one
	// whose extra fields are empty is read; each counted in one warning.
	// The header's columns end at its last name.
	b = NewBuilder("f.tab")
	tb, ok := ReadTable(b, []byte("event_id\tEVENT DATE\t\n\n1\tNone\n2\t2020-01-03\tx\n3\t\t\n4\n5\t\t\t\n"), "ICEWS", columns, 2)
	if !ok || tb.Has(2) || tb.Field(1) != 1 || tb.Field(2) != -1 {
		t.Fatalf("problems %v", b.Problems())
	}
	var got []string
	for row := range tb.Rows(b) {
		got = append(got, fmt.Sprintf("%d:%s=%q", row.Line, tb.Get(row, 0), tb.Get(row, 1)))
	}
	if want := []string{`3:1=""`, `5:3=""`, `7:5=""`}; !slices.Equal(got, want) {
		t.Errorf("rows %v, want %v", got, want)
	}
	_, ps := b.Document(annotation.DatasetInfo{})
	var warned []string
	for _, p := range ps {
		if p.Severity == annotation.Warning && p.Line == 0 {
			warned = append(warned, p.Message)
		}
	}
	if want := []string{
		"1 row skipped with fewer tab-separated fields than the 2 columns of the header (line 6)",
		"1 row skipped with more tab-separated fields than the 2 columns of the header, the extra ones not empty (line 4)",
		"2 rows with empty fields after the 2 columns of the header, read without them (lines 5, 7)",
	}; !slices.Equal(warned, want) {
		t.Errorf("warnings\n%s\nwant\n%s", strings.Join(warned, "\n"), strings.Join(want, "\n"))
	}
	for data, want := range map[string]string{"": "empty file: no ICEWS header", "Event ID\tEvent Date\n1\t2020": "cut short"} {
		b := NewBuilder("f.tab")
		if _, ok := ReadTable(b, []byte(data), "ICEWS", columns, 2); ok || !strings.Contains(b.Problems()[0].Message, want) {
			t.Errorf("%q: problems %v", data, b.Problems())
		}
	}
}

// A CSV table: quoted fields may hold commas, quotes and line ends, and a
// row's line is the one it starts on.
func TestReadCSVTable(t *testing.T) {
	columns := [][]string{{"event_id_cnty"}, {"notes"}}
	b := NewBuilder("f.csv")
	tb, ok := ReadCSVTable(b, []byte("\xef\xbb\xbf\"event_id_cnty\",notes\r\nIRQ1,\"a, \"\"b\"\"\nc\"\n\nIRQ2, d \nIRQ3,e,f\n"), "ACLED", columns, 1)
	if !ok {
		t.Fatalf("problems %v", b.Problems())
	}
	var got []string
	for row := range tb.Rows(b) {
		got = append(got, fmt.Sprintf("%d:%s=%q", row.Line, tb.Get(row, 0), tb.Get(row, 1)))
	}
	if want := []string{`2:IRQ1="a, \"b\"\nc"`, `5:IRQ2="d"`}; !slices.Equal(got, want) {
		t.Errorf("rows %v, want %v", got, want)
	}
	if _, ps := b.Document(annotation.DatasetInfo{}); len(ps) != 2 ||
		ps[0].Message != "1 row skipped with more comma-separated fields than the 2 columns of the header, the extra ones not empty (line 6)" {
		t.Errorf("problems %v", ps)
	}
	// Records as RFC 4180 splits them, numbered by the line each starts
	// on, their fields trimmed and made valid UTF-8.
	b = NewBuilder("f.csv")
	tb, ok = ReadCSVTable(b, []byte("\xef\xbb\xbfa, b \r\n\n\"x,\ny\",\"q \"\"z\"\"\",\xff\nlast\n"), "X", nil, 0)
	if !ok {
		t.Fatalf("problems %v", b.Problems())
	}
	if want := []Row{{Line: 3, Fields: []string{"x,\ny", `q "z"`, "\uFFFD"}}, {Line: 5, Fields: []string{"last"}}}; !slices.Equal(tb.Header.Names, []string{"a", "b"}) || !reflect.DeepEqual(tb.rows, want) {
		t.Errorf("header %v, rows %v, want %v; problems %v", tb.Header.Names, tb.rows, want, b.Problems())
	}
	for data, want := range map[string]string{
		"":                              "empty file: no ACLED header",
		"\n\n":                          "empty file: no ACLED header",
		"event_id_cnty\nIRQ1":           "cut short",
		"event_id_cnty\nIRQ\"1\n":       `2: error: byte 4 of the line: bare " in non-quoted-field; none of the file is read`,
		"event_id_cnty\n\"IRQ1\nIRQ2\n": `extraneous or missing " in quoted-field`,
		"a,b\nc,d\"e\n":                 `2: error: byte 4 of the line: bare " in non-quoted-field`,
		"notes\nIRQ1\n":                 `the header lacks required columns: "event_id_cnty"; is this an ACLED file?`,
	} {
		b := NewBuilder("f.csv")
		if _, ok := ReadCSVTable(b, []byte(data), "ACLED", columns, 1); ok || !b.Problems().HasErrors() || !strings.Contains(b.Problems().Errors()[0].String(), want) {
			t.Errorf("%q: problems %v, want %s", data, b.Problems(), want)
		}
	}
}

func TestCutShort(t *testing.T) {
	for data, want := range map[string]int{"": 0, "a\tb\n": 0, "a\tb\nc\td\n  \n": 0, "a\tb\nc\t": 2, "a": 1, "a\tb\r\n": 0, "a\nb\nc\nd\t\r": 4} {
		if got := CutShort([]byte(data)); got != want {
			t.Errorf("CutShort(%q) = %d, want %d", data, got, want)
		}
	}
}
