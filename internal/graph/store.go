package graph

import "context"

// Store keeps the graph. Every store answers every question the same way;
// internal/store/storetest holds the contract they all pass.
//
// Methods return *Error values: ENotFound for a missing entity,
// EUnavailable when the store cannot be reached, EInternal otherwise.
type Store interface {
	// ReplaceSource replaces everything the contribution's source added
	// before with the contribution, whole or not at all. Storing the same
	// digest again changes nothing.
	ReplaceSource(ctx context.Context, c *Contribution) (ReplaceResult, error)
	// Import builds a contribution of the source against the graph as the
	// write transaction sees it (build may run more than once, when the
	// store retries the transaction) and replaces the source with it, as
	// ReplaceSource: resolving a document's names and storing it are one
	// snapshot, so two imports cannot resolve against stale state. The
	// names build looks up are those of the other sources: what the
	// source said before is no evidence for what it says now. EInternal
	// when build makes a contribution of another source.
	Import(ctx context.Context, source string, build Builder) (ReplaceResult, error)
	// RemoveSource deletes what a source contributed; false if unknown.
	RemoveSource(ctx context.Context, id string) (bool, error)
	// Sources lists the stored sources by id.
	Sources(ctx context.Context) ([]Source, error)
	// Source returns one source with its text, which the spans of its
	// evidence count into (ENotFound).
	Source(ctx context.Context, id string) (Document, error)

	// Entity returns one entity by id (ENotFound).
	Entity(ctx context.Context, id string) (Entity, error)
	// EntitiesByWikidata returns the entities with a Wikidata QID, by id.
	EntitiesByWikidata(ctx context.Context, qid string) ([]Entity, error)
	// EntitiesByKey returns the entities with a name of that normalised key, by id.
	EntitiesByKey(ctx context.Context, key string) ([]Entity, error)
	// SearchEntities finds entities by a normalised key.
	SearchEntities(ctx context.Context, q EntitySearch) ([]EntityHit, error)
	// EntityCounts counts an entity's relations, neighbours and sources (ENotFound).
	EntityCounts(ctx context.Context, id string) (EntityCounts, error)

	// Neighbors returns the relations around an entity (ENotFound).
	Neighbors(ctx context.Context, q NeighborQuery) (Neighborhood, error)
	// Paths returns the shortest paths between two entities; none is not an error.
	Paths(ctx context.Context, q PathQuery) ([]Path, error)
	// Timeline returns one page of an entity's events.
	Timeline(ctx context.Context, q TimelineQuery) (TimelinePage, error)
	// Tallies returns what counting the events of a timeline needs
	// (CountBuckets), of every event of q in time order (After and Limit
	// are ignored; ENotFound as Timeline).
	Tallies(ctx context.Context, q TimelineQuery) ([]Tally, error)
	// Stats summarises the graph.
	Stats(ctx context.Context) (Stats, error)

	// Relations returns the relations that match q.Filter in id order:
	// those whose id sorts after q.After (all when it is empty), at most
	// q.Limit of them (Limit <= 0: all). Paging with After set to the last
	// id of the previous page visits every matching relation once; whole-
	// graph and time-window exports read the graph this way.
	Relations(ctx context.Context, q RelationQuery) ([]Relation, error)
	// Lookup is the batch lookup of exports and of name resolution.
	Lookup

	// Curator keeps the analysts' decisions on entities and events: every
	// store keeps them, so a store that wraps another loses none.
	Curator

	// Ping reports whether the store can answer (EUnavailable).
	Ping(ctx context.Context) error
	// Close releases the store.
	Close() error
}

// Batcher is a Store that can keep a sequence of imports in one write
// transaction, which costs less than a transaction each (much less in the
// embedded store, a little in Neo4j); the importer uses it when the store
// has it.
type Batcher interface {
	// Batch starts a sequence of imports. Until Close, the goroutine that
	// uses it writes to the store through it alone: the batch may hold the
	// store's write lock between its imports.
	Batch() Batch
}

// Batch is a sequence of imports of a Batcher, stored a few at a time.
type Batch interface {
	// Import is Store.Import within the batch: the source is stored whole
	// or not at all, and its results and errors are Store.Import's. A
	// failed import leaves what the imports before it stored in place
	// (EInvalid, a cancelled ctx); only a failure of the store itself may
	// lose them too, which its error then says. Other readers see each
	// source once it is committed: whole, with those stored before it in
	// the batch, at the latest at Close.
	Import(ctx context.Context, source string, build Builder) (ReplaceResult, error)
	// Committed is how many of the batch's imports, counted from its
	// first call of Import whatever it returned, are committed: the rest
	// may yet be lost with a failure of the store.
	Committed() int
	// Close commits what the batch stored and ends it.
	Close() error
}

// RelationQuery asks for one page of the relations that match Filter, in
// id order: those after the relation id After (from the first when empty),
// at most Limit of them (Limit <= 0: all).
type RelationQuery struct {
	Filter Filter
	After  string
	Limit  int
}

// Lookup is what resolving names and exporting read of the graph, in
// batches: one call for many ids, keys or QIDs.
type Lookup interface {
	// Entities returns the entities with these ids in id order, each once;
	// unknown ids are left out (no error).
	Entities(ctx context.Context, ids []string) ([]Entity, error)
	// EntitiesByKeys returns, for each of keys that some entity has a
	// name of (normalised key), those entities by id.
	EntitiesByKeys(ctx context.Context, keys []string) (map[string][]Entity, error)
	// EntitiesByWikidataIDs returns, for each of qids that some entity
	// has, those entities by id.
	EntitiesByWikidataIDs(ctx context.Context, qids []string) (map[string][]Entity, error)
	// Decisions lists the analysts' decisions in the order they were made.
	Decisions(ctx context.Context) ([]Decision, error)
	// ReportsByRefs returns, for each of refs that the evidence of some
	// stored report carries (Evidence.Ref), those reports, each with its
	// source and event (no pin), by source and id.
	ReportsByRefs(ctx context.Context, refs []string) (map[string][]Report, error)
}

// Builder makes a contribution against the graph seen through l (see
// Store.Import).
type Builder func(ctx context.Context, l Lookup) (*Contribution, error)
