package acled

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/formats/eventdata/eventdatatest"
)

const (
	apiFixture         = "../../../fixtures/acled/acled-api-read-iraq-2019-12-01-2020-01-31.json"
	deletedFixture     = "../../../fixtures/acled/acled-api-deleted-2020-09-15.json"
	deletedCSVFixture  = "../../../fixtures/acled/acled-api-deleted-2020-09-15.csv"
	fixtureEdited      = 1600000000 // the timestamp of every row of the CSV fixture
	apiFixtureEdited   = 1600300000 // of the edited and the new event of the API fixture
	deletedFixtureTime = 1600200000
)

// answer is an answer of the API's read command holding records.
func answer(t testing.TB, records []map[string]any) []byte {
	t.Helper()
	data, err := json.Marshal(map[string]any{"status": 200, "success": true, "last_update": 1, "count": len(records), "messages": []any{}, "data": records, "filename": "x"})
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// records returns the rows of the CSV fixture as the API's records, every
// value a string; with numbers, time_precision, fatalities and timestamp
// are JSON numbers and empty values null, as the API may give them.
func records(t testing.TB, numbers bool) []map[string]any {
	rows := table(t)
	var out []map[string]any
	for _, r := range rows[1:] {
		rec := map[string]any{}
		for i, name := range rows[0] {
			var v any = r[i]
			switch {
			case numbers && r[i] == "":
				v = nil
			case numbers && (name == "time_precision" || name == "fatalities" || name == "timestamp"):
				v = json.Number(r[i])
			}
			rec[name] = v
		}
		out = append(out, rec)
	}
	return out
}

// bare leaves out where documents were read from.
func bare(docs []annotation.Document) []annotation.Document {
	out := slices.Clone(docs)
	for i := range out {
		out[i].File, out[i].Line = "", 0
	}
	return out
}

// The same events give the same documents from a CSV export and from the
// API's JSON, of strings or of numbers and nulls, but at the lines of
// their records.
func TestJSONIsCSV(t *testing.T) {
	want, wantProbs := read(t, fixture, readFixture(t))
	for _, numbers := range []bool{false, true} {
		data := answer(t, records(t, numbers))
		docs, probs := read(t, "x.json", data)
		if !reflect.DeepEqual(bare(docs), bare(want)) {
			t.Errorf("numbers %v: documents differ:\n%+v\nwant\n%+v", numbers, bare(docs), bare(want))
		}
		for _, d := range docs {
			if d.File != "x.json" || d.Line != 1 || d.Dataset.Edited != fixtureEdited {
				t.Errorf("document %s of %s:%d, edited %d", d.Dataset.ID, d.File, d.Line, d.Dataset.Edited)
			}
		}
		if len(probs) != len(wantProbs) || !strings.Contains(probs[0].Message, "skipped with a sub-event type that no relation type stands for (line 1)") {
			t.Errorf("numbers %v: problems %v, want those of %v", numbers, probs, wantProbs)
		}
	}
	// Pretty-printed, each record is at the line where it starts.
	pretty, err := json.MarshalIndent(map[string]any{"success": true, "data": records(t, false)}, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	docs, _ := read(t, "x.json", pretty)
	lines := strings.Split(string(pretty), "\n")
	for _, d := range docs {
		if !strings.Contains(lines[d.Line-1], "{") || !strings.Contains(lines[d.Line], `"actor1"`) {
			t.Errorf("document %s at line %d: %q", d.Dataset.ID, d.Line, lines[d.Line-1])
		}
	}
}

func TestAPIFixture(t *testing.T) {
	data := eventdatatest.ReadFile(t, apiFixture)
	docs, probs := read(t, apiFixture, data)
	if len(probs) != 0 {
		t.Errorf("problems %v", probs)
	}
	csvDocs, _ := read(t, fixture, readFixture(t))
	byID := map[string]annotation.Document{}
	for _, d := range csvDocs {
		byID[d.Dataset.ID] = d
	}
	var ids []string
	for _, d := range docs {
		ids = append(ids, d.Dataset.ID)
		old, inCSV := byID[d.Dataset.ID]
		switch d.Dataset.ID {
		case "irq41006": // as in the export
			if !reflect.DeepEqual(bare([]annotation.Document{d}), bare([]annotation.Document{old})) {
				t.Errorf("irq41006 is not as in the export: %+v", d)
			}
		case "irq41002": // edited since: its notes
			q := d.Relations[0].Sources[0].Quote
			if !inCSV || d.Dataset.Edited != apiFixtureEdited || !strings.Contains(q, "five Kata'ib Hezbollah sites") || reflect.DeepEqual(d.Relations, old.Relations) {
				t.Errorf("irq41002, edited: %d, %q", d.Dataset.Edited, q)
			}
		case "irq41008": // new
			r := d.Relations[0]
			if inCSV || r.Type != "attacks" || r.Source != "acled-unidentified-armed-group-iraq" || r.Target != "acled-military-forces-of-iraq-2018" || r.Date != "2020-01-12" {
				t.Errorf("irq41008: %+v", r)
			}
		}
	}
	if want := []string{"irq41002", "irq41006", "irq41008"}; !slices.Equal(ids, want) {
		t.Errorf("documents %v, want %v", ids, want)
	}
}

func TestAPIRefused(t *testing.T) {
	rec := records(t, false)[1]
	good := string(answer(t, []map[string]any{rec}))
	for _, tc := range []struct{ name, data, want string }{
		{"error", `{"status":403,"success":false,"error":{"status":403,"message":"Access key and email address are not authorized"}}`,
			"the ACLED API answered with an error: status 403: Access key and email address are not authorized; the file holds no records"},
		{"error as a string", `{"success":false,"error":"Invalid parameter"}`, "the ACLED API answered with an error: Invalid parameter;"},
		{"error without a message", `{"success":false,"data":[]}`, `"success": false, without a message`},
		{"count", strings.Replace(good, `"count":1`, `"count":2`, 1), `"count" says 2 records but "data" holds 1`},
		{"count as a string", strings.Replace(good, `"count":1`, `"count":"3"`, 1), `"count" says 3 records`},
		{"no data", `{"status":200,"success":true,"count":0}`, `the answer has no "data"`},
		{"data not a list", `{"success":true,"data":{}}`, `"data" is not a list of records`},
		{"record not an object", `{"success":true,"data":[{"event_id_cnty":"X1"},"X2"]}`, `record 1 of "data" is not an object`},
		{"a bare list", `[{"event_id_cnty":"X1"}]`, "not an answer of ACLED's API"},
		{"two answers", good + good, "more after the answer's object"},
		{"not JSON", "{\n\"success\":true,\n\"data\":[x]}", "not JSON: invalid character 'x'"},
		{"cut short", good[:len(good)/2], "looks cut short"},
		{"no events", `{"status":200,"success":true,"count":0,"data":[]}`, "no event could be read from this file"},
		{"no required field", `{"success":true,"data":[{"event_id_cnty":"X1"}]}`, `the records lack required fields: "event_date"`},
	} {
		docs, probs := Reader{}.Read("x.json", []byte(tc.data))
		if errs := probs.Errors(); len(docs) != 0 || len(errs) != 1 || !strings.Contains(errs[0].Message, tc.want) || errs[0].File != "x.json" {
			t.Errorf("%s: %d documents, problems %v; want an error %q", tc.name, len(docs), probs, tc.want)
		}
	}
	// A syntax error is at its line.
	_, probs := Reader{}.Read("x.json", []byte("{\n\"success\":true,\n\"data\":[x]}"))
	if probs[0].Line != 3 {
		t.Errorf("syntax error at line %d, want 3", probs[0].Line)
	}
}

// A record's field that cannot be read skips the record, with a warning
// that names the field by its JSON pointer; a value that is not a string
// or a number is read as empty, counted.
func TestAPIBadRecord(t *testing.T) {
	recs := records(t, false)
	recs[0]["event_date"] = "the day after"
	recs[2]["assoc_actor_1"] = []any{"Kata'ib Hezbollah"}
	docs, probs := read(t, "x.json", answer(t, recs))
	var got []string
	for _, p := range probs {
		got = append(got, p.Pointer+" "+p.Message)
	}
	want := []string{
		`/data/0/event_date "the day after" is not a date YYYY-MM-DD or "3 January 2020"; row skipped`,
		` 1 row skipped with a sub-event type that no relation type stands for (line 1)`,
		` 1 row skipped without actor1 or actor2 (line 1)`,
		` 1 row with a field "assoc_actor_1" that is not a string or a number, read as empty (line 1)`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(docs) != 4 {
		t.Errorf("%d documents, want 4", len(docs))
	}
}

func TestDetectAPI(t *testing.T) {
	read := string(eventdatatest.ReadFile(t, apiFixture))
	deleted := string(eventdatatest.ReadFile(t, deletedFixture))
	deletedCSV := string(eventdatatest.ReadFile(t, deletedCSVFixture))
	for _, tc := range []struct {
		file, head  string
		events, del bool
	}{
		{"answer.json", read[:200], true, false},
		{"answer.json", "\ufeff \n" + read, true, false},
		{"answer.json", `{"status":403,"success":false,"error":{"status":403,"message":"no"}}`, true, false},
		{"acled.json", `{}`, true, false},
		{"deleted.json", deleted, false, true},
		{"acled-deleted.json", deleted, false, true},
		{"deleted.csv", deletedCSV, false, true},
		{"acled-deleted.csv", deletedCSV, false, true},
		{"article.json", `{"geokg":1,"article":{"id":"x"}}`, false, false},
		{"tasks.json", `[{"data":{"text":"x"},"annotations":[]}]`, false, false},
		{"list.csv", "id,deleted\nX1,1\n", false, false},
	} {
		if got := (Reader{}).Detect(tc.file, []byte(tc.head)); got != tc.events {
			t.Errorf("Reader.Detect(%s, %.40q) = %v", tc.file, tc.head, got)
		}
		if got := (DeletedReader{}).Detect(tc.file, []byte(tc.head)); got != tc.del {
			t.Errorf("DeletedReader.Detect(%s, %.40q) = %v", tc.file, tc.head, got)
		}
	}
}

func FuzzReadAPI(f *testing.F) {
	f.Add(eventdatatest.ReadFile(f, apiFixture))
	f.Add(answer(f, records(f, true)))
	f.Add([]byte(`{"success":false,"error":[{"status":400,"message":"x"}]}`))
	f.Add([]byte(`{"count":"1","data":[{"event_id_cnty":"X1","event_date":"2020-01-01","event_type":"Battles","sub_event_type":"Armed clash","actor1":"A","actor2":"B","time_precision":2,"timestamp":null}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		docs, probs := Reader{}.Read("fuzz.json", data)
		eventdatatest.Fuzzed(t, "acled", "fuzz.json", docs, probs)
		for _, d := range docs {
			if d.Line < 1 || d.Dataset.Edited < 0 {
				t.Fatalf("document %+v at line %d", d.Dataset, d.Line)
			}
		}
	})
}
