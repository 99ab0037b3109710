package importer

import (
	"cmp"
	"maps"
	"slices"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/resolve"
)

// entityRecord is what a document says of an entity: its names, aliases
// and demonyms with their matching keys (a demonym's are its forms), and its mentions with their surface-form keys.
func entityRecord(id string, e annotation.Entity, lang string) graph.EntityRecord {
	rec := graph.EntityRecord{ID: id, Kind: e.Kind, Wikidata: e.Wikidata,
		Label: cmp.Or(e.Names["en"], e.Names[lang])}
	add := func(l, text, role string, keys []string) {
		if len(keys) == 0 {
			return
		}
		rec.Names = append(rec.Names, graph.Name{Lang: l, Text: text, Role: role, Keys: keys, Order: len(rec.Names)})
	}
	for _, l := range slices.Sorted(maps.Keys(e.Names)) {
		add(l, e.Names[l], graph.RoleName, nonEmpty(resolve.Key(e.Names[l])))
	}
	for _, l := range slices.Sorted(maps.Keys(e.Aliases)) {
		for _, a := range e.Aliases[l] {
			add(l, a, graph.RoleAlias, nonEmpty(resolve.Key(a)))
		}
	}
	for _, l := range slices.Sorted(maps.Keys(e.Demonyms)) {
		for _, d := range e.Demonyms[l] {
			if k := resolve.Key(d); k != "" {
				add(l, d, graph.RoleDemonym, resolve.DemonymForms(k))
			}
		}
	}
	seen := map[string]bool{}
	for _, m := range e.Mentions {
		if !seen[m.Text] {
			seen[m.Text] = true
			add(lang, m.Text, graph.RoleMention, resolve.Keys(m.Text))
		}
	}
	return rec
}

func nonEmpty(key string) []string {
	if key == "" {
		return nil
	}
	return []string{key}
}

// relation turns a checked relation into a graph relation with its type's
// class, quad class and intensity, canonical entity ids and evidence.
func (im *Importer) relation(d *annotation.Document, r annotation.Relation, ids map[string]string) (graph.Relation, error) {
	typ, err := im.Vocabulary.Lookup(r.Type)
	if err != nil {
		return graph.Relation{}, err
	}
	rel := graph.Relation{
		ID:         d.SourceID() + "/" + r.ID,
		Type:       typ.ID,
		Class:      typ.Class,
		QuadClass:  typ.QuadClass,
		Intensity:  typ.Intensity,
		From:       ids[r.Source],
		To:         ids[r.Target],
		Modality:   graph.Modality(cmp.Or(r.Modality, string(graph.Asserted))),
		Confidence: 1,
		EventKey:   r.Event,
	}
	if r.Confidence != nil {
		rel.Confidence = *r.Confidence
	}
	for _, p := range r.Participants {
		rel.Participants = append(rel.Participants, graph.Participant{Entity: ids[p.Entity], Role: p.Role})
	}
	if rel.Date, err = optDate(cmp.Or(r.Date, r.Start)); err != nil {
		return graph.Relation{}, err
	}
	if rel.End, err = optDate(r.End); err != nil {
		return graph.Relation{}, err
	}
	rel.Precision = rel.Date.Precision
	rel.Evidence = evidence(d, r)
	if rel.From == "" || rel.To == "" {
		return graph.Relation{}, graph.Errorf(graph.EInvalid, "relation %s names an undefined entity", rel.ID)
	}
	return rel, nil
}

// evidence lists what supports a relation: its span of an article, its
// gazetteer entry, or each report of a dataset event.
func evidence(d *annotation.Document, r annotation.Relation) []graph.Evidence {
	ev := graph.Evidence{Article: d.SourceID(), Quote: r.Evidence.Text, Start: -1, End: -1}
	switch {
	case d.Article != nil:
		ev.URL, ev.Title, ev.Published = d.Article.URL, d.Article.Title, d.Article.Published
		ev.Draft = d.Article.Status == annotation.StatusDraft
		if r.Evidence.Start != nil && r.Evidence.End != nil {
			ev.Start, ev.End = *r.Evidence.Start, *r.Evidence.End
		}
	case d.Gazetteer != nil:
		ev.URL, ev.Title = d.Gazetteer.URL, d.Gazetteer.Title
	case d.Dataset != nil:
		evs := make([]graph.Evidence, len(r.Sources))
		for i, s := range r.Sources {
			evs[i] = graph.Evidence{Article: d.SourceID(), URL: s.URL, Title: d.Dataset.Title, Quote: s.Quote,
				Start: -1, End: -1, Published: s.Published, Ref: s.Ref}
		}
		return evs
	}
	return []graph.Evidence{ev}
}

func optDate(s string) (graph.Date, error) {
	if s == "" {
		return graph.Date{}, nil
	}
	return graph.ParseDate(s)
}
