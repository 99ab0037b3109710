// Package standofftest holds test helpers shared by the readers of
// standoff annotation formats.
package standofftest

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/ontology"
)

// CheckDocument fails the test if a document has a span outside its text or
// a problem the Checker calls an error.
func CheckDocument(t testing.TB, d *annotation.Document) {
	t.Helper()
	text := []rune(d.Article.Text)
	span := func(s annotation.Span) {
		if s.Start == nil || s.End == nil || *s.Start < 0 || *s.Start >= *s.End || *s.End > len(text) || string(text[*s.Start:*s.End]) != s.Text {
			t.Fatalf("bad span %+v in a text of %d code points", s, len(text))
		}
	}
	for _, e := range d.Entities {
		for _, m := range e.Mentions {
			span(m)
		}
	}
	for _, r := range d.Relations {
		span(r.Evidence)
	}
	if ps := (annotation.Checker{Vocabulary: ontology.Default()}).Check(d); ps.HasErrors() {
		t.Fatalf("Checker: %v", ps.Errors())
	}
}

// Lines formats problems one a line.
func Lines(ps annotation.Problems) string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.String()
	}
	return strings.Join(out, "\n")
}

// SameArticle fails the test unless got says what want says as a graph
// does: the same article fields, entities (by key: kind, Wikidata id, names,
// aliases, mentions) and relations (by id: every field, an absent modality
// being "asserted" and an absent confidence 1).
func SameArticle(t testing.TB, got, want *annotation.Document) {
	t.Helper()
	if g, w := *got.Article, *want.Article; g != w {
		t.Errorf("article:\n got %s\nwant %s", clip(g), clip(w))
	}
	wantKinds := map[string]string{}
	for _, e := range want.Entities {
		wantKinds[e.Key] = e.Kind
	}
	norm := func(d *annotation.Document) (map[string]string, map[string]string) {
		es, rs := map[string]string{}, map[string]string{}
		for _, e := range d.Entities {
			if len(e.Aliases) == 0 {
				e.Aliases = nil
			}
			// A geopolitical entity (GPE) is the country or location
			// resolution finds.
			e.Kind, _ = graph.JoinKinds(wantKinds[e.Key], e.Kind)
			b, _ := json.Marshal(e)
			es[e.Key] = string(b)
		}
		for _, r := range d.Relations {
			r.Modality = cmp.Or(r.Modality, "asserted")
			if r.Confidence == nil {
				r.Confidence = new(1.0)
			}
			b, _ := json.Marshal(r)
			rs[r.ID] = string(b)
		}
		return es, rs
	}
	ge, gr := norm(got)
	we, wr := norm(want)
	for _, diff := range []struct {
		what      string
		got, want map[string]string
	}{{"entity", ge, we}, {"relation", gr, wr}} {
		for _, k := range slices.Sorted(maps.Keys(diff.want)) {
			if g, ok := diff.got[k]; !ok {
				t.Errorf("%s %s is missing", diff.what, k)
			} else if g != diff.want[k] {
				t.Errorf("%s %s:\n got %s\nwant %s", diff.what, k, g, diff.want[k])
			}
		}
		for _, k := range slices.Sorted(maps.Keys(diff.got)) {
			if _, ok := diff.want[k]; !ok {
				t.Errorf("%s %s is extra: %s", diff.what, k, diff.got[k])
			}
		}
	}
}

func clip(a annotation.Article) string {
	a.Text = fmt.Sprintf("(%d code points)", len([]rune(a.Text)))
	return fmt.Sprintf("%+v", a)
}

// Summary lists, per document, its id and its entities as kind:text (of
// the first mention) and its relations as type(source,target), checking
// each document (CheckDocument).
func Summary(t testing.TB, docs []annotation.Document) string {
	t.Helper()
	var out []string
	for i := range docs {
		d := &docs[i]
		CheckDocument(t, d)
		out = append(out, d.Article.ID+":")
		for _, e := range d.Entities {
			out = append(out, e.Kind+":"+e.Mentions[0].Text)
		}
		for _, r := range d.Relations {
			out = append(out, r.Type+"("+r.Source+","+r.Target+")")
		}
	}
	return strings.Join(out, " ")
}
