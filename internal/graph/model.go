package graph

import (
	"maps"
	"slices"
)

// Entity kinds accepted by the importer.
var Kinds = []string{
	"country", "government", "government_body", "military", "armed_group",
	"political_party", "igo", "organization", "person", "location",
	"facility", "agreement", "event",
}

// KindGPE is not a kind of the graph but one a reader may give: a
// geopolitical entity (the GPE of annotation schemes), which is a country
// or a place (a city, a region). Resolution makes it the country or the
// location of the graph that has its name, else a new location.
const KindGPE = "gpe"

// GPEKind reports whether a geopolitical entity (KindGPE) may be of kind k.
func GPEKind(k string) bool { return k == "country" || k == "location" }

// JoinKinds returns the kind of one entity given kinds a and b: the same
// kind, or the country or location a geopolitical entity (KindGPE) is;
// false when a and b differ otherwise.
func JoinKinds(a, b string) (string, bool) {
	switch {
	case a == b:
		return a, true
	case a == KindGPE && GPEKind(b):
		return b, true
	case b == KindGPE && GPEKind(a):
		return a, true
	}
	return a, false
}

// Modality says how a source presents a relation.
type Modality string

// Modalities.
const (
	Asserted Modality = "asserted"
	Denied   Modality = "denied"
	Claimed  Modality = "claimed"
	Planned  Modality = "planned"
	Hedged   Modality = "hedged"
)

// Modalities lists every modality.
var Modalities = []Modality{Asserted, Denied, Claimed, Planned, Hedged}

// Class says whether a relation is an event or a structural relation.
type Class string

// The two classes of relations.
const (
	ClassEvent      Class = "event"      // a dated occurrence, coded in CAMEO/PLOVER
	ClassStructural Class = "structural" // a standing relation that holds over an interval
)

// Entity is a canonical actor, place or thing: one node of the graph.
type Entity struct {
	ID      string              `json:"id"`
	Name    string              `json:"name"`
	Kind    string              `json:"kind"`
	Names   map[string]string   `json:"names"`
	Aliases map[string][]string `json:"aliases"`
	// Demonyms are the words for its people and things, per language, as a
	// gazetteer declares them ("American", "أمريكي"): forms of its name
	// inside other names ("the American government" is the government of
	// the United States), never one of its names.
	Demonyms map[string][]string `json:"demonyms,omitempty"`
	Wikidata string              `json:"wikidata,omitempty"`
}

// EntityCounts summarises what the graph holds about one entity.
type EntityCounts struct {
	Relations int            `json:"relations"`
	Neighbors int            `json:"neighbors"`
	Sources   int            `json:"sources"`
	ByType    map[string]int `json:"by_type"`
}

// Participant is a party of an event beyond its source and target.
type Participant struct {
	Entity string `json:"entity"`
	Role   string `json:"role"`
}

// Evidence is the text that supports a relation.
type Evidence struct {
	Article   string `json:"article"`             // the id of the source (document) that says it: an article id or "gazetteer:ID"
	URL       string `json:"url,omitempty"`       // where the source can be read
	Title     string `json:"title,omitempty"`     // the source's title
	Quote     string `json:"quote"`               // the supporting text
	Start     int    `json:"start"`               // code-point span in the source text; -1 when none
	End       int    `json:"end"`                 //
	Published string `json:"published,omitempty"` // when the source reported it (YYYY-MM-DD)
	Draft     bool   `json:"draft,omitempty"`     // the source is a draft no person has reviewed (annotation.StatusDraft)
	// Ref is the dataset's own id of the row the evidence comes from,
	// after the dataset's format: "gdelt:904512001" for GDELT's
	// GLOBALEVENTID 904512001. GDELT's mentions find their event by it
	// (Lookup.ReportsByRefs); "" when the source gives none.
	Ref string `json:"ref,omitempty"`

	// Of an event's evidence: the report it belongs to and what that
	// report says (see AssembleEvent).
	Report     string   `json:"report,omitempty"`     // the id of the report
	Date       Date     `json:"date,omitzero"`        // the report's date
	Until      Date     `json:"until,omitzero"`       // the report's end of an interval
	Modality   Modality `json:"modality,omitempty"`   // the report's modality
	Confidence float64  `json:"confidence,omitempty"` // the report's confidence
}

// Relation is one typed, dated, sourced edge between two entities. A
// source gives relations as reports (Report); the graph's edges are events
// (Events), relations assembled from all their reports, whose evidence is
// every report's.
type Relation struct {
	ID           string        `json:"id"`
	Type         string        `json:"type"`
	Class        Class         `json:"class"`
	QuadClass    int           `json:"quad_class,omitempty"` // 1..4 for events
	Intensity    *float64      `json:"intensity,omitempty"`  // Goldstein −10..+10 for events
	From         string        `json:"source"`               // the entity it goes from (the API's "source" end)
	To           string        `json:"target"`               // the entity it goes to (the "target" end)
	Participants []Participant `json:"participants,omitempty"`
	Date         Date          `json:"date,omitzero"` // event date, or start of an interval
	End          Date          `json:"end,omitzero"`  // end of an interval
	Precision    Precision     `json:"precision,omitempty"`
	Modality     Modality      `json:"modality"`
	Confidence   float64       `json:"confidence"`
	Evidence     []Evidence    `json:"evidence"`

	// A report's: the explicit key of the event it reports, if the
	// annotation gives one.
	EventKey string `json:"event,omitempty"`
	// An event's (AssembleEvent): its distinct reports (documents: a URL,
	// else a source) and sources (outlets: a URL's host, else a source),
	// its reports by modality when they differ, why its reports were
	// joined (JoinedKey, JoinedRule; "" for one report), and the first day
	// a report of it was published ("" when known from the start).
	Reports    int              `json:"reports,omitempty"`
	Sources    int              `json:"sources,omitempty"`
	Modalities map[Modality]int `json:"modalities,omitempty"`
	Joined     string           `json:"joined,omitempty"`
	Known      string           `json:"known,omitempty"`
	// An event's: every report of it is a draft (Evidence.Draft); and
	// Reviewed, the first day a reviewed report of it was published (""
	// when one was known from the start, and in a store that kept it
	// before drafts were; Unreviewed when there is none),
	// which Filter.Reviewed selects by. Stores keep Reviewed and give
	// Draft from it (SetReviewed).
	Draft    bool   `json:"draft,omitempty"`
	Reviewed string `json:"-"`
}

// Unreviewed is the Reviewed of an event only drafts report: it sorts
// after every day.
const Unreviewed = "~"

// SetReviewed sets r's Reviewed to day and its Draft with it.
func (r *Relation) SetReviewed(day string) {
	r.Reviewed, r.Draft = day, day == Unreviewed
}

// Lo and Hi are the first and last day a relation covers, for time filters
// and ordering. An undated relation covers every day, except that an
// undated structural fact holds from the day it was first reported
// (Known) on: a 2021 article's "the president" says nothing of 2019.
func (r *Relation) Lo() string {
	if r.Date.IsZero() {
		if r.Class == ClassStructural && r.Known != "" {
			return r.Known
		}
		return DayMin
	}
	return r.Date.First()
}

// Hi is the last day r covers (see Lo).
func (r *Relation) Hi() string {
	switch {
	case !r.End.IsZero():
		return r.End.Last()
	case r.Date.IsZero(), r.Class == ClassStructural:
		return DayMax
	}
	return r.Date.Last()
}

// Last is the last day r states: its end, else its date's last day; ""
// when undated. Unlike Hi, it does not stretch an open interval.
func (r *Relation) Last() string {
	switch {
	case !r.End.IsZero():
		return r.End.Last()
	case !r.Date.IsZero():
		return r.Date.Last()
	}
	return ""
}

// Entities returns the ids of every entity r involves, source and target
// first.
func (r *Relation) Entities() []string {
	ids := []string{r.From, r.To}
	for _, p := range r.Participants {
		ids = append(ids, p.Entity)
	}
	return ids
}

// Source describes one document that contributes to the graph.
type Source struct {
	ID        string `json:"id"`
	Kind      string `json:"kind"` // SourceArticle, SourceGazetteer or SourceDataset
	Title     string `json:"title,omitempty"`
	URL       string `json:"url,omitempty"`
	Language  string `json:"language,omitempty"`
	Published string `json:"published,omitempty"`
	Digest    string `json:"digest"` // hash of the normalised input: same digest, same contribution
}

// Kinds of sources.
const (
	SourceArticle   = "article"   // an annotated news article
	SourceGazetteer = "gazetteer" // canonical entities and background facts
	SourceDataset   = "dataset"   // an event dataset file (GDELT, POLECAT)
)

// Name is one name of an entity as a source gave it.
type Name struct {
	Lang  string   `json:"lang"`
	Text  string   `json:"text"`
	Role  string   `json:"role"` // "name", "alias", "demonym" or "mention"
	Keys  []string `json:"keys"` // normalised matching keys
	Order int      `json:"order"`
}

// Name roles.
const (
	RoleName    = "name"
	RoleAlias   = "alias"
	RoleDemonym = "demonym"
	RoleMention = "mention"
)

// EntityRecord is what one source says about one canonical entity.
type EntityRecord struct {
	ID       string
	Kind     string
	Wikidata string
	Label    string // the display name this source proposes
	Names    []Name
}

// Contribution is everything one source adds to the graph. A store replaces
// the previous contribution of the same source as one transaction.
type Contribution struct {
	Source    Source
	Priority  int // lower wins when sources disagree on an entity's label or kind (gazetteer 0, articles 1, datasets 2)
	Entities  []EntityRecord
	Relations []Relation
	Text      string // the source's full text (an article's), which evidence spans count into; "" when none
}

// Document is a source with its full text (Store.Source).
type Document struct {
	Source
	Text string `json:"text"`
}

// ReplaceResult reports what replacing a contribution did.
type ReplaceResult struct {
	Unchanged        bool `json:"unchanged"` // the same digest was already stored
	Replaced         bool `json:"replaced"`  // an earlier version was replaced
	EntitiesNew      int  `json:"entities_new"`
	EntitiesMerged   int  `json:"entities_merged"`
	Relations        int  `json:"relations"`
	RelationsRemoved int  `json:"relations_removed"`
}

// Stats summarises the whole graph.
type Stats struct {
	Entities   int            `json:"entities"`
	Relations  int            `json:"relations"`
	Sources    int            `json:"sources"`
	ByKind     map[string]int `json:"entities_by_kind"`
	ByType     map[string]int `json:"relations_by_type"`
	BySource   map[string]int `json:"sources_by_kind"`
	FirstDate  string         `json:"first_date,omitempty"`
	LastDate   string         `json:"last_date,omitempty"`
	ByModality map[string]int `json:"relations_by_modality"`
}

// Validate checks the shape every store requires of a contribution: a
// source id and digest, entity records and relations with ids, no id given
// twice, relations with both ends and participants with entities.
func (c *Contribution) Validate() error {
	if c == nil || c.Source.ID == "" {
		return Errorf(EInvalid, "contribution without a source id")
	}
	if c.Source.Digest == "" {
		return Errorf(EInvalid, "source %q has no digest", c.Source.ID)
	}
	seen := map[string]bool{}
	for _, rec := range c.Entities {
		if rec.ID == "" {
			return Errorf(EInvalid, "source %q: entity record without an id", c.Source.ID)
		}
		if seen[rec.ID] {
			return Errorf(EInvalid, "source %q: entity %q recorded twice", c.Source.ID, rec.ID)
		}
		seen[rec.ID] = true
	}
	clear(seen)
	for _, r := range c.Relations {
		if r.ID == "" || r.From == "" || r.To == "" {
			return Errorf(EInvalid, "source %q: relation %q lacks an id, a source or a target", c.Source.ID, r.ID)
		}
		if seen[r.ID] {
			return Errorf(EInvalid, "source %q: relation %q given twice", c.Source.ID, r.ID)
		}
		seen[r.ID] = true
		for _, p := range r.Participants {
			if p.Entity == "" {
				return Errorf(EInvalid, "source %q: relation %q has a participant without an entity", c.Source.ID, r.ID)
			}
		}
	}
	return nil
}

// RelationsRemoved counts the relation ids of an earlier version (old) that
// c no longer has.
func (c *Contribution) RelationsRemoved(old []string) int {
	kept := make(map[string]bool, len(c.Relations))
	for _, r := range c.Relations {
		kept[r.ID] = true
	}
	n := 0
	for _, id := range old {
		if !kept[id] {
			n++
		}
	}
	return n
}

// Named returns the entities c records and every entity it names (those
// and the ends and participants of its relations), sorted.
func (c *Contribution) Named() (recorded map[string]bool, all []string) {
	recorded = map[string]bool{}
	ids := map[string]bool{}
	for _, rec := range c.Entities {
		recorded[rec.ID], ids[rec.ID] = true, true
	}
	for i := range c.Relations {
		for _, e := range c.Relations[i].Entities() {
			ids[e] = true
		}
	}
	return recorded, slices.Sorted(maps.Keys(ids))
}

// RelationIDs returns the ids of c's relations, in order.
func (c *Contribution) RelationIDs() []string {
	ids := make([]string, len(c.Relations))
	for i := range c.Relations {
		ids[i] = c.Relations[i].ID
	}
	return ids
}

// Check checks c against the graph without c's source: known holds the
// entities that some record or relation of another source names, owners
// the source of every relation id another source holds. Every relation of
// c must name only entities c records or the graph knows, and no relation
// id may belong to another source (EInvalid, for the first relation in
// order that breaks a rule). It returns the counts of a ReplaceResult:
// entities new and merged, relations.
func (c *Contribution) Check(known map[string]bool, owners map[string]string) (ReplaceResult, error) {
	var res ReplaceResult
	recorded, _ := c.Named()
	for _, rec := range c.Entities {
		if known[rec.ID] {
			res.EntitiesMerged++
		} else {
			res.EntitiesNew++
		}
	}
	for i := range c.Relations {
		r := &c.Relations[i]
		if owner, ok := owners[r.ID]; ok {
			return ReplaceResult{}, Errorf(EInvalid, "relation %q already belongs to source %q", r.ID, owner)
		}
		for _, e := range r.Entities() {
			if !recorded[e] && !known[e] {
				return ReplaceResult{}, Errorf(EInvalid, "relation %q names unknown entity %q", r.ID, e)
			}
		}
	}
	res.Relations = len(c.Relations)
	return res, nil
}
