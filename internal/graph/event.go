package graph

import (
	"cmp"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Reports and events.
//
// A relation a source gives (an article's relation, a dataset's row) is a
// report: one source's statement of something. Every report belongs to one
// event, the occurrence in the world it tells of (or, for a structural
// type, the state that holds over an interval); the graph's edges are the
// events, each with the evidence of all its reports. Stores keep the
// reports of each source and the events assembled from them; Events is
// the one rule that groups reports into events, and every store calls it.
//
// Reports are grouped by GroupKey (type, source and target) and, within a
// group:
//
//   - reports that give the same explicit key (Relation.EventKey, the
//     annotation's "event") are one event, and reports of two different
//     keys are never one;
//   - other reports of an event type join an event whose participants do
//     not contradict theirs (one role, two entities) and whose date is
//     compatible: two days at most one day apart, or one date containing
//     the other (2020-01 contains 2020-01-03). Reports are taken finest
//     date first, so a coarse report joins the one event it contains; a
//     coarse report that contains several is an event of its own, never a
//     guess. An undated report joins the group's only event;
//   - other reports of a structural type join a fact whose interval
//     overlaps theirs; an undated report holds from its publication on.
//
// The grouping depends only on the reports, not on the order they were
// stored in. Event ids are stable: an event keeps the id most of its
// reports had before (Report.Event, or the prior ids a store passes); a
// new event takes the id of its first report (by id), so an event of one
// report has the report's id.

// Report is one source's statement of a relation as a store keeps it: the
// relation as the source gave it (its id is the report's id), the source
// that made it, the event it belongs to, and the pin an analyst's decision
// gave it.
type Report struct {
	Relation
	Source string // the id of the source that made it
	Event  string // the id of its event; "" before it is grouped
	Pin    string // PinMerge or PinApart and an id, from an analyst's decision; "" for none
}

// Pins: an analyst's decisions on events, kept per report and applied
// whenever its group is grouped again. Reports pinned PinMerge+ID are one
// event, which takes the id ID while it is free; a report pinned
// PinApart+its id is an event of its own that no other report joins. A
// pin outweighs the annotation's event key.
const (
	PinMerge = "merge:"
	PinApart = "apart:"
)

// Why an event's reports are one event (Relation.Joined).
const (
	JoinedKey     = "key"     // they give the same explicit event key
	JoinedRule    = "rule"    // Events' rule joined them: type, parties and compatible dates
	JoinedAnalyst = "analyst" // an analyst merged them (PinMerge)
)

// GroupKey is the key of the group a report is matched in: its type,
// source and target. Only reports of one group can be one event.
func (r *Relation) GroupKey() string { return r.Type + "|" + r.From + "|" + r.To }

// Events groups the reports of one group (same GroupKey) into events.
// prior gives the event of a report that is not in r.Event (a report
// stored again by its source, whose earlier row is gone); it may be nil.
// taken holds the ids no event may take (those of other groups' events);
// Events adds the ids it gives.
func Events(reports []Report, prior map[string]string, taken map[string]bool) []Relation {
	reps := slices.Clone(reports)
	slices.SortFunc(reps, func(a, b Report) int { return cmp.Compare(a.ID, b.ID) })
	var cs []*cluster
	keyed := map[string]*cluster{}
	var loose []*Report
	for i := range reps {
		r := &reps[i]
		if r.Event == "" {
			r.Event = prior[r.ID]
		}
		// A pin outweighs a key; the two never meet in one name, whatever
		// a key says.
		id := "key\x00" + r.EventKey
		if r.Pin != "" {
			id = "pin\x00" + r.Pin
		} else if r.EventKey == "" {
			loose = append(loose, r)
			continue
		}
		c := keyed[id]
		if c == nil {
			c = &cluster{pin: r.Pin, closed: strings.HasPrefix(r.Pin, PinApart)}
			if r.Pin == "" {
				c.key = r.EventKey
			}
			keyed[id] = c
			cs = append(cs, c)
		}
		c.add(r)
	}
	slices.SortStableFunc(loose, func(a, b *Report) int {
		return cmp.Or(cmp.Compare(span(a), span(b)), cmp.Compare(a.Lo(), b.Lo()), cmp.Compare(a.ID, b.ID))
	})
	for _, r := range loose {
		if c := pick(cs, r); c != nil {
			c.add(r)
		} else {
			c := &cluster{}
			c.add(r)
			cs = append(cs, c)
		}
	}
	slices.SortFunc(cs, func(a, b *cluster) int {
		return cmp.Or(cmp.Compare(a.lo, b.lo), cmp.Compare(a.hi, b.hi), cmp.Compare(a.reports[0].ID, b.reports[0].ID))
	})
	events := make([]Relation, len(cs))
	for i, c := range cs {
		events[i] = c.event()
	}
	for i, id := range names(cs, taken) {
		events[i].ID = id
	}
	return events
}

// cluster is one event being grouped.
type cluster struct {
	key     string // the explicit key, if any
	pin     string // the analyst's pin, if any (then key is "")
	closed  bool   // no other report may join it (PinApart)
	reports []*Report
	anchor  Date              // the date of its first (finest) dated report
	lo, hi  string            // the days it covers so far (structural: the union of its intervals)
	parts   map[string]string // role → entity, of the roles that name one entity
}

func (c *cluster) add(r *Report) {
	if len(c.reports) == 0 || (c.anchor.IsZero() && !r.Date.IsZero()) {
		c.anchor = r.Date
	}
	lo, hi := reportDays(r)
	if len(c.reports) == 0 {
		c.lo, c.hi = lo, hi
	} else {
		c.lo, c.hi = min(c.lo, lo), max(c.hi, hi)
	}
	c.reports = append(c.reports, r)
	if c.parts == nil {
		c.parts = map[string]string{}
	}
	for _, p := range r.Participants {
		if _, ok := c.parts[p.Role]; !ok {
			c.parts[p.Role] = p.Entity
		}
	}
}

// reportDays is the span of days a report speaks of: its own, except that
// an undated structural report holds from its publication on.
func reportDays(r *Report) (string, string) {
	if r.Date.IsZero() && r.Class == ClassStructural {
		if p := published(&r.Relation); p != "" {
			return p, DayMax
		}
	}
	return r.Lo(), r.Hi()
}

// span orders reports finest date first (fineness).
func span(r *Report) int { return fineness(r.Date) }

// fineness orders dates finest first: a day, a month, a year, no date.
func fineness(d Date) int {
	if d.IsZero() {
		return 4
	}
	switch d.Precision {
	case Day:
		return 1
	case Month:
		return 2
	}
	return 3
}

// fits reports whether r's participants leave c's as they are: no role of
// both names two different entities.
func (c *cluster) fits(r *Report) bool {
	for _, p := range r.Participants {
		if e, ok := c.parts[p.Role]; ok && e != p.Entity && c.single(p.Role) {
			return false
		}
	}
	return true
}

// single reports whether every report of c that gives the role gives one
// entity in it: a role of several entities (two victims) never
// contradicts.
func (c *cluster) single(role string) bool {
	for _, r := range c.reports {
		n := 0
		for _, p := range r.Participants {
			if p.Role == role {
				n++
			}
		}
		if n > 1 {
			return false
		}
	}
	return true
}

// pick returns the event a loose report r joins, or nil for a new one.
func pick(cs []*cluster, r *Report) *cluster {
	var cands []*cluster
	for _, c := range cs {
		if !c.closed && c.fits(r) && c.compatible(r) {
			cands = append(cands, c)
		}
	}
	if len(cands) == 1 {
		return cands[0]
	}
	if r.Class == ClassStructural && len(cands) > 1 {
		return cands[0]
	}
	var same []*cluster
	for _, c := range cands {
		if c.anchor == r.Date {
			same = append(same, c)
		}
	}
	if len(same) == 1 {
		return same[0]
	}
	return nil
}

// compatible reports whether r's date allows it to be c's event.
func (c *cluster) compatible(r *Report) bool {
	if r.Class == ClassStructural {
		lo, hi := reportDays(r)
		return lo <= c.hi && c.lo <= hi
	}
	a, b := c.anchor, r.Date
	switch {
	case a.IsZero() || b.IsZero():
		return true
	case a.Precision == Day && b.Precision == Day:
		return dayGap(a.String(), b.String()) <= 1
	}
	return contains(a, b) || contains(b, a)
}

// contains reports whether every day of b lies in a.
func contains(a, b Date) bool { return a.First() <= b.First() && b.Last() <= a.Last() }

// dayGap is the number of days between two YYYY-MM-DD days.
func dayGap(a, b string) int {
	ta, err1 := time.Parse(time.DateOnly, a)
	tb, err2 := time.Parse(time.DateOnly, b)
	if err1 != nil || err2 != nil {
		return 1 << 30
	}
	d := int(tb.Sub(ta).Hours() / 24)
	if d < 0 {
		d = -d
	}
	return d
}

// published is the first publication day of a relation's evidence; ""
// when none gives one.
func published(r *Relation) string {
	day := ""
	for _, ev := range r.Evidence {
		if ev.Published != "" && (day == "" || ev.Published < day) {
			day = ev.Published
		}
	}
	return day
}

// event assembles c's event from its reports (see AssembleEvent).
func (c *cluster) event() Relation {
	e := AssembleEvent(c.reports)
	switch {
	case strings.HasPrefix(c.pin, PinMerge):
		e.Joined = JoinedAnalyst
	case c.pin != "":
		e.Joined = ""
	case c.key != "":
		e.EventKey, e.Joined = c.key, JoinedKey
	}
	return e
}

// AssembleEvent builds an event from its reports: type, class and ends
// from the first; participants the union of theirs; its date the one its
// reports agree on (the finest date that every dated report contains, else
// the date most reports give); for a structural fact, the earliest start
// and the latest end any report gives; modality the mix of theirs (Mix);
// confidence the greatest of theirs; evidence every report's, each marked
// with its report, date and modality. Its id is left for the caller.
func AssembleEvent(reports []*Report) Relation {
	first := reports[0].Relation
	e := Relation{
		Type: first.Type, Class: first.Class, QuadClass: first.QuadClass, Intensity: first.Intensity,
		From: first.From, To: first.To, Modalities: map[Modality]int{},
	}
	seen := map[Participant]bool{}
	var dates []Date
	for _, r := range reports {
		for _, p := range r.Participants {
			if !seen[p] {
				seen[p] = true
				e.Participants = append(e.Participants, p)
			}
		}
		if !r.Date.IsZero() {
			dates = append(dates, r.Date)
		}
		if !r.End.IsZero() && (e.End.IsZero() || r.End.Last() > e.End.Last()) {
			e.End = r.End
		}
		e.Modalities[r.Modality]++
		e.Confidence = max(e.Confidence, r.Confidence)
		e.Evidence = append(e.Evidence, reportEvidence(r)...)
	}
	slices.SortFunc(e.Participants, func(a, b Participant) int {
		return cmp.Or(cmp.Compare(a.Role, b.Role), cmp.Compare(a.Entity, b.Entity))
	})
	if e.Class == ClassStructural {
		e.Date = earliest(dates)
	} else {
		e.Date = Agree(dates)
	}
	if !e.Date.IsZero() {
		e.Precision = e.Date.Precision
	}
	slices.SortStableFunc(e.Evidence, func(a, b Evidence) int {
		return cmp.Or(cmp.Compare(a.Published, b.Published), cmp.Compare(a.Report, b.Report))
	})
	e.Modality = Mix(e.Modalities)
	if len(e.Modalities) == 1 {
		e.Modalities = nil
	}
	e.Reports, e.Sources = tally(e.Evidence)
	e.Known = known(e.Evidence)
	reviewed := slices.DeleteFunc(slices.Clone(e.Evidence), func(ev Evidence) bool { return ev.Draft })
	if len(reviewed) == 0 {
		e.SetReviewed(Unreviewed)
	} else {
		e.SetReviewed(known(reviewed))
	}
	if len(reports) > 1 {
		e.Joined = JoinedRule
	}
	return e
}

// reportEvidence is a report's evidence, each item marked with the report;
// a report without evidence gets one item naming its source.
func reportEvidence(r *Report) []Evidence {
	evs := slices.Clone(r.Evidence)
	if len(evs) == 0 {
		evs = []Evidence{{Article: r.Source, Start: -1, End: -1}}
	}
	for i := range evs {
		evs[i].Report, evs[i].Modality, evs[i].Date, evs[i].Until, evs[i].Confidence = r.ID, r.Modality, r.Date, r.End, r.Confidence
		evs[i].Article = cmp.Or(evs[i].Article, r.Source)
	}
	return evs
}

// Agree is the date a set of reports agrees on: the finest date that every
// other contains; when they contradict each other, the finest date most
// of them give (the earliest on a tie). None gives the zero Date.
func Agree(dates []Date) Date {
	var best Date
	for _, d := range dates {
		ok := true
		for _, o := range dates {
			if !contains(o, d) {
				ok = false
				break
			}
		}
		if ok && (best.IsZero() || fineness(d) < fineness(best)) {
			best = d
		}
	}
	if !best.IsZero() {
		return best
	}
	votes := map[Date]int{}
	for _, d := range dates {
		votes[d]++
	}
	for _, d := range slices.SortedFunc(maps.Keys(votes), func(a, b Date) int { return cmp.Compare(a.First(), b.First()) }) {
		if best.IsZero() || fineness(d) < fineness(best) || (fineness(d) == fineness(best) && votes[d] > votes[best]) {
			best = d
		}
	}
	return best
}

// earliest is the date with the first first day, the finest on a tie.
func earliest(dates []Date) Date {
	var best Date
	for _, d := range dates {
		if best.IsZero() || d.First() < best.First() || (d.First() == best.First() && d.Last() < best.Last()) {
			best = d
		}
	}
	return best
}

// Disputed is the modality of an event that some reports deny and others
// assert, claim, plan or hedge.
const Disputed Modality = "disputed"

// Mix is the modality of an event whose reports have these modalities:
// theirs when they agree; Disputed when some deny it and others do not;
// otherwise the firmest of them (asserted, claimed, hedged, planned).
func Mix(counts map[Modality]int) Modality {
	if len(counts) == 1 {
		for m := range counts {
			return m
		}
	}
	if counts[Denied] > 0 {
		return Disputed
	}
	for _, m := range []Modality{Asserted, Claimed, Hedged, Planned} {
		if counts[m] > 0 {
			return m
		}
	}
	return Asserted
}

// tally counts the distinct documents (a URL, else the source) and the
// distinct outlets (the URL's host, else the source) of an event's
// evidence.
func tally(evs []Evidence) (reports, sources int) {
	docs, outlets := map[string]bool{}, map[string]bool{}
	for _, ev := range evs {
		doc, outlet := "source:"+ev.Article, "source:"+ev.Article
		if ev.URL != "" {
			doc = ev.URL
			if u, err := url.Parse(ev.URL); err == nil && u.Host != "" {
				outlet = strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
			}
		}
		docs[doc], outlets[outlet] = true, true
	}
	return len(docs), len(outlets)
}

// known is the first day any of an event's reports was published: from
// then on it could be known. "" when some report has no publication date
// (a gazetteer's background fact): known from the start.
func known(evs []Evidence) string {
	day := ""
	for _, ev := range evs {
		if ev.Published == "" {
			return ""
		}
		if day == "" || ev.Published < day {
			day = ev.Published
		}
	}
	return day
}

// names gives each cluster its event's id. An id an event had before
// goes to the cluster with the most reports that were of it (a cluster of
// reports an analyst merged into it first; on a tie the earlier cluster),
// each cluster taking at most one; a cluster left without takes the id of
// its first report (by id), with a suffix if that is taken. taken holds
// the ids no cluster may take, and gains those given.
func names(cs []*cluster, taken map[string]bool) []string {
	type claim struct {
		cluster, votes int
		id             string
	}
	var claims []claim
	for i, c := range cs {
		votes := map[string]int{}
		for _, r := range c.reports {
			if r.Event != "" {
				votes[r.Event]++
			}
		}
		if into, ok := strings.CutPrefix(c.pin, PinMerge); ok {
			votes[into] = len(c.reports) + 1<<20
		}
		for id, n := range votes {
			claims = append(claims, claim{i, n, id})
		}
	}
	slices.SortFunc(claims, func(a, b claim) int {
		return cmp.Or(cmp.Compare(b.votes, a.votes), cmp.Compare(a.cluster, b.cluster), cmp.Compare(a.id, b.id))
	})
	ids := make([]string, len(cs))
	for _, cl := range claims {
		if ids[cl.cluster] == "" && !taken[cl.id] {
			ids[cl.cluster], taken[cl.id] = cl.id, true
		}
	}
	for i, c := range cs {
		if ids[i] != "" {
			continue
		}
		first := c.reports[0].ID
		for _, r := range c.reports {
			first = min(first, r.ID)
		}
		id := first
		for n := 2; taken[id]; n++ {
			id = first + "~" + strconv.Itoa(n)
		}
		ids[i], taken[id] = id, true
	}
	return ids
}
