package polecat

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/formats/eventdata/eventdatatest"
	"github.com/geokg/geokg/internal/ontology"
)

const fixture = "../../../fixtures/events/polecat-2021-07-26.tsv"

func readFixture(t testing.TB) []byte { return eventdatatest.ReadFile(t, fixture) }

// table returns the fixture's header and rows as fields.
func table(t testing.TB) [][]string {
	var out [][]string
	for _, l := range strings.Split(strings.TrimSpace(string(readFixture(t))), "\n") {
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
func col(t testing.TB, name string) int {
	i := slices.Index(table(t)[0], name)
	if i < 0 {
		t.Fatalf("no column %q", name)
	}
	return i
}

func mustRead(t *testing.T, file string, data []byte) annotation.Document {
	t.Helper()
	docs, probs := Reader{}.Read(file, data)
	if probs.HasErrors() || len(docs) != 1 {
		t.Fatalf("got %d documents, problems %v", len(docs), probs)
	}
	if errs := (annotation.Checker{Vocabulary: ontology.Default()}).Check(&docs[0]).Errors(); len(errs) > 0 {
		t.Fatalf("checker: %v", errs)
	}
	return docs[0]
}

func TestFixture(t *testing.T) {
	doc := mustRead(t, fixture, readFixture(t))
	_, probs := Reader{}.Read(fixture, readFixture(t))
	if len(probs) != 1 || !strings.Contains(probs[0].Message, "1 row skipped without Actor Name or Recipient Name (line 11)") {
		t.Errorf("problems = %v, want one summary warning for line 11", probs)
	}
	if d := doc.Dataset; d.ID != "polecat-2021-07-26" || d.Format != "polecat" {
		t.Errorf("dataset = %+v", d)
	}
	got := map[string]string{}
	for _, e := range doc.Entities {
		got[e.Key] = e.Kind + " " + e.Names["en"] + " " + e.Wikidata
	}
	want := map[string]string{
		"Q30":                            "country United States Q30",
		"Q796":                           "country Iraq Q796",
		"Q794":                           "country Iran Q794",
		"Q6279":                          "person Joe Biden Q6279",
		"polecat-irq-mustafa-al-kadhimi": "person Mustafa al-Kadhimi ",
		"polecat-irq-kata-ib-hezbollah":  "armed_group Kata'ib Hezbollah ",
		"polecat-geo-4140963":            "location Washington ",
		"polecat-geo-98182":              "location Baghdad ",
		"polecat-geo-112931":             "location Tehran ",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("entities\n got %v\nwant %v", got, want)
	}
	types := map[string]int{}
	for _, r := range doc.Relations {
		types[r.Type]++
	}
	wantTypes := map[string]int{"agrees_with": 1, "consults": 1, "withdraws_from": 1, "aids": 1, "supports": 1, "threatens": 1, "accuses": 1}
	if !reflect.DeepEqual(types, wantTypes) {
		t.Errorf("types = %v, want %v", types, wantTypes)
	}
	agree := doc.Relations[slices.IndexFunc(doc.Relations, func(r annotation.Relation) bool { return r.Type == "agrees_with" })]
	if agree.Source != "Q30" || agree.Target != "Q796" || agree.Date != "2021-07-26" || len(agree.Sources) != 3 ||
		*agree.Confidence != 0.7 || agree.Note != "PLOVER AGREE, contexts military, intensity 4.5" ||
		agree.Participants[0] != (annotation.Participant{Entity: "polecat-geo-4140963", Role: "location"}) {
		t.Errorf("agree = %+v", agree)
	}
	if s := agree.Sources[0]; s.Published != "2021-07-26" || !strings.HasPrefix(s.URL, "https://example.org/") ||
		s.Quote != "POLECAT event 20210726-0001-ex01_AGREE (AGREE; example-wire): United States → Iraq" {
		t.Errorf("source = %+v", s)
	}
}

// Columns are read by name: any order of them gives the same document.
func TestColumnOrder(t *testing.T) {
	rows := table(t)
	want := mustRead(t, fixture, join(rows))
	perm := rand.New(rand.NewPCG(1, 2)).Perm(len(rows[0]))
	shuffled := make([][]string, len(rows))
	for i, r := range rows {
		for _, j := range perm {
			shuffled[i] = append(shuffled[i], r[j])
		}
	}
	slices.Reverse(shuffled[1:])
	if got := mustRead(t, fixture, join(shuffled)); !reflect.DeepEqual(got, want) {
		t.Error("shuffled columns and rows give another document")
	}
	if again := mustRead(t, fixture, join(rows)); !reflect.DeepEqual(again, want) {
		t.Error("two reads of the same file differ")
	}
}

func TestMissingColumns(t *testing.T) {
	rows := table(t)
	for i, r := range rows {
		rows[i] = slices.Delete(slices.Clone(r), col(t, "Event Type"), col(t, "Event Type")+1)
	}
	rows[0][0] = "ID"
	docs, probs := Reader{}.Read("p.tsv", join(rows))
	if len(docs) != 0 || len(probs) != 1 || probs[0].Line != 1 ||
		!strings.Contains(probs[0].Message, `lacks required columns: "Event ID", "Event Type"`) {
		t.Errorf("%d documents, problems %v", len(docs), probs)
	}
}

func TestBadRows(t *testing.T) {
	for _, tc := range []struct {
		column, value, want string
	}{
		{"Event Date", "2021-02-30", `column 2 Event Date: "2021-02-30" is not a date YYYY-MM-DD`},
		{"Event Date", "None", `column 2 Event Date: "" is not a date YYYY-MM-DD`},
		{"Event Type", "AGREEX", `column 3 Event Type: "AGREEX" is not a PLOVER event type`},
		{"Publication Date", "last week", `column 35 Publication Date: "last week" is not a date`},
	} {
		rows := table(t)[:3]
		rows[2][col(t, tc.column)] = tc.value
		docs, probs := Reader{}.Read("p.tsv", join(rows))
		if len(docs) != 1 || len(probs) != 1 {
			t.Errorf("%s: %d documents, problems %v", tc.want, len(docs), probs)
			continue
		}
		if p := probs[0]; p.Severity != annotation.Warning || p.Line != 3 || !strings.Contains(p.Message, tc.want) {
			t.Errorf("problem %s, want line 3: %s", p, tc.want)
		}
	}
	rows := table(t)[:3]
	rows[2] = append(rows[2], "", "extra")
	_, probs := Reader{}.Read("p.tsv", join(rows))
	if len(probs) != 1 || probs[0].Message != "1 row skipped with more tab-separated fields than the 41 columns of the header, the extra ones not empty (line 3)" {
		t.Errorf("problems %v", probs)
	}
}

// The header variants of the releases: a column the reader does not know,
// anywhere, and extra tabs, are read by name without shifting a column; a
// row whose fields do not line up with the header's columns is skipped,
// counted in one warning naming its lines.
func TestHeaderVariants(t *testing.T) {
	rows := table(t)
	want := mustRead(t, fixture, join(rows))
	with := func(edit func(i int, r []string) []string) []byte {
		out := make([][]string, len(rows))
		for i, r := range rows {
			out[i] = edit(i, slices.Clone(r))
		}
		return join(out)
	}
	headline := with(func(i int, r []string) []string {
		h := "Headline"
		if i > 0 {
			h = fmt.Sprintf("Headline of story %d", i)
		}
		return slices.Insert(r, col(t, "Actor Name"), h)
	})
	trailing := with(func(_ int, r []string) []string { return append(r, "") })
	headerTab := with(func(i int, r []string) []string {
		if i == 0 {
			r = append(r, "", "")
		}
		return r
	})
	for name, tc := range map[string]struct {
		data []byte
		warn string
	}{
		"headline":            {headline, ""},
		"a tab after each":    {trailing, "10 rows with empty fields after the 41 columns of the header, read without them (lines 2, 3, 4, 5, 6 and 5 more)"},
		"tabs after a header": {headerTab, ""},
	} {
		docs, probs := Reader{}.Read(fixture, tc.data)
		if len(docs) != 1 || !reflect.DeepEqual(docs[0], want) {
			t.Errorf("%s: %d documents, not the fixture's; problems %v", name, len(docs), probs)
		}
		if probs.HasErrors() || len(probs) != 1+min(1, len(tc.warn)) || (tc.warn != "" && probs[len(probs)-1].Message != tc.warn) {
			t.Errorf("%s: problems %v, want the fixture's and %q", name, probs, tc.warn)
		}
	}

	// A headline with a tab in it, a row with a tab missing: skipped.
	data := with(func(i int, r []string) []string {
		r = slices.Insert(r, col(t, "Actor Name"), "Headline")
		switch i {
		case 2, 5:
			r[col(t, "Actor Name")] = "Iraq\tUS agree"
		case 3:
			r = slices.Delete(r, col(t, "Contexts"), col(t, "Contexts")+1)
		}
		return r
	})
	docs, probs := Reader{}.Read(fixture, data)
	if len(docs) != 1 || probs.HasErrors() {
		t.Fatalf("%d documents, problems %v", len(docs), probs)
	}
	var warned []string
	for _, p := range probs {
		warned = append(warned, p.Message)
	}
	slices.Sort(warned)
	wantWarned := []string{
		"1 row skipped with fewer tab-separated fields than the 42 columns of the header (line 4)",
		"1 row skipped without Actor Name or Recipient Name (line 11)",
		"2 rows skipped with more tab-separated fields than the 42 columns of the header, the extra ones not empty (lines 3, 6)",
	}
	if !slices.Equal(warned, wantWarned) {
		t.Errorf("warnings\n%v\nwant\n%v", strings.Join(warned, "\n"), strings.Join(wantWarned, "\n"))
	}
	if n := len(docs[0].Relations); n >= len(want.Relations) {
		t.Errorf("%d relations from 3 rows fewer, the fixture has %d", n, len(want.Relations))
	}
}

func TestPLOVER(t *testing.T) {
	for _, tc := range []struct{ typ, mode, want string }{
		{"AGREE", "", "agrees_with"}, {"agree", "None", "agrees_with"}, {"ASSAULT", "aerial", "strikes_from_air"},
		{"ASSAULT", "firearms", "attacks"}, {"RETREAT", "withdraw", "withdraws_from"}, {"CONSULT", "visit", "consults"},
		{"THREATEN", "", "threatens"}, {"SANCTION", "", "sanctions"}, {"MOBILIZE", "troops", "mobilizes"},
	} {
		rows := table(t)[:2]
		rows[1][col(t, "Event Type")], rows[1][col(t, "Event Mode")] = tc.typ, tc.mode
		if got := mustRead(t, "p.tsv", join(rows)).Relations[0].Type; got != tc.want {
			t.Errorf("PLOVER %s %s → %s, want %s", tc.typ, tc.mode, got, tc.want)
		}
	}
}

func TestSeveralActors(t *testing.T) {
	rows := table(t)[:2]
	r := rows[1]
	r[col(t, "Actor Name")] = "United States; Joe Biden"
	r[col(t, "Wikipedia Actor ID")] = "Q30; Q6279"
	r[col(t, "Actor Title")] = "None; President"
	r[col(t, "Actor Country")] = "USA; USA"
	r[col(t, "Recipient Name")] = "Iraq; United States"
	r[col(t, "Wikipedia Recipient ID")] = "Q796;Q30"
	doc := mustRead(t, "p.tsv", join(rows))
	var pairs []string
	for _, rel := range doc.Relations {
		pairs = append(pairs, rel.Source+">"+rel.Target)
	}
	slices.Sort(pairs)
	if want := []string{"Q30>Q796", "Q6279>Q30", "Q6279>Q796"}; !slices.Equal(pairs, want) { // not Q30>Q30
		t.Errorf("pairs = %v, want %v", pairs, want)
	}
}

func TestParty(t *testing.T) {
	for _, tc := range []struct {
		name, country, qid, title, sector string
		key, kind                         string
	}{
		{"United States", "USA", "Q30", "", "GOV", "Q30", "country"},
		{"Iraqi Government", "IRQ", "", "", "Government", "polecat-irq-iraqi-government", "government"},
		{"Popular Mobilization Forces", "IRQ", "12345", "", "MIL", "polecat-irq-popular-mobilization-forces", "military"},
		{"Kata'ib Hezbollah", "IRQ", "", "", "REB", "polecat-irq-kata-ib-hezbollah", "armed_group"},
		{"United Nations", "IGO", "q1065", "", "", "Q1065", "igo"},
		{"Joe Biden", "USA", "", "President", "GOV", "polecat-usa-joe-biden", "person"},
		{"Reuters", "", "", "", "MED", "polecat-reuters", "organization"},
	} {
		e, ok := party(tc.name, tc.country, tc.qid, tc.title, tc.sector)
		if !ok || e.Key != tc.key || e.Kind != tc.kind {
			t.Errorf("party(%q) = %s %s, want %s %s", tc.name, e.Key, e.Kind, tc.key, tc.kind)
		}
	}
	if _, ok := party("—", "", "", "", ""); ok {
		t.Error("a name without letters makes a party")
	}
}

func TestDetect(t *testing.T) {
	header := strings.Join(table(t)[0], "\t")
	for _, tc := range []struct {
		file, head string
		want       bool
	}{
		{"ngecEvents.20230103111842.Release603.DV.txt", "", true},
		{"polecat-2021-07-26.tsv", "", true},
		{"week.tsv", header + "\n", true},
		{"week.tsv", "event_id\tevent_type\tactor_name\n", true},
		{"week.tsv", "a\tb\n", false},
		{"20200103.export.CSV", "1\t20200103", false},
	} {
		if got := (Reader{}).Detect(tc.file, []byte(tc.head)); got != tc.want {
			t.Errorf("Detect(%q) = %v, want %v", tc.file, got, tc.want)
		}
	}
}

func FuzzRead(f *testing.F) {
	f.Add(readFixture(f))
	rows := table(f)
	f.Add(join(rows[:2]))
	f.Add(join([][]string{{"Event ID", "Event Date", "Event Type", "Actor Name", "Recipient Name", "Event Mode", "Placename"},
		{"1", "2021-07-26", "assault", "A;B", "B;C", "aerial", "X"}}))
	f.Add(join([][]string{{"Event ID", "Event Date", "Headline", "Event Type", "Actor Name", "Recipient Name", ""},
		{"1", "2021-07-26", "A\tB", "AGREE", "A", "B", ""}, {"2", "2021-07-26", "AGREE", "A", "B"}, {"3", "2021-07-26", "h", "AGREE", "A", "B", "", ""}}))
	check := annotation.Checker{Vocabulary: ontology.Default()}
	f.Fuzz(func(t *testing.T, data []byte) {
		docs, probs := Reader{}.Read("fuzz.tsv", data)
		if len(docs) == 0 && !probs.HasErrors() {
			t.Fatal("no document and no error")
		}
		for i := range docs {
			d := &docs[i]
			if d.Dataset == nil || d.Dataset.Format != "polecat" || len(d.Relations) == 0 {
				t.Fatalf("document %+v", d)
			}
			if errs := check.Check(d).Errors(); len(errs) > 0 {
				t.Fatalf("checker: %v", errs)
			}
			for _, r := range d.Relations {
				if len(r.Sources) == 0 || r.Confidence == nil {
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
