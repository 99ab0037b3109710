package acled

import (
	"bytes"
	"encoding/csv"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/formats/eventdata/eventdatatest"
	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/ontology"
)

const fixture = "../../../fixtures/acled/acled-iraq-2019-11-01-2020-01-31.csv"

func readFixture(t testing.TB) []byte { return eventdatatest.ReadFile(t, fixture) }

// table returns the fixture's header and rows as fields.
func table(t testing.TB) [][]string {
	rows, err := csv.NewReader(bytes.NewReader(readFixture(t))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func join(t testing.TB, rows [][]string) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// col returns the index of a column of the fixture.
func col(t testing.TB, name string) int { return eventdatatest.Column(t, table(t)[0], name) }

// read reads a file that must give documents that pass the checker, and
// no error.
func read(t *testing.T, file string, data []byte) ([]annotation.Document, annotation.Problems) {
	t.Helper()
	return eventdatatest.MustRead(t, Reader{}.Read, file, data)
}

// Every relation type of subEventTypes is an event type of the built-in
// vocabulary.
func TestSubEventTypes(t *testing.T) {
	voc := ontology.Default()
	for sub, se := range subEventTypes {
		if typ, err := voc.Lookup(se.typ); err != nil || typ.ID != se.typ || typ.Class != graph.ClassEvent {
			t.Errorf("%s: type %q is %+v, %v", sub, se.typ, typ, err)
		}
	}
}

func TestFixture(t *testing.T) {
	rows := table(t)
	docs, probs := read(t, fixture, readFixture(t))
	var msgs []string
	for _, p := range probs {
		if p.Severity != annotation.Warning {
			t.Errorf("problem %s", p)
		}
		msgs = append(msgs, p.Message)
	}
	if want := []string{"1 row skipped with a sub-event type that no relation type stands for (line 6)", "1 row skipped without actor1 or actor2 (line 8)"}; !slices.Equal(msgs, want) {
		t.Errorf("problems %v, want %v", msgs, want)
	}
	// One document per event read, named by its event_id_cnty, at its line.
	byID := map[string]annotation.Document{}
	for _, d := range docs {
		byID[d.Dataset.ID] = d
		if d.Dataset.Format != "acled" || d.File != fixture || len(d.Relations) != 1 {
			t.Errorf("document %+v of %s:%d", d.Dataset, d.File, d.Line)
		}
	}
	for i, r := range rows[1:] {
		id, line := r[col(t, "event_id_cnty")], i+2
		d, ok := byID[strings.ToLower(id)]
		if line == 6 || line == 8 {
			if ok {
				t.Errorf("line %d, which is skipped, gave a document", line)
			}
			continue
		}
		if !ok {
			t.Errorf("no document of %s", id)
			continue
		}
		rel := d.Relations[0]
		if d.Line != line || d.Dataset.Title != "ACLED event "+id || rel.Date != r[col(t, "event_date")] || rel.Modality != "asserted" || *rel.Confidence != 0.5 ||
			!strings.HasPrefix(rel.Note, "ACLED "+r[col(t, "event_type")]+": "+r[col(t, "sub_event_type")]+"; time precision 1; fatalities "+r[col(t, "fatalities")]) {
			t.Errorf("%s (line %d, document at %d): %+v", id, line, d.Line, rel)
		}
		if q := rel.Sources[0]; len(rel.Sources) != 1 || q.URL != "" || q.Published != "" || !strings.HasSuffix(q.Quote, ": "+r[col(t, "notes")]) {
			t.Errorf("%s: reports %+v", id, rel.Sources)
		}
	}
	us, irgc := "acled-military-forces-of-the-united-states-2017-2021", "acled-military-forces-of-iran-1989-islamic-revolutionary-guard-corps"
	for id, want := range map[string]string{
		"irq41001": "coerces acled-military-forces-of-iraq-2018 → acled-protesters-iraq at acled-geo-iraq-dhi-qar-nasiriyah-",
		"irq41002": "strikes_from_air " + us + " → acled-kata-ib-hezbollah at acled-geo-iraq-al-anbar-al-qaim-",
		"irq41003": "protests acled-rioters-iraq → " + us + " at acled-geo-iraq-baghdad-baghdad-",
		"irq41004": "strikes_from_air " + us + " → " + irgc + " at acled-geo-iraq-baghdad-baghdad-international-airport-",
		"irq41006": "attacks " + irgc + " → " + us + " at acled-geo-iraq-al-anbar-ain-al-asad-air-base-",
	} {
		r := byID[id].Relations[0]
		if got := r.Type + " " + r.Source + " → " + r.Target + " at " + r.Participants[0].Entity; !strings.HasPrefix(got, want) || len(r.Participants) != 1 || r.Participants[0].Role != "location" {
			t.Errorf("%s: %s, want %s…", id, got, want)
		}
	}
	kinds := map[string]string{}
	for _, d := range docs {
		for _, e := range d.Entities {
			kinds[e.Key] = e.Kind + " " + e.Names["en"] + " " + strings.Join(e.Aliases["en"], "|")
		}
	}
	for key, want := range map[string]string{
		us:                        "military Military Forces of the United States (2017-2021) ",
		"acled-kata-ib-hezbollah": "armed_group Kata'ib Hezbollah ",
		"acled-protesters-iraq":   "organization Protesters (Iraq) ",
		"acled-rioters-iraq":      "organization Rioters (Iraq) ",
		byID["irq41003"].Relations[0].Participants[0].Entity: "location Baghdad Baghdad, Karkh, Baghdad, Iraq",
		byID["irq41006"].Relations[0].Participants[0].Entity: "location Ain al-Asad Air Base Ain al-Asad Air Base, Al Anbar, Iraq",
	} {
		if kinds[key] != want {
			t.Errorf("entity %s = %q, want %q", key, kinds[key], want)
		}
	}
	if n := byID["irq41003"].Relations[0].Note; !strings.Contains(n, "; actor1 with Kata'ib Hezbollah; Popular Mobilization Forces; geo precision 1; sources Example Wire") {
		t.Errorf("note %q", n)
	}
}

// change returns the fixture's header and line n (from 2) with the given
// columns changed.
func change(t testing.TB, n int, values map[string]string) [][]string {
	rows := table(t)
	row := slices.Clone(rows[n-1])
	for c, v := range values {
		row[col(t, c)] = v
	}
	return [][]string{rows[0], row}
}

// A battle's actors both fought: a battle is one clash (symmetric), not
// an attack of each on the other, which would count it twice. Otherwise the actor who suffers the sub-event is the target
// whatever its column: the civilians of an attack, the protesters met
// with force; the actor who does it the source: the state forces of an
// arrest.
func TestDirection(t *testing.T) {
	a1, a2 := "Military Forces of Iraq (2018-)", "Islamic State (Iraq)"
	k1, k2 := "acled-military-forces-of-iraq-2018", "acled-islamic-state-iraq"
	for _, tc := range []struct {
		event, sub, inter1, inter2 string
		want                       []string
	}{
		{"Battles", "Armed clash", "State forces", "Rebel group", []string{"clashes_with " + k1 + ">" + k2}},
		{"Battles", "Government regains territory", "1", "2", []string{"clashes_with " + k1 + ">" + k2}},
		{"Violence against civilians", "Attack", "Civilians", "Rebel group", []string{"assaults " + k2 + ">" + k1}},
		{"Violence against civilians", "Abduction/forced disappearance", "Rebel group", "7", []string{"assaults " + k1 + ">" + k2}},
		{"Protests", "Excessive force against protestors", "6", "1", []string{"coerces " + k2 + ">" + k1}},
		{"Strategic developments", "Arrests", "Protesters", "State forces", []string{"arrests " + k2 + ">" + k1}},
		{"Strategic developments", "Agreement", "State forces", "Rebel group", []string{"agrees_with " + k1 + ">" + k2}},
		{"Explosions/Remote violence", "Chemical weapon", "State forces", "Civilians", []string{"uses_mass_violence " + k1 + ">" + k2}},
	} {
		rows := change(t, 2, map[string]string{"event_type": tc.event, "sub_event_type": tc.sub, "actor1": a1, "inter1": tc.inter1, "actor2": a2, "inter2": tc.inter2})
		docs, _ := read(t, "x.csv", join(t, rows))
		var got []string
		for _, r := range docs[0].Relations {
			got = append(got, r.Type+" "+r.Source+">"+r.Target)
		}
		slices.Sort(got)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s, %s: %v, want %v", tc.event, tc.sub, got, tc.want)
		}
	}
}

// time_precision 1 is the day, 3 the month; 2, a week around the day, is
// the month or year that holds the week, else the months it spans.
func TestPrecision(t *testing.T) {
	for _, tc := range []struct{ date, precision, want, start, end string }{
		{"2020-01-03", "1", "2020-01-03", "", ""},
		{"2020-01-03", "", "2020-01-03", "", ""},
		{"3 January 2020", "1", "2020-01-03", "", ""},
		{"03 January 2020", "3", "2020-01", "", ""},
		{"2020-01-15", "2", "2020-01", "", ""},
		{"2020-01-29", "2", "2020", "", ""},
		{"2019-12-29", "2", "", "2019-12", "2020-01"},
	} {
		rows := change(t, 2, map[string]string{"event_date": tc.date, "time_precision": tc.precision})
		docs, _ := read(t, "x.csv", join(t, rows))
		r := docs[0].Relations[0]
		if r.Date != tc.want || r.Start != tc.start || r.End != tc.end {
			t.Errorf("%s at precision %q: date %q, %q–%q; want %q, %q–%q", tc.date, tc.precision, r.Date, r.Start, r.End, tc.want, tc.start, tc.end)
		}
	}
}

// A row's relation id is made of its event_id_cnty alone: ACLED's edit of
// an event keeps it.
func TestIDs(t *testing.T) {
	id := func(values map[string]string) string {
		docs, _ := read(t, "x.csv", join(t, change(t, 3, values)))
		return docs[0].Dataset.ID + "/" + docs[0].Relations[0].ID
	}
	want := id(nil)
	if !strings.HasPrefix(want, "irq41002/irq41002-1-") {
		t.Errorf("id %s", want)
	}
	for c, v := range map[string]string{"fatalities": "30", "event_date": "2019-12-30", "actor2": "Popular Mobilization Forces", "notes": "Edited."} {
		if got := id(map[string]string{c: v}); got != want {
			t.Errorf("with %s %q the id is %s, want %s", c, v, got, want)
		}
	}
	if got := id(map[string]string{"event_id_cnty": "IRQ41009"}); got == want {
		t.Errorf("another event has the id %s", got)
	}
}

// Columns are read by name: any order of them or of the rows gives the
// same documents (but for the lines they start at), and so does reading
// the file again.
func TestColumnOrder(t *testing.T) {
	rows := table(t)
	want, _ := read(t, fixture, readFixture(t))
	perm := rand.New(rand.NewPCG(1, 2)).Perm(len(rows[0]))
	shuffled := make([][]string, len(rows))
	for i, r := range rows {
		for _, j := range perm {
			shuffled[i] = append(shuffled[i], r[j])
		}
	}
	slices.Reverse(shuffled[1:])
	if again, _ := read(t, fixture, readFixture(t)); !reflect.DeepEqual(again, want) {
		t.Error("two reads of the same file differ")
	}
	got, _ := read(t, fixture, join(t, shuffled))
	for i := range got {
		got[i].Line, want[i].Line = 0, 0
	}
	if !reflect.DeepEqual(got, want) {
		t.Error("shuffled columns and rows give other documents")
	}
}

func TestMissingColumns(t *testing.T) {
	rows := table(t)
	for i, r := range rows {
		rows[i] = slices.Delete(slices.Clone(r), col(t, "sub_event_type"), col(t, "sub_event_type")+1)
	}
	docs, probs := Reader{}.Read("x.csv", join(t, rows))
	if len(docs) != 0 || len(probs) != 1 || probs[0].Line != 1 || probs[0].Severity != annotation.Error ||
		!strings.Contains(probs[0].Message, `lacks required columns: "sub_event_type"; is this an ACLED file?`) {
		t.Errorf("%d documents, problems %v", len(docs), probs)
	}
}

func TestBadRows(t *testing.T) {
	for _, tc := range []struct {
		column, value, want string
	}{
		{"event_id_cnty", "41001", `column 1 event_id_cnty: "41001" is not an ACLED event id`},
		{"event_date", "2020-02-30", `column 2 event_date: "2020-02-30" is not a date`},
		{"event_date", "January 2020", `column 2 event_date: "January 2020" is not a date`},
		{"time_precision", "4", `column 4 time_precision: "4" is not a time precision 1, 2 or 3`},
		{"fatalities", "-1", `column 29 fatalities: "-1" is not a number of people`},
		{"fatalities", "many", `column 29 fatalities: "many" is not a number of people`},
	} {
		rows := change(t, 2, map[string]string{tc.column: tc.value})
		rows = append(rows, table(t)[2])
		docs, probs := Reader{}.Read("x.csv", join(t, rows))
		if len(docs) != 1 || len(probs) != 1 {
			t.Errorf("%s: %d documents, problems %v", tc.want, len(docs), probs)
			continue
		}
		if p := probs[0]; p.Severity != annotation.Warning || p.Line != 2 || p.File != "x.csv" || !strings.Contains(p.Message, tc.want) || !strings.HasSuffix(p.Message, "; row skipped") {
			t.Errorf("problem %s, want line 2: %s", p, tc.want)
		}
	}
	rows := table(t)[:3]
	rows = append(rows, rows[2], append(slices.Clone(rows[1]), "extra"))
	docs, probs := Reader{}.Read("x.csv", join(t, rows))
	if len(docs) != 2 || len(probs) != 2 || probs[0].Line != 4 || probs[0].Message != "event IRQ41002 is also on line 3; row skipped" ||
		probs[1].Message != "1 row skipped with more comma-separated fields than the 31 columns of the header, the extra ones not empty (line 5)" {
		t.Errorf("%d documents, problems %v", len(docs), probs)
	}
}

// A file that is not CSV is refused whole, naming where it goes wrong: a
// quote out of place could otherwise move every later field.
func TestNotCSV(t *testing.T) {
	data := readFixture(t)
	lines := strings.SplitAfter(string(data), "\n")
	lines[2] = strings.Replace(lines[2], "Al Qaim", `Al "Qaim`, 1)
	docs, probs := Reader{}.Read("x.csv", []byte(strings.Join(lines, "")))
	if len(docs) != 0 || len(probs) != 1 || probs[0].Line != 3 || !strings.Contains(probs[0].Message, `byte 256 of the line: bare " in non-quoted-field; none of the file is read`) {
		t.Errorf("%d documents, problems %v", len(docs), probs)
	}
}

func TestDetect(t *testing.T) {
	for _, tc := range []struct {
		file, head string
		want       bool
	}{
		{"acled-iraq-2019-11-01-2020-01-31.csv", "", true},
		{"ACLED_2025-10-29.csv", "", true},
		{"export.csv", strings.Join(table(t)[0], ",") + "\n", true},
		{"export.csv", `"event_id_cnty","event_date","event_type","actor1"` + "\n", true},
		{"export.csv", "id,date,type\n", false},
		{"20200103.export.CSV", "1\t20200103", false},
	} {
		if got := (Reader{}).Detect(tc.file, []byte(tc.head)); got != tc.want {
			t.Errorf("Detect(%q) = %v, want %v", tc.file, got, tc.want)
		}
	}
}

func FuzzRead(f *testing.F) {
	data := readFixture(f)
	f.Add(data)
	rows := table(f)
	f.Add(join(f, rows[:2]))
	f.Add(join(f, [][]string{{"event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "actor2", "time_precision", "inter1", "inter2", "location"},
		{"X1", "29 December 2019", "Battles", "Armed clash", "A", "B", "2", "7", "2", "Y"}, {"X1", "2019-12-29", "", "attack", "B", "A", "", "", "", ""}}))
	f.Fuzz(func(t *testing.T, data []byte) {
		docs, probs := Reader{}.Read("fuzz.csv", data)
		eventdatatest.Fuzzed(t, "acled", "fuzz.csv", docs, probs)
		for _, d := range docs {
			for _, r := range d.Relations {
				if len(r.Sources) != 1 || r.Confidence == nil || (r.Date == "") == (r.Start == "") {
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
