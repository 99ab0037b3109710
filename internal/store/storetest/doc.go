// Package storetest is the contract every graph.Store passes: Run exercises
// a store against a small hand-made graph with hand-computed expectations,
// and against Reference, a deliberately naive in-memory store, on graphs
// made by Generate. The rules below are the specification; Reference is
// their executable form and the tests in Run pin them down.
//
// # Writing
//
// ReplaceSource(c) behaves exactly like RemoveSource(c.Source.ID) followed by
// adding c, in one transaction: on any error nothing changes.
//
//   - A nil contribution or an empty Source.ID is EInvalid.
//   - The digest is checked next: when the stored source has the same
//     Digest the result is ReplaceResult{Unchanged: true} and nothing is
//     written (not even the priority or the title).
//   - Then, all EInvalid: an empty Digest; an entity record with an empty ID
//     or an ID given twice in c; a relation with an empty ID, Source or
//     Target, or an ID given twice in c; a relation ID stored by another
//     source; a relation whose Source, Target or participant is neither
//     among c's entity records nor an entity of the store without c's source
//     (an entity only the previous version of the same source knew does not
//     count: the result must not depend on the source's history).
//   - Result: Replaced when an earlier version of the source was stored;
//     EntitiesNew and EntitiesMerged count c's entity records whose entity
//     is, respectively is not, unknown to the store without c's source;
//     Relations is len(c.Relations); RelationsRemoved counts relation IDs
//     of the earlier version that c does not have.
//   - An entity exists while some source has a record of it or some
//     relation involves it (as source, target or participant). An entity
//     with relations but no records is shown as graph.Assemble(id, nil):
//     Name is the id, Kind is empty.
//
// RemoveSource deletes the source, its records and its relations (and the
// entities left without either); false, nil for an unknown source.
// Sources lists the stored sources ordered by id, each as it was given.
//
// # Reports and events
//
// A contribution's relations are reports; what every query below calls a
// relation is an event: graph.Events over the stored reports of each group
// (graph.Relation.GroupKey), with every report's evidence. A write regroups
// the groups it touches; an event keeps its id while its reports are the
// ones it had, a report stored again keeps its event, and no two events
// share an id (a new event takes its first report's id). The checks above
// (relation ids, unknown entities) are on reports; RelationsRemoved counts
// reports. MergeEvents and SplitEvent pin reports (graph.PinMerge,
// graph.PinApart), and a pin lasts as long as the report's id: a source
// stored again keeps its reports' pins.
//
// # Entities
//
// Entity returns graph.Assemble(id, records) over every source's record of
// the entity, each with its source's Priority (ENotFound when the entity
// does not exist). Names, Aliases are never nil. EntitiesByWikidata returns
// the entities whose assembled Wikidata equals qid, ordered by id.
// EntitiesByKey returns, by id, the entities having a Name (any role:
// name, alias or mention, from any source) whose Keys contain key exactly.
//
// SearchEntities (Key must not be empty: EInvalid) matches key against the
// same name keys: an entity's match is the best of its keys: "exact" (equal),
// "prefix" (the name key starts with Key) or "substring" (contains it,
// byte-wise, case-sensitive). Hits are ordered exact, prefix, substring,
// then by entity id; Kind, when set, keeps only entities whose assembled
// Kind equals it; Limit > 0 keeps the first Limit hits (Limit <= 0: all).
//
// EntityCounts (ENotFound): Relations and ByType count the relations that
// involve the entity as source, target or participant; Neighbors counts the
// distinct other entities at the other end of a relation the entity is the
// source or target of (participants are not neighbours, as in Neighbors);
// Sources counts the distinct sources that have a record of the entity or a
// report involving it.
//
// # Relations
//
// Events read back exactly as graph.Events made them (Intensity nil stays
// nil, a zero stays a zero; Date and End keep their precision; Evidence and
// Participants keep their order), except that an empty Participants or
// Evidence slice may read back as nil.
//
// Unless said otherwise an empty Direction is graph.Any and any other
// unknown Direction is EInvalid; Filter is graph.Filter.Match.
//
// Neighbors(q) (ENotFound for an unknown q.ID): Depth < 1 counts as 1. With
// frontier F0 = {center} and visited = {center}, for each level d < Depth:
// E_d is the matching relations with an endpoint in F_d in the query's
// direction (Out: relations whose Source is in F_d; In: whose Target is;
// Any: either; participants are never followed), and F_{d+1} is their other
// endpoints (Target for Out, Source for In, the opposite end for Any) not
// yet visited. The relations are the union of every E_d ordered by id,
// those whose ids sort after After (all when After is empty); when Limit >
// 0 and there are more than Limit of them, only the first Limit are kept
// and Truncated is set. Center is the center entity; Nodes EXCLUDES
// the center: it is the distinct parties (graph.Relation.Parties: source,
// target and participants) of the kept relations other than the center,
// ordered by id.
//
// Paths(q) (ENotFound for an unknown From or To; EInvalid when From == To):
// every shortest path from From to To with at most MaxHops relations, as a
// sequence of relations, each matching the filter and followed in the
// query's direction (Out: Source to Target; In: Target to Source; Any:
// either way). Parallel relations make distinct paths. Paths are ordered by
// graph.ComparePaths and, when K > 0, only the first K are returned. No
// path (or MaxHops < 1) is an empty slice, not an error. Path.Nodes holds the
// entities visited from From to To (len(Relations)+1 of them).
//
// Timeline(q) (ENotFound for an unknown Entity, or With when set): the
// relations of Class "event" with a non-zero Date that involve Entity and,
// when With is set, also With (as source, target or participant), that match
// the filter, ordered by graph.CompareTime, after q.After when set
// (Cursor.After), the first Limit when Limit > 0. Next is the cursor of the
// page's last event when more events follow it, else nil.
//
// Tallies(q) (ENotFound as Timeline): graph.TallyOf each of the same
// events (After and Limit ignored), in the same order; graph.CountBuckets
// counts them per period.
//
// Stats: Entities, Relations and Sources count what is stored; ByKind
// counts entities by assembled Kind, ByType relations by Type, BySource
// sources by Kind, ByModality relations by Modality (all maps non-nil, with
// no zero entries); FirstDate is the least Date.First() of the relations with
// a Date and LastDate the greatest End.Last() or, without End, Date.Last()
// of the relations with a Date or End; both empty when no relation has one.
//
// # Exports
//
// Relations(q) (new with the exports, like Entities): the relations that
// match q.Filter whose id sorts after q.After byte-wise (every one when
// After is empty), ordered by id, the first q.Limit of them when Limit > 0.
// No relation is an empty slice (nil allowed), not an error. Paging with
// After = the last id of the previous page visits every matching relation
// once, in id order.
//
// Entities(ids): the entities with these ids, each once, ordered by id, as
// Entity returns them; unknown ids are left out and no ids is an empty
// slice (nil allowed). The argument is not changed; any number of ids may
// be asked at once.
//
// Every method returns *graph.Error values; a store that is closed or
// unreachable answers EUnavailable. Close may be called more than once.
// Returned values are the caller's: a store keeps no reference to its
// inputs or outputs.
//
// # Curation
//
// A store that keeps analysts' decisions on entity identity implements
// graph.Curator; RunCurator is its contract (Reference implements it too,
// as the oracle of the differential part).
//
// MergeEntities(from, into, note) leaves the store as if every stored source
// had said into wherever it said from: each contribution that says anything
// of from (a record, a relation's Source or Target, a participant) is
// rewritten with graph.Contribution.RenameEntity. The source's record of
// from becomes its record of into, merged after its own record of into if it
// has one (graph.MergeRecords: into's kind, QID and label win when set;
// from's names follow, renumbered, role "name" becoming "alias", keys kept,
// so from's names find into). Relation ends and participants that are from
// become into. A relation between from and into becomes a loop on into: it
// is kept, it is one of into's relations (Neighbors, Timeline, Relations,
// EntityCounts.Relations, though the loop adds no neighbour) and never a
// step of a path. Participants that become the same stay two. Everything
// else of a source is kept, its digest included: the same contribution
// stored again is Unchanged (an importer, which applies the decision, makes
// a different contribution and digest). from no longer exists: ENotFound
// everywhere. Errors, checked in this order: ENotFound when from or into is
// not an entity; EInvalid when from == into.
//
// SplitEntity(id, source, newID, note) rewrites that one source's
// contribution with RenameEntity(id, newID): its record of id (so newID's
// kind, label, QID and names are that source's) and the ends and
// participants of its relations that are id. id keeps what the other sources
// say, and no longer exists when nothing else names it. A source that named
// id in relations only leaves newID a bare node (graph.Assemble(newID,
// nil)); such a contribution names newID without a record and would not pass
// ReplaceSource's checks, which the rewrite therefore does not run. Errors,
// in this order: ENotFound for an unknown id, then for an unknown source;
// EInvalid when newID fails graph.CheckEntityID; EConflict when newID is an
// entity (newID == id included); EInvalid when the source says nothing of id.
//
// Each is one transaction with the decision it records: on any error nothing
// changes and nothing is recorded. Decisions lists the decisions in the
// order they were made (an empty slice when none): Kind graph.DecisionMerge,
// graph.DecisionSplit, graph.DecisionMergeEvents or
// graph.DecisionSplitEvent, Entity, Into, Source (of an entity split),
// Report (of an event split), Note, and At, the RFC 3339 time (UTC) it was
// made. A closed store answers
// EUnavailable. Decisions last as long as the graph does (a store's own
// tests check that they survive a reopen).
//
// A store does not apply decisions to later ReplaceSource calls: the
// importer does, as it resolves a document's entities (graph.ApplyDecisions).
// A store may implement the rewrite literally, as the embedded store does
// (read back each affected source's contribution, RenameEntity, store it
// again in place and re-assemble the entities touched), or change its own
// structures directly, as long as every answer is the one Reference gives.
package storetest
