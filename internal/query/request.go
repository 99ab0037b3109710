package query

import (
	"cmp"
	"context"
	"net/url"

	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/ontology"
	"github.com/geokg/geokg/internal/resolve"
)

// The requests of the operations. Each is made by its parser (ParseSearch,
// ParseEntity, …), which checks the parameters as the HTTP API receives
// them: the API passes its query string, the CLI the flags set on its
// command line, so both report the same mistake with the same error. The
// Service methods take them as checked. Entity references (an id, a QID or
// any name) are kept as given: finding the entity is the Service's work.

// Run returns a function that takes what a parser returned and runs the
// request with method: it returns the parser's error, or method's answer.
// It lets callers say query.Run(ctx, svc.Paths)(query.ParsePaths(voc, v)).
func Run[Req, Res any](ctx context.Context, method func(context.Context, Req) (Res, error)) func(Req, error) (Res, error) {
	return func(req Req, err error) (Res, error) {
		if err != nil {
			var zero Res
			return zero, err
		}
		return method(ctx, req)
	}
}

// SearchRequest asks SearchEntities for entities by name.
type SearchRequest struct {
	Q     string // a name in any language, an id or a QID; it has letters or digits
	Kind  string // only entities of this kind (one of graph.Kinds); "" for every kind
	Limit int    // from IntMin to SearchLimitMax
}

// ParseSearch reads the parameters of searchEntities: q (required), kind
// and limit.
func ParseSearch(values url.Values) (SearchRequest, error) {
	r := newReader(OpSearchEntities, values, nil)
	req := SearchRequest{
		Q:     r.required("q"),
		Kind:  r.enum("kind", "", graph.Kinds),
		Limit: r.int("limit", SearchLimitDefault, SearchLimitMax),
	}
	if r.err == nil && resolve.Key(req.Q) == "" {
		r.fail(invalid("q", nil, "q %q has no letters or digits to search for", req.Q))
	}
	return parsed(r, req)
}

// EntityRequest asks Entity for one entity.
type EntityRequest struct {
	Ref string // the entity: its id, QID or any name
}

// ParseEntity reads the request of getEntity for the entity ref names; the
// operation takes no parameters.
func ParseEntity(ref string, values url.Values) (EntityRequest, error) {
	r := newReader(OpEntity, values, nil)
	return parsed(r, EntityRequest{Ref: r.ref(ref)})
}

// ref checks the length of an entity reference given in the path, which
// the API documents as parameter id.
func (r *reader) ref(ref string) string {
	if r.err == nil {
		r.fail(checkLength("id", ref))
	}
	return ref
}

// NeighborsRequest asks Neighbors for the relations around an entity.
type NeighborsRequest struct {
	Ref       string // the entity: its id, QID or any name
	Depth     int    // from IntMin to DepthMax
	Direction graph.Direction
	Limit     int    // from IntMin to NeighborLimitMax
	After     string // resume after this relation id (the cursor); "" for the first page
	Filter    graph.Filter
	Format    string // FormatJSON or another of Formats(OpNeighbors); chosen by the caller, Neighbors ignores it
}

// ParseNeighbors reads the parameters of getNeighbors for the entity ref
// names: depth, direction, limit, cursor, format and the filters, whose
// type names voc knows (nil: ontology.Default()).
func ParseNeighbors(voc *ontology.Vocabulary, ref string, values url.Values) (NeighborsRequest, error) {
	r := newReader(OpNeighbors, values, voc)
	return parsed(r, NeighborsRequest{
		Ref:       r.ref(ref),
		Depth:     r.int("depth", DepthDefault, DepthMax),
		Direction: r.direction(),
		Limit:     r.int("limit", NeighborLimitDefault, NeighborLimitMax),
		After:     r.relationCursor(),
		Format:    r.format(OpNeighbors),
		Filter:    r.filter(),
	})
}

// PathsRequest asks Paths for the distinct routes between two entities
// (graph.FindRoutes).
type PathsRequest struct {
	From, To  string // the entities: ids, QIDs or any names
	MaxHops   int    // from IntMin to MaxHopsMax
	K         int    // routes, from IntMin to KMax
	Direction graph.Direction
	Filter    graph.Filter
	Avoid     []string // entities no path may pass through: ids, QIDs or any names
	Through   []string // kinds (graph.Kinds) of the entities a path may pass through; empty: any
	// Chronological asks for routes whose hops can be taken in time order.
	Chronological bool
	Rank          graph.RouteOrder // one of graph.RouteOrders
	PerHop        int              // relations listed per hop, from IntMin to PerHopMax
}

// ParsePaths reads the parameters of findPaths: from and to (required),
// max_hops, k, direction, avoid, through, chronological, rank, per_hop
// and the filters, whose type names voc knows (nil: ontology.Default()).
func ParsePaths(voc *ontology.Vocabulary, values url.Values) (PathsRequest, error) {
	r := newReader(OpPaths, values, voc)
	return parsed(r, PathsRequest{
		From:          r.required("from"),
		To:            r.required("to"),
		MaxHops:       r.int("max_hops", MaxHopsDefault, MaxHopsMax),
		K:             r.int("k", KDefault, KMax),
		Direction:     r.direction(),
		Filter:        r.filter(),
		Avoid:         r.list("avoid"),
		Through:       r.enums("through", "a kind of entity", graph.Kinds),
		Chronological: r.bool("chronological"),
		Rank:          graph.RouteOrder(r.enum("rank", string(graph.ByLength), graph.RouteOrders)),
		PerHop:        r.int("per_hop", PerHopDefault, PerHopMax),
	})
}

// TimelineRequest asks Timeline for one page of the dated events of an
// entity, or of the events between two.
type TimelineRequest struct {
	Entity string           // the entity: its id, QID or any name
	With   string           // the other entity, "" for every event of Entity
	After  *graph.Cursor    // resume after this event; nil for the first page
	Limit  int              // from IntMin to TimelineLimitMax
	Newest bool             // newest first: the time order reversed ("sort")
	Bucket graph.BucketUnit // also count the events per period; "" for no buckets
	// Reports lists each event's reports instead of the events (the
	// volume view); Disputed counts disputed events as happened in the
	// buckets.
	Reports, Disputed bool
	Filter            graph.Filter
	Format            string // FormatJSON or another of Formats(OpTimeline); chosen by the caller, Timeline ignores it
}

// ParseTimeline reads the parameters of getTimeline: entity (required),
// with, cursor, limit, sort, bucket, reports, disputed, format and the filters,
// whose type names voc knows (nil: ontology.Default()).
func ParseTimeline(voc *ontology.Vocabulary, values url.Values) (TimelineRequest, error) {
	r := newReader(OpTimeline, values, voc)
	newest := r.enum("sort", SortOldest, TimelineSorts) == SortNewest
	req := TimelineRequest{
		Entity:   r.required("entity"),
		With:     r.one("with"),
		After:    r.cursor(newest),
		Limit:    r.int("limit", TimelineLimitDefault, TimelineLimitMax),
		Newest:   newest,
		Bucket:   graph.BucketUnit(r.enum("bucket", "", BucketUnits)),
		Reports:  r.bool("reports"),
		Disputed: r.bool("disputed"),
		Format:   r.format(OpTimeline),
		Filter:   r.filter(),
	}
	if bucketsFormat(req.Format) && req.Bucket == "" {
		req.Bucket = graph.BucketMonth
	}
	return parsed(r, req)
}

// cursor reads the cursor parameter of a timeline sorted newest first or
// not, nil when absent: a cursor of the other order is refused.
func (r *reader) cursor(newest bool) *graph.Cursor {
	c := r.one("cursor")
	if r.err != nil || c == "" {
		return nil
	}
	after, err := graph.DecodeCursor(c)
	if err != nil {
		r.fail(invalid("cursor", nil, "%s", message(err)))
	} else if after.Newest != newest {
		order := map[bool]string{false: SortOldest, true: SortNewest}
		r.fail(invalid("cursor", nil, "this cursor pages the timeline %s first, not %s first: ask in its order, or start again without a cursor",
			order[after.Newest], order[newest]))
	}
	return after
}

// relationCursor reads the cursor parameter of a page of relations in id
// order: the relation id to resume after, "" when absent.
func (r *reader) relationCursor() string {
	c := r.one("cursor")
	if r.err != nil || c == "" {
		return ""
	}
	after, err := graph.DecodeRelationCursor(c)
	if err != nil {
		r.fail(invalid("cursor", nil, "%s", message(err)))
	}
	return after
}

// RelationTypesRequest asks RelationTypes for the vocabulary; the operation
// takes no parameters.
type RelationTypesRequest struct{}

// ParseRelationTypes reads the request of listRelationTypes.
func ParseRelationTypes(values url.Values) (RelationTypesRequest, error) {
	return parsed(newReader(OpRelationTypes, values, nil), RelationTypesRequest{})
}

// ImportRequest is an upload's file name and its format ("" to detect it).
type ImportRequest struct {
	Name, Format string
}

// ParseImport reads the parameters of importSource: name (required) and
// format.
func ParseImport(values url.Values) (ImportRequest, error) {
	r := newReader(OpImportSource, values, nil)
	return parsed(r, ImportRequest{Name: r.required("name"), Format: r.one("format")})
}

// AnnotateRequest asks for the draft of an article: its file name (for
// its id and format: text, or a native JSON article), and the language
// and publication day of an article that does not give them.
type AnnotateRequest struct {
	Name, Language, Published string
}

// ParseAnnotate reads the parameters of annotateArticle: name (default
// "article.txt"), language and published (its digits may be Arabic-Indic).
func ParseAnnotate(values url.Values) (AnnotateRequest, error) {
	r := newReader(OpAnnotate, values, nil)
	req := AnnotateRequest{Name: cmp.Or(r.one("name"), "article.txt"), Language: r.one("language"), Published: ASCIINumber(r.one("published"))}
	return parsed(r, req)
}

// ParseDecisions reads the request of listDecisions, which takes no
// parameters.
func ParseDecisions(values url.Values) error {
	_, err := parsed(newReader(OpListDecisions, values, nil), struct{}{})
	return err
}

// ParseAudit reads getAudit's limit (AuditLimitDefault, at most
// AuditLimitMax).
func ParseAudit(values url.Values) (int, error) {
	r := newReader(OpGetAudit, values, nil)
	return parsed(r, r.int("limit", AuditLimitDefault, AuditLimitMax))
}

// StatsRequest asks Stats for a summary of the graph; the operation takes
// no parameters.
type StatsRequest struct{}

// ParseStats reads the request of getStats.
func ParseStats(values url.Values) (StatsRequest, error) {
	return parsed(newReader(OpStats, values, nil), StatsRequest{})
}

// SourceRequest asks Source for one source with its text.
type SourceRequest struct {
	ID string // the source's id, as evidence names it (article)
}

// ParseSource reads the request of getSource for the source id; the
// operation takes no parameters.
func ParseSource(id string, values url.Values) (SourceRequest, error) {
	r := newReader(OpSource, values, nil)
	return parsed(r, SourceRequest{ID: r.ref(id)})
}

// ConflictsRequest asks Conflicts for the facts of single-holder types
// that give two holders at once.
type ConflictsRequest struct {
	Types     []string // only these types (empty: every single-holder type)
	KnownAsOf string   // only facts reported by then (YYYY-MM-DD)
}

// ParseConflicts reads the parameters of listConflicts: types, whose names
// voc knows (nil: ontology.Default()), and known_as_of.
func ParseConflicts(voc *ontology.Vocabulary, values url.Values) (ConflictsRequest, error) {
	r := newReader(OpConflicts, values, voc)
	return parsed(r, ConflictsRequest{Types: r.types("types"), KnownAsOf: r.date("known_as_of", true)})
}
