package draft

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/resolve"
)

// A party is a mention of a sentence that may take part in its relations.
type party struct {
	Mention
	kind  string
	place bool // written as a place ("in Iraq"): the target of a place cue only
	// modifier: it modifies another party (a title's holder, an
	// organisation's country, a dateline) and takes part in no event
	modifier bool
	state    string // of a person holding an office of a state: the state's key
	from, to int    // the party's phrase: its mention with its title ("US President X")
	group    int    // parties joined by "and" or commas share a group
}

// A clause is what relation drafting reads of one sentence: its span and
// parties, in text order, and the words of the whole text.
type clause struct {
	text    []rune
	ws      []word
	wkeys   [][]string
	lang    string
	span    [2]int
	parties []*party
	cues    []hit // the relation cues of the sentence
}

// drafted is a relation of a sentence before it is written.
type drafted struct {
	typ      string
	src, tgt *party
	conf     float64
	rules    []string
	cue      *hit // the relation cue, for its modality and date
}

func (c *clause) within(s, e int) bool { return s >= c.span[0] && e <= c.span[1] }

// gap returns the text between code points a and b.
func (c *clause) gap(a, b int) string {
	if a >= b {
		return ""
	}
	return string(c.text[a:b])
}

// firstAfter returns the index of the first party starting at or after
// pos, or -1.
func (c *clause) firstAfter(pos int) int {
	return slices.IndexFunc(c.parties, func(p *party) bool { return p.Start >= pos })
}

// lastBefore returns the index of the last party ending at or before pos,
// or -1.
func (c *clause) lastBefore(pos int) int {
	for i := len(c.parties) - 1; i >= 0; i-- {
		if c.parties[i].End <= pos {
			return i
		}
	}
	return -1
}

// coordination is the text between two coordinated parties: a comma or
// "and" (و, attached or not), and an article.
var coordination = regexp.MustCompile(`^\s*(([,،]\s*)(and\s+|و\s*)?|(and\s+|و\s*))(the\s+)?$`)

// dateline is the text after a dateline's place: "Baghdad - ".
var dateline = regexp.MustCompile(`^\s+[-–—]\s`)

// group numbers the coordinated parties of c that take part in events.
func (c *clause) group() {
	var prev *party
	n := 0
	for _, p := range c.parties {
		if p.modifier {
			continue
		}
		if prev == nil || !coordination.MatchString(c.gap(prev.to, p.from)) {
			n++
		}
		p.group = n
		prev = p
	}
}

// members returns the parties of p's group from p on, p first.
func (c *clause) members(p *party) []*party {
	var out []*party
	for _, q := range c.parties {
		if !q.modifier && q.group == p.group && q.Start >= p.Start {
			out = append(out, q)
		}
	}
	return out
}

// relations drafts the relations of each sentence: the structural ones of
// titles and possessives (roleRelations), then those of the relation
// cues, between the parties the cue's reading finds (cueParties), with the
// modality of the nearest modality cue before it (planned when it is dated
// after publication) and the date nearest to it.
func (d *Drafter) relations(text []rune, lang string, pub graph.Date, res *Result) []annotation.Relation {
	ws := words(text)
	wkeys := make([][]string, len(ws))
	for i, w := range ws {
		wkeys[i] = resolve.Keys(string(text[w.start:w.end]))
	}
	rels := find(d.lex.relations, lang, text, ws, wkeys)
	mods := find(d.lex.modalities, lang, text, ws, wkeys)
	titles := find(d.lex.roles, lang, text, ws, wkeys)
	kinds := map[string]string{}
	for _, e := range res.Document.Entities {
		kinds[e.Key] = e.Kind
	}
	var out []annotation.Relation
	seen := map[string]bool{}
	for _, sent := range sentences(text) {
		c := &clause{text: text, ws: ws, wkeys: wkeys, lang: lang, span: sent}
		for _, m := range res.Mentions {
			if c.within(m.Start, m.End) {
				c.parties = append(c.parties, &party{Mention: m, kind: kinds[m.Entity], place: d.place(text, ws, wkeys, lang, m), from: m.Start, to: m.End})
			}
		}
		if len(c.parties) > 0 && c.parties[0].Start == sent[0] && dateline.MatchString(c.gap(c.parties[0].End, sent[1])) {
			c.parties[0].modifier = true
		}
		found := d.roleRelations(c, titles)
		var hits []hit
		for _, h := range rels {
			inName := slices.ContainsFunc(res.Mentions, func(m Mention) bool { return h.start < m.End && m.Start < h.end })
			if c.within(h.start, h.end) && !inName { // "talks" of "the Strategic Talks" names, not relates
				hits = append(hits, h)
			}
		}
		// A reversed cue joins two parties as a title does ("the coalition
		// led by the United States"): its source modifies its target.
		for _, h := range hits {
			if h.cue.Reverse {
				found = append(found, d.cueRelations(c, h, nil)...)
			}
		}
		c.cues = hits
		c.group()
		agents := map[int][]*party{} // a nominal cue that is the agent of a verb's ("killed by a US strike"): the verb's patients
		for _, h := range hits {
			if !h.cue.Reverse {
				found = append(found, d.cueRelations(c, h, agents)...)
			}
		}
		for _, f := range found {
			typ, _ := d.vocab.Lookup(f.typ)
			id := fmt.Sprintf("%d/%s/%s/%s", sent[0], typ.ID, f.src.Entity, f.tgt.Entity)
			if seen[id] || f.src.Entity == f.tgt.Entity {
				continue
			}
			seen[id] = true
			r := annotation.Relation{
				ID: fmt.Sprintf("r%d", len(out)+1), Type: typ.ID, Source: f.src.Entity, Target: f.tgt.Entity,
				Modality: string(graph.Asserted),
				Evidence: annotation.Span{Start: &sent[0], End: &sent[1], Text: string(text[sent[0]:sent[1]])},
			}
			rules, conf := f.rules, f.conf
			if h := f.cue; h != nil {
				if m, ok := nearestBefore(mods, sent[0], h.start); ok {
					r.Modality = m.cue.value
					rules = append(rules, m.rule())
				}
				if dt, ok := nearestDate(res.Dates, sent, *h); ok && !typ.Interval() {
					if dt.Uncertain {
						rules = append(rules, fmt.Sprintf("date uncertain: %q is %s or %s", dt.Text, dt.Value, dt.Alt))
					} else {
						r.Date = dt.Value.String()
						rules = append(rules, fmt.Sprintf("date:%s %q", dt.Rule, dt.Text))
						if dt.Value.First() > pub.Last() && r.Modality != string(graph.Denied) {
							r.Modality = string(graph.Planned)
							rules = append(rules, "planned: dated after publication")
						}
					}
					conf *= dt.Confidence
				}
			}
			cf := math.Round(conf*100) / 100
			r.Confidence = &cf
			r.Note = "draft: " + strings.Join(rules, "; ")
			out = append(out, r)
		}
	}
	return out
}

// byAgent is the text between a passive verb and its agent: "killed by
// a", "killed in a".
var byAgent = regexp.MustCompile(`^\s+(by|in)\s+((a|an|the)\s+)?$`)

// cueRelations drafts the relations of the relation cue h in clause c.
// The source is the party nearest before the cue (in Arabic, whose verb
// comes first, the first after it when none is before), the target the
// first after it, with the parties coordinated with it ("with the United
// States, the United Kingdom and France"); "X and Y negotiated" relates X
// and Y. A nominal cue with a state's adjective ("a US drone strike",
// "غارة أمريكية") is that state's act; after a verb ("was killed by a US
// drone strike", "killed in a US strike", "قُتل … بغارة أمريكية") it is
// the verb's agent, and the verb's patient the target of both. agents
// keeps, by a nominal cue's start, the patients of the verb it is the
// agent of.
func (d *Drafter) cueRelations(c *clause, h hit, agents map[int][]*party) []drafted {
	typ, _ := d.vocab.Lookup(h.cue.value)
	var before, after []*party
	for _, p := range c.parties {
		switch {
		case p.modifier:
		case p.End <= h.start && !p.place:
			before = append(before, p)
		case p.Start >= h.end && (!p.place || h.cue.Place):
			after = append(after, p)
		}
	}
	source := func(p *party) bool { return actor(p.kind) || h.cue.Place }
	target := func(p *party) bool { return p.kind != "agreement" && p.kind != "event" }
	first := func(list []*party, ok func(*party) bool, not *party) *party {
		for _, p := range list {
			if ok(p) && (not == nil || p.Entity != not.Entity) {
				return p
			}
		}
		return nil
	}
	var (
		src  *party
		tgts []*party
		conf float64
		rule = h.rule()
	)
	adj := c.adjective(h)
	switch {
	case h.cue.Reverse:
		if len(after) > 0 && len(before) > 0 && strings.TrimSpace(c.gap(before[len(before)-1].End, h.start)) == "" {
			src, tgts, conf = after[0], []*party{before[len(before)-1]}, 0.6
			src.modifier = true
		}
	case agents[h.start] != nil && adj != nil:
		src, tgts, conf, rule = adj, agents[h.start], 0.55, rule+"; agent of the verb before"
	default:
		if n, nadj, ok := c.agent(h, agents); ok {
			var patient *party
			if c.lang == "en" {
				if len(before) > 0 {
					patient = before[len(before)-1]
				}
			} else {
				patient = first(after, target, nadj)
			}
			if patient != nil {
				agents[n] = c.members(patient)
				src, tgts, conf, rule = nadj, agents[n], 0.55, rule+"; agent after the verb"
				break
			}
		}
		if adj != nil {
			if t := first(after, target, adj); t != nil {
				src, tgts, conf = adj, c.members(t), 0.55
			}
			break
		}
		for i := len(before) - 1; i >= 0 && src == nil; i-- {
			if source(before[i]) {
				src, conf = before[i], 0.6
			}
		}
		if src == nil && c.lang == "ar" {
			src, conf = first(after, source, nil), 0.45
			if src != nil {
				after = after[slices.Index(after, src)+1:]
			}
		}
		if src == nil {
			break
		}
		if t := first(after, target, src); t != nil {
			tgts = c.members(t)
		} else if g := c.members(c.firstOf(src)); len(g) > 1 && (typ.Symmetric || h.cue.States) {
			src, tgts, rule = g[0], g[1:2], rule+"; the parties joined before the cue"
		}
	}
	var out []drafted
	for _, t := range tgts {
		if !target(t) {
			continue
		}
		s, t, rule := src, t, rule
		if h.cue.States && s.stateOf() != "" && t.stateOf() != "" && (s.state != "" || t.state != "") {
			s, t = &party{Mention: Mention{Entity: s.stateOf()}}, &party{Mention: Mention{Entity: t.stateOf()}}
			rule += "; officials for their states"
		}
		out = append(out, drafted{typ: typ.ID, src: s, tgt: t, conf: conf, rules: []string{rule}, cue: &h})
	}
	return out
}

// stateOf returns the state p stands for: the state of its office, or p
// itself if it is a country.
func (p *party) stateOf() string {
	if p.kind == "country" {
		return p.Entity
	}
	return p.state
}

// firstOf returns the first party of p's group.
func (c *clause) firstOf(p *party) *party {
	for _, q := range c.parties {
		if !q.modifier && q.group == p.group {
			return q
		}
	}
	return p
}

// adjective returns the state whose adjective or name qualifies the cue h
// as a noun: directly before it in English ("US drone strike"), a nisba
// after it in Arabic, at most a word apart ("غارة جوية أمريكية").
func (c *clause) adjective(h hit) *party {
	if c.lang == "en" {
		i := c.lastBefore(h.start)
		if i >= 0 && c.parties[i].kind == "country" && !c.parties[i].modifier && c.gap(c.parties[i].End, h.start) == " " {
			return c.parties[i]
		}
		return nil
	}
	i := c.firstAfter(h.end)
	if i < 0 {
		return nil
	}
	p := c.parties[i]
	if p.kind != "country" || p.modifier || !strings.HasPrefix(p.Rule, "adjective") || len(strings.Fields(c.gap(h.end, p.Start))) > 1 {
		return nil
	}
	return p
}

// agent returns a nominal cue that is the agent of the verb cue h, with
// the state it is the act of: right after "by" in English ("killed by a US
// drone strike"), with an attached ب later in the sentence in Arabic
// ("قُتل … بغارة أمريكية").
func (c *clause) agent(h hit, agents map[int][]*party) (int, *party, bool) {
	if agents == nil {
		return 0, nil, false
	}
	for _, n := range c.hits(h) {
		adj := c.adjective(n)
		if adj == nil {
			continue
		}
		if c.lang == "en" && adj.Start > h.end && byAgent.MatchString(c.gap(h.end, adj.Start)) {
			return n.start, adj, true
		}
		if c.lang == "ar" && c.text[n.start] == 'ب' && c.afterClitic(n) > n.start {
			return n.start, adj, true
		}
	}
	return 0, nil, false
}

// hits returns the relation cues of the clause after h.
func (c *clause) hits(h hit) []hit {
	var out []hit
	for _, n := range c.cues {
		if n.start >= h.end {
			out = append(out, n)
		}
	}
	return out
}

// actor reports whether an entity of kind can be the source of an event:
// places, facilities, agreements and events cannot.
func actor(kind string) bool {
	switch kind {
	case "location", "facility", "agreement", "event":
		return false
	}
	return true
}
