package resolve

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/geokg/geokg/internal/graph"
)

// Resolver finds the canonical entities that names mean, over a
// graph.Lookup, applying the analysts' decisions it was made with: the one
// policy of queries (Entity) and of imported documents (Document). Its
// lookups are batched: a document's entities cost a fixed number of calls
// whatever their number.
type Resolver struct {
	lookup    graph.Lookup
	decisions []graph.Decision
}

// New returns a resolver over l that applies the decisions l holds now.
func New(ctx context.Context, l graph.Lookup) (*Resolver, error) {
	ds, err := l.Decisions(ctx)
	if err != nil {
		return nil, err
	}
	return &Resolver{lookup: l, decisions: ds}, nil
}

// Entity finds the one entity a person means by ref: its key (or the key
// of an entity an analyst merged into another, which means that other),
// its Wikidata QID, or any of its names and aliases in any language,
// normalised. Several matches give an EConflict error listing the
// candidates; none gives an ENotFound error listing the closest names.
func Entity(ctx context.Context, s graph.Store, ref string) (graph.Entity, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return graph.Entity{}, graph.Errorf(graph.EInvalid, "empty entity reference")
	}
	e, err := s.Entity(ctx, ref)
	if err == nil {
		return e, nil
	}
	if graph.ErrorCode(err) != graph.ENotFound {
		return graph.Entity{}, err
	}
	return Named(ctx, s, ref)
}

// Named is Entity for a ref, not empty, that is no entity's key: a caller
// that has looked its references up as keys already (several at once)
// resolves the rest with it.
func Named(ctx context.Context, s graph.Store, ref string) (graph.Entity, error) {
	ref = strings.TrimSpace(ref)
	r, err := New(ctx, s)
	if err != nil {
		return graph.Entity{}, err
	}
	found, err := r.named(ctx, ref)
	if err != nil {
		return graph.Entity{}, err
	}
	if len(found) > 0 {
		return one(ref, found)
	}
	return graph.Entity{}, notFound(ctx, s, ref)
}

// named returns the entities that ref, which is not an entity's key, may
// mean: the entity its key was merged into, else those with ref as their
// Wikidata QID, else those with a name of ref's first key that any has
// (the full key wins over clitic-stripped variants), else those with a
// name of another form of it (possessive, demonym, nisba: formVariants);
// of those, the ones at the best tier (named before aliased before
// mentioned).
func (r *Resolver) named(ctx context.Context, ref string) ([]graph.Entity, error) {
	if into := graph.ApplyDecisions(r.decisions, "", ref); into != ref { // no source: merges only
		es, err := r.lookup.Entities(ctx, []string{into})
		if err != nil || len(es) > 0 {
			return es, err
		}
	}
	if qid, ok := graph.NormalizeQID(ref); ok {
		m, err := r.lookup.EntitiesByWikidataIDs(ctx, []string{qid})
		if err != nil || len(m[qid]) > 0 {
			return m[qid], err
		}
	}
	keys := Keys(ref)
	if len(keys) == 0 {
		return nil, nil
	}
	m, err := r.lookup.EntitiesByKeys(ctx, keys)
	if err != nil {
		return nil, err
	}
	for _, k := range keys {
		if len(m[k]) > 0 {
			found := ranked{}
			for _, e := range m[k] {
				found.add(e, TierOf(e, Key, equals(k)))
			}
			return found.best(), nil
		}
	}
	variants, byForm, err := r.formVariants(ctx, keys[:1])
	if err != nil {
		return nil, err
	}
	found := ranked{}
	for v := range variants {
		for _, e := range byForm[v] {
			found.add(e, TierOf(e, Key, equals(v)))
		}
	}
	return found.best(), nil
}

// Candidate is an entity of a document as resolution sees it.
type Candidate struct {
	Key string // the document's key for it
	// KeyMadeUp says the reader made Key up from a name (a brat or Label
	// Studio entity without a reference): it is not matched as a key.
	KeyMadeUp bool
	Kind      string   // its kind: names merge entities of the same sort only (SameSort)
	Wikidata  string   // its Wikidata QID, if given
	Names     []string // its names and aliases, in any language
	Mentions  []string // the texts that mention it
}

// Resolution is the canonical entity a candidate resolved to, and why,
// when it is not the candidate's own key.
type Resolution struct {
	ID   string
	Note string // "" when ID is the key and no decision applied
	// Kind is the kind a candidate of kind graph.KindGPE is: that of the
	// country or location it resolved to, else location.
	Kind string
}

// Document resolves the entities of a document of source src, in this
// order for each: its key if the graph has it (unless the reader made the
// key up); else the one entity with its Wikidata QID; else the entity of
// the same sort (SameSort) with one of its names or aliases, the one that
// holds it at the best tier when several do (named before aliased before
// only mentioned); else the same with another form of one of them
// (possessive, demonym, nisba); else, when no name matches, the one with
// one of its mentions (clitics stripped); else its key, as a new entity
// (a made-up key that an entity of the graph already has gets the kind
// appended: "baghdad-country"). Then the analysts' decisions apply
// (graph.ApplyDecisions). Candidates that the decisions make one entity
// for src count as one (a split for src of an entity that src's names also
// find under its new id is not ambiguous). A geopolitical entity
// (graph.KindGPE) is given the kind of the country or location it resolved
// to, else location, with a note. It makes five lookups, whatever the
// number of candidates.
func (r *Resolver) Document(ctx context.Context, src string, cands []Candidate) ([]Resolution, error) {
	var ids, qids, keys, names []string
	for _, c := range cands {
		ids = append(ids, c.Key)
		if c.KeyMadeUp {
			ids = append(ids, madeUpID(c))
		}
		if c.Wikidata != "" {
			qids = append(qids, c.Wikidata)
		}
		names = append(names, nameKeys(c)...)
		keys = append(keys, nameKeys(c)...)
		keys = append(keys, mentionKeys(c)...)
	}
	existing, err := r.lookup.Entities(ctx, ids)
	if err != nil {
		return nil, err
	}
	exists := map[string]bool{}
	for _, e := range existing {
		exists[e.ID] = true
	}
	byQID, err := r.lookup.EntitiesByWikidataIDs(ctx, qids)
	if err != nil {
		return nil, err
	}
	byKey, err := r.lookup.EntitiesByKeys(ctx, keys)
	if err != nil {
		return nil, err
	}
	variants, byForm, err := r.formVariants(ctx, names)
	if err != nil {
		return nil, err
	}
	forms := map[string][]string{} // name key → its variants
	for _, v := range slices.Sorted(maps.Keys(variants)) {
		forms[variants[v]] = append(forms[variants[v]], v)
	}
	kinds := map[string]string{} // entity id → its kind, of every entity looked up
	for _, es := range [][]graph.Entity{existing, slices.Concat(slices.Collect(maps.Values(byQID))...),
		slices.Concat(slices.Collect(maps.Values(byKey))...), slices.Concat(slices.Collect(maps.Values(byForm))...)} {
		for _, e := range es {
			kinds[e.ID] = e.Kind
		}
	}
	out := make([]Resolution, len(cands))
	for i, c := range cands {
		res, matched := Resolution{ID: c.Key}, false
		if c.KeyMadeUp || !exists[c.Key] {
			res, matched = r.match(src, c, byQID, byKey, forms, byForm)
		}
		if c.KeyMadeUp && !matched && exists[c.Key] {
			res.ID, res.Note = madeUpID(c), joinNotes(res.Note, fmt.Sprintf("entity %q: its key was made from its name and is another entity's; it is %q", c.Key, madeUpID(c)))
		}
		if decided := graph.ApplyDecisions(r.decisions, src, res.ID); decided != res.ID {
			res.Note = joinNotes(res.Note, fmt.Sprintf("entity %q: %q is %q by an analyst's decision (see geokg entities decisions)", c.Key, res.ID, decided))
			res.ID = decided
		}
		if c.Kind == graph.KindGPE {
			if res.Kind = kinds[res.ID]; !graph.GPEKind(res.Kind) {
				res.Kind = "location"
				res.Note = joinNotes(res.Note, fmt.Sprintf("entity %q: no country or place of the graph has its name; it is a new location (give its kind, or import a gazetteer first)", c.Key))
			}
		}
		out[i] = res
	}
	return out, nil
}

func joinNotes(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

// madeUpID is the id of a candidate whose made-up key another entity has.
func madeUpID(c Candidate) string { return c.Key + "-" + strings.ReplaceAll(c.Kind, "_", "-") }

// match resolves a candidate whose key the graph does not have, or whose
// key was made up, by QID and names, before decisions; false if it found
// no one entity.
func (r *Resolver) match(src string, c Candidate, byQID, byKey map[string][]graph.Entity, forms map[string][]string, byForm map[string][]graph.Entity) (Resolution, bool) {
	// found maps each candidate as decided for src to the best tier it was
	// found at and the entity found (the least id at that tier).
	type hit struct {
		id   string
		tier Tier
	}
	found := map[string]hit{}
	add := func(id string, t Tier) {
		d := graph.ApplyDecisions(r.decisions, src, id)
		if f, ok := found[d]; !ok || t < f.tier || t == f.tier && id < f.id {
			found[d] = hit{id, t}
		}
	}
	if c.Wikidata != "" {
		for _, e := range byQID[c.Wikidata] {
			add(e.ID, TierName)
		}
		if len(found) == 1 {
			for _, h := range found {
				return Resolution{ID: h.id, Note: fmt.Sprintf("entity %q merged into %q by Wikidata id %s", c.Key, h.id, c.Wikidata)}, true
			}
		}
		clear(found)
	}
	var formKeys []string
	for _, k := range nameKeys(c) {
		formKeys = append(formKeys, forms[k]...)
	}
	how := "by name"
	for step, keys := range [][]string{nameKeys(c), formKeys, mentionKeys(c)} {
		m := byKey
		if step == 1 {
			m, how = byForm, "by another form of its name"
		}
		for _, k := range keys {
			for _, e := range m[k] {
				if SameSort(e.Kind, c.Kind) {
					add(e.ID, TierOf(e, Key, equals(k)))
				}
			}
		}
		if len(found) > 0 {
			break
		}
		how = "by name"
	}
	// Keep those at the best tier.
	top := TierMention + 1
	for _, h := range found {
		top = min(top, h.tier)
	}
	maps.DeleteFunc(found, func(_ string, h hit) bool { return h.tier != top })
	switch len(found) {
	case 0:
		return Resolution{ID: c.Key}, false
	case 1:
		for _, h := range found {
			return Resolution{ID: h.id, Note: fmt.Sprintf("entity %q merged into %q %s", c.Key, h.id, how)}, true
		}
	}
	return Resolution{ID: c.Key, Note: fmt.Sprintf("entity %q matches several entities by name (%v); kept apart: give the key of the one meant",
		c.Key, slices.Sorted(maps.Keys(found)))}, false
}

// nameKeys returns the keys of a candidate's names and aliases.
func nameKeys(c Candidate) []string {
	var keys []string
	for _, n := range c.Names {
		if k := Key(n); k != "" {
			keys = append(keys, k)
		}
	}
	return keys
}

// mentionKeys returns the keys under which a candidate's mentions may match.
func mentionKeys(c Candidate) []string {
	var keys []string
	for _, m := range c.Mentions {
		for _, k := range Keys(m) {
			if k != "" {
				keys = append(keys, k)
			}
		}
	}
	return keys
}

func one(ref string, found []graph.Entity) (graph.Entity, error) {
	if len(found) == 1 {
		return found[0], nil
	}
	cands := make([]map[string]string, len(found))
	for i, e := range found {
		cands[i] = map[string]string{"id": e.ID, "name": e.Name, "kind": e.Kind}
	}
	return graph.Entity{}, graph.Errorf(graph.EConflict, "%q names %d entities; use one of their ids", ref, len(found)).With("candidates", cands)
}

// notFound is the error for a reference that names nothing, with the
// entities Search finds for it as suggestions, or else those of ever
// shorter prefixes of its key.
func notFound(ctx context.Context, s graph.Store, ref string) error {
	suggestions := []map[string]string{}
	key := Key(ref)
	for n := len([]rune(key)); n >= 3 && len(suggestions) == 0; n = n * 2 / 3 {
		hits, err := Search(ctx, s, graph.EntitySearch{Key: string([]rune(key)[:n]), Limit: 5})
		if err != nil {
			return err
		}
		for _, h := range hits {
			suggestions = append(suggestions, map[string]string{"id": h.Entity.ID, "name": h.Entity.Name})
		}
	}
	return graph.Errorf(graph.ENotFound, "no entity is named %q", ref).With("suggestions", suggestions)
}
