package neo4jstore

import (
	"encoding/json"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/geokg/geokg/internal/graph"
)

// This file turns geokg values into Neo4j properties and back. Maps and
// lists of structs (an entity's names, a relation's evidence) are JSON
// strings: Neo4j properties hold only scalars and lists of scalars. A
// report is its relation as JSON, whole.

func marshal(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // plain data: cannot happen
	}
	return string(b)
}

// props reads typed values out of a property map or a record, keeping the
// first error so that callers check once.
type props struct {
	m   map[string]any
	err error
}

func (p *props) bad(key string, v any, want string) {
	if p.err == nil {
		p.err = fmt.Errorf("property %s is %T, want %s", key, v, want)
	}
}

// str is a string property; missing or null is "".
func (p *props) str(key string) string {
	switch v := p.m[key].(type) {
	case nil:
		return ""
	case string:
		return v
	default:
		p.bad(key, v, "a string")
		return ""
	}
}

// integer is an integer property; missing or null is 0.
func (p *props) integer(key string) int {
	switch v := p.m[key].(type) {
	case nil:
		return 0
	case int64:
		return int(v)
	default:
		p.bad(key, v, "an integer")
		return 0
	}
}

// float is a float property, nil when missing or null.
func (p *props) float(key string) *float64 {
	switch v := p.m[key].(type) {
	case nil:
		return nil
	case float64:
		return &v
	case int64:
		f := float64(v)
		return &f
	default:
		p.bad(key, v, "a float")
		return nil
	}
}

// json decodes a JSON string property into dst; missing or "" leaves dst.
func (p *props) json(key string, dst any) {
	if s := p.str(key); s != "" && p.err == nil {
		if err := json.Unmarshal([]byte(s), dst); err != nil {
			p.err = fmt.Errorf("property %s: %w", key, err)
		}
	}
}

// date parses a date property ("" is the zero Date).
func (p *props) date(key string) graph.Date {
	s := p.str(key)
	if s == "" || p.err != nil {
		return graph.Date{}
	}
	d, err := graph.ParseDate(s)
	if err != nil {
		p.err = fmt.Errorf("property %s: %w", key, err)
	}
	return d
}

// record gives the values of a result record by key.
func record(r *neo4j.Record) *props { return &props{m: r.AsMap()} }

// node gives the properties of a node value.
func node(v any) *props {
	switch n := v.(type) {
	case neo4j.Node:
		return &props{m: n.Props}
	case map[string]any: // a map projection of a node
		return &props{m: n}
	}
	return &props{err: fmt.Errorf("got %T, want a node", v)}
}

// list is a list value.
func list(v any) ([]any, error) {
	switch l := v.(type) {
	case nil:
		return nil, nil
	case []any:
		return l, nil
	}
	return nil, fmt.Errorf("got %T, want a list", v)
}

// stringList decodes the list of strings in column key of the first row.
func stringList(rows []*neo4j.Record, key string) ([]string, error) {
	if len(rows) == 0 {
		return nil, nil
	}
	v, _ := rows[0].Get(key)
	l, err := list(v)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(l))
	for _, x := range l {
		s, ok := x.(string)
		if !ok {
			return nil, fmt.Errorf("%s: got %T, want a string", key, x)
		}
		out = append(out, s)
	}
	return out, nil
}

// tuples decodes the list of lists of n strings in column key of the
// first row.
func tuples(rows []*neo4j.Record, key string, n int) ([][]string, error) {
	if len(rows) == 0 {
		return nil, nil
	}
	v, _ := rows[0].Get(key)
	l, err := list(v)
	if err != nil {
		return nil, err
	}
	out := make([][]string, 0, len(l))
	for _, x := range l {
		t, err := list(x)
		if err != nil || len(t) != n {
			return nil, fmt.Errorf("%s: got %v, want %d strings", key, x, n)
		}
		ss := make([]string, n)
		for i, y := range t {
			var ok bool
			if ss[i], ok = y.(string); !ok {
				return nil, fmt.Errorf("%s: got %v, want %d strings", key, x, n)
			}
		}
		out = append(out, ss)
	}
	return out, nil
}

// entityProps are the properties of an assembled entity: the entity, its
// first label (before Assemble's fallback) and the greatest rank folded
// into it (last_priority and last_source, null when it has no record).
func entityProps(st graph.EntityState) map[string]any {
	m := map[string]any{
		"name": st.Name, "kind": st.Kind, "wikidata": st.Wikidata, "label": st.Label,
		"names": marshal(st.Names), "aliases": marshal(st.Aliases), "demonyms": marshal(st.Demonyms),
		"last_priority": nil, "last_source": nil,
	}
	if st.Last != nil {
		m["last_priority"], m["last_source"] = int64(st.Last.Priority), st.Last.Source
	}
	return m
}

// entity decodes an (:Entity) node.
func entity(v any) (graph.Entity, error) {
	p := node(v)
	e := graph.Entity{ID: p.str("id"), Name: p.str("name"), Kind: p.str("kind"), Wikidata: p.str("wikidata")}
	p.json("names", &e.Names)
	p.json("aliases", &e.Aliases)
	p.json("demonyms", &e.Demonyms) // absent on a node written before demonyms: none
	if e.Names == nil {
		e.Names = map[string]string{}
	}
	if e.Aliases == nil {
		e.Aliases = map[string][]string{}
	}
	return e, p.err
}

// entityList decodes a list of (:Entity) nodes.
func entityList(v any) ([]graph.Entity, error) {
	l, err := list(v)
	if err != nil {
		return nil, err
	}
	out := make([]graph.Entity, 0, len(l))
	for _, n := range l {
		e, err := entity(n)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// eventProps are the properties of the :REL relationship of an event
// (graph.Events): the relation, its group, and the fields of an event.
func eventProps(r *graph.Relation) map[string]any {
	m := map[string]any{
		"id": r.ID, "grp": r.GroupKey(), "type": r.Type, "class": r.Class, "quad": int64(r.QuadClass),
		"date": r.Date.String(), "end": r.End.String(), "prec": string(r.Precision),
		"lo": r.Lo(), "hi": r.Hi(), "last": r.Last(), "known": r.Known, "reviewed": r.Reviewed,
		"timeline": r.Class == graph.ClassEvent && !r.Date.IsZero(),
		"modality": string(r.Modality), "confidence": r.Confidence,
		"event_key": r.EventKey, "reports": int64(r.Reports), "sources": int64(r.Sources), "joined": r.Joined,
	}
	if r.Intensity != nil {
		m["intensity"] = *r.Intensity
	}
	if len(r.Participants) > 0 {
		ids := make([]string, len(r.Participants))
		for i, p := range r.Participants {
			ids[i] = p.Entity
		}
		m["participants"] = marshal(r.Participants)
		m["participant_ids"] = ids
	}
	m["parties"] = r.Parties()
	if len(r.Evidence) > 0 {
		m["evidence"] = marshal(r.Evidence)
	}
	if len(r.Modalities) > 0 {
		m["modalities"] = marshal(r.Modalities)
	}
	return m
}

// linkProps are the properties of a :LINK relationship of an event (see
// cypher/schema.cypher): the event's id, whether the link is directed,
// and the event's properties that filters and chronological routes read,
// as its REL has them (props, from eventProps).
func linkProps(props map[string]any, directed bool) map[string]any {
	m := map[string]any{"relation": props["id"], "directed": directed}
	for _, k := range []string{"type", "class", "confidence", "modality", "lo", "hi", "known", "reviewed", "date"} {
		m[k] = props[k]
	}
	return m
}

// relation decodes the :REL relationship of an event whose ends have the
// ids src and tgt.
func relation(v any, src, tgt string) (graph.Relation, error) {
	rel, ok := v.(neo4j.Relationship)
	if !ok {
		return graph.Relation{}, fmt.Errorf("got %T, want a relationship", v)
	}
	p := &props{m: rel.Props}
	r := graph.Relation{
		ID: p.str("id"), Type: p.str("type"), Class: graph.Class(p.str("class")), QuadClass: p.integer("quad"),
		Intensity: p.float("intensity"), From: src, To: tgt,
		Date: p.date("date"), End: p.date("end"), Precision: graph.Precision(p.str("prec")),
		Modality: graph.Modality(p.str("modality")), Known: p.str("known"),
		EventKey: p.str("event_key"), Reports: p.integer("reports"), Sources: p.integer("sources"), Joined: p.str("joined"),
	}
	if c := p.float("confidence"); c != nil {
		r.Confidence = *c
	}
	r.SetReviewed(p.str("reviewed")) // '' when stored before drafts were kept: none was one
	p.json("participants", &r.Participants)
	p.json("evidence", &r.Evidence)
	p.json("modalities", &r.Modalities)
	return r, p.err
}

// reportProps are the properties of the (:Report) node of a relation of
// source, before it is grouped into an event.
func reportProps(r *graph.Relation, source string) map[string]any {
	return map[string]any{"id": r.ID, "source": source, "grp": r.GroupKey(), "event": "", "json": marshal(r)}
}

// reportRelation decodes the JSON of a report.
func reportRelation(v any) (graph.Relation, error) {
	var r graph.Relation
	s, ok := v.(string)
	if !ok {
		return r, fmt.Errorf("report: got %T, want JSON", v)
	}
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		return r, fmt.Errorf("report: %w", err)
	}
	return r, nil
}

// relationList decodes a list of [relationship, source id, target id].
func relationList(v any) ([]graph.Relation, error) {
	l, err := list(v)
	if err != nil {
		return nil, err
	}
	out := make([]graph.Relation, 0, len(l))
	for _, x := range l {
		t, err := list(x)
		if err != nil || len(t) != 3 {
			return nil, fmt.Errorf("got %v, want [relationship, source, target]", x)
		}
		src, _ := t[1].(string)
		tgt, _ := t[2].(string)
		r, err := relation(t[0], src, tgt)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// sourceProps are the properties of the (:Source) node of a contribution.
func sourceProps(c *graph.Contribution) map[string]any {
	src := c.Source
	return map[string]any{
		"id": src.ID, "kind": src.Kind, "title": src.Title, "url": src.URL, "language": src.Language,
		"published": src.Published, "digest": src.Digest, "priority": int64(c.Priority), "text": c.Text,
	}
}

// source decodes a (:Source) node.
func source(v any) (graph.Source, error) {
	p := node(v)
	s := graph.Source{ID: p.str("id"), Kind: p.str("kind"), Title: p.str("title"), URL: p.str("url"),
		Language: p.str("language"), Published: p.str("published"), Digest: p.str("digest")}
	return s, p.err
}
