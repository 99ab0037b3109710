package importer_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/importer"
	"github.com/geokg/geokg/internal/ontology"
)

var (
	acledExport  = filepath.Join(fixtures, "acled", "acled-iraq-2019-11-01-2020-01-31.csv")
	acledUpdate  = filepath.Join(fixtures, "acled", "acled-api-read-iraq-2019-12-01-2020-01-31.json")
	acledDeleted = filepath.Join(fixtures, "acled", "acled-api-deleted-2020-09-15.json")
	acledDelCSV  = filepath.Join(fixtures, "acled", "acled-api-deleted-2020-09-15.csv")
)

// acledSources returns the ids of the stored ACLED sources.
func acledSources(t *testing.T, s graph.Store) []string {
	t.Helper()
	srcs, err := s.Sources(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, src := range srcs {
		if strings.HasPrefix(src.ID, "acled:") {
			ids = append(ids, src.ID)
		}
	}
	slices.Sort(ids)
	return ids
}

// deletions says what a run did of its lists of deleted events.
func deletions(s importer.Summary) [5]any {
	return [5]any{s.Deletions, s.SourcesRemoved, s.DeletionsNotStored, s.DeletionsSuperseded, strings.Join(s.Removes, " ")}
}

// ACLED's update: the API's JSON of new and edited events, and its list of
// deleted events, in one run, apply the edits and remove the deleted
// events; running it again, or with the CSV list, changes nothing.
func TestACLEDUpdateWithDeletions(t *testing.T) {
	s := openStore(t)
	run(t, s, filepath.Join(fixtures, "gazetteer.yaml"))
	if sum := run(t, s, acledExport); sum.Imported != 5 || sum.Errors != 0 {
		t.Fatalf("importing the export: %+v", sum)
	}
	sum := run(t, s, acledUpdate, acledDeleted)
	if sum.Errors != 0 || sum.Datasets != 3 || sum.Replaced != 1 || sum.Unchanged != 1 || sum.Imported != 1 ||
		deletions(sum) != [5]any{2, 1, 1, 0, "acled:irq41003"} {
		t.Fatalf("the update: %+v", sum)
	}
	want := []string{"acled:irq41001", "acled:irq41002", "acled:irq41004", "acled:irq41006", "acled:irq41008"}
	if got := acledSources(t, s); !slices.Equal(got, want) {
		t.Fatalf("sources %v, want %v", got, want)
	}
	before := stats(t, s)
	for _, again := range [][]string{{acledUpdate, acledDeleted}, {acledDelCSV}, {acledDeleted, acledDelCSV}, {acledUpdate, acledDelCSV}} {
		sum := run(t, s, again...)
		if sum.Errors != 0 || sum.Imported+sum.Replaced != 0 || sum.SourcesRemoved != 0 || sum.DeletionsNotStored != 2 || sum.Relations != 0 {
			t.Errorf("%v again: %+v", again, sum)
		}
	}
	if got := acledSources(t, s); !slices.Equal(got, want) || !reflect.DeepEqual(stats(t, s), before) {
		t.Errorf("sources %v, %+v; want %v, %+v", got, stats(t, s), want, before)
	}
	// The export again, with the deletions: the deleted event is not
	// imported again, the others are unchanged but the edited one, which
	// goes back to the export's version (an older file of one's own
	// choosing).
	sum = run(t, s, acledExport, acledDelCSV)
	if sum.Errors != 0 || sum.Imported != 0 || sum.Replaced != 1 || sum.Unchanged != 3 || deletions(sum) != [5]any{2, 0, 2, 0, ""} {
		t.Errorf("the export with the deletions: %+v", sum)
	}
	if got := acledSources(t, s); !slices.Equal(got, want) {
		t.Errorf("sources %v, want %v", got, want)
	}
}

// writeFile writes a file of a test's own.
func writeFile(t *testing.T, dir, name, data string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// An event both in the update and in the deletions: the deletion wins only
// if it is later than the event's last edit (its timestamp), whatever the
// order of the files.
func TestACLEDDeletionAgainstEdit(t *testing.T) {
	raw, err := os.ReadFile(acledExport)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(raw), "\n")
	for _, tc := range []struct {
		name    string
		deleted string // IRQ41002's deleted_timestamp; the export's timestamp is 1600000000
		stored  bool
	}{
		{"deleted later", "1600000001", false},
		{"deleted as it was edited", "1600000000", true},
		{"edited after", "1599999999", true},
	} {
		for _, order := range []string{"a", "z"} { // the deletions before or after the events
			dir := t.TempDir()
			events := writeFile(t, dir, "m-acled.csv", lines[0]+lines[2])
			del := writeFile(t, dir, order+"-deleted.csv", "event_id_cnty,deleted_timestamp\nIRQ41002,"+tc.deleted+"\n")
			s := openStore(t)
			sum := run(t, s, events, del)
			got := slices.Contains(acledSources(t, s), "acled:irq41002")
			if got != tc.stored || sum.Errors != 0 || sum.Deletions != 1 || (sum.DeletionsSuperseded == 1) != tc.stored || (sum.Imported == 1) != tc.stored {
				t.Errorf("%s, deletions file %s: stored %v, want %v; %+v", tc.name, del, got, tc.stored, sum)
			}
		}
	}
}

// Without a store (validate, --dry-run) the run says what it would remove;
// in strict mode a list with an error removes nothing, and with an error
// in another file neither; a list that is refused removes nothing while
// the other files import.
func TestACLEDDeletionsCheckedAndRefused(t *testing.T) {
	check := &importer.Importer{Vocabulary: ontology.Default()}
	sum, err := check.Run(context.Background(), []string{acledUpdate, acledDeleted})
	if err != nil || sum.Errors != 0 || deletions(sum) != [5]any{2, 0, 0, 0, "acled:irq40999 acled:irq41003"} {
		t.Errorf("checking the update: %+v, %v", sum, err)
	}
	out, err := json.Marshal(sum)
	if err != nil || !strings.Contains(string(out), `"deletions":2,"sources_removed":0,"deletions_not_stored":0,"deletions_superseded":0,"removes":["acled:irq40999","acled:irq41003"]`) {
		t.Errorf("summary as JSON: %s, %v", out, err)
	}

	dir := t.TempDir()
	badRow := writeFile(t, dir, "deleted-bad-row.csv", "event_id_cnty,deleted_timestamp\nIRQ41003,1600200000\nIRQ41001,yesterday\n")
	refused := writeFile(t, dir, "deleted-refused.json", `{"status":403,"success":false,"error":{"status":403,"message":"Access denied"}}`)
	s := openStore(t)
	run(t, s, filepath.Join(fixtures, "gazetteer.yaml"), acledExport)
	all := acledSources(t, s)
	before := stats(t, s)

	strict := &importer.Importer{Store: s, Vocabulary: ontology.Default(), Strict: true}
	for _, files := range [][]string{{badRow}, {acledUpdate, badRow}, {acledDeleted, refused}} {
		sum, err := strict.Run(context.Background(), files)
		if err == nil || sum.Errors == 0 || sum.SourcesRemoved != 0 {
			t.Errorf("strict %v: %+v, %v", files, sum, err)
		}
	}
	if got := acledSources(t, s); !slices.Equal(got, all) || !reflect.DeepEqual(stats(t, s), before) {
		t.Errorf("after strict runs with errors: sources %v, want %v", got, all)
	}

	// Not strict: the good row of a list applies, the bad one is an error;
	// a list the API refused is an error and removes nothing.
	sum = run(t, s, badRow, refused)
	errs := sum.Problems.Errors()
	if len(errs) != 2 || errs[0].Line != 3 || !strings.Contains(errs[0].Message, `"yesterday" is not a time`) ||
		!strings.Contains(errs[1].Message, "Access denied") || deletions(sum) != [5]any{1, 1, 0, 0, "acled:irq41003"} {
		t.Errorf("a list with a bad row and a refused one: %+v", sum)
	}
	if got := acledSources(t, s); slices.Contains(got, "acled:irq41003") || len(got) != len(all)-1 {
		t.Errorf("sources %v", got)
	}
}
