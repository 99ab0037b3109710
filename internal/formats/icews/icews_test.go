package icews

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/formats/eventdata/eventdatatest"
)

const fixture = "../../../fixtures/icews/events.2020.20200601120000.tab"

func readFixture(t testing.TB) []byte { return eventdatatest.ReadFile(t, fixture) }

// table returns the fixture's header and rows as fields.
func table(t testing.TB) [][]string {
	var out [][]string
	for _, l := range strings.Split(strings.TrimSuffix(string(readFixture(t)), "\n"), "\n") {
		out = append(out, strings.Split(l, "\t"))
	}
	return out
}

func join(rows [][]string) []byte {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, "\t") + "\n")
	}
	return []byte(b.String())
}

// col returns the index of a column of the fixture.
func col(t testing.TB, name string) int { return eventdatatest.Column(t, table(t)[0], name) }

// read reads a file that must give documents that pass the checker, and
// no error.
func read(t *testing.T, file string, data []byte) ([]annotation.Document, annotation.Problems) {
	t.Helper()
	return eventdatatest.MustRead(t, Reader{}.Read, file, data)
}

// byEvent returns the relations of docs by the "ICEWS event ID of DATE"
// their one report names, with the id of their document.
func byEvent(t *testing.T, docs []annotation.Document) map[string]annotation.Relation {
	t.Helper()
	out := map[string]annotation.Relation{}
	for _, d := range docs {
		for _, r := range d.Relations {
			if len(r.Sources) != 1 {
				t.Fatalf("relation %s has %d reports, want 1", r.ID, len(r.Sources))
			}
			ev, _, _ := strings.Cut(strings.TrimPrefix(r.Sources[0].Quote, "ICEWS event "), " (")
			r.Note = d.Dataset.ID + " | " + r.Note
			out[ev] = r
		}
	}
	return out
}

func TestFixture(t *testing.T) {
	rows := table(t)
	docs, probs := read(t, fixture, readFixture(t))
	if len(probs) != 1 || probs[0].Severity != annotation.Warning ||
		probs[0].Message != "1 row skipped without Source Name or Target Name (line 9)" {
		t.Errorf("problems = %v, want one summary warning for line 9", probs)
	}
	// One document per story; the story of the skipped row has none.
	var stories []string
	for _, r := range rows[1 : len(rows)-1] {
		if s := "story-" + r[col(t, "Story ID")]; !slices.Contains(stories, s) {
			stories = append(stories, s)
		}
	}
	var ids []string
	for _, d := range docs {
		ids = append(ids, d.Dataset.ID)
		first := slices.IndexFunc(rows, func(r []string) bool { return "story-"+r[col(t, "Story ID")] == d.Dataset.ID }) + 1
		if d.Dataset.Format != "icews" || d.Dataset.Title != "ICEWS "+strings.ReplaceAll(d.Dataset.ID, "-", " ") || d.File != fixture || d.Line != first {
			t.Errorf("dataset %+v of %s", d.Dataset, d.File)
		}
	}
	if slices.Sort(stories); !slices.Equal(ids, stories) {
		t.Errorf("documents %v, want one per story %v", ids, stories)
	}
	// Every row but the skipped one is one relation, dated by its Event
	// Date to the day, asserted, its report naming the row's story.
	rels := byEvent(t, docs)
	if len(rels) != len(rows)-2 {
		t.Errorf("%d relations from %d rows with both actors", len(rels), len(rows)-2)
	}
	for _, r := range rows[1 : len(rows)-1] {
		id, date, story := r[col(t, "Event ID")], r[col(t, "Event Date")], r[col(t, "Story ID")]
		rel, ok := rels[id+" of "+date]
		if !ok {
			t.Errorf("no relation of event %s of %s", id, date)
			continue
		}
		if rel.Date != date || rel.Modality != "asserted" || *rel.Confidence != 0.5 || !strings.HasPrefix(rel.Note, "story-"+story+" | ICEWS: CAMEO "+r[col(t, "CAMEO Code")]+" ") {
			t.Errorf("event %s of %s: %+v", id, date, rel)
		}
		if q := rel.Sources[0]; q.URL != "" || q.Published != "" || !strings.Contains(q.Quote, "; "+r[col(t, "Publisher")]+", story "+story+" sentence "+r[col(t, "Sentence Number")]+"): ") {
			t.Errorf("event %s of %s: report %+v", id, date, q)
		}
	}
	// Types, actors and places, per event.
	baghdad := "icews-geo-iraq-baghdad-baghdad-"
	for ev, want := range map[string]string{
		"30100001 of 2020-01-03": "strikes_from_air icews-usa-military → icews-irn-military at " + baghdad,
		"30100002 of 2020-01-03": "strikes_from_air icews-usa → icews-irn at " + baghdad,
		"30100003 of 2020-01-03": "accuses icews-irq-government → icews-usa at " + baghdad,
		"30100004 of 2020-01-03": "threatens_military_force icews-irn → icews-usa at icews-geo-iran-tehran-tehran-",
		"30100005 of 2020-01-05": "demands icews-irq-parliament → icews-usa-military at " + baghdad,
		"30100006 of 2020-01-08": "strikes_from_air icews-irn-military → icews-usa-military at icews-geo-iraq-al-anbar-",
		"30100001 of 2020-01-08": "sanctions icews-usa → icews-irn at icews-usa",
	} {
		r := rels[ev]
		if len(r.Participants) != 1 || r.Participants[0].Role != "location" {
			t.Errorf("%s: participants %v", ev, r.Participants)
			continue
		}
		if got := r.Type + " " + r.Source + " → " + r.Target + " at " + r.Participants[0].Entity; !strings.HasPrefix(got, want) {
			t.Errorf("%s: %s, want %s…", ev, got, want)
		}
	}
	// The same Event ID on two days is two events, two ids.
	if a, b := rels["30100001 of 2020-01-03"], rels["30100001 of 2020-01-08"]; a.ID == b.ID || a.ID == "" {
		t.Errorf("Event ID 30100001 of two days gives ids %q and %q", a.ID, b.ID)
	}
	entities := map[string]string{}
	for _, d := range docs {
		for _, e := range d.Entities {
			entities[e.Key] = e.Kind + " " + e.Names["en"] + " " + strings.Join(e.Aliases["en"], "|")
		}
	}
	for key, want := range map[string]string{
		"icews-usa":            "country United States ",
		"icews-irn":            "country Iran ",
		"icews-usa-military":   "military Military (United States) ",
		"icews-irn-military":   "military Military (Iran) ",
		"icews-irq-government": "government Government (Iraq) ",
		"icews-irq-parliament": "government_body Parliament (Iraq) ",
	} {
		if entities[key] != want {
			t.Errorf("entity %s = %q, want %q", key, entities[key], want)
		}
	}
	places := 0
	for key, e := range entities {
		if strings.HasPrefix(key, "icews-geo-") {
			places++
			if !strings.HasPrefix(e, "location ") {
				t.Errorf("place %s: %s", key, e)
			}
		}
	}
	if places != 3 || entities[rels["30100001 of 2020-01-03"].Participants[0].Entity] != "location Baghdad Baghdad, Baghdad, Iraq" ||
		entities[rels["30100006 of 2020-01-08"].Participants[0].Entity] != "location Al Anbar Al Anbar, Iraq" {
		t.Errorf("%d places: %v", places, entities)
	}
}

// A row's relation id is made of its Event ID and Event Date alone: the
// row keeps it when it is recoded, moved to another story or written with
// the date as M/D/YYYY, and loses it with another date or id.
func TestIDs(t *testing.T) {
	rows := table(t)[:3]
	id := func(rows [][]string) string {
		docs, _ := read(t, "x.tab", join(rows))
		for _, d := range docs {
			for _, r := range d.Relations {
				if strings.HasPrefix(r.Sources[0].Quote, "ICEWS event "+rows[len(rows)-1][col(t, "Event ID")]+" ") {
					return r.ID
				}
			}
		}
		t.Fatal("no relation of the last row")
		return ""
	}
	want := id(rows)
	change := func(column, value string) [][]string {
		rs := [][]string{rows[0], rows[1], slices.Clone(rows[2])}
		rs[2][col(t, column)] = value
		return rs
	}
	for column, value := range map[string]string{"CAMEO Code": "040", "Story ID": "1", "Event Date": "1/3/2020", "Source Name": "Iraq"} {
		if got := id(change(column, value)); got != want {
			t.Errorf("with %s %s the id is %s, want %s", column, value, got, want)
		}
	}
	for column, value := range map[string]string{"Event Date": "2020-01-04", "Event ID": "30100009"} {
		if got := id(change(column, value)); got == want {
			t.Errorf("with %s %s the id is still %s", column, value, got)
		}
	}
}

// Columns are read by name: any order of them or of the rows gives the
// same documents (but for the lines they start at), and so does reading
// the file again.
func TestColumnOrder(t *testing.T) {
	rows := table(t)
	want, _ := read(t, fixture, join(rows))
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
	got, _ := read(t, fixture, join(shuffled))
	for i := range got { // a story's line is where its first row is
		got[i].Line, want[i].Line = 0, 0
	}
	if !reflect.DeepEqual(got, want) {
		t.Error("shuffled columns and rows give other documents")
	}
}

func TestMissingColumns(t *testing.T) {
	rows := table(t)
	for i, r := range rows {
		rows[i] = slices.Delete(slices.Clone(r), col(t, "CAMEO Code"), col(t, "CAMEO Code")+1)
	}
	docs, probs := Reader{}.Read("x.tab", join(rows))
	if len(docs) != 0 || len(probs) != 1 || probs[0].Line != 1 || probs[0].Severity != annotation.Error ||
		!strings.Contains(probs[0].Message, `lacks required columns: "CAMEO Code"; is this an ICEWS file?`) {
		t.Errorf("%d documents, problems %v", len(docs), probs)
	}
}

func TestBadRows(t *testing.T) {
	for _, tc := range []struct {
		column, value, want string
	}{
		{"Event ID", "3010x", `column 1 Event ID: "3010x" is not a number`},
		{"Event Date", "2020-02-30", `column 2 Event Date: "2020-02-30" is not a date YYYY-MM-DD (or M/D/YYYY)`},
		{"Event Date", "13/1/2020", `column 2 Event Date: "13/1/2020" is not a date`},
		{"Event Date", "", `column 2 Event Date: "" is not a date`},
		{"CAMEO Code", "13y", `column 7 CAMEO Code: "13y" is not a CAMEO code`},
		{"CAMEO Code", "195.0", `column 7 CAMEO Code: "195.0" is not a CAMEO code`},
		{"Intensity", "-11", `column 8 Intensity: "-11" is not a number from -10 to 10`},
		{"Intensity", "NaN%", `column 8 Intensity: "NaN%" is not a number`},
		{"Story ID", "s1", `column 12 Story ID: "s1" is not a number`},
		{"Sentence Number", "2b", `column 13 Sentence Number: "2b" is not a number`},
	} {
		rows := table(t)[:3]
		rows[2][col(t, tc.column)] = tc.value
		docs, probs := Reader{}.Read("x.tab", join(rows))
		if len(docs) != 1 || len(docs[0].Relations) != 1 || len(probs) != 1 {
			t.Errorf("%s: %d documents, problems %v", tc.want, len(docs), probs)
			continue
		}
		if p := probs[0]; p.Severity != annotation.Warning || p.Line != 3 || p.File != "x.tab" || !strings.Contains(p.Message, tc.want) || !strings.HasSuffix(p.Message, "; row skipped") {
			t.Errorf("problem %s, want line 3: %s", p, tc.want)
		}
	}
	rows := table(t)[:3]
	rows = append(rows, rows[2], append(slices.Clone(rows[1]), "extra"))
	docs, probs := Reader{}.Read("x.tab", join(rows))
	if len(docs) != 2 || len(probs) != 2 || probs[0].Line != 4 || probs[0].Message != "Event ID 30100002 of 2020-01-03 is also on line 3; row skipped" ||
		probs[1].Message != "1 row skipped with more tab-separated fields than the 20 columns of the header, the extra ones not empty (line 5)" {
		t.Errorf("%d documents, problems %v", len(docs), probs)
	}
	rows = table(t)[:2]
	for _, c := range []string{"Name", "Country", "Sectors"} {
		rows[1][col(t, "Target "+c)] = rows[1][col(t, "Source "+c)]
	}
	if docs, probs := (Reader{}).Read("x.tab", join(rows)); len(docs) != 0 || len(probs) != 2 ||
		probs[0].Message != "1 row skipped with the same actor as source and target (line 2)" || probs[1].Message != "no event could be read from this file" {
		t.Errorf("%d documents, problems %v", len(docs), probs)
	}
}

func TestActor(t *testing.T) {
	for _, tc := range []struct {
		name, country, sectors string
		key, kind              string
	}{
		{"Iraq", "Iraq", "", "icews-irq", "country"},
		{"Iraq", "", "", "icews-irq", "country"},
		{"Russian Federation", "Russian Federation", "", "icews-russian-federation", "country"},
		{"Military (Iran)", "Iran", "Military,Government", "icews-irn-military", "military"},
		{"Foreign Affairs (Bangladesh)", "Bangladesh", "Executive,Foreign Ministry,Government", "icews-bgd-foreign-affairs", "government"},
		{"Citizen (Japan)", "Japan", "General Population / Civilian / Social,Social", "icews-jpn-citizen", "organization"},
		{"Insurgent (Iraq)", "Iraq", "Insurgents", "icews-irq-insurgent", "armed_group"},
		{"Military (Iran)", "", "Military", "icews-military-iran", "military"},
		{"Qassem Soleimani", "Iran", "Military,Elite", "icews-irn-qassem-soleimani", "military"},
		{"Reuters", "", "", "icews-reuters", "organization"},
		{strings.Repeat("Long Name ", 30), "Iraq", "", "icews-irq-long-name-long-name", "organization"},
	} {
		e := actor(tc.name, tc.country, tc.sectors)
		if !strings.HasPrefix(e.Key, tc.key) || e.Kind != tc.kind || e.Names["en"] != tc.name || len(e.Key) > 120 {
			t.Errorf("actor(%q, %q, %q) = %s %s, want %s %s", tc.name, tc.country, tc.sectors, e.Key, e.Kind, tc.key, tc.kind)
		}
	}
	for _, name := range []string{"", "—", "( )"} {
		if e := actor(name, "Iraq", ""); e.Key != "" {
			t.Errorf("actor(%q) has key %q", name, e.Key)
		}
	}
}

func TestDetect(t *testing.T) {
	header := strings.Join(table(t)[0], "\t")
	for _, tc := range []struct {
		file, head string
		want       bool
	}{
		{"events.2013.20150313084929.tab", "", true},
		{"Events.2017.20200602.tab", "", true},
		{"20200517-icews-events.tab", "", true},
		{"icews-2020.tsv", "", true},
		{"week.tsv", header + "\n", true},
		{"week.tsv", "event_id\tsource_name\tcameo_code\ttarget_name\n", true},
		{"week.tsv", "Event ID\tEvent Date\tEvent Type\tActor Name\n", false}, // POLECAT
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
	f.Add(join(rows[:2]))
	f.Add(join([][]string{rows[0], rows[1], rows[1]}))
	f.Add(join([][]string{{"event_id", "event_date", "source_name", "cameo_code", "target_name", "story_id", "country"},
		{"1", "1/3/2020", "Iraq", "0874", "(Iraq)", "", "None"}, {"1", "2020-01-03", "A", "20", "B", "2", "Iraq"}}))
	f.Fuzz(func(t *testing.T, data []byte) {
		docs, probs := Reader{}.Read("fuzz.tab", data)
		eventdatatest.Fuzzed(t, "icews", "fuzz.tab", docs, probs)
		for _, d := range docs {
			for _, r := range d.Relations {
				if len(r.Sources) != 1 || r.Confidence == nil || r.Date == "" {
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
