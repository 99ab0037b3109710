package standoff

import (
	"cmp"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/formats/mapping"
	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/resolve"
)

// Article holds what a reader knows of an article beyond its Meta fields.
type Article struct {
	ID       string // the id when no Meta gives one: from the file name or a task id
	Language string // the language the file name suggests, or ""
	At       Loc    // where to report a missing field
}

// Build assembles the article. It returns the document, or nil when there
// is an error, and every problem found.
func (b *Builder) Build(d Article) (*annotation.Document, annotation.Problems) {
	art := b.article(d)
	sents := Sentences(b.text)
	triggers := map[string]bool{}
	keyFrom := map[string]bool{}
	for _, r := range b.rels {
		if r.Trigger != "" {
			triggers[r.Trigger] = true
		}
		if r.KeyFrom != "" {
			keyFrom[r.KeyFrom] = true
		}
	}
	for _, id := range b.order {
		if ev := b.spans[id].event; ev.key != "" && !keyFrom[id] {
			b.Errorf(ev.at, "%s on %s: no relation takes this event key: %s is neither an event's trigger nor a region a relation starts at", ev.from, id, id)
		}
	}
	dropped := map[string]string{} // span id -> label that maps to nothing
	kinds := map[string]string{}
	var live []*span
	for _, id := range b.order {
		s := b.spans[id]
		if triggers[id] {
			continue
		}
		kind, st := b.m.Entity(s.label)
		if st != mapping.Mapped {
			b.tally.Add("entity", s.label, st, b.problem(annotation.Warning, s.at, ""))
			dropped[id] = s.label
			continue
		}
		kinds[id] = kind
		s.group = len(live)
		live = append(live, s)
	}
	entities, keyOf := b.entities(live, kinds, art.Language)
	doc := &annotation.Document{Version: 1, Article: art, Entities: entities, File: b.file}
	ids := map[string]bool{}
	for _, r := range b.rels {
		if rel, ok := b.relation(r, keyOf, dropped, triggers, sents); ok {
			if ids[rel.ID] {
				b.Errorf(r.At, "relation id %q is used twice", rel.ID)
			}
			ids[rel.ID] = true
			doc.Relations = append(doc.Relations, rel)
		}
	}
	probs := append(b.probs, b.tally.Problems()...)
	if probs.HasErrors() {
		return nil, probs
	}
	return doc, probs
}

// article checks and completes the article fields.
func (b *Builder) article(d Article) *annotation.Article {
	a := &annotation.Article{ID: cmp.Or(b.meta["id"], d.ID), URL: b.meta["url"], Title: b.meta["title"],
		Source: cmp.Or(b.meta["source"], b.m.Defaults.Source), Published: cmp.Or(b.meta["published"], b.m.Defaults.Published), Text: string(b.text),
		Language: cmp.Or(b.meta["language"], b.m.Defaults.Language, d.Language, DetectLanguage(string(b.text)))}
	if !graph.IsSourceID(a.ID) {
		b.Errorf(cmp.Or(b.metaAt["id"], d.At), "article id %q must match [a-z0-9][a-z0-9._-]* (at most %d characters)", a.ID, graph.MaxIDLength)
	}
	if u, err := url.Parse(a.URL); a.URL != "" && (err != nil || u.Scheme == "" || u.Host == "") {
		b.Errorf(cmp.Or(b.metaAt["url"], d.At), "article url %q is not an absolute URL", a.URL)
	}
	if len(b.text) == 0 {
		b.Errorf(d.At, "the article text is empty")
	}
	if !langRE.MatchString(a.Language) {
		b.Errorf(cmp.Or(b.metaAt["language"], d.At), "article language %q is not a language tag like \"ar\" or \"en\"", a.Language)
	}
	if a.Published == "" {
		b.Warnf(d.At, "the article has no published date: its reports have no date of report (they count as known at any date) and its dates stay as annotated; "+
			"give published=YYYY-MM-DD (see the package documentation of this format), name its key in the mapping (fields: {published: date}), or import with --published DATE")
	} else if _, err := graph.ParseDate(a.Published); err != nil || !dayRE.MatchString(a.Published) {
		b.Errorf(b.metaAt["published"], "article published date %q: want a day, YYYY-MM-DD", a.Published)
	}
	return a
}

// entities groups live spans into entities: spans with the same key or
// Wikidata id, spans a brat Equiv joins, and spans without a reference that
// have the same kind and normalised text (joining the one referenced entity
// of that kind and text if there is exactly one). It returns the entities
// and the key of every live span.
func (b *Builder) entities(live []*span, kinds map[string]string, lang string) ([]annotation.Entity, map[string]string) {
	parent := make([]int, len(live))
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	union := func(i, j int) {
		if i, j = find(i), find(j); i != j {
			parent[max(i, j)] = min(i, j) // the earlier span stays the root
		}
	}
	byRef := map[string]int{}
	for i, s := range live {
		for _, ref := range []string{s.key, s.qid} {
			if ref == "" {
				continue
			}
			if j, ok := byRef[ref]; ok {
				union(j, i)
			} else {
				byRef[ref] = i
			}
		}
	}
	for _, ids := range b.equiv {
		first := -1
		for _, id := range ids {
			if _, ok := kinds[id]; !ok {
				continue
			}
			if first < 0 {
				first = b.spans[id].group
			} else {
				union(first, b.spans[id].group)
			}
		}
	}
	refd := map[int]bool{}
	for i, s := range live {
		if s.key != "" || s.qid != "" {
			refd[find(i)] = true
		}
	}
	textKey := func(s *span) string { return kinds[s.id] + "\x00" + resolve.Key(b.spanText(s)) }
	referenced := map[string][]int{} // kind+text -> roots of referenced groups
	for i, s := range live {
		if r := find(i); refd[r] && !slices.Contains(referenced[textKey(s)], r) {
			referenced[textKey(s)] = append(referenced[textKey(s)], r)
		}
	}
	byText := map[string]int{}
	for i, s := range live {
		if refd[find(i)] {
			continue
		}
		k := textKey(s)
		if roots := referenced[k]; len(roots) == 1 {
			union(roots[0], i)
		} else if j, ok := byText[k]; ok {
			union(j, i)
		} else {
			byText[k] = i
		}
	}

	members := map[int][]*span{}
	var roots []int
	for i, s := range live {
		r := find(i)
		if len(members[r]) == 0 {
			roots = append(roots, r)
		}
		members[r] = append(members[r], s)
	}
	var out []annotation.Entity
	keyOf := map[string]string{}
	used := map[string]bool{}
	var slugged []int // indexes in out of entities whose key is made up
	for _, r := range roots {
		ms := members[r]
		e := annotation.Entity{Kind: kinds[ms[0].id], Names: map[string]string{}}
		for _, s := range ms {
			kind, ok := graph.JoinKinds(e.Kind, kinds[s.id])
			if !ok {
				b.Errorf(s.at, "%s is labelled %s (%s) but is the same entity as %s, labelled %s (%s)", s.id, s.label, kinds[s.id], ms[0].id, ms[0].label, e.Kind)
			}
			e.Kind = kind
			b.set(&e.Key, s.key, "key", "entity of "+s.id, s.at)
			b.set(&e.Wikidata, s.qid, "Wikidata id", "entity of "+s.id, s.at)
			for l, n := range s.names {
				name := e.Names[l]
				b.set(&name, n, "name."+l, "entity of "+s.id, s.at)
				e.Names[l] = name
			}
			for l, as := range s.aliases {
				for _, a := range as {
					if !slices.Contains(e.Aliases[l], a) {
						if e.Aliases == nil {
							e.Aliases = map[string][]string{}
						}
						e.Aliases[l] = append(e.Aliases[l], a)
					}
				}
			}
			for _, f := range s.frags {
				e.Mentions = append(e.Mentions, annotation.Span{Start: new(f.Start), End: new(f.End), Text: string(b.text[f.Start:f.End])})
			}
		}
		for _, s := range ms {
			for _, n := range s.refNames {
				l := DetectLanguage(n)
				if _, ok := e.Names[l]; !ok {
					e.Names[l] = n
				}
			}
		}
		if len(e.Names) == 0 {
			e.Names[lang] = b.spanText(ms[0])
		}
		slices.SortStableFunc(e.Mentions, func(x, y annotation.Span) int { return cmp.Compare(*x.Start, *y.Start) })
		e.Mentions = slices.CompactFunc(e.Mentions, func(x, y annotation.Span) bool { return *x.Start == *y.Start && *x.End == *y.End })
		if e.Key == "" {
			e.Key = e.Wikidata
		}
		if e.Key == "" {
			slugged = append(slugged, len(out))
		} else {
			used[e.Key] = true
		}
		if graph.IsQID(e.Key) && e.Wikidata != "" && e.Wikidata != e.Key {
			b.Errorf(ms[0].at, "entity of %s: key %s is a Wikidata id but its Wikidata id is %s", ms[0].id, e.Key, e.Wikidata)
		}
		out = append(out, e)
	}
	for _, i := range slugged { // made-up keys give way to given ones
		e := &out[i]
		base := slug(e.Kind, cmp.Or(e.Names["en"], e.Names[lang], firstName(e.Names)))
		e.Key, e.KeyMadeUp = base, true
		for n := 2; used[e.Key]; n++ {
			e.Key = base + "-" + strconv.Itoa(n)
		}
		used[e.Key] = true
	}
	for i, r := range roots {
		for _, s := range members[r] {
			keyOf[s.id] = out[i].Key
		}
	}
	return out, keyOf
}

func firstName(names map[string]string) string {
	if ls := slices.Sorted(maps.Keys(names)); len(ls) > 0 {
		return names[ls[0]]
	}
	return ""
}

// spanText is the text of a span, its fragments joined by one space.
func (b *Builder) spanText(s *span) string {
	parts := make([]string, len(s.frags))
	for i, f := range s.frags {
		parts[i] = string(b.text[f.Start:f.End])
	}
	return strings.Join(parts, " ")
}

// relation turns one relation annotation into a geokg relation; false when
// it is left out (with a warning) or wrong (with an error).
func (b *Builder) relation(r *Relation, keyOf, dropped map[string]string, triggers map[string]bool, sents [][2]int) (annotation.Relation, bool) {
	ri := b.relByID[r.ID]
	rel := annotation.Relation{ID: r.ID, Modality: ri.modality, Confidence: ri.confidence}
	// Of several labels, those that name a modality are modalities.
	var typ mapping.Relation
	var unmapped []string
	for _, l := range r.Labels {
		if mod, st := b.m.Modality(l, ""); st == mapping.Mapped && len(r.Labels) > 1 {
			b.setModality(&rel, mod, l, r.At)
		} else if t, st := b.m.Relation(l); st == mapping.Mapped {
			if typ.Type != "" && typ.Type != t.Type {
				b.Errorf(r.At, "%s has two relation types: %s and %s", r.ID, typ.Type, t.Type)
				return rel, false
			}
			typ = t
		} else {
			unmapped = append(unmapped, l)
		}
	}
	if typ.Type == "" {
		label := strings.Join(unmapped, "+")
		_, st := b.m.Relation(label)
		b.tally.Add("relation", label, st, b.problem(annotation.Warning, r.At, ""))
		return rel, false
	}
	for _, l := range unmapped {
		_, st := b.m.Relation(l)
		b.tally.Add("relation label", l, st, b.problem(annotation.Warning, r.At, ""))
	}
	rel.Type = typ.Type
	src, tgt := r.Source, r.Target
	if typ.Reverse {
		src, tgt = tgt, src
	}
	others := slices.Clone(r.Others)
	var words []string
	var evidence *Frag
	for _, f := range ri.fields {
		at := ri.noteAt
		role, hasRole := strings.CutPrefix(f.Key, "participant.")
		switch {
		case f.Key == "":
			words = append(words, f.Value)
		case f.Key == "id":
			rel.ID = f.Value
		case f.Key == "date", f.Key == "start", f.Key == "end":
			if _, err := graph.ParseDate(f.Value); err != nil {
				b.Errorf(at, "note on %s: %s: %v", r.ID, f.Key, err)
			}
			switch f.Key {
			case "date":
				rel.Date = f.Value
			case "start":
				rel.Start = f.Value
			default:
				rel.End = f.Value
			}
		case f.Key == "confidence":
			c, err := strconv.ParseFloat(f.Value, 64)
			if err != nil || !(c >= 0 && c <= 1) {
				b.Errorf(at, "note on %s: confidence %q: want a number from 0 to 1", r.ID, f.Value)
			}
			if ri.confidence != nil && *ri.confidence != c {
				b.Errorf(at, "note on %s: confidence %v, but attribute %s gives %v", r.ID, c, ri.confAt, *ri.confidence)
			}
			rel.Confidence = &c
		case f.Key == "modality":
			mod, st := b.m.Modality(f.Value, "")
			if st != mapping.Mapped {
				b.Errorf(at, "note on %s: modality %q: want asserted, denied, claimed, planned or hedged", r.ID, f.Value)
			}
			b.setModality(&rel, mod, "modality="+f.Value, at)
		case f.Key == "evidence":
			s, e, ok := parseRange(f.Value)
			if !ok || s >= e || e > len(b.text) {
				b.Errorf(at, "note on %s: evidence %q: want START-END in code points within the text (%d)", r.ID, f.Value, len(b.text))
				continue
			}
			evidence = &Frag{s, e}
		case f.Key == "note":
			rel.Note = f.Value
		case f.Key == "event":
			b.EventKey(r.ID, f.Value, "note", at)
		case hasRole && roleRE.MatchString(role):
			others = append(others, Arg{ID: f.Value, Role: role})
		default:
			b.Warnf(at, "note on %s: %s= ignored (relations take id, date, start, end, confidence, modality, evidence, note, event, participant.ROLE)", r.ID, f.Key)
		}
	}
	if s := b.spans[r.KeyFrom]; s != nil && s.event.key != "" {
		b.setEvent(r.ID, &ri.event, eventKey{s.event.key, s.event.from + " on " + r.KeyFrom, s.event.at})
	}
	rel.Event = ri.event.key
	if rel.Note == "" {
		rel.Note = strings.Join(words, " ")
	}
	if rel.Date != "" && (rel.Start != "" || rel.End != "") {
		b.Errorf(ri.noteAt, "note on %s: give either date or start/end, not both", r.ID)
	}
	if !graph.IsRelationID(rel.ID) {
		b.Errorf(cmp.Or(ri.noteAt, r.At), "relation id %q must match [A-Za-z0-9][A-Za-z0-9._-]* (at most %d characters)", rel.ID, graph.MaxIDLength)
	}
	// arg resolves a span id to an entity key; false leaves the relation out.
	ok := true
	arg := func(what, id string) string {
		label, gone := dropped[id] // the label may be ""
		switch {
		case !ok:
		case b.bad[id]:
			ok = false
		case gone:
			b.Warnf(r.At, "%s left out: its %s %s has label %q, which maps to no entity kind", r.ID, what, id, label)
			ok = false
		case triggers[id]:
			b.Errorf(r.At, "%s: its %s %s is an event trigger, not an entity", r.ID, what, id)
			ok = false
		case b.spans[id] == nil:
			b.Errorf(r.At, "%s: its %s %q is not a span annotation", r.ID, what, id)
			ok = false
		}
		return keyOf[id]
	}
	if src == "" || tgt == "" {
		b.Warnf(r.At, "%s left out: a relation needs two entity arguments", r.ID)
		return rel, false
	}
	if r.Trigger != "" && b.spans[r.Trigger] == nil && !b.bad[r.Trigger] {
		b.Errorf(r.At, "%s: its trigger %q is not a span annotation", r.ID, r.Trigger)
		return rel, false
	}
	rel.Source, rel.Target = arg("source", src), arg("target", tgt)
	for _, o := range others {
		if k := arg(o.Role, o.ID); ok && !slices.Contains(rel.Participants, annotation.Participant{Entity: k, Role: o.Role}) {
			rel.Participants = append(rel.Participants, annotation.Participant{Entity: k, Role: o.Role})
		}
	}
	if !ok {
		return rel, false
	}
	if rel.Source == rel.Target {
		b.Errorf(r.At, "%s links entity %q to itself", r.ID, rel.Source)
		return rel, false
	}
	if evidence == nil {
		lo, hi := len(b.text), 0
		for _, id := range []string{src, tgt, r.Trigger} {
			if s := b.spans[id]; s != nil {
				for _, f := range s.frags {
					lo, hi = min(lo, f.Start), max(hi, f.End)
				}
			}
		}
		s, e := Cover(sents, lo, hi)
		evidence = &Frag{s, e}
	}
	rel.Evidence = annotation.Span{Start: new(evidence.Start), End: new(evidence.End), Text: string(b.text[evidence.Start:evidence.End])}
	return rel, true
}

func (b *Builder) setModality(rel *annotation.Relation, mod, from string, at Loc) {
	if rel.Modality != "" && rel.Modality != mod {
		b.Errorf(at, "%s has modalities %s and %s (%s)", rel.ID, rel.Modality, mod, from)
		return
	}
	rel.Modality = mod
}

// parseRange reads "START-END".
func parseRange(s string) (int, int, bool) {
	a, z, ok := strings.Cut(s, "-")
	start, err1 := strconv.Atoi(a)
	end, err2 := strconv.Atoi(z)
	return start, end, ok && err1 == nil && err2 == nil && start >= 0
}

func fragString(frags []Frag) string {
	parts := make([]string, len(frags))
	for i, f := range frags {
		parts[i] = fmt.Sprintf("%d–%d", f.Start, f.End)
	}
	return strings.Join(parts, ";")
}
