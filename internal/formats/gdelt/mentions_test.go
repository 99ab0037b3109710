package gdelt

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/formats/eventdata/eventdatatest"
)

const mentionsFixture = "../../../fixtures/gdelt/20200103171500.mentions.CSV"

func readMentionsFixture(t testing.TB) []byte { return eventdatatest.ReadFile(t, mentionsFixture) }

// readMentions reads a mentions file that must give one document of
// mentions and no error.
func readMentions(t *testing.T, file string, data []byte) (annotation.Document, annotation.Problems) {
	t.Helper()
	docs, probs := eventdatatest.MustRead(t, MentionsReader{}.Read, file, data)
	if len(docs) != 1 || len(docs[0].Relations) != 0 {
		t.Fatalf("got %d documents: %+v", len(docs), docs)
	}
	return docs[0], probs
}

// mentionLines describes mentions: event, line, URL and confidence.
func mentionLines(ms []annotation.Mention) string {
	var b strings.Builder
	for _, m := range ms {
		fmt.Fprintf(&b, "%s@%d %s %.2f\n", m.Event, m.Line, m.Report.URL, m.Confidence)
	}
	return b.String()
}

// Every row of the fixture's 16 columns becomes a mention of the
// GLOBALEVENTID's ref; the two rows of one event and one article (lines 4
// and 5) are one mention, that of the higher confidence.
func TestReadMentions(t *testing.T) {
	d, probs := readMentions(t, "data/20200103171500.mentions.CSV", readMentionsFixture(t))
	if len(probs) != 0 {
		t.Errorf("problems: %v", probs)
	}
	if d.SourceID() != "gdelt:gdelt-20200103171500.mentions" || d.Dataset.Format != "gdelt" {
		t.Errorf("source %q, dataset %+v", d.SourceID(), d.Dataset)
	}
	want := `gdelt:904512001@2 https://example.org/analysis/2020/01/03/what-the-baghdad-strike-means 0.80
gdelt:904512001@1 https://example.org/news/2020/01/03/us-air-strike-baghdad-airport 0.90
gdelt:904513420@3 https://example.org/live/2020/01/03/baghdad-airport-strike-updates 0.60
gdelt:904514001@4 https://example.org/ar/2020/01/03/iran-warns-washington 0.90
gdelt:904515002@6  0.50
gdelt:904515801@7 https://example.org/wire/2020-01-03/second-strike-follow-up 0.70
gdelt:904516044@9 https://example.org/news/2020/01/03/iraq-iran-consultations-continue 0.70
gdelt:904517777@8 https://example.org/news/2020/01/03/an-event-of-another-export 0.50
`
	if got := mentionLines(d.Mentions); got != want {
		t.Errorf("mentions:\n%s\nwant:\n%s", got, want)
	}
	for _, m := range d.Mentions {
		if m.Report.Published != "2020-01-03" || m.Report.Ref != "" || !strings.HasPrefix(m.Report.Quote, "GDELT 2.0 mention of event "+strings.TrimPrefix(m.Event, "gdelt:")) {
			t.Errorf("mention %+v", m)
		}
	}
	// A citation is no URL: it is in the quote. Offsets of -1 are not
	// found in the article, and are not given.
	if q := d.Mentions[4].Report.Quote; q != "GDELT 2.0 mention of event 904515002 (citation only: Example Broadcast Monitor, evening bulletin, 3 January 2020), sentence 3: Actor1 at character 55, action at character 71; confidence 50%" {
		t.Errorf("the citation's quote: %q", q)
	}
}

// A BigQuery export of the Mentions table, with a header and its columns
// in another order, gives the mentions of the 15-minute file.
func TestReadMentionsHeader(t *testing.T) {
	want, _ := readMentions(t, "20200103171500.mentions.CSV", readMentionsFixture(t))
	order := []int{5, 0, 2, 3, 11, 1, 6, 7, 8, 9} // some of the columns, shuffled
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	head := make([]string, len(order))
	for i, c := range order {
		head[i] = mentionColumns[c]
	}
	_ = w.Write(head)
	for _, line := range strings.Split(strings.TrimSpace(string(readMentionsFixture(t))), "\n") {
		f := strings.Split(line, "\t")
		rec := make([]string, len(order))
		for i, c := range order {
			rec[i] = f[c]
		}
		_ = w.Write(rec)
	}
	w.Flush()
	if !(MentionsReader{}).Detect("bq-results.csv", buf.Bytes()) || (Reader{}).Detect("bq-results.csv", buf.Bytes()) {
		t.Fatal("a BigQuery export of mentions is not detected as mentions only")
	}
	d, probs := readMentions(t, "bq-results.csv", buf.Bytes())
	if len(probs) != 0 {
		t.Errorf("problems: %v", probs)
	}
	// The rows' lines are one more (the header's).
	for i := range want.Mentions {
		want.Mentions[i].Line++
	}
	if got, w := mentionLines(d.Mentions), mentionLines(want.Mentions); got != w {
		t.Errorf("mentions:\n%s\nwant:\n%s", got, w)
	}
}

func TestDetectMentions(t *testing.T) {
	data := readMentionsFixture(t)
	export := readFixture(t)
	for _, c := range []struct {
		file string
		head []byte
		want bool
	}{
		{"20200103171500.mentions.CSV", nil, true},
		{"x.mentions.csv", nil, true},
		{"data.tsv", data, true},
		{"20200103.export.CSV", export, false},
		{"data.tsv", export, false},
		{"data.tsv", []byte("904512001\t2020010301\t20200103171500" + strings.Repeat("\t", 13) + "\n"), false},
	} {
		if got := (MentionsReader{}).Detect(c.file, c.head); got != c.want {
			t.Errorf("Detect(%s, %.30q) = %v", c.file, c.head, got)
		}
	}
	if (Reader{}).Detect("data.tsv", data) {
		t.Error("the events reader takes a mentions file")
	}
}

// A row that cannot be read is skipped with a warning naming its line and
// column; the others are read.
func TestMentionsBadRows(t *testing.T) {
	lines := strings.Split(strings.TrimSpace(string(readMentionsFixture(t))), "\n")
	bad := func(line, col int, value string) string {
		f := strings.Split(lines[line-1], "\t")
		f[col] = value
		return strings.Join(f, "\t")
	}
	rows := []string{
		lines[1],
		bad(2, 0, "90451x"),     // GLOBALEVENTID
		bad(2, 2, "2020-13-01"), // MentionTimeDate
		bad(2, 3, "7"),          // MentionType
		bad(2, 5, "example.org/no-scheme"),
		bad(2, 11, "150"), // Confidence
		bad(2, 7, "abc"),  // Actor1CharOffset
		lines[2][:40],     // too few fields
	}
	d, probs := readMentions(t, "m.mentions.CSV", []byte(strings.Join(rows, "\n")+"\n"))
	if len(d.Mentions) != 1 || d.Mentions[0].Line != 1 {
		t.Errorf("mentions: %s", mentionLines(d.Mentions))
	}
	for _, want := range []string{
		`m.mentions.CSV:2: warning: column 1 GLOBALEVENTID: "90451x" is not a number; row skipped`,
		`m.mentions.CSV:3: warning: column 3 MentionTimeDate: "2020-13-01" is not a time YYYYMMDDhhmmss; row skipped`,
		`m.mentions.CSV:4: warning: column 4 MentionType: "7" is not a GDELT mention type (1 to 6); row skipped`,
		`m.mentions.CSV:5: warning: column 6 MentionIdentifier: "example.org/no-scheme" is not the http(s) URL of a web mention (MentionType 1); row skipped`,
		`m.mentions.CSV:6: warning: column 12 Confidence: "150" is not a percentage 0 to 100; row skipped`,
		`m.mentions.CSV:7: warning: column 8 Actor1CharOffset: "abc" is not a character offset; row skipped`,
		`m.mentions.CSV:8: warning: `,
	} {
		if !strings.Contains(fmt.Sprint(probs), want) {
			t.Errorf("no warning %q in\n%v", want, probs)
		}
	}
	if probs.HasErrors() || len(probs) != 7 {
		t.Errorf("%d problems, want 7 warnings: %v", len(probs), probs)
	}
}

// A file of another field count, an empty file and a file cut short are
// errors, and give no document.
func TestMentionsNotRead(t *testing.T) {
	for name, data := range map[string][]byte{
		"export":  readFixture(t),
		"empty":   []byte("\n"),
		"no rows": []byte("GLOBALEVENTID,MentionTimeDate,MentionType,MentionIdentifier\n"),
		"header":  []byte("GLOBALEVENTID,MentionIdentifier\n1,https://example.org/a\n"),
	} {
		docs, probs := MentionsReader{}.Read("m.mentions.CSV", data)
		if len(docs) != 0 || !probs.HasErrors() {
			t.Errorf("%s: %d documents, %v", name, len(docs), probs)
		}
	}
	eventdatatest.CutShort(t, MentionsReader{}.Read, "m.mentions.CSV", readMentionsFixture(t))
}

func FuzzReadMentions(f *testing.F) {
	data := readMentionsFixture(f)
	f.Add(data)
	lines := strings.Split(string(data), "\n")
	f.Add([]byte(lines[5] + "\n" + lines[0]))
	f.Add([]byte(strings.ReplaceAll(lines[3], "\t", "\t\t")))
	f.Add([]byte("1\t20200103000000\t20200103000000" + strings.Repeat("\t", 13) + "\n"))
	f.Add([]byte("GLOBALEVENTID,MentionTimeDate,MentionType,MentionIdentifier,Confidence\n1,20200103000000,1,https://example.org/a,50\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		const file = "fuzz.mentions.CSV"
		docs, probs := MentionsReader{}.Read(file, data)
		if len(docs) == 0 && !probs.HasErrors() {
			t.Fatal("no document and no error")
		}
		for _, p := range probs {
			if p.File != file || p.Message == "" {
				t.Fatalf("problem without file or message: %+v", p)
			}
		}
		if len(docs) > 1 {
			t.Fatalf("%d documents", len(docs))
		}
		for _, d := range docs {
			if d.Dataset == nil || d.Dataset.Format != "gdelt" || len(d.Relations) != 0 || len(d.Mentions) == 0 {
				t.Fatalf("document %+v", d)
			}
			for _, m := range d.Mentions {
				if !strings.HasPrefix(m.Event, "gdelt:") || !digits(strings.TrimPrefix(m.Event, "gdelt:")) ||
					m.Confidence < 0 || m.Confidence > 0.9 || m.Report.Published == "" || m.Report.Quote == "" {
					t.Fatalf("mention %+v", m)
				}
			}
		}
	})
}

// Each report of an export carries the ref of its row's GLOBALEVENTID,
// which mentions find it by: the three rows of one event, three refs.
func TestExportRefs(t *testing.T) {
	d := mustRead(t, fixture, readFixture(t))
	refs := map[string]bool{}
	for _, r := range d.Relations {
		for _, s := range r.Sources {
			if !strings.Contains(s.Quote, " event "+strings.TrimPrefix(s.Ref, "gdelt:")+" ") || refs[s.Ref] {
				t.Errorf("relation %s: source %+v", r.ID, s)
			}
			refs[s.Ref] = true
		}
		if len(r.Sources) == 3 && (r.Sources[0].Ref != "gdelt:904512001" || r.Sources[1].Ref != "gdelt:904512137" || r.Sources[2].Ref != "gdelt:904513420") {
			t.Errorf("the refs of the event of three rows: %+v", r.Sources)
		}
	}
	if len(refs) != 11 {
		t.Errorf("%d refs, want one for each of the 11 rows read", len(refs))
	}
}
