package graph_test

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/graph"
)

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		in, first, last string
		p               graph.Precision
	}{
		{"2008", "2008-01-01", "2008-12-31", graph.Year},
		{"2020-06", "2020-06-01", "2020-06-30", graph.Month},
		{"2020-02", "2020-02-01", "2020-02-29", graph.Month},
		{"2021-02", "2021-02-01", "2021-02-28", graph.Month},
		{"2020-01-03", "2020-01-03", "2020-01-03", graph.Day},
	} {
		for _, in := range []string{tc.in, arabicDigits(tc.in, '٠'), arabicDigits(tc.in, '۰')} {
			d, err := graph.ParseDate(in)
			if err != nil {
				t.Fatalf("%s: %v", in, err)
			}
			if d.String() != tc.in || d.First() != tc.first || d.Last() != tc.last || d.Precision != tc.p {
				t.Errorf("%s: got %s %s..%s %s", in, d, d.First(), d.Last(), d.Precision)
			}
		}
	}
	for _, bad := range []string{"", "20", "2020-13", "2020-00", "2021-02-29", "2020-04-31", "2020-1", "2020-01-1", "0000", "2020-01-01-01", "２０２０", "2020/01", "٢٠٢٠-١٣"} {
		if _, err := graph.ParseDate(bad); graph.ErrorCode(err) != graph.EInvalid {
			t.Errorf("ParseDate(%q) error = %v, want invalid", bad, err)
		}
	}
}

// arabicDigits writes the ASCII digits of s with the digits from zero on.
func arabicDigits(s string, zero rune) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return zero + r - '0'
		}
		return r
	}, s)
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2008", "2020-06", "2020-01-03", "2020-02-30", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := graph.ParseDate(s)
		if err != nil {
			return
		}
		if d.String() != strings.Map(graph.ASCIIDigit, s) {
			t.Fatalf("ParseDate(%q) formats back as %q", s, d)
		}
		if d.First() > d.Last() {
			t.Fatalf("%q: first day %s after last %s", s, d.First(), d.Last())
		}
	})
}

func rel(class graph.Class, date, end string, conf float64, m graph.Modality) *graph.Relation {
	r := &graph.Relation{ID: "r", Type: "threatens", Class: class, Confidence: conf, Modality: m}
	if date != "" {
		r.Date = graph.MustDate(date)
	}
	if end != "" {
		r.End = graph.MustDate(end)
	}
	return r
}

func TestFilterMatch(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    graph.Filter
		r    *graph.Relation
		want bool
	}{
		{"ZeroFilterMatchesAll", graph.Filter{}, rel("event", "", "", 0, graph.Denied), true},
		{"Types", graph.Filter{Types: []string{"signs"}}, rel("event", "2008", "", 1, graph.Asserted), false},
		{"ExcludeTypes", graph.Filter{ExcludeTypes: []string{"threatens"}}, rel("event", "2008", "", 1, graph.Asserted), false},
		{"MinConfidence", graph.Filter{MinConfidence: 0.8}, rel("event", "2008", "", 0.7, graph.Asserted), false},
		{"Modalities", graph.Filter{Modalities: []graph.Modality{graph.Asserted}}, rel("event", "2008", "", 1, graph.Claimed), false},
		{"SinceOverlapsYear", graph.Filter{Since: "2008-06-01"}, rel("event", "2008", "", 1, graph.Asserted), true},
		{"SinceAfter", graph.Filter{Since: "2009-01-01"}, rel("event", "2008", "", 1, graph.Asserted), false},
		{"UntilBefore", graph.Filter{Until: "2007-12-31"}, rel("event", "2008", "", 1, graph.Asserted), false},
		{"UndatedHoldsAlways", graph.Filter{Since: "2020-01-01", Until: "2020-12-31"}, rel("structural", "", "", 1, graph.Asserted), true},
		{"OpenIntervalHoldsLater", graph.Filter{AsOf: "2021-05-01"}, rel("structural", "2020-05", "", 1, graph.Asserted), true},
		{"ClosedIntervalEnded", graph.Filter{AsOf: "2021-05-01"}, rel("structural", "2017-01", "2021-01", 1, graph.Asserted), false},
		{"EventHappenedBefore", graph.Filter{AsOf: "2021-05-01"}, rel("event", "2008", "", 1, graph.Asserted), true},
		{"EventNotYet", graph.Filter{AsOf: "2020-06-15"}, rel("event", "2020-07", "", 1, graph.Asserted), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.f.Match(tc.r); got != tc.want {
				t.Errorf("Match = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestBucketKey(t *testing.T) {
	for _, tc := range []struct {
		unit      graph.BucketUnit
		day, want string
	}{
		{graph.BucketYear, "2020-01-03", "2020"},
		{graph.BucketMonth, "2020-01-03", "2020-01"},
		{graph.BucketWeek, "2020-01-03", "2019-12-30"}, // a Friday; its week starts on Monday 30 December
		{graph.BucketWeek, "2020-01-06", "2020-01-06"}, // a Monday
		{graph.BucketDay, "2020-01-03", "2020-01-03"},
	} {
		if got := graph.BucketKey(tc.unit, tc.day); got != tc.want {
			t.Errorf("BucketKey(%s, %s) = %s, want %s", tc.unit, tc.day, got, tc.want)
		}
	}
	if err := graph.BucketUnit("fortnight").Check(); graph.ErrorCode(err) != graph.EInvalid {
		t.Errorf("Check(fortnight) = %v", err)
	}
}

func TestAssemble(t *testing.T) {
	gaz := graph.SourcedRecord{Source: "gazetteer:core", Priority: 0, EntityRecord: graph.EntityRecord{
		ID: "Q30", Kind: "country", Wikidata: "Q30", Label: "United States",
		Names: []graph.Name{{Lang: "en", Text: "United States", Role: graph.RoleName}, {Lang: "ar", Text: "الولايات المتحدة", Role: graph.RoleName, Order: 1}, {Lang: "ar", Text: "واشنطن", Role: graph.RoleAlias, Order: 2}},
	}}
	art := graph.SourcedRecord{Source: "a1", Priority: 1, EntityRecord: graph.EntityRecord{
		ID: "Q30", Kind: "government", Label: "USA",
		Names: []graph.Name{{Lang: "en", Text: "USA", Role: graph.RoleName}, {Lang: "ar", Text: "وواشنطن", Role: graph.RoleMention, Order: 1}},
	}}
	e := graph.Assemble("Q30", []graph.SourcedRecord{art, gaz})
	if e.Name != "United States" || e.Kind != "country" || e.Wikidata != "Q30" {
		t.Errorf("label, kind, wikidata = %q, %q, %q; the gazetteer should win", e.Name, e.Kind, e.Wikidata)
	}
	if e.Names["ar"] != "الولايات المتحدة" {
		t.Errorf("ar name = %q", e.Names["ar"])
	}
	if got := e.Aliases["en"]; len(got) != 1 || got[0] != "USA" {
		t.Errorf("en aliases = %v, want the article's name as an alias", got)
	}
	for _, a := range e.Aliases["ar"] {
		if a == "وواشنطن" {
			t.Errorf("a mention is shown as an alias")
		}
	}
}

func TestCursor(t *testing.T) {
	for _, c := range []*graph.Cursor{
		{Lo: "2020-01-01", Hi: "2020-01-31", ID: "a/r1"},
		{Lo: "2020-01-01", Hi: "2020-01-31", ID: "a/r1", Newest: true},
	} {
		got, err := graph.DecodeCursor(graph.EncodeCursor(c))
		if err != nil || *got != *c {
			t.Fatalf("round trip of %+v = %+v, %v", c, got, err)
		}
	}
	for _, bad := range []string{"", "!!", "bm90IGpzb24",
		base64.RawURLEncoding.EncodeToString([]byte(`["a","b","c","oldest"]`)),
		base64.RawURLEncoding.EncodeToString([]byte(`["a","b"]`)),
	} {
		if _, err := graph.DecodeCursor(bad); graph.ErrorCode(err) != graph.EInvalid {
			t.Errorf("DecodeCursor(%q) = %v, want invalid", bad, err)
		}
	}
}

func TestRelationCursor(t *testing.T) {
	for _, id := range []string{"a/r1", "مقال/r2", `x"y`} {
		got, err := graph.DecodeRelationCursor(graph.EncodeRelationCursor(id))
		if err != nil || got != id {
			t.Fatalf("round trip of %q = %q, %v", id, got, err)
		}
	}
	for _, bad := range []string{"", "!!", "bm90IGpzb24",
		graph.EncodeCursor(&graph.Cursor{Lo: "2020-01-01", Hi: "2020-01-31", ID: "a/r1"}), // a timeline's
		base64.RawURLEncoding.EncodeToString([]byte(`["relation",""]`)),
		base64.RawURLEncoding.EncodeToString([]byte(`["event","a/r1"]`)),
		base64.RawURLEncoding.EncodeToString([]byte(`["relation","a/r1","b"]`)),
	} {
		if _, err := graph.DecodeRelationCursor(bad); graph.ErrorCode(err) != graph.EInvalid {
			t.Errorf("DecodeRelationCursor(%q) = %v, want invalid", bad, err)
		}
	}
	// Nor does a timeline take a cursor of relations.
	if _, err := graph.DecodeCursor(graph.EncodeRelationCursor("a/r1")); graph.ErrorCode(err) != graph.EInvalid {
		t.Errorf("a timeline took a cursor of relations: %v", err)
	}
}

func TestValidate(t *testing.T) {
	ok := func() *graph.Contribution {
		return &graph.Contribution{Source: graph.Source{ID: "a", Digest: "d"},
			Entities:  []graph.EntityRecord{{ID: "x"}, {ID: "y"}},
			Relations: []graph.Relation{{ID: "a/r1", From: "x", To: "y"}}}
	}
	if err := ok().Validate(); err != nil {
		t.Fatal(err)
	}
	for name, edit := range map[string]func(c *graph.Contribution){
		"NoDigest":          func(c *graph.Contribution) { c.Source.Digest = "" },
		"DuplicateRecord":   func(c *graph.Contribution) { c.Entities = append(c.Entities, graph.EntityRecord{ID: "x"}) },
		"NoTarget":          func(c *graph.Contribution) { c.Relations[0].To = "" },
		"DuplicateRelation": func(c *graph.Contribution) { c.Relations = append(c.Relations, c.Relations[0]) },
	} {
		c := ok()
		edit(c)
		if err := c.Validate(); graph.ErrorCode(err) != graph.EInvalid {
			t.Errorf("%s: %v, want invalid", name, err)
		}
	}
}
