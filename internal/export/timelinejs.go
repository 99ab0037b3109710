package export

import (
	"cmp"
	"fmt"
	"html"
	"strconv"
	"strings"

	"github.com/geokg/geokg/internal/graph"
)

// TimelineJSDoc is a TimelineJS 3 document: new TL.Timeline(id, doc).
type TimelineJSDoc struct {
	Title  *TimelineJSSlide  `json:"title,omitempty"`
	Events []TimelineJSSlide `json:"events"`
}

// TimelineJSSlide is one event (or the title slide, without dates).
type TimelineJSSlide struct {
	StartDate *TimelineJSDate `json:"start_date,omitempty"`
	EndDate   *TimelineJSDate `json:"end_date,omitempty"`
	Text      TimelineJSText  `json:"text"`
	Group     string          `json:"group,omitempty"`
	UniqueID  string          `json:"unique_id,omitempty"`
}

// TimelineJSDate is a date at its precision: Month and Day are left out
// when not known.
type TimelineJSDate struct {
	Year  string `json:"year"`
	Month string `json:"month,omitempty"`
	Day   string `json:"day,omitempty"`
}

// TimelineJSText is a slide's headline and body, both HTML.
type TimelineJSText struct {
	Headline string `json:"headline"`
	Text     string `json:"text"`
}

func tlDate(d graph.Date) *TimelineJSDate {
	if d.IsZero() {
		return nil
	}
	t := &TimelineJSDate{Year: strconv.Itoa(d.Year)}
	if d.Precision != graph.Year {
		t.Month = strconv.Itoa(d.Month)
	}
	if d.Precision == graph.Day {
		t.Day = strconv.Itoa(d.Day)
	}
	return t
}

// describe is the HTML body of a relation's slide or tooltip: the quote,
// where it comes from, and how sure it is.
func describe(r *graph.Relation) string {
	var b strings.Builder
	ev := firstEvidence(r)
	if ev.Quote != "" {
		fmt.Fprintf(&b, "<blockquote>%s</blockquote>", html.EscapeString(ev.Quote))
	}
	if src := cmp.Or(ev.Title, ev.Article); src != "" {
		if ev.URL != "" {
			fmt.Fprintf(&b, `<p><a href="%s">%s</a></p>`, html.EscapeString(ev.URL), html.EscapeString(src))
		} else {
			fmt.Fprintf(&b, "<p>%s</p>", html.EscapeString(src))
		}
	}
	fmt.Fprintf(&b, "<p>%s, %s, confidence %s</p>", html.EscapeString(words(r.Type)), html.EscapeString(string(r.Modality)), text(r.Confidence))
	return b.String()
}

// TimelineJS returns g's dated relations as TimelineJS events in time
// order, with a title slide when g has a Title. An interval has an
// end_date; unique_id is the relation id.
func TimelineJS(g *Subgraph) TimelineJSDoc {
	names := g.names()
	doc := TimelineJSDoc{Events: []TimelineJSSlide{}}
	evs := g.dated()
	if g.Title != "" {
		doc.Title = &TimelineJSSlide{Text: TimelineJSText{Headline: html.EscapeString(g.Title),
			Text: fmt.Sprintf("<p>%d dated relations, exported by geokg</p>", len(evs))}}
	}
	for i := range evs {
		r := &evs[i]
		doc.Events = append(doc.Events, TimelineJSSlide{
			StartDate: tlDate(r.Date), EndDate: tlDate(r.End),
			Text:  TimelineJSText{Headline: html.EscapeString(headline(r, names)), Text: describe(r)},
			Group: group(r), UniqueID: r.ID,
		})
	}
	return doc
}
