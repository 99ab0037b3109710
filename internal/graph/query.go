package graph

import (
	"cmp"
	"encoding/base64"
	"encoding/json"
	"slices"
	"time"
)

// Direction restricts which way relations are followed from an entity.
type Direction string

// Directions.
const (
	Any Direction = "any"
	Out Direction = "out" // from source to target
	In  Direction = "in"  // from target to source
)

// Check returns d, or Any when d is empty; an unknown direction is an
// EInvalid error.
func (d Direction) Check() (Direction, error) {
	switch d {
	case "":
		return Any, nil
	case Any, Out, In:
		return d, nil
	}
	return "", Errorf(EInvalid, "unknown direction %q (want any, out or in)", d)
}

// Filter selects relations. The zero Filter selects every relation.
type Filter struct {
	Types         []string   // only these types (empty: all)
	ExcludeTypes  []string   // never these types
	Since         string     // YYYY-MM-DD: relations that cover a day on or after it
	Until         string     // YYYY-MM-DD: relations that cover a day on or before it
	AsOf          string     // YYYY-MM-DD: events that happened by then, intervals that held then
	MinConfidence float64    // relations at least this confident
	Modalities    []Modality // only these modalities (empty: all)
	KnownAsOf     string     // YYYY-MM-DD: events some report of which was published by then (see View)
	Reviewed      bool       // events some reviewed report gives, not drafts alone (with KnownAsOf: one published by then; see View)
}

// Match reports whether f selects r. It is the reference every store's own
// query language must agree with.
func (f *Filter) Match(r *Relation) bool {
	if len(f.Types) > 0 && !slices.Contains(f.Types, r.Type) {
		return false
	}
	if slices.Contains(f.ExcludeTypes, r.Type) {
		return false
	}
	if r.Confidence < f.MinConfidence {
		return false
	}
	if len(f.Modalities) > 0 && !slices.Contains(f.Modalities, r.Modality) {
		return false
	}
	if f.KnownAsOf != "" && r.Known > f.KnownAsOf {
		return false
	}
	if f.Reviewed && r.Reviewed > cmp.Or(f.KnownAsOf, DayMax) {
		return false
	}
	lo, hi := r.Lo(), r.Hi()
	if f.Since != "" && hi < f.Since {
		return false
	}
	if f.Until != "" && lo > f.Until {
		return false
	}
	if f.AsOf != "" {
		if lo > f.AsOf {
			return false
		}
		if r.Class == ClassStructural && hi < f.AsOf {
			return false
		}
	}
	return true
}

// View shows an event f selects as it could be known on f.KnownAsOf, and
// as reviewed reports give it when f is Reviewed: from the reports
// published by then (and those without a date of publication) and not
// drafts alone, assembled again. It leaves r as it is when f has neither.
// Stores select with Match; the query service shows with View.
func (f *Filter) View(r *Relation) {
	if f.KnownAsOf == "" && !f.Reviewed {
		return
	}
	reports := r.reports(func(ev *Evidence) bool {
		return (!f.Reviewed || !ev.Draft) && (f.KnownAsOf == "" || ev.Published == "" || ev.Published <= f.KnownAsOf)
	})
	if len(reports) == 0 || len(reports) == len(distinctReports(r.Evidence)) {
		return
	}
	ptrs := make([]*Report, len(reports))
	for i := range reports {
		ptrs[i] = &reports[i]
	}
	v := AssembleEvent(ptrs)
	v.ID, v.EventKey, v.Participants = r.ID, r.EventKey, r.Participants
	if r.Joined == JoinedKey {
		v.Joined = JoinedKey
	}
	*r = v
}

// Told splits an event into its reports, as its evidence gives them,
// in the order of the evidence: each with its own date, modality,
// confidence and evidence, and the event's type, ends and participants.
func (r *Relation) Told() []Relation {
	reports := r.reports(func(*Evidence) bool { return true })
	out := make([]Relation, len(reports))
	for i := range reports {
		out[i] = reports[i].Relation
		out[i].Precision = out[i].Date.Precision
	}
	return out
}

// reports is the reports of r's evidence that keep selects.
func (r *Relation) reports(keep func(*Evidence) bool) []Report {
	var out []Report
	at := map[string]int{}
	for _, ev := range r.Evidence {
		if !keep(&ev) {
			continue
		}
		i, ok := at[ev.Report]
		if !ok {
			i = len(out)
			at[ev.Report] = i
			out = append(out, Report{Source: ev.Article, Relation: Relation{
				ID: ev.Report, Type: r.Type, Class: r.Class, QuadClass: r.QuadClass, Intensity: r.Intensity,
				From: r.From, To: r.To, Participants: r.Participants,
				Date: ev.Date, End: ev.Until, Modality: ev.Modality, Confidence: ev.Confidence,
			}})
		}
		out[i].Evidence = append(out[i].Evidence, ev)
	}
	return out
}

// distinctReports returns the report ids of evidence, each once.
func distinctReports(evs []Evidence) map[string]bool {
	ids := map[string]bool{}
	for _, ev := range evs {
		ids[ev.Report] = true
	}
	return ids
}

// PathQuery asks for routes between two entities (see Route): the first
// K in length order within MaxHops, or the best K ranked by Order.
type PathQuery struct {
	From, To      string // entity ids
	MaxHops       int
	K             int
	Direction     Direction
	Filter        Filter
	Avoid         []string   // entity ids no path may pass through (the ends may not be among them)
	Through       []string   // kinds of the entities a path may pass through (empty: any); the ends may be of any kind
	Chronological bool       // only routes whose hops can be taken in time order
	Order         RouteOrder // "" or ByLength: shortest first
	PerHop        int        // at most this many relations listed per hop (<= 0: all)
}

// CheckEnds checks the ends of a path query against the entities a store
// found of them (by id): both must exist (ENotFound) and differ (EInvalid).
// Every store calls it, inside the transaction of its search, after
// checking q.Direction.
func (q *PathQuery) CheckEnds(found func(id string) bool) error {
	for _, id := range []string{q.From, q.To} {
		if !found(id) {
			return Errorf(ENotFound, "no entity %q", id)
		}
	}
	if q.From == q.To {
		return Errorf(EInvalid, "a path needs two different entities")
	}
	for _, id := range q.Avoid {
		if id == q.From || id == q.To {
			return Errorf(EInvalid, "a path cannot avoid its own end %q", id).With("parameter", "avoid")
		}
	}
	return nil
}

// NeighborQuery asks for the relations around an entity up to Depth hops,
// ordered by id: those whose ids sort after After (from the first when
// empty), at most Limit of them (Limit <= 0: all). Which relations are
// around the entity does not depend on After or Limit: paging by After
// walks through the same neighbourhood.
type NeighborQuery struct {
	ID        string
	Depth     int
	Direction Direction
	Filter    Filter
	Limit     int
	After     string
}

// Neighborhood is an entity with the relations around it and their ends.
type Neighborhood struct {
	Center    Entity     `json:"center"`
	Nodes     []Entity   `json:"nodes"`
	Relations []Relation `json:"relations"`
	Truncated bool       `json:"truncated"`
}

// TimelineQuery asks for the dated events that involve Entity (and With,
// when set), in time order: by first day, last day, then id; or, Newest,
// in the reverse of that order.
type TimelineQuery struct {
	Entity string
	With   string
	Filter Filter
	After  *Cursor // resume after this event, in the query's order
	Limit  int
	Newest bool // newest first: the time order reversed
}

// Beyond reports whether r comes after q.After in q's order (true when
// q.After is nil).
func (q *TimelineQuery) Beyond(r *Relation) bool {
	if q.After == nil {
		return true
	}
	c := cmp.Or(cmp.Compare(r.Lo(), q.After.Lo), cmp.Compare(r.Hi(), q.After.Hi), cmp.Compare(r.ID, q.After.ID))
	if q.Newest {
		return c < 0
	}
	return c > 0
}

// TimelinePage is one page of a timeline.
type TimelinePage struct {
	Events []Relation `json:"events"`
	Next   *Cursor    `json:"-"`
}

// Page cuts the events of q's timeline, read in q's order one beyond
// q.Limit, to a page: at most q.Limit events (0 or less: all), and the
// cursor of the last one when more follow.
func (q *TimelineQuery) Page(events []Relation) TimelinePage {
	if q.Limit > 0 && len(events) > q.Limit {
		events = events[:q.Limit]
		last := &events[q.Limit-1]
		return TimelinePage{Events: events, Next: &Cursor{Lo: last.Lo(), Hi: last.Hi(), ID: last.ID, Newest: q.Newest}}
	}
	return TimelinePage{Events: events}
}

// Cursor is the position of an event in a timeline's order: Newest when
// it pages the timeline newest first.
type Cursor struct {
	Lo, Hi, ID string
	Newest     bool
}

// BucketUnit is the width of a timeline bucket.
type BucketUnit string

// Bucket units.
const (
	BucketDay   BucketUnit = "day"
	BucketWeek  BucketUnit = "week"
	BucketMonth BucketUnit = "month"
	BucketYear  BucketUnit = "year"
)

// Check returns an EInvalid error unless u is a known unit.
func (u BucketUnit) Check() error {
	switch u {
	case BucketDay, BucketWeek, BucketMonth, BucketYear:
		return nil
	}
	return Errorf(EInvalid, "unknown bucket unit %q (want day, week, month or year)", u)
}

// BucketKey returns the key of the bucket that holds a day (YYYY-MM-DD):
// the day, the Monday of its ISO week, YYYY-MM or YYYY.
func BucketKey(unit BucketUnit, day string) string {
	switch unit {
	case BucketYear:
		return day[:4]
	case BucketMonth:
		return day[:7]
	case BucketWeek:
		t, err := time.Parse("2006-01-02", day)
		if err != nil {
			return day
		}
		offset := (int(t.Weekday()) + 6) % 7
		return t.AddDate(0, 0, -offset).Format("2006-01-02")
	}
	return day
}

// EntitySearch asks for entities whose names match a normalised key: exact
// matches first, then prefix matches, then substring matches, each by id.
type EntitySearch struct {
	Key   string
	Kind  string
	Limit int
}

// EntityHit is one search result.
type EntityHit struct {
	Entity Entity `json:"entity"`
	Match  string `json:"match"` // "exact", "prefix" or "substring"
}

// EncodeCursor turns a cursor into an opaque string for clients.
func EncodeCursor(c *Cursor) string {
	if c == nil {
		return ""
	}
	parts := []string{c.Lo, c.Hi, c.ID}
	if c.Newest {
		parts = append(parts, newestMark)
	}
	return encodeParts(parts)
}

// newestMark ends the encoding of a cursor that pages newest first.
const newestMark = "newest"

// DecodeCursor reads a string made by EncodeCursor.
func DecodeCursor(s string) (*Cursor, error) {
	parts, ok := decodeParts(s)
	if !ok || len(parts) < 3 || len(parts) > 4 || (len(parts) == 4 && parts[3] != newestMark) {
		return nil, Errorf(EInvalid, "invalid cursor %q: pass back the next_cursor of a previous page", s)
	}
	return &Cursor{Lo: parts[0], Hi: parts[1], ID: parts[2], Newest: len(parts) == 4}, nil
}

// relationMark begins the encoding of a cursor of relations
// (EncodeRelationCursor), which no cursor of a timeline matches.
const relationMark = "relation"

// EncodeRelationCursor turns the id of the last relation of a page of
// relations in id order (NeighborQuery.After) into an opaque string for
// clients.
func EncodeRelationCursor(id string) string { return encodeParts([]string{relationMark, id}) }

// DecodeRelationCursor reads a string made by EncodeRelationCursor: the id
// of the relation to resume after.
func DecodeRelationCursor(s string) (string, error) {
	parts, ok := decodeParts(s)
	if !ok || len(parts) != 2 || parts[0] != relationMark || parts[1] == "" {
		return "", Errorf(EInvalid, "invalid cursor %q: pass back the next_cursor of a previous page of these relations", s)
	}
	return parts[1], nil
}

// encodeParts is the opaque string of a cursor's parts: their JSON list,
// in base64url.
func encodeParts(parts []string) string {
	b, _ := json.Marshal(parts)
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeParts reads the parts of a string of encodeParts; false when it
// is not one.
func decodeParts(s string) ([]string, bool) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	var parts []string
	return parts, err == nil && json.Unmarshal(b, &parts) == nil
}
