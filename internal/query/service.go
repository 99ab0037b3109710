package query

import (
	"context"
	"errors"
	"net/url"
	"strings"

	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/ontology"
	"github.com/geokg/geokg/internal/resolve"
)

// Service answers the questions of analysts and dashboards over a store.
// Its methods return *graph.Error values: EInvalid for a bad parameter
// (details "parameter" and, where they help, "allowed" or "suggestions"),
// ENotFound and EConflict for an entity reference that names no entity or
// several (details "suggestions" or "candidates", and "parameter"), and the
// store's EUnavailable and EInternal.
type Service struct {
	Store      graph.Store
	Vocabulary *ontology.Vocabulary // nil: ontology.Default()
}

func (s *Service) vocabulary() *ontology.Vocabulary {
	if s.Vocabulary != nil {
		return s.Vocabulary
	}
	return ontology.Default()
}

// SearchEntities finds entities by name: parameters q (required), kind and
// limit. An entity whose id or Wikidata QID is q comes first, then the
// store's matches of the normalised key of q.
func (s *Service) SearchEntities(ctx context.Context, values url.Values) (*SearchResponse, error) {
	if err := CheckParameters(OpSearchEntities, values); err != nil {
		return nil, err
	}
	p := params(values)
	q, err := p.required("q")
	if err != nil {
		return nil, err
	}
	kind, err := p.enum("kind", "", graph.Kinds)
	if err != nil {
		return nil, err
	}
	limit, err := p.intIn("limit", SearchLimitDefault, 1, SearchLimitMax)
	if err != nil {
		return nil, err
	}
	key := resolve.Key(q)
	if key == "" {
		return nil, invalid("q", nil, "q %q has no letters or digits to search for", q)
	}

	res := &SearchResponse{Entities: []EntityMatch{}}
	seen := map[string]bool{}
	add := func(e graph.Entity, match string) {
		if !seen[e.ID] && (kind == "" || e.Kind == kind) && len(res.Entities) < limit {
			seen[e.ID] = true
			res.Entities = append(res.Entities, EntityMatch{Entity: e, Match: match})
		}
	}
	if e, err := s.Store.Entity(ctx, q); err == nil {
		add(e, "id")
	} else if graph.ErrorCode(err) != graph.ENotFound {
		return nil, err
	}
	if qidPattern(q) {
		es, err := s.Store.EntitiesByWikidata(ctx, strings.ToUpper(q))
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			add(e, "wikidata")
		}
	}
	hits, err := s.Store.SearchEntities(ctx, graph.EntitySearch{Key: key, Kind: kind, Limit: limit})
	if err != nil {
		return nil, err
	}
	for _, h := range hits {
		add(h.Entity, h.Match)
	}
	return res, nil
}

// qidPattern reports whether s looks like a Wikidata QID.
func qidPattern(s string) bool {
	if len(s) < 2 || (s[0] != 'Q' && s[0] != 'q') || s[1] == '0' {
		return false
	}
	for _, c := range s[1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// Entity returns the entity ref names (its id, QID or any name) with the
// counts of what the graph holds about it.
func (s *Service) Entity(ctx context.Context, ref string) (*EntityResponse, error) {
	e, err := s.resolve(ctx, "id", ref)
	if err != nil {
		return nil, err
	}
	counts, err := s.Store.EntityCounts(ctx, e.ID)
	if err != nil {
		return nil, err
	}
	if counts.ByType == nil {
		counts.ByType = map[string]int{}
	}
	return &EntityResponse{Entity: normEntity(e), Counts: counts}, nil
}

// Neighbors returns the relations around the entity ref names: parameters
// depth, direction, limit and the filters; format is checked (see
// NeighborsAs).
func (s *Service) Neighbors(ctx context.Context, ref string, values url.Values) (*NeighborsResponse, error) {
	if err := CheckParameters(OpNeighbors, values); err != nil {
		return nil, err
	}
	p := params(values)
	q := graph.NeighborQuery{}
	var err error
	if q.Depth, err = p.intIn("depth", DepthDefault, 1, DepthMax); err != nil {
		return nil, err
	}
	dir, err := p.enum("direction", string(graph.Any), Directions)
	if err != nil {
		return nil, err
	}
	q.Direction = graph.Direction(dir)
	if q.Limit, err = p.intIn("limit", NeighborLimitDefault, 1, NeighborLimitMax); err != nil {
		return nil, err
	}
	if _, err = p.format(OpNeighbors); err != nil {
		return nil, err
	}
	if q.Filter, err = p.filter(s.vocabulary()); err != nil {
		return nil, err
	}
	center, err := s.resolve(ctx, "id", ref)
	if err != nil {
		return nil, err
	}
	q.ID = center.ID
	n, err := s.Store.Neighbors(ctx, q)
	if err != nil {
		return nil, err
	}
	names := s.names(center)
	res := &NeighborsResponse{Center: normEntity(n.Center), Nodes: []graph.Entity{}, Truncated: n.Truncated}
	if res.Center.ID == "" {
		res.Center = normEntity(center)
	}
	for _, e := range n.Nodes {
		names.add(e)
		res.Nodes = append(res.Nodes, normEntity(e))
	}
	if res.Relations, err = names.relations(ctx, n.Relations); err != nil {
		return nil, err
	}
	return res, nil
}

// Paths returns the shortest paths between two entities: parameters from and
// to (required), max_hops, k, direction and the filters.
func (s *Service) Paths(ctx context.Context, values url.Values) (*PathsResponse, error) {
	if err := CheckParameters(OpPaths, values); err != nil {
		return nil, err
	}
	p := params(values)
	fromRef, err := p.required("from")
	if err != nil {
		return nil, err
	}
	toRef, err := p.required("to")
	if err != nil {
		return nil, err
	}
	q := graph.PathQuery{}
	if q.MaxHops, err = p.intIn("max_hops", MaxHopsDefault, 1, MaxHopsMax); err != nil {
		return nil, err
	}
	if q.K, err = p.intIn("k", KDefault, 1, KMax); err != nil {
		return nil, err
	}
	dir, err := p.enum("direction", string(graph.Any), Directions)
	if err != nil {
		return nil, err
	}
	q.Direction = graph.Direction(dir)
	if q.Filter, err = p.filter(s.vocabulary()); err != nil {
		return nil, err
	}
	from, err := s.resolve(ctx, "from", fromRef)
	if err != nil {
		return nil, err
	}
	to, err := s.resolve(ctx, "to", toRef)
	if err != nil {
		return nil, err
	}
	q.From, q.To = from.ID, to.ID
	paths, err := s.Store.Paths(ctx, q)
	if err != nil {
		return nil, err
	}
	names := s.names(from, to)
	res := &PathsResponse{From: normEntity(from), To: normEntity(to), Paths: []Path{}}
	for _, path := range paths {
		out := Path{Nodes: []graph.Entity{}, Length: len(path.Relations)}
		for _, e := range path.Nodes {
			names.add(e)
			out.Nodes = append(out.Nodes, normEntity(e))
		}
		if out.Relations, err = names.relations(ctx, path.Relations); err != nil {
			return nil, err
		}
		res.Paths = append(res.Paths, out)
	}
	return res, nil
}

// Timeline returns one page of the dated events of an entity, or of the
// events between two: parameters entity (required), with, cursor, limit,
// bucket and the filters; format is checked (see TimelineAs).
func (s *Service) Timeline(ctx context.Context, values url.Values) (*TimelineResponse, error) {
	if err := CheckParameters(OpTimeline, values); err != nil {
		return nil, err
	}
	p := params(values)
	entityRef, err := p.required("entity")
	if err != nil {
		return nil, err
	}
	withRef, err := p.one("with")
	if err != nil {
		return nil, err
	}
	q := graph.TimelineQuery{}
	if c, err := p.one("cursor"); err != nil {
		return nil, err
	} else if c != "" {
		if q.After, err = graph.DecodeCursor(c); err != nil {
			return nil, invalid("cursor", nil, "%s", message(err))
		}
	}
	if q.Limit, err = p.intIn("limit", TimelineLimitDefault, 1, TimelineLimitMax); err != nil {
		return nil, err
	}
	unit, err := p.enum("bucket", "", BucketUnits)
	if err != nil {
		return nil, err
	}
	if _, err = p.format(OpTimeline); err != nil {
		return nil, err
	}
	if q.Filter, err = p.filter(s.vocabulary()); err != nil {
		return nil, err
	}
	entity, err := s.resolve(ctx, "entity", entityRef)
	if err != nil {
		return nil, err
	}
	q.Entity = entity.ID
	res := &TimelineResponse{Entity: normEntity(entity)}
	names := s.names(entity)
	if withRef != "" {
		with, err := s.resolve(ctx, "with", withRef)
		if err != nil {
			return nil, err
		}
		q.With = with.ID
		with = normEntity(with)
		res.With = &with
		names.add(with)
	}
	page, err := s.Store.Timeline(ctx, q)
	if err != nil {
		return nil, err
	}
	if res.Events, err = names.relations(ctx, page.Events); err != nil {
		return nil, err
	}
	if page.Next != nil {
		c := graph.EncodeCursor(page.Next)
		res.NextCursor = &c
	}
	if unit != "" {
		bq := q
		bq.After, bq.Limit = nil, 0
		buckets, err := s.Store.Buckets(ctx, bq, graph.BucketUnit(unit))
		if err != nil {
			return nil, err
		}
		res.Buckets = append([]graph.Bucket{}, buckets...)
	}
	return res, nil
}

// RelationTypes lists the relation types of the vocabulary.
func (s *Service) RelationTypes() *RelationTypesResponse {
	return &RelationTypesResponse{RelationTypes: s.vocabulary().Types()}
}

// Stats summarises the graph.
func (s *Service) Stats(ctx context.Context) (*graph.Stats, error) {
	st, err := s.Store.Stats(ctx)
	if err != nil {
		return nil, err
	}
	for _, m := range []*map[string]int{&st.ByKind, &st.ByType, &st.BySource, &st.ByModality} {
		if *m == nil {
			*m = map[string]int{}
		}
	}
	return &st, nil
}

// resolve finds the entity ref names; errors name the parameter.
func (s *Service) resolve(ctx context.Context, param, ref string) (graph.Entity, error) {
	if strings.TrimSpace(ref) == "" {
		return graph.Entity{}, invalid(param, nil, "missing parameter %s", param)
	}
	e, err := resolve.Entity(ctx, s.Store, ref)
	if err != nil {
		var ge *graph.Error
		if errors.As(err, &ge) && ge.Code != graph.EInternal && ge.Code != graph.EUnavailable {
			return graph.Entity{}, ge.With("parameter", param)
		}
		return graph.Entity{}, err
	}
	return e, nil
}

// normEntity gives an entity empty maps instead of nil ones, so that its
// JSON always has the same shape.
func normEntity(e graph.Entity) graph.Entity {
	if e.Names == nil {
		e.Names = map[string]string{}
	}
	if e.Aliases == nil {
		e.Aliases = map[string][]string{}
	}
	return e
}

// namer finds the display names of entities, fetching those not yet seen.
type namer struct {
	store graph.Store
	known map[string]string
}

func (s *Service) names(known ...graph.Entity) *namer {
	n := &namer{store: s.Store, known: map[string]string{}}
	for _, e := range known {
		n.add(e)
	}
	return n
}

func (n *namer) add(e graph.Entity) { n.known[e.ID] = e.Name }

// learn fetches, in one batch, the names of the entities not known yet;
// an id the store does not know names itself.
func (n *namer) learn(ctx context.Context, ids []string) error {
	var missing []string
	for _, id := range ids {
		if _, ok := n.known[id]; !ok {
			n.known[id] = id
			missing = append(missing, id)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	es, err := n.store.Entities(ctx, missing)
	if err != nil {
		return err
	}
	for _, e := range es {
		n.add(e)
	}
	return nil
}

// relations adds names to relations; the result is never nil.
func (n *namer) relations(ctx context.Context, rels []graph.Relation) ([]Relation, error) {
	var ids []string
	for i := range rels {
		ids = append(ids, rels[i].Entities()...)
	}
	if err := n.learn(ctx, ids); err != nil {
		return nil, err
	}
	out := make([]Relation, 0, len(rels))
	for _, r := range rels {
		rr := Relation{Relation: r, SourceName: n.known[r.Source], TargetName: n.known[r.Target]}
		for _, p := range r.Participants {
			rr.Participants = append(rr.Participants, Participant{Participant: p, Name: n.known[p.Entity]})
		}
		if rr.Evidence == nil {
			rr.Evidence = []graph.Evidence{}
		}
		out = append(out, rr)
	}
	return out, nil
}
