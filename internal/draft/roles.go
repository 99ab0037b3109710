package draft

import (
	"regexp"
	"slices"
	"strings"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/resolve"
)

// Gaps of text between a title and what it joins: "of" before a holder
// ("commander of the Quds Force"), a comma and an article before an
// appositive title ("Qasem Soleimani, the commander"), a possessive before
// an organisation ("Iran's Revolutionary Guards").
var (
	ofGap         = regexp.MustCompile(`^\s+of\s+(the\s+)?$`)
	appositiveGap = regexp.MustCompile(`^\s*[,،]\s*((the|a|an)\s+)?$`)
	possessiveGap = regexp.MustCompile(`^['’]s\s+$`)
	// before a title: a possessive and at most one word ("Iraq's caretaker
	// Prime Minister", "US President")
	holderGap = regexp.MustCompile(`^(['’]s)?\s+([\pL-]+\s+)?$`)
)

// ownedKinds are the kinds of entity that a country's possessive or nisba
// makes part of it ("Iran's Revolutionary Guards", "فيلق القدس الإيراني").
var ownedKinds = []string{"government", "government_body", "military"}

// roleRelations drafts the structural relations of a sentence that its
// titles (the title cues found in the text: "US President X", "X, the
// commander of the Quds Force", "رئيس الوزراء العراقي X") and possessives
// give, and marks the parties they absorb: a title's holder and an
// organisation's country modify another party and take part in no event,
// and a person holding an office of a state stands for the state where
// the cue says so (reading.States).
func (d *Drafter) roleRelations(c *clause, titles []hit) []drafted {
	var out []drafted
	for _, h := range titles {
		if !c.within(h.start, h.end) {
			continue
		}
		if r, ok := d.role(c, h); ok {
			out = append(out, r)
		}
	}
	for i, p := range c.parties {
		if i+1 == len(c.parties) {
			break
		}
		q := c.parties[i+1]
		gap := c.gap(p.End, q.Start)
		switch {
		case p.kind == "country" && slices.Contains(ownedKinds, q.kind) && possessiveGap.MatchString(gap):
			p.modifier = true
			out = append(out, drafted{typ: "part_of", src: q, tgt: p, conf: 0.6, rules: []string{"possessive"}})
		case q.kind == "country" && strings.HasPrefix(q.Rule, "adjective") && slices.Contains(ownedKinds, p.kind) && strings.TrimSpace(gap) == "":
			q.modifier = true
			out = append(out, drafted{typ: "part_of", src: p, tgt: q, conf: 0.6, rules: []string{"adjective"}})
		}
	}
	return out
}

// role drafts the relation of a title h between the person it names and
// what they hold.
func (d *Drafter) role(c *clause, h hit) (drafted, bool) {
	holder, after := c.holderAfter(h.end)
	if holder == nil && c.lang == "en" {
		holder = c.holderBefore(h.start)
	}
	// The person: after the title (and a holder after it), or before it,
	// with the title in apposition.
	var person *party
	if holder != nil && after {
		person = c.personAfter(holder.End)
	} else {
		person = c.personAfter(h.end)
	}
	if person == nil {
		if i := c.lastBefore(h.start); i >= 0 && c.parties[i].kind == "person" && appositiveGap.MatchString(c.gap(c.parties[i].End, h.start)) {
			person = c.parties[i]
		}
	}
	if holder == nil && person != nil && c.lang == "en" { // "Supreme Leader Ali Khamenei of Iran"
		holder, _ = c.holderAfter(person.End)
	}
	if person != nil { // a title is part of the person's phrase, with or without a holder
		person.from, person.to = min(person.from, c.afterClitic(h)), max(person.to, h.end)
	}
	if person == nil || holder == nil {
		return drafted{}, false
	}
	i := slices.IndexFunc(d.lex.roles, func(r cue) bool {
		return r.lang == h.cue.lang && slices.Equal(r.words, h.cue.words) && slices.Contains(r.Holders, holder.kind)
	})
	if i < 0 {
		return drafted{}, false
	}
	r := d.lex.roles[i]
	holder.modifier = true
	person.from, person.to = min(person.from, holder.Start), max(person.to, holder.End)
	if holder.kind == "country" {
		person.state = holder.Entity
	}
	tgt := holder
	if r.Government {
		// The government, which the title names without a mention of its
		// own, must be mentioned in the sentence for the relation to link
		// two mentions, as every drafted relation does (Result.review).
		g, ok := d.governments[holder.Entity]
		i := slices.IndexFunc(c.parties, func(p *party) bool { return ok && p.Entity == g })
		if i < 0 {
			return drafted{}, false
		}
		tgt = c.parties[i]
	}
	return drafted{typ: r.value, src: person, tgt: tgt, conf: 0.65, rules: []string{"role:" + r.lang + ":" + r.source}}, true
}

// afterClitic returns where the cue h starts after an attached clitic
// that is not part of it: "والمرشد" starts a title at its م, so that "و"
// is left to join it to the party before.
func (c *clause) afterClitic(h hit) int {
	i := slices.IndexFunc(c.ws, func(w word) bool { return w.start == h.start })
	whole := c.wkeys[i][0] // the word's key with its clitics
	if whole == h.cue.words[0] || len(h.cue.words) == 1 && h.cue.prefix && strings.HasPrefix(whole, h.cue.words[0]) {
		return h.start
	}
	if strings.ContainsRune("وبلف", c.text[h.start]) {
		return h.start + 1
	}
	return h.start
}

// holderAfter returns the party that holds a title ending at end, written
// after it: directly in Arabic ("رئيس الوزراء العراقي", "قائد فيلق
// القدس"), after "of" in English, where a possessive gives the party it
// owns ("of Iran's Quds Force" is the Quds Force); after reports whether
// there is one.
func (c *clause) holderAfter(end int) (p *party, after bool) {
	i := c.firstAfter(end)
	if i < 0 {
		return nil, false
	}
	gap := c.gap(end, c.parties[i].Start)
	switch {
	case c.lang == "ar" && strings.TrimSpace(gap) == "":
	case c.lang == "en" && ofGap.MatchString(gap):
		for i+1 < len(c.parties) && possessiveGap.MatchString(c.gap(c.parties[i].End, c.parties[i+1].Start)) {
			i++
		}
	default:
		return nil, false
	}
	if c.parties[i].kind == "person" {
		return nil, false
	}
	return c.parties[i], true
}

// holderBefore returns the party that holds an English title starting at
// start, written before it: "US President", "Iraq's caretaker Prime
// Minister".
func (c *clause) holderBefore(start int) *party {
	i := c.lastBefore(start)
	if i < 0 || c.parties[i].kind == "person" || !holderGap.MatchString(c.gap(c.parties[i].End, start)) {
		return nil
	}
	return c.parties[i]
}

// personAfter returns the person a title ending at end names: the first
// party after it, a person, with at most a word and commas between
// ("Prime Minister, Adil Abdul-Mahdi", "رئيس الوزراء العراقي المستقيل عادل
// عبد المهدي").
func (c *clause) personAfter(end int) *party {
	i := c.firstAfter(end)
	if i < 0 || c.parties[i].kind != "person" {
		return nil
	}
	gap := strings.FieldsFunc(c.gap(end, c.parties[i].Start), func(r rune) bool { return r == ' ' || r == ',' || r == '،' })
	if len(gap) > 1 {
		return nil
	}
	return c.parties[i]
}

// governmentsOf maps the key of each country of known to the key of its
// government: the one entity of kind government whose name or alias holds
// one of the country's names as whole words ("Government of Iraq",
// "حكومة العراق").
func governmentsOf(known []annotation.Entity) map[string]string {
	keys := func(e annotation.Entity) []string {
		var out []string
		for _, n := range sortedValues(e.Names) {
			out = append(out, resolve.Key(n))
		}
		for _, lang := range sortedKeys(e.Aliases) {
			for _, a := range e.Aliases[lang] {
				out = append(out, resolve.Key(a))
			}
		}
		return out
	}
	out := map[string]string{}
	for _, country := range known {
		if country.Kind != "country" {
			continue
		}
		names := keys(country)
		var found []string
		for _, g := range known {
			if g.Kind != "government" || slices.Contains(found, g.Key) {
				continue
			}
			if slices.ContainsFunc(keys(g), func(gk string) bool {
				return slices.ContainsFunc(names, func(n string) bool {
					return n != "" && strings.Contains(" "+gk+" ", " "+n+" ")
				})
			}) {
				found = append(found, g.Key)
			}
		}
		if len(found) == 1 {
			out[country.Key] = found[0]
		}
	}
	return out
}
