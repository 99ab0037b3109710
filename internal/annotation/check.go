package annotation

import (
	"fmt"
	"strings"

	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/ontology"
)

// Checker checks what a schema cannot: spans against the text, references
// between entities and relations, relation types and dates.
type Checker struct {
	Vocabulary *ontology.Vocabulary
}

// Check returns every problem of doc, with JSON pointers but no file or
// line (the caller adds them).
func (c Checker) Check(doc *Document) Problems {
	var probs Problems
	add := func(sev Severity, ptr, format string, args ...any) {
		probs = append(probs, Problem{Severity: sev, Pointer: ptr, Message: fmt.Sprintf(format, args...)})
	}
	var text []rune
	published := ""
	if doc.Article != nil {
		text = []rune(doc.Article.Text)
		// An article of an annotation tool may have no publication date
		// (its reader warns); the native format requires one (its schema).
		if doc.Article.Published == "" {
		} else if d, err := graph.ParseDate(doc.Article.Published); err != nil {
			add(Error, "/article/published", "%v", err)
		} else {
			published = d.Last()
		}
	}
	checkSpan := func(ptr string, s Span) {
		if doc.Article == nil {
			if doc.Dataset != nil {
				return
			}
			if s.Start != nil || s.End != nil {
				add(Error, ptr, "a gazetteer has no text: give evidence as text without start and end")
			}
			return
		}
		if s.Start == nil || s.End == nil {
			add(Error, ptr, "a span needs start and end (code points of the article text)")
			return
		}
		start, end := *s.Start, *s.End
		switch {
		case start >= end:
			add(Error, ptr, "span start %d is not before end %d", start, end)
		case end > len(text):
			add(Error, ptr+"/end", "span end %d is past the end of the text (%d code points)", end, len(text))
		case string(text[start:end]) != s.Text:
			msg := fmt.Sprintf("span %d–%d holds %q, not %q", start, end, clip(string(text[start:end])), clip(s.Text))
			if at := runeIndex(text, s.Text); at >= 0 {
				msg += fmt.Sprintf(" (the text is at %d–%d)", at, at+len([]rune(s.Text)))
			}
			add(Error, ptr+"/text", "%s", msg)
		}
	}
	keys := map[string]bool{}
	for i, e := range doc.Entities {
		ptr := fmt.Sprintf("/entities/%d", i)
		if keys[e.Key] {
			add(Error, ptr+"/key", "entity key %q is defined twice", e.Key)
		}
		keys[e.Key] = true
		if graph.IsQID(e.Key) && e.Wikidata != "" && e.Wikidata != e.Key {
			add(Error, ptr+"/wikidata", "entity key %s is a Wikidata QID but wikidata says %s", e.Key, e.Wikidata)
		}
		for j, m := range e.Mentions {
			checkSpan(fmt.Sprintf("%s/mentions/%d", ptr, j), m)
		}
	}
	ids := map[string]bool{}
	for i, r := range doc.Relations {
		ptr := fmt.Sprintf("/relations/%d", i)
		if ids[r.ID] {
			add(Error, ptr+"/id", "relation id %q is used twice", r.ID)
		}
		ids[r.ID] = true
		typ, err := c.Vocabulary.Lookup(r.Type)
		if err != nil {
			add(Error, ptr+"/type", "%v", err)
		}
		for _, ref := range []struct{ field, key string }{{"source", r.Source}, {"target", r.Target}} {
			if !keys[ref.key] {
				add(Error, ptr+"/"+ref.field, "relation %s names entity %q, which this document does not define", ref.field, ref.key)
			}
		}
		if r.Source == r.Target {
			add(Error, ptr+"/target", "relation links entity %q to itself", r.Source)
		}
		for j, p := range r.Participants {
			if !keys[p.Entity] {
				add(Error, fmt.Sprintf("%s/participants/%d/entity", ptr, j), "participant %q is not defined in this document", p.Entity)
			}
		}
		dates := map[string]graph.Date{}
		for _, f := range []struct{ field, value string }{{"date", r.Date}, {"start", r.Start}, {"end", r.End}} {
			if f.value == "" {
				continue
			}
			d, err := graph.ParseDate(f.value)
			if err != nil {
				add(Error, ptr+"/"+f.field, "%v", err)
				continue
			}
			dates[f.field] = d
		}
		if s, ok := dates["start"]; ok {
			if e, ok := dates["end"]; ok && e.Last() < s.First() {
				add(Error, ptr+"/end", "interval ends (%s) before it starts (%s)", e, s)
			}
		}
		if _, ok := dates["end"]; ok {
			if _, ok := dates["start"]; !ok {
				add(Error, ptr+"/end", "an interval with an end needs a start")
			}
		}
		if d, ok := dates["date"]; ok && published != "" && d.First() > published && r.Modality != string(graph.Planned) {
			add(Warning, ptr+"/date", "event date %s is after the article was published (%s) but its modality is not \"planned\"", d, doc.Article.Published)
		}
		if err == nil && typ.Class == ontology.ClassStructural && r.Date != "" {
			add(Warning, ptr+"/date", "%s is structural: give its validity as start/end rather than date", typ.ID)
		}
		checkSpan(ptr+"/evidence", r.Evidence)
		if doc.Dataset != nil && len(r.Sources) == 0 {
			add(Error, ptr, "an event of a dataset needs at least one source")
		}
	}
	return probs
}

func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

func runeIndex(text []rune, s string) int {
	i := strings.Index(string(text), s)
	if i < 0 {
		return -1
	}
	return len([]rune(string(text)[:i]))
}
