package storetest

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/geokg/geokg/internal/graph"
)

// Reference is a naive in-memory graph.Store written to be obviously
// correct rather than fast: every query scans everything. It is the oracle
// of the differential tests and is usable wherever a small store will do.
type Reference struct {
	mu      sync.RWMutex
	closed  bool
	contrib map[string]*graph.Contribution // by source id, private copies
	decided []graph.Decision               // the analysts' decisions (reference_curate.go), in order
	pins    map[string]string              // report id → pin (graph.PinMerge, graph.PinApart)
	apiKeys []graph.Key                    // the API keys (reference_keys.go), in the order made

	// Derived from contrib after every write.
	rels    []*graph.Relation // the events, by id
	owner   map[string]string // report id → source id
	records map[string][]graph.SourcedRecord
	ents    map[string]graph.Entity
	named   map[string]map[string]bool // entity id → sources of the reports that name it
	groups  map[string]group           // the events of each group, by group key
}

// group is the events of one group and the reports they were made from,
// as JSON: a group whose reports are as they were keeps its events.
type group struct {
	reports string
	events  []graph.Relation
}

var _ graph.Store = (*Reference)(nil)

// NewReference returns an empty Reference store.
func NewReference() *Reference {
	s := &Reference{contrib: map[string]*graph.Contribution{}, pins: map[string]string{}}
	s.derive()
	return s
}

func (s *Reference) derive() {
	s.rels = nil
	s.owner = map[string]string{}
	s.records = map[string][]graph.SourcedRecord{}
	s.ents = map[string]graph.Entity{}
	s.named = map[string]map[string]bool{}
	exists := map[string]bool{}
	reports := map[string][]graph.Report{}
	for _, id := range slices.Sorted(maps.Keys(s.contrib)) {
		c := s.contrib[id]
		for _, rec := range c.Entities {
			s.records[rec.ID] = append(s.records[rec.ID], graph.SourcedRecord{Source: id, Priority: c.Priority, EntityRecord: rec})
			exists[rec.ID] = true
		}
		for i := range c.Relations {
			r := &c.Relations[i]
			s.owner[r.ID] = id
			reports[r.GroupKey()] = append(reports[r.GroupKey()], graph.Report{Relation: *r, Source: id, Pin: s.pins[r.ID]})
			for _, e := range r.Entities() {
				exists[e] = true
				if s.named[e] == nil {
					s.named[e] = map[string]bool{}
				}
				s.named[e][id] = true
			}
		}
	}
	s.regroup(reports)
	for _, g := range s.groups {
		for i := range g.events {
			s.rels = append(s.rels, &g.events[i])
		}
	}
	slices.SortFunc(s.rels, func(a, b *graph.Relation) int { return cmp.Compare(a.ID, b.ID) })
	for id := range exists {
		s.ents[id] = graph.Assemble(id, s.records[id])
	}
}

// regroup groups the reports of every group whose reports changed into
// events again, as a store does after each write: a report keeps the
// event it had, and no event takes the id of an event of an unchanged
// group.
func (s *Reference) regroup(reports map[string][]graph.Report) {
	prev := s.groups
	eventOf := map[string]string{}
	for _, g := range prev {
		for _, e := range g.events {
			for _, ev := range e.Evidence {
				eventOf[ev.Report] = e.ID
			}
		}
	}
	s.groups = map[string]group{}
	taken := map[string]bool{}
	var changed []string
	for _, k := range slices.Sorted(maps.Keys(reports)) {
		rs := reports[k]
		slices.SortFunc(rs, func(a, b graph.Report) int { return cmp.Compare(a.ID, b.ID) })
		js, err := json.Marshal(rs)
		if err != nil {
			panic(err)
		}
		if old, ok := prev[k]; ok && old.reports == string(js) {
			s.groups[k] = old
			for _, e := range old.events {
				taken[e.ID] = true
			}
			continue
		}
		s.groups[k] = group{reports: string(js)}
		changed = append(changed, k)
	}
	for _, k := range changed {
		g := s.groups[k]
		g.events = graph.Events(reports[k], eventOf, taken)
		s.groups[k] = g
	}
}

func (s *Reference) rlock() (func(), error) {
	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		return nil, graph.Errorf(graph.EUnavailable, "reference store is closed")
	}
	return s.mu.RUnlock, nil
}

// ReplaceSource implements graph.Store.
func (s *Reference) ReplaceSource(_ context.Context, c *graph.Contribution) (graph.ReplaceResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.replace(c)
}

// Import implements graph.Store: the builder reads the store under the
// same lock as the replacement.
func (s *Reference) Import(ctx context.Context, source string, build graph.Builder) (graph.ReplaceResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return graph.ReplaceResult{}, graph.Errorf(graph.EUnavailable, "reference store is closed")
	}
	c, err := build(ctx, locked{s, source})
	if err != nil {
		return graph.ReplaceResult{}, err
	}
	if c != nil && c.Source.ID != source {
		return graph.ReplaceResult{}, graph.Errorf(graph.EInternal, "importing source %q made a contribution of source %q", source, c.Source.ID)
	}
	return s.replace(c)
}

// locked is graph.Lookup on a Reference whose lock the caller holds,
// without the names of the source except.
type locked struct {
	s      *Reference
	except string
}

// Entities leaves out the entities only the source except says anything
// of (a record, or a report that names them).
func (l locked) Entities(_ context.Context, ids []string) ([]graph.Entity, error) {
	return l.s.entitiesWhere(func(id string) bool { return slices.Contains(ids, id) && l.s.knownApart(id, l.except) }), nil
}

// knownApart reports whether a source other than except ("": any) has a
// record of entity id or a report that names it.
func (s *Reference) knownApart(id, except string) bool {
	if except == "" {
		return true
	}
	for _, rec := range s.records[id] {
		if rec.Source != except {
			return true
		}
	}
	for src := range s.named[id] {
		if src != except {
			return true
		}
	}
	return false
}

func (l locked) EntitiesByKeys(_ context.Context, keys []string) (map[string][]graph.Entity, error) {
	return l.s.byKeys(keys, l.except), nil
}

func (l locked) EntitiesByWikidataIDs(_ context.Context, qids []string) (map[string][]graph.Entity, error) {
	return l.s.byWikidata(qids), nil
}

func (l locked) Decisions(context.Context) ([]graph.Decision, error) {
	return append([]graph.Decision{}, l.s.decided...), nil
}

// byKeys is EntitiesByKeys, the lock held.
func (s *Reference) byKeys(keys []string, except string) map[string][]graph.Entity {
	out := map[string][]graph.Entity{}
	for _, k := range keys {
		if es := s.entitiesWhere(func(id string) bool { return slices.Contains(s.keys(id, except), k) }); len(es) > 0 {
			out[k] = es
		}
	}
	return out
}

// byWikidata is EntitiesByWikidataIDs, the lock held.
func (s *Reference) byWikidata(qids []string) map[string][]graph.Entity {
	out := map[string][]graph.Entity{}
	for _, q := range qids {
		if es := s.entitiesWhere(func(id string) bool { return q != "" && s.ents[id].Wikidata == q }); len(es) > 0 {
			out[q] = es
		}
	}
	return out
}

// EntitiesByKeys implements graph.Lookup.
func (s *Reference) EntitiesByKeys(_ context.Context, keys []string) (map[string][]graph.Entity, error) {
	unlock, err := s.rlock()
	if err != nil {
		return nil, err
	}
	defer unlock()
	return s.byKeys(keys, ""), nil
}

// EntitiesByWikidataIDs implements graph.Lookup.
func (s *Reference) EntitiesByWikidataIDs(_ context.Context, qids []string) (map[string][]graph.Entity, error) {
	unlock, err := s.rlock()
	if err != nil {
		return nil, err
	}
	defer unlock()
	return s.byWikidata(qids), nil
}

// replace is ReplaceSource, the lock held.
func (s *Reference) replace(c *graph.Contribution) (graph.ReplaceResult, error) {
	if s.closed {
		return graph.ReplaceResult{}, graph.Errorf(graph.EUnavailable, "reference store is closed")
	}
	if c == nil || c.Source.ID == "" {
		return graph.ReplaceResult{}, graph.Errorf(graph.EInvalid, "contribution without a source id")
	}
	id := c.Source.ID
	old, had := s.contrib[id]
	if had && old.Source.Digest == c.Source.Digest {
		return graph.ReplaceResult{Unchanged: true}, nil
	}
	if err := c.Validate(); err != nil {
		return graph.ReplaceResult{}, err
	}
	// What the store knows without this source.
	known := map[string]bool{}
	for sid, o := range s.contrib {
		if sid == id {
			continue
		}
		for _, rec := range o.Entities {
			known[rec.ID] = true
		}
		for i := range o.Relations {
			for _, e := range o.Relations[i].Entities() {
				known[e] = true
			}
		}
	}
	mine := map[string]bool{}
	var res graph.ReplaceResult
	for _, rec := range c.Entities {
		mine[rec.ID] = true
		if known[rec.ID] {
			res.EntitiesMerged++
		} else {
			res.EntitiesNew++
		}
	}
	for i := range c.Relations {
		r := &c.Relations[i]
		if o, ok := s.owner[r.ID]; ok && o != id {
			return graph.ReplaceResult{}, graph.Errorf(graph.EInvalid, "relation %q already belongs to source %q", r.ID, o)
		}
		for _, e := range r.Entities() {
			if !mine[e] && !known[e] {
				return graph.ReplaceResult{}, graph.Errorf(graph.EInvalid, "relation %q names unknown entity %q", r.ID, e)
			}
		}
	}
	res.Relations = len(c.Relations)
	if had {
		res.Replaced = true
		ids := map[string]bool{}
		for _, r := range c.Relations {
			ids[r.ID] = true
		}
		for _, r := range old.Relations {
			if !ids[r.ID] {
				res.RelationsRemoved++
			}
		}
	}
	s.contrib[id] = CloneContribution(c)
	s.derive()
	return res, nil
}

// RemoveSource implements graph.Store.
func (s *Reference) RemoveSource(_ context.Context, id string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false, graph.Errorf(graph.EUnavailable, "reference store is closed")
	}
	if _, ok := s.contrib[id]; !ok {
		return false, nil
	}
	delete(s.contrib, id)
	s.derive()
	return true, nil
}

// Sources implements graph.Store.
func (s *Reference) Sources(context.Context) ([]graph.Source, error) {
	unlock, err := s.rlock()
	if err != nil {
		return nil, err
	}
	defer unlock()
	out := []graph.Source{}
	for _, id := range slices.Sorted(maps.Keys(s.contrib)) {
		out = append(out, s.contrib[id].Source)
	}
	return out, nil
}

// Source implements graph.Store.
func (s *Reference) Source(_ context.Context, id string) (graph.Document, error) {
	unlock, err := s.rlock()
	if err != nil {
		return graph.Document{}, err
	}
	defer unlock()
	c, ok := s.contrib[id]
	if !ok {
		return graph.Document{}, graph.Errorf(graph.ENotFound, "no source %q", id)
	}
	return graph.Document{Source: c.Source, Text: c.Text}, nil
}

func (s *Reference) entity(id string) (graph.Entity, error) {
	e, ok := s.ents[id]
	if !ok {
		return graph.Entity{}, graph.Errorf(graph.ENotFound, "no entity %q", id)
	}
	return cloneEntity(e), nil
}

// Entity implements graph.Store.
func (s *Reference) Entity(_ context.Context, id string) (graph.Entity, error) {
	unlock, err := s.rlock()
	if err != nil {
		return graph.Entity{}, err
	}
	defer unlock()
	return s.entity(id)
}

func (s *Reference) entitiesWhere(keep func(id string) bool) []graph.Entity {
	out := []graph.Entity{}
	for _, id := range slices.Sorted(maps.Keys(s.ents)) {
		if keep(id) {
			out = append(out, cloneEntity(s.ents[id]))
		}
	}
	return out
}

// EntitiesByWikidata implements graph.Store.
func (s *Reference) EntitiesByWikidata(_ context.Context, qid string) ([]graph.Entity, error) {
	unlock, err := s.rlock()
	if err != nil {
		return nil, err
	}
	defer unlock()
	return s.entitiesWhere(func(id string) bool { return qid != "" && s.ents[id].Wikidata == qid }), nil
}

// keys returns every name key of an entity, from every source.
func (s *Reference) keys(id, except string) []string {
	var ks []string
	for _, rec := range s.records[id] {
		if rec.Source == except {
			continue
		}
		for _, n := range rec.Names {
			ks = append(ks, n.Keys...)
		}
	}
	return ks
}

// EntitiesByKey implements graph.Store.
func (s *Reference) EntitiesByKey(_ context.Context, key string) ([]graph.Entity, error) {
	unlock, err := s.rlock()
	if err != nil {
		return nil, err
	}
	defer unlock()
	return s.entitiesWhere(func(id string) bool { return slices.Contains(s.keys(id, ""), key) }), nil
}

// Match ranks of SearchEntities, best first.
var matchNames = []string{"exact", "prefix", "substring"}

// SearchEntities implements graph.Store.
func (s *Reference) SearchEntities(_ context.Context, q graph.EntitySearch) ([]graph.EntityHit, error) {
	if q.Key == "" {
		return nil, graph.Errorf(graph.EInvalid, "empty search key")
	}
	unlock, err := s.rlock()
	if err != nil {
		return nil, err
	}
	defer unlock()
	type hit struct {
		rank int
		id   string
	}
	var hits []hit
	for id, e := range s.ents {
		if q.Kind != "" && e.Kind != q.Kind {
			continue
		}
		rank := len(matchNames)
		for _, k := range s.keys(id, "") {
			switch {
			case k == q.Key:
				rank = min(rank, 0)
			case strings.HasPrefix(k, q.Key):
				rank = min(rank, 1)
			case strings.Contains(k, q.Key):
				rank = min(rank, 2)
			}
		}
		if rank < len(matchNames) {
			hits = append(hits, hit{rank, id})
		}
	}
	slices.SortFunc(hits, func(a, b hit) int { return cmp.Or(cmp.Compare(a.rank, b.rank), cmp.Compare(a.id, b.id)) })
	if q.Limit > 0 && len(hits) > q.Limit {
		hits = hits[:q.Limit]
	}
	out := []graph.EntityHit{}
	for _, h := range hits {
		out = append(out, graph.EntityHit{Entity: cloneEntity(s.ents[h.id]), Match: matchNames[h.rank]})
	}
	return out, nil
}

// EntityCounts implements graph.Store.
func (s *Reference) EntityCounts(_ context.Context, id string) (graph.EntityCounts, error) {
	unlock, err := s.rlock()
	if err != nil {
		return graph.EntityCounts{}, err
	}
	defer unlock()
	if _, ok := s.ents[id]; !ok {
		return graph.EntityCounts{}, graph.Errorf(graph.ENotFound, "no entity %q", id)
	}
	c := graph.EntityCounts{ByType: map[string]int{}}
	neighbors := map[string]bool{}
	sources := map[string]bool{}
	for _, rec := range s.records[id] {
		sources[rec.Source] = true
	}
	for src := range s.named[id] {
		sources[src] = true
	}
	for _, r := range s.rels {
		if !slices.Contains(r.Entities(), id) {
			continue
		}
		c.Relations++
		c.ByType[r.Type]++
		for _, w := range r.Parties() {
			if w != id {
				neighbors[w] = true
			}
		}
	}
	c.Neighbors, c.Sources = len(neighbors), len(sources)
	return c, nil
}

// Neighbors implements graph.Store.
func (s *Reference) Neighbors(_ context.Context, q graph.NeighborQuery) (graph.Neighborhood, error) {
	dir, err := q.Direction.Check()
	if err != nil {
		return graph.Neighborhood{}, err
	}
	unlock, err := s.rlock()
	if err != nil {
		return graph.Neighborhood{}, err
	}
	defer unlock()
	center, err := s.entity(q.ID)
	if err != nil {
		return graph.Neighborhood{}, err
	}
	visited := map[string]bool{q.ID: true}
	frontier := map[string]bool{q.ID: true}
	picked := map[string]*graph.Relation{}
	for range max(q.Depth, 1) {
		next := map[string]bool{}
		for _, r := range s.rels {
			if !q.Filter.Match(r) {
				continue
			}
			for v := range frontier {
				for _, w := range r.Steps(v, dir) {
					picked[r.ID] = r
					if !visited[w] {
						next[w] = true
					}
				}
			}
		}
		for w := range next {
			visited[w] = true
		}
		frontier = next
	}
	ids := slices.Sorted(maps.Keys(picked))
	ids = slices.DeleteFunc(ids, func(id string) bool { return id <= q.After })
	n := graph.Neighborhood{Center: center, Nodes: []graph.Entity{}, Relations: []graph.Relation{}}
	if q.Limit > 0 && len(ids) > q.Limit {
		ids, n.Truncated = ids[:q.Limit], true
	}
	nodes := map[string]bool{}
	for _, id := range ids {
		r := picked[id]
		n.Relations = append(n.Relations, CloneRelation(*r))
		for _, w := range r.Parties() {
			nodes[w] = true
		}
	}
	delete(nodes, q.ID)
	for _, id := range slices.Sorted(maps.Keys(nodes)) {
		n.Nodes = append(n.Nodes, cloneEntity(s.ents[id]))
	}
	return n, nil
}

// Paths implements graph.Store: every route found by trying every walk
// (refRouter), through graph.FindRoutes.
func (s *Reference) Paths(ctx context.Context, q graph.PathQuery) ([]graph.Path, error) {
	dir, err := q.Direction.Check()
	if err != nil {
		return nil, err
	}
	q.Direction = dir
	unlock, err := s.rlock()
	if err != nil {
		return nil, err
	}
	defer unlock()
	if err := q.CheckEnds(func(id string) bool { _, ok := s.ents[id]; return ok }); err != nil {
		return nil, err
	}
	routes, err := graph.FindRoutes(ctx, &q, &refRouter{s: s, q: &q})
	if err != nil {
		return nil, err
	}
	ents := map[string]graph.Entity{}
	for _, r := range routes {
		for _, id := range r.Nodes {
			ents[id] = cloneEntity(s.ents[id])
		}
	}
	return graph.Paths(routes, ents), nil
}

// refRouter is the Reference's graph.Router: a spur is the first walk
// found when trying every walk of each length in turn, in order of the
// entities' ids. A walk of the least length never passes an entity twice
// (the part between would make it shorter), so the walks need no check of
// that but for the spur's start, and a step that led nowhere before leads
// nowhere again: dead remembers them.
type refRouter struct {
	s   *Reference
	q   *graph.PathQuery
	adj map[string]map[string][]graph.Relation // v → w → the usable relations leading from v to w
}

func (rt *refRouter) steps(v string) map[string][]graph.Relation {
	if rt.adj == nil {
		rt.adj = map[string]map[string][]graph.Relation{}
		for _, r := range rt.s.rels {
			if !rt.q.Usable(r) {
				continue
			}
			for _, a := range r.Parties() {
				for _, w := range r.Steps(a, rt.q.Direction) {
					if rt.adj[a] == nil {
						rt.adj[a] = map[string][]graph.Relation{}
					}
					rt.adj[a][w] = append(rt.adj[a][w], CloneRelation(*r))
				}
			}
		}
	}
	return rt.adj[v]
}

func (rt *refRouter) Shortest(_ context.Context, sp graph.Spur) ([]string, error) {
	to := rt.q.To
	passable := func(w string) bool {
		return w == to || len(rt.q.Through) == 0 || slices.Contains(rt.q.Through, rt.s.ents[w].Kind)
	}
	for length := 1; length <= sp.Hops; length++ {
		dead := map[string]bool{}
		var walk func(v, at string, left int) []string
		walk = func(v, at string, left int) []string {
			if left == 0 || v == to {
				if left == 0 && v == to {
					return []string{v}
				}
				return nil
			}
			key := fmt.Sprint(v, "\x00", at, "\x00", left)
			if dead[key] {
				return nil
			}
			next := rt.steps(v)
			for _, w := range slices.Sorted(maps.Keys(next)) {
				if w == sp.From || sp.Banned[w] || v == sp.From && sp.NotFirst[w] || !passable(w) {
					continue
				}
				t, ok := "", false
				for _, r := range next[w] {
					tr := ""
					if rt.q.Chronological {
						tr = max(at, r.Lo())
					}
					if tr <= r.Hi() && (!ok || tr < t) {
						t, ok = tr, true
					}
				}
				if ok {
					if rest := walk(w, t, left-1); rest != nil {
						return append([]string{v}, rest...)
					}
				}
			}
			dead[key] = true
			return nil
		}
		if route := walk(sp.From, sp.After, length); route != nil {
			return route, nil
		}
	}
	return nil, nil
}

func (rt *refRouter) Hops(_ context.Context, route []string) ([][]graph.Relation, error) {
	out := make([][]graph.Relation, len(route)-1)
	for i := range out {
		out[i] = rt.steps(route[i])[route[i+1]]
	}
	return out, nil
}

// events returns the events of a timeline query in time order.
func (s *Reference) events(q graph.TimelineQuery) ([]*graph.Relation, error) {
	if _, err := s.entity(q.Entity); err != nil {
		return nil, err
	}
	if q.With != "" {
		if _, err := s.entity(q.With); err != nil {
			return nil, err
		}
	}
	var out []*graph.Relation
	for _, r := range s.rels {
		ids := r.Entities()
		if r.Class != graph.ClassEvent || r.Date.IsZero() || !slices.Contains(ids, q.Entity) ||
			(q.With != "" && !slices.Contains(ids, q.With)) || !q.Filter.Match(r) {
			continue
		}
		out = append(out, r)
	}
	slices.SortFunc(out, graph.CompareTime)
	return out, nil
}

// Timeline implements graph.Store.
func (s *Reference) Timeline(_ context.Context, q graph.TimelineQuery) (graph.TimelinePage, error) {
	unlock, err := s.rlock()
	if err != nil {
		return graph.TimelinePage{}, err
	}
	defer unlock()
	evs, err := s.events(q)
	if err != nil {
		return graph.TimelinePage{}, err
	}
	if q.Newest {
		slices.Reverse(evs)
	}
	out := []graph.Relation{}
	for _, r := range evs {
		if q.Beyond(r) && (q.Limit <= 0 || len(out) <= q.Limit) {
			out = append(out, CloneRelation(*r))
		}
	}
	return q.Page(out), nil
}

// Tallies implements graph.Store.
func (s *Reference) Tallies(_ context.Context, q graph.TimelineQuery) ([]graph.Tally, error) {
	unlock, err := s.rlock()
	if err != nil {
		return nil, err
	}
	defer unlock()
	evs, err := s.events(q)
	if err != nil {
		return nil, err
	}
	out := []graph.Tally{}
	for _, r := range evs {
		out = append(out, graph.TallyOf(r))
	}
	return out, nil
}

// Stats implements graph.Store.
func (s *Reference) Stats(context.Context) (graph.Stats, error) {
	unlock, err := s.rlock()
	if err != nil {
		return graph.Stats{}, err
	}
	defer unlock()
	st := graph.Stats{
		Entities: len(s.ents), Relations: len(s.rels), Sources: len(s.contrib),
		ByKind: map[string]int{}, ByType: map[string]int{}, BySource: map[string]int{}, ByModality: map[string]int{},
	}
	for _, e := range s.ents {
		st.ByKind[e.Kind]++
	}
	for _, c := range s.contrib {
		st.BySource[c.Source.Kind]++
	}
	for _, r := range s.rels {
		st.ByType[r.Type]++
		st.ByModality[string(r.Modality)]++
		if !r.Date.IsZero() && (st.FirstDate == "" || r.Date.First() < st.FirstDate) {
			st.FirstDate = r.Date.First()
		}
		last := ""
		switch {
		case !r.End.IsZero():
			last = r.End.Last()
		case !r.Date.IsZero():
			last = r.Date.Last()
		}
		st.LastDate = max(st.LastDate, last)
	}
	return st, nil
}

// Relations implements graph.Store.
func (s *Reference) Relations(_ context.Context, q graph.RelationQuery) ([]graph.Relation, error) {
	unlock, err := s.rlock()
	if err != nil {
		return nil, err
	}
	defer unlock()
	out := []graph.Relation{}
	for _, r := range s.rels {
		if r.ID > q.After && q.Filter.Match(r) && (q.Limit <= 0 || len(out) < q.Limit) {
			out = append(out, CloneRelation(*r))
		}
	}
	return out, nil
}

// Entities implements graph.Store.
func (s *Reference) Entities(_ context.Context, ids []string) ([]graph.Entity, error) {
	unlock, err := s.rlock()
	if err != nil {
		return nil, err
	}
	defer unlock()
	return s.entitiesWhere(func(id string) bool { return slices.Contains(ids, id) }), nil
}

// Ping implements graph.Store.
func (s *Reference) Ping(context.Context) error {
	unlock, err := s.rlock()
	if err != nil {
		return err
	}
	unlock()
	return nil
}

// Close implements graph.Store.
func (s *Reference) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	return nil
}

// CloneContribution returns a deep copy of c.
func CloneContribution(c *graph.Contribution) *graph.Contribution {
	d := *c
	d.Entities = make([]graph.EntityRecord, len(c.Entities))
	for i, rec := range c.Entities {
		rec.Names = slices.Clone(rec.Names)
		for j := range rec.Names {
			rec.Names[j].Keys = slices.Clone(rec.Names[j].Keys)
		}
		d.Entities[i] = rec
	}
	d.Relations = make([]graph.Relation, len(c.Relations))
	for i, r := range c.Relations {
		d.Relations[i] = CloneRelation(r)
	}
	return &d
}

// CloneRelation returns a deep copy of r.
func CloneRelation(r graph.Relation) graph.Relation {
	r.Participants = slices.Clone(r.Participants)
	r.Evidence = slices.Clone(r.Evidence)
	if r.Intensity != nil {
		v := *r.Intensity
		r.Intensity = &v
	}
	return r
}

func cloneEntity(e graph.Entity) graph.Entity {
	e.Names = maps.Clone(e.Names)
	e.Aliases = maps.Clone(e.Aliases)
	for k, v := range e.Aliases {
		e.Aliases[k] = slices.Clone(v)
	}
	e.Demonyms = maps.Clone(e.Demonyms)
	for k, v := range e.Demonyms {
		e.Demonyms[k] = slices.Clone(v)
	}
	return e
}
