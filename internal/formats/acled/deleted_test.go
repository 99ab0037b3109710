package acled

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/formats/eventdata/eventdatatest"
)

// removals returns what the documents remove: "source@deleted line".
func removals(t *testing.T, docs []annotation.Document) []string {
	t.Helper()
	var out []string
	for _, d := range docs {
		if d.Removal == nil || d.Dataset != nil || d.SourceID() != d.Removal.Source {
			t.Fatalf("document %+v", d)
		}
		out = append(out, fmt.Sprintf("%s@%d %d", d.Removal.Source, d.Removal.Deleted, d.Line))
	}
	return out
}

// The API's list of deleted events, in JSON or CSV, names the sources of
// the events Reader reads, in lower case.
func TestDeletedFixtures(t *testing.T) {
	for file, want := range map[string][]string{
		deletedFixture:    {"acled:irq40999@1600200000 1", "acled:irq41003@1600200000 1"},
		deletedCSVFixture: {"acled:irq40999@1600200000 3", "acled:irq41003@1600200000 2"},
	} {
		docs, probs := DeletedReader{}.Read(file, eventdatatest.ReadFile(t, file))
		if got := removals(t, docs); len(probs) != 0 || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %v, problems %v; want %v", file, got, probs, want)
		}
	}
	events, _ := read(t, fixture, readFixture(t))
	for _, d := range events {
		if d.Dataset.ID == "irq41003" && d.SourceID() != "acled:irq41003" {
			t.Errorf("the event deleted is source %s", d.SourceID())
		}
	}
}

func TestDeletedRows(t *testing.T) {
	// An event listed twice is removed once, at the later time; a row that
	// cannot be read is an error, and left out.
	docs, probs := DeletedReader{}.Read("d.csv", []byte("event_id_cnty,deleted_timestamp\nIRQ1,100\nirq1,300\nIRQ2,200\n1RQ3,100\nIRQ4,soon\nIRQ5,\n"))
	if got, want := removals(t, docs), []string{"acled:irq1@300 2", "acled:irq2@200 4"}; !reflect.DeepEqual(got, want) {
		t.Errorf("removals %v, want %v", got, want)
	}
	var msgs []string
	for _, p := range probs {
		msgs = append(msgs, fmt.Sprintf("%s %d %s", p.Severity, p.Line, p.Message))
	}
	want := []string{
		`error 5 column 1 event_id_cnty: "1RQ3" is not an ACLED event id (letters of a country, then digits)`,
		`error 6 column 2 deleted_timestamp: "soon" is not a time in seconds since 1970`,
		`error 7 column 2 deleted_timestamp: "" is not a time in seconds since 1970`,
	}
	if !reflect.DeepEqual(msgs, want) {
		t.Errorf("problems\n%s\nwant\n%s", strings.Join(msgs, "\n"), strings.Join(want, "\n"))
	}
	// In JSON, the error names the field by its pointer, and a time may be
	// a number.
	docs, probs = DeletedReader{}.Read("d.json", []byte(`{"success":true,"data":[{"event_id_cnty":"IRQ1","deleted_timestamp":1600200000},{"event_id_cnty":"","deleted_timestamp":"1"}]}`))
	if got := removals(t, docs); !reflect.DeepEqual(got, []string{"acled:irq1@1600200000 1"}) || len(probs) != 1 || probs[0].Pointer != "/data/1/event_id_cnty" || probs[0].Severity != annotation.Error {
		t.Errorf("removals %v, problems %v", got, probs)
	}
	// An empty list removes nothing, and says so; a file that is not a
	// list, or an error of the API, is refused.
	for data, want := range map[string]string{
		`{"status":200,"success":true,"count":0,"data":[]}`:       "warning the list of deleted events is empty: nothing to remove",
		"event_id_cnty,deleted_timestamp\n":                       "warning the list of deleted events is empty: nothing to remove",
		`{"success":false,"error":{"status":403,"message":"no"}}`: "error the ACLED API answered with an error: status 403: no",
		"event_id_cnty\nIRQ1\n":                                   `error the header lacks required columns: "deleted_timestamp"`,
		"event_id_cnty,deleted_timestamp\nIRQ1,1":                 "error the file ends in the middle of a line",
	} {
		docs, probs := DeletedReader{}.Read("d", []byte(data))
		if len(docs) != 0 || len(probs) != 1 || !strings.HasPrefix(string(probs[0].Severity)+" "+probs[0].Message, want) {
			t.Errorf("%q: %d documents, problems %v; want %q", data, len(docs), probs, want)
		}
	}
}

func FuzzReadDeleted(f *testing.F) {
	f.Add(eventdatatest.ReadFile(f, deletedFixture))
	f.Add(eventdatatest.ReadFile(f, deletedCSVFixture))
	f.Add([]byte("event_id_cnty,deleted_timestamp\nIRQ1,100\nirq1,300\nX,y\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		docs, probs := DeletedReader{}.Read("fuzz", data)
		if len(docs) == 0 && len(probs) == 0 {
			t.Fatal("no removal and no problem")
		}
		for _, p := range probs {
			if p.File != "fuzz" || p.Message == "" {
				t.Fatalf("problem %+v", p)
			}
		}
		seen := map[string]bool{}
		for _, d := range docs {
			r := d.Removal
			if r == nil || d.Dataset != nil || !strings.HasPrefix(r.Source, "acled:") || r.Source != strings.ToLower(r.Source) || r.Deleted <= 0 || seen[r.Source] || d.Line < 1 {
				t.Fatalf("document %+v, removal %+v", d, r)
			}
			seen[r.Source] = true
		}
	})
}
