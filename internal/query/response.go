package query

import (
	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/ontology"
)

// EntityMatch is one search result: the entity and how its name matched.
type EntityMatch struct {
	graph.Entity
	// Match is "id" (the query is the entity's id), "wikidata" (its QID),
	// "exact", "prefix" or "substring" (a name's normalised key), or
	// "transliteration" (another Latin spelling: resolve.Fold).
	Match string `json:"match"`
	// Tier is how the entity holds the name that matched: "name", "alias"
	// or "mention"; empty for a match by id or QID.
	Tier string `json:"tier,omitempty"`
}

// SearchResponse answers SearchEntities: best matches first.
type SearchResponse struct {
	Entities []EntityMatch `json:"entities"`
}

// EntityResponse answers Entity: the entity and what the graph holds of it.
type EntityResponse struct {
	graph.Entity
	Counts graph.EntityCounts `json:"counts"`
	// Decisions are the analysts' decisions that shaped the entity: merges
	// into it or of it, splits of it or into it, in the order made.
	Decisions []graph.Decision `json:"decisions"`
}

// Participant is a party of an event with its display name.
type Participant struct {
	graph.Participant
	Name string `json:"name"`
}

// Relation is a relation with the display names of the entities it
// involves, so that a client needs no second call to show it.
type Relation struct {
	graph.Relation
	SourceName   string        `json:"source_name"`
	TargetName   string        `json:"target_name"`
	Participants []Participant `json:"participants,omitempty"` // replaces graph.Relation's, with names
}

// NeighborsResponse answers Neighbors: the center, the entities the
// page's relations involve but the center (by id) and one page of the
// relations followed (by id). Truncated says that more relations matched
// than the limit, and NextCursor (the cursor parameter) asks for the
// next page of them; nil on the last.
type NeighborsResponse struct {
	Center     graph.Entity   `json:"center"`
	Nodes      []graph.Entity `json:"nodes"`
	Relations  []Relation     `json:"relations"`
	Truncated  bool           `json:"truncated"`
	NextCursor *string        `json:"next_cursor"`
}

// Path is a route: Nodes has Length+1 distinct entities, from the start
// to the end, and Hops the Length steps between them.
type Path struct {
	Nodes  []graph.Entity `json:"nodes"`
	Hops   []Hop          `json:"hops"`
	Length int            `json:"length"`
}

// Hop is one step of a route: how many relations link its two entities
// (passing the filters; of a chronological route, fitting its time
// order), and the strongest of them, at most per_hop.
type Hop struct {
	Count     int        `json:"count"`
	Relations []Relation `json:"relations"`
}

// PathsResponse answers Paths: the shortest paths found, none when the two
// entities are not connected within max_hops.
type PathsResponse struct {
	From  graph.Entity `json:"from"`
	To    graph.Entity `json:"to"`
	Paths []Path       `json:"paths"`
}

// TimelineResponse answers Timeline: one page of events in time order or
// its reverse (or of their reports, with reports=true), the order, the
// cursor of the next page (null on the last), and, when asked for, the
// counts of all matching events per period, with those coarser than the
// period counted apart.
type TimelineResponse struct {
	Entity     graph.Entity   `json:"entity"`
	With       *graph.Entity  `json:"with,omitempty"`
	Events     []Relation     `json:"events"`
	Sort       string         `json:"sort"` // SortOldest or SortNewest
	NextCursor *string        `json:"next_cursor"`
	Buckets    []graph.Bucket `json:"buckets,omitzero"`
	Coarser    []graph.Bucket `json:"coarser,omitzero"`
}

// RelationTypesResponse answers RelationTypes: the vocabulary, by id.
type RelationTypesResponse struct {
	RelationTypes []ontology.Type `json:"relation_types"`
}

// ConflictsResponse answers Conflicts: each conflict with its two facts
// and their evidence, and the name of the entity both are of.
type ConflictsResponse struct {
	Conflicts []Conflict `json:"conflicts"`
}

// Conflict is a graph.Conflict with its facts and a name.
type Conflict struct {
	graph.Conflict
	SharedName string     `json:"shared_name"`
	Relations  []Relation `json:"relations"` // the two facts, as Facts names them
}
