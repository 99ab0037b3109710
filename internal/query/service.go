package query

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/ontology"
	"github.com/geokg/geokg/internal/resolve"
)

// Service answers the questions of analysts and dashboards over a store.
// Its methods take the requests their parsers checked (ParseSearch, …) and
// return *graph.Error values: ENotFound and EConflict for an entity
// reference that names no entity or several (details "suggestions" or
// "candidates", and "parameter"), EInvalid for a blank one, and the store's
// EUnavailable and EInternal.
type Service struct {
	Store graph.Store
	// Vocabulary holds the relation types RelationTypes lists; requests
	// for the service are parsed with it. nil: ontology.Default().
	Vocabulary *ontology.Vocabulary
}

// SearchEntities finds entities by name. An entity whose id or Wikidata
// QID is req.Q comes first, then the matches resolve.Search finds for the
// normalised key of req.Q (by key, then by transliteration), each with the
// tier of the name it matched.
func (s *Service) SearchEntities(ctx context.Context, req SearchRequest) (*SearchResponse, error) {
	res := &SearchResponse{Entities: []EntityMatch{}}
	seen := map[string]bool{}
	add := func(e graph.Entity, match, tier string) {
		if !seen[e.ID] && (req.Kind == "" || e.Kind == req.Kind) && len(res.Entities) < req.Limit {
			seen[e.ID] = true
			res.Entities = append(res.Entities, EntityMatch{Entity: e, Match: match, Tier: tier})
		}
	}
	if e, err := s.Store.Entity(ctx, req.Q); err == nil {
		add(e, "id", "")
	} else if graph.ErrorCode(err) != graph.ENotFound {
		return nil, err
	}
	if qidPattern(req.Q) {
		es, err := s.Store.EntitiesByWikidata(ctx, strings.ToUpper(req.Q))
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			add(e, "wikidata", "")
		}
	}
	hits, err := resolve.Search(ctx, s.Store, graph.EntitySearch{Key: resolve.Key(req.Q), Kind: req.Kind, Limit: req.Limit})
	if err != nil {
		return nil, err
	}
	for _, h := range hits {
		add(h.Entity, h.Match, h.Tier.String())
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

// Entity returns the entity req.Ref names with the counts of what the
// graph holds about it.
func (s *Service) Entity(ctx context.Context, req EntityRequest) (*EntityResponse, error) {
	e, err := s.resolve(ctx, "id", req.Ref)
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
	ds, err := s.Store.Decisions(ctx)
	if err != nil {
		return nil, err
	}
	mine := []graph.Decision{}
	for _, d := range ds {
		if d.Entity == e.ID || d.Into == e.ID {
			mine = append(mine, d)
		}
	}
	return &EntityResponse{Entity: normEntity(e), Counts: counts, Decisions: mine}, nil
}

// Source returns one source with its full text, which the start and end
// of its evidence count into (code points).
func (s *Service) Source(ctx context.Context, req SourceRequest) (*graph.Document, error) {
	d, err := s.Store.Source(ctx, req.ID)
	if err != nil {
		return nil, err
	}
	return &d, nil
}

// Neighbors returns one page of the relations around the entity req.Ref
// names, in id order: up to req.Limit of them after req.After.
func (s *Service) Neighbors(ctx context.Context, req NeighborsRequest) (*NeighborsResponse, error) {
	center, err := s.resolve(ctx, "id", req.Ref)
	if err != nil {
		return nil, err
	}
	n, err := s.Store.Neighbors(ctx, graph.NeighborQuery{
		ID: center.ID, Depth: req.Depth, Direction: req.Direction, Filter: req.Filter, Limit: req.Limit, After: req.After,
	})
	if err != nil {
		return nil, err
	}
	names := s.names(center)
	res := &NeighborsResponse{Center: normEntity(n.Center), Nodes: []graph.Entity{}, Truncated: n.Truncated}
	if k := len(n.Relations); n.Truncated && k > 0 {
		c := graph.EncodeRelationCursor(n.Relations[k-1].ID)
		res.NextCursor = &c
	}
	if res.Center.ID == "" {
		res.Center = normEntity(center)
	}
	for _, e := range n.Nodes {
		names.add(e)
		res.Nodes = append(res.Nodes, normEntity(e))
	}
	if res.Relations, err = names.relations(ctx, n.Relations, &req.Filter); err != nil {
		return nil, err
	}
	return res, nil
}

// Paths returns the distinct routes between the entities req.From and
// req.To name, each hop with its relations.
func (s *Service) Paths(ctx context.Context, req PathsRequest) (*PathsResponse, error) {
	refs := append([]param{{"from", req.From}, {"to", req.To}}, make([]param, len(req.Avoid))...)
	for i, ref := range req.Avoid {
		refs[2+i] = param{"avoid", ref}
	}
	ends, err := s.resolveAll(ctx, refs)
	if err != nil {
		return nil, err
	}
	from, to := ends[0], ends[1]
	var avoid []string
	for _, e := range ends[2:] {
		avoid = append(avoid, e.ID)
	}
	paths, err := s.Store.Paths(ctx, graph.PathQuery{
		From: from.ID, To: to.ID, MaxHops: req.MaxHops, K: req.K, Direction: req.Direction, Filter: req.Filter, Avoid: avoid, Through: req.Through,
		Chronological: req.Chronological, Order: req.Rank, PerHop: req.PerHop,
	})
	if err != nil {
		return nil, err
	}
	names := s.names(from, to)
	var ids []string // every party of every hop not on a route, named in one call
	for _, path := range paths {
		for _, e := range path.Nodes {
			names.add(e)
		}
		for _, h := range path.Hops {
			for i := range h.Relations {
				ids = append(ids, h.Relations[i].Entities()...)
			}
		}
	}
	if err := names.learn(ctx, ids); err != nil {
		return nil, err
	}
	res := &PathsResponse{From: normEntity(from), To: normEntity(to), Paths: []Path{}}
	for _, path := range paths {
		out := Path{Nodes: []graph.Entity{}, Hops: []Hop{}, Length: len(path.Hops)}
		for _, e := range path.Nodes {
			out.Nodes = append(out.Nodes, normEntity(e))
		}
		for _, h := range path.Hops {
			rels, err := names.relations(ctx, h.Relations, &req.Filter)
			if err != nil {
				return nil, err
			}
			out.Hops = append(out.Hops, Hop{Count: h.Count, Relations: rels})
		}
		res.Paths = append(res.Paths, out)
	}
	return res, nil
}

// Timeline returns one page of the dated events of the entity req.Entity
// names, or of the events between it and req.With, with the counts per
// req.Bucket of all of them when it is set.
func (s *Service) Timeline(ctx context.Context, req TimelineRequest) (*TimelineResponse, error) {
	entity, err := s.resolve(ctx, "entity", req.Entity)
	if err != nil {
		return nil, err
	}
	q := graph.TimelineQuery{Entity: entity.ID, Filter: req.Filter, After: req.After, Limit: req.Limit, Newest: req.Newest}
	res := &TimelineResponse{Entity: normEntity(entity), Sort: SortOldest}
	if req.Newest {
		res.Sort = SortNewest
	}
	names := s.names(entity)
	if req.With != "" {
		with, err := s.resolve(ctx, "with", req.With)
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
	events, shown := page.Events, &req.Filter
	if req.Reports {
		// The reports of each event as f shows it; shown as they are.
		events, shown = nil, &graph.Filter{}
		for i := range page.Events {
			req.Filter.View(&page.Events[i])
			events = append(events, page.Events[i].Told()...)
		}
	}
	if res.Events, err = names.relations(ctx, events, shown); err != nil {
		return nil, err
	}
	if page.Next != nil {
		c := graph.EncodeCursor(page.Next)
		res.NextCursor = &c
	}
	if req.Bucket != "" {
		bq := q
		bq.After, bq.Limit = nil, 0
		ts, err := s.Store.Tallies(ctx, bq)
		if err != nil {
			return nil, err
		}
		bs := graph.CountBuckets(ts, req.Bucket, req.Filter.Since, req.Filter.Until, req.Disputed)
		res.Buckets, res.Coarser = bs.Buckets, bs.Coarser
	}
	return res, nil
}

// Conflicts lists the conflicts among the facts of the vocabulary's
// single-holder types (graph.Conflicts), with the evidence of both sides.
func (s *Service) Conflicts(ctx context.Context, req ConflictsRequest) (*ConflictsResponse, error) {
	single := map[string]string{}
	var types []string
	for _, t := range orDefault(s.Vocabulary).Types() {
		if t.Single != "" && (len(req.Types) == 0 || slices.Contains(req.Types, t.ID)) {
			single[t.ID] = t.Single
			types = append(types, t.ID)
		}
	}
	res := &ConflictsResponse{Conflicts: []Conflict{}}
	if len(types) == 0 {
		return res, nil
	}
	f := graph.Filter{Types: types, KnownAsOf: req.KnownAsOf}
	facts, err := s.Store.Relations(ctx, graph.RelationQuery{Filter: f})
	if err != nil {
		return nil, err
	}
	for i := range facts {
		f.View(&facts[i])
	}
	byID := map[string]graph.Relation{}
	for _, r := range facts {
		byID[r.ID] = r
	}
	// The facts of every conflict, named in one batch (they are shown as
	// f shows them already).
	conflicts := graph.Conflicts(facts, single)
	var pairs []graph.Relation
	for _, c := range conflicts {
		pairs = append(pairs, byID[c.Facts[0]], byID[c.Facts[1]])
	}
	names := s.names()
	rels, err := names.relations(ctx, pairs, &graph.Filter{})
	if err != nil {
		return nil, err
	}
	for i, c := range conflicts {
		res.Conflicts = append(res.Conflicts, Conflict{Conflict: c, SharedName: names.known[c.Shared], Relations: rels[2*i : 2*i+2]})
	}
	return res, nil
}

// RelationTypes lists the relation types of the vocabulary.
func (s *Service) RelationTypes(RelationTypesRequest) *RelationTypesResponse {
	return &RelationTypesResponse{RelationTypes: orDefault(s.Vocabulary).Types()}
}

// Stats summarises the graph.
func (s *Service) Stats(ctx context.Context, _ StatsRequest) (*graph.Stats, error) {
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
	return e, paramError(param, err)
}

// paramError is err, naming param when the error is the reference's
// (not the store's).
func paramError(param string, err error) error {
	var ge *graph.Error
	if errors.As(err, &ge) && ge.Code != graph.EInternal && ge.Code != graph.EUnavailable {
		return ge.With("parameter", param)
	}
	return err
}

// param is an entity reference and the parameter that holds it.
type param struct{ name, ref string }

// resolveAll resolves the references of params as resolve does, in their
// order (the first that fails is the error), looking all of them up as
// ids at once first: only those that are no entity's id are resolved
// one by one, as names (resolve.Named).
func (s *Service) resolveAll(ctx context.Context, params []param) ([]graph.Entity, error) {
	var ids []string
	for _, p := range params {
		if id := strings.TrimSpace(p.ref); id != "" {
			ids = append(ids, id)
		}
	}
	byID := map[string]graph.Entity{}
	if len(ids) > 0 {
		es, err := s.Store.Entities(ctx, ids)
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			byID[e.ID] = e
		}
	}
	out := make([]graph.Entity, len(params))
	for i, p := range params {
		ref := strings.TrimSpace(p.ref)
		e, ok := byID[ref]
		var err error
		switch {
		case ok:
		case ref == "":
			_, err = s.resolve(ctx, p.name, ref) // missing
		default:
			e, err = resolve.Named(ctx, s.Store, ref)
			err = paramError(p.name, err)
		}
		if err != nil {
			return nil, err
		}
		out[i] = e
	}
	return out, nil
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

// relations adds names to relations, each shown as f shows it
// (graph.Filter.View); the result is never nil.
func (n *namer) relations(ctx context.Context, rels []graph.Relation, f *graph.Filter) ([]Relation, error) {
	var ids []string
	for i := range rels {
		ids = append(ids, rels[i].Entities()...)
	}
	if err := n.learn(ctx, ids); err != nil {
		return nil, err
	}
	out := make([]Relation, 0, len(rels))
	for _, r := range rels {
		f.View(&r)
		rr := Relation{Relation: r, SourceName: n.known[r.From], TargetName: n.known[r.To]}
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
