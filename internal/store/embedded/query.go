package embedded

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strings"

	"github.com/geokg/geokg/internal/graph"
)

// queryer is a *sql.Tx or a *sql.DB.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// preparedTx is a read transaction whose lookups by id run on statements
// the store prepared when it opened (prepare; database/sql prepares each
// again once on each connection) rather than at every query: a path query
// makes a few lookups by id, and preparing them took as long as running
// them. Other queries are prepared each time, as a plain transaction's
// are.
type preparedTx struct {
	*sql.Tx
	s *Store
}

// QueryContext implements queryer.
func (p preparedTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st, ok := p.s.prepared[query]; ok {
		return p.Tx.StmtContext(ctx, st).QueryContext(ctx, args...)
	}
	return p.Tx.QueryContext(ctx, query, args...)
}

// QueryRowContext implements queryer.
func (p preparedTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st, ok := p.s.prepared[query]; ok {
		return p.Tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
	}
	return p.Tx.QueryRowContext(ctx, query, args...)
}

// genTx is a read-only transaction of a known generation: its reads by
// id go through the store's memos of that generation.
type genTx struct {
	preparedTx
	gen int64
}

// readGen runs f in a read-only transaction with its generation.
func (s *Store) readGen(ctx context.Context, what string, f func(tx genTx) error) error {
	return s.read(ctx, what, func(tx *sql.Tx) error {
		p := preparedTx{tx, s}
		gen, err := generation(ctx, p)
		if err != nil {
			return err
		}
		return f(genTx{p, gen})
	})
}

// entities is entitiesByID, through the store's memo.
func (t genTx) entities(ctx context.Context, ids []string) (map[string]graph.Entity, error) {
	return t.s.ents.get(t.gen, ids, func(ids []string) (map[string]graph.Entity, error) {
		return entitiesByID(ctx, t, ids)
	})
}

// entity is entity, through the store's memo.
func (t genTx) entity(ctx context.Context, id string) (graph.Entity, error) {
	es, err := t.entities(ctx, []string{id})
	if err != nil {
		return graph.Entity{}, err
	}
	e, ok := es[id]
	if !ok {
		return graph.Entity{}, graph.Errorf(graph.ENotFound, "no entity %q", id)
	}
	return e, nil
}

// relations is relationsByID, through the store's memo.
func (t genTx) relations(ctx context.Context, ids []string) (map[string]graph.Relation, error) {
	return t.s.rels.get(t.gen, ids, func(ids []string) (map[string]graph.Relation, error) {
		return relationsByID(ctx, t, ids)
	})
}

// prepare prepares the lookups by id of preparedTx, for every padded
// number of ids.
func (s *Store) prepare(ctx context.Context) error {
	queries := []string{generationSQL, "SELECT " + entityCols + " FROM entities WHERE id = ?"}
	for n := 1; n < 2*chunk; n *= 2 {
		queries = append(queries, "SELECT "+entityCols+" FROM entities WHERE id IN ("+placeholders(n)+")",
			"SELECT "+relationCols+" FROM relations r WHERE r.id IN ("+placeholders(n)+")")
	}
	s.prepared = map[string]*sql.Stmt{}
	for _, q := range queries {
		st, err := s.db.PrepareContext(ctx, q)
		if err != nil {
			return err
		}
		s.prepared[q] = st
	}
	return nil
}

// padded is ids as arguments of "IN (placeholders(len))", repeating the
// last so that their number is a power of two: a few query texts serve
// every number of ids.
func padded(ids []string) []any {
	n := 1
	for n < len(ids) {
		n *= 2
	}
	out := make([]any, n)
	for i := range out {
		out[i] = ids[min(i, len(ids)-1)]
	}
	return out
}

// placeholders returns "?, ?, ?" for n values.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

func anys[T any](vs []T) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = v
	}
	return out
}

// chunk is how many values go in one IN (...) list.
const chunk = 400

const entityCols = "id, name, kind, wikidata, names_json, aliases_json, demonyms_json"

// scanEntity scans a row of entityCols, after the columns before, if any.
func scanEntity(rows *sql.Rows, before ...any) (graph.Entity, error) {
	var e graph.Entity
	var names, aliases, demonyms string
	if err := rows.Scan(append(before, &e.ID, &e.Name, &e.Kind, &e.Wikidata, &names, &aliases, &demonyms)...); err != nil {
		return e, err
	}
	if err := json.Unmarshal([]byte(names), &e.Names); err != nil {
		return e, err
	}
	if err := json.Unmarshal([]byte(aliases), &e.Aliases); err != nil {
		return e, err
	}
	if e.Names == nil {
		e.Names = map[string]string{}
	}
	if e.Aliases == nil {
		e.Aliases = map[string][]string{}
	}
	var err error
	e.Demonyms, err = demonymsOf(demonyms)
	return e, err
}

// demonymsOf decodes the demonyms column: none is nil, as graph.Assemble
// leaves them.
func demonymsOf(s string) (map[string][]string, error) {
	var m map[string][]string
	if err := json.Unmarshal([]byte(s), &m); err != nil || len(m) == 0 {
		return nil, err
	}
	return m, nil
}

// entities runs a query of entity rows.
func entities(ctx context.Context, q queryer, query string, args ...any) ([]graph.Entity, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []graph.Entity{}
	for rows.Next() {
		e, err := scanEntity(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// entitiesByID loads entities by id; missing ones are left out.
func entitiesByID(ctx context.Context, q queryer, ids []string) (map[string]graph.Entity, error) {
	out := make(map[string]graph.Entity, len(ids))
	for len(ids) > 0 {
		n := min(len(ids), chunk)
		args := padded(ids[:n])
		es, err := entities(ctx, q, "SELECT "+entityCols+" FROM entities WHERE id IN ("+placeholders(len(args))+")", args...)
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			out[e.ID] = e
		}
		ids = ids[n:]
	}
	return out, nil
}

// entity loads one entity (ENotFound).
func entity(ctx context.Context, q queryer, id string) (graph.Entity, error) {
	es, err := entities(ctx, q, "SELECT "+entityCols+" FROM entities WHERE id = ?", id)
	if err != nil {
		return graph.Entity{}, err
	}
	if len(es) == 0 {
		return graph.Entity{}, graph.Errorf(graph.ENotFound, "no entity %q", id)
	}
	return es[0], nil
}

const relationCols = `r.id, r.type, r.class, r.quad, r.intensity, r.src, r.tgt, r.participants_json,
	r.date, r.end_date, r.prec, r.modality, r.confidence, r.evidence_json, r.known, r.event_json, r.reviewed`

func scanRelation(rows *sql.Rows) (graph.Relation, error) {
	var r graph.Relation
	var intensity sql.NullFloat64
	var parts, date, end, prec, mod, ev, extra, reviewed string
	if err := rows.Scan(&r.ID, &r.Type, &r.Class, &r.QuadClass, &intensity, &r.From, &r.To, &parts,
		&date, &end, &prec, &mod, &r.Confidence, &ev, &r.Known, &extra, &reviewed); err != nil {
		return r, err
	}
	r.SetReviewed(reviewed)
	var f eventFields
	if err := json.Unmarshal([]byte(extra), &f); err != nil {
		return r, err
	}
	r.EventKey, r.Reports, r.Sources, r.Modalities, r.Joined = f.Key, f.Reports, f.Sources, f.Modalities, f.Joined
	if intensity.Valid {
		v := intensity.Float64
		r.Intensity = &v
	}
	if parts != "" {
		if err := json.Unmarshal([]byte(parts), &r.Participants); err != nil {
			return r, err
		}
	}
	if ev != "" {
		if err := json.Unmarshal([]byte(ev), &r.Evidence); err != nil {
			return r, err
		}
	}
	var err error
	if date != "" {
		if r.Date, err = graph.ParseDate(date); err != nil {
			return r, err
		}
	}
	if end != "" {
		if r.End, err = graph.ParseDate(end); err != nil {
			return r, err
		}
	}
	r.Precision, r.Modality = graph.Precision(prec), graph.Modality(mod)
	return r, nil
}

func relations(ctx context.Context, q queryer, query string, args ...any) ([]graph.Relation, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []graph.Relation{}
	for rows.Next() {
		r, err := scanRelation(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// relationsByID loads relations by id.
func relationsByID(ctx context.Context, q queryer, ids []string) (map[string]graph.Relation, error) {
	out := make(map[string]graph.Relation, len(ids))
	for len(ids) > 0 {
		n := min(len(ids), chunk)
		args := padded(ids[:n])
		rs, err := relations(ctx, q, "SELECT "+relationCols+" FROM relations r WHERE r.id IN ("+placeholders(len(args))+")", args...)
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			out[r.ID] = r
		}
		ids = ids[n:]
	}
	return out, nil
}

// filterSQL is graph.Filter.Match as SQL conditions on relations r (each
// starting with " AND ").
func filterSQL(f *graph.Filter) (string, []any) {
	var b strings.Builder
	var args []any
	if len(f.Types) > 0 {
		b.WriteString(" AND r.type IN (" + placeholders(len(f.Types)) + ")")
		args = append(args, anys(f.Types)...)
	}
	if len(f.ExcludeTypes) > 0 {
		b.WriteString(" AND r.type NOT IN (" + placeholders(len(f.ExcludeTypes)) + ")")
		args = append(args, anys(f.ExcludeTypes)...)
	}
	b.WriteString(" AND r.confidence >= ?")
	args = append(args, f.MinConfidence)
	if len(f.Modalities) > 0 {
		b.WriteString(" AND r.modality IN (" + placeholders(len(f.Modalities)) + ")")
		for _, m := range f.Modalities {
			args = append(args, string(m))
		}
	}
	if f.Since != "" {
		b.WriteString(" AND r.hi >= ?")
		args = append(args, f.Since)
	}
	if f.Until != "" {
		b.WriteString(" AND r.lo <= ?")
		args = append(args, f.Until)
	}
	if f.AsOf != "" {
		b.WriteString(" AND r.lo <= ? AND (r.class <> 'structural' OR r.hi >= ?)")
		args = append(args, f.AsOf, f.AsOf)
	}
	if f.KnownAsOf != "" {
		b.WriteString(" AND r.known <= ?")
		args = append(args, f.KnownAsOf)
	}
	if f.Reviewed {
		b.WriteString(" AND r.reviewed <= ?")
		args = append(args, cmp.Or(f.KnownAsOf, graph.DayMax))
	}
	return b.String(), args
}

// Sources implements graph.Store.
func (s *Store) Sources(ctx context.Context) ([]graph.Source, error) {
	out := []graph.Source{}
	err := s.read(ctx, "listing sources", func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, "SELECT id, kind, title, url, language, published, digest FROM sources ORDER BY id")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var src graph.Source
			if err := rows.Scan(&src.ID, &src.Kind, &src.Title, &src.URL, &src.Language, &src.Published, &src.Digest); err != nil {
				return err
			}
			out = append(out, src)
		}
		return rows.Err()
	})
	return out, err
}

// Source implements graph.Store.
func (s *Store) Source(ctx context.Context, id string) (graph.Document, error) {
	var d graph.Document
	err := s.read(ctx, "reading source "+id, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT id, kind, title, url, language, published, digest,
			coalesce((SELECT text FROM source_texts WHERE source_id = id), '') FROM sources WHERE id = ?`, id).
			Scan(&d.ID, &d.Kind, &d.Title, &d.URL, &d.Language, &d.Published, &d.Digest, &d.Text)
		if errors.Is(err, sql.ErrNoRows) {
			return graph.Errorf(graph.ENotFound, "no source %q", id)
		}
		return err
	})
	if err != nil {
		return graph.Document{}, err
	}
	return d, nil
}

// Entity implements graph.Store.
func (s *Store) Entity(ctx context.Context, id string) (graph.Entity, error) {
	var e graph.Entity
	err := s.readGen(ctx, "reading entity "+id, func(tx genTx) (err error) {
		e, err = tx.entity(ctx, id)
		return err
	})
	return e, err
}

// EntitiesByWikidata implements graph.Store.
func (s *Store) EntitiesByWikidata(ctx context.Context, qid string) ([]graph.Entity, error) {
	out, err := s.EntitiesByWikidataIDs(ctx, []string{qid})
	if err != nil {
		return nil, err
	}
	return append([]graph.Entity{}, out[qid]...), nil
}

// EntitiesByWikidataIDs implements graph.Lookup.
func (s *Store) EntitiesByWikidataIDs(ctx context.Context, qids []string) (map[string][]graph.Entity, error) {
	return get(ctx, s, "looking up Wikidata ids", func(ctx context.Context, q queryer) (map[string][]graph.Entity, error) {
		return byWikidata(ctx, q, qids)
	})
}

// byWikidata is graph.Lookup's EntitiesByWikidataIDs.
func byWikidata(ctx context.Context, q queryer, qids []string) (map[string][]graph.Entity, error) {
	return batch(qids, func(qid string) ([]graph.Entity, error) {
		return entities(ctx, q, "SELECT "+entityCols+" FROM entities WHERE wikidata = ? AND wikidata <> '' ORDER BY id", qid)
	})
}

// batch runs one lookup per distinct key; keys that find nothing are left out.
func batch(keys []string, one func(string) ([]graph.Entity, error)) (map[string][]graph.Entity, error) {
	out := map[string][]graph.Entity{}
	for _, k := range slices.Compact(slices.Sorted(slices.Values(keys))) {
		es, err := one(k)
		if err != nil {
			return nil, err
		}
		if len(es) > 0 {
			out[k] = es
		}
	}
	return out, nil
}

// EntitiesByKey implements graph.Store.
func (s *Store) EntitiesByKey(ctx context.Context, key string) ([]graph.Entity, error) {
	out, err := s.EntitiesByKeys(ctx, []string{key})
	if err != nil {
		return nil, err
	}
	return append([]graph.Entity{}, out[key]...), nil
}

// EntitiesByKeys implements graph.Lookup.
func (s *Store) EntitiesByKeys(ctx context.Context, keys []string) (map[string][]graph.Entity, error) {
	return get(ctx, s, "looking up names", func(ctx context.Context, q queryer) (map[string][]graph.Entity, error) {
		return byKeys(ctx, q, keys, "")
	})
}

// byKeys is graph.Lookup's EntitiesByKeys, leaving out the names of the
// source except ("": none): one query for each chunk of keys, most of
// which a resolver's probes find nothing under.
func byKeys(ctx context.Context, q queryer, keys []string, except string) (map[string][]graph.Entity, error) {
	keys = slices.Compact(slices.Sorted(slices.Values(keys)))
	out := map[string][]graph.Entity{}
	for len(keys) > 0 {
		n := min(len(keys), chunk)
		rows, err := q.QueryContext(ctx, `SELECT k.key, `+prefixed("e.", entityCols)+` FROM entities e JOIN
			(SELECT DISTINCT key, entity_id FROM name_keys WHERE key IN (`+placeholders(n)+`) AND source_id <> ?) k ON k.entity_id = e.id
			ORDER BY k.key, e.id`, append(anys(keys[:n]), except)...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var key string
			e, err := scanEntity(rows, &key)
			if err != nil {
				rows.Close()
				return nil, err
			}
			out[key] = append(out[key], e)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		keys = keys[n:]
	}
	return out, nil
}

// prefixed returns the comma-separated columns cols, each with prefix.
func prefixed(prefix, cols string) string {
	return prefix + strings.ReplaceAll(cols, ", ", ", "+prefix)
}

// SearchEntities implements graph.Store: exact matches by equality on the
// key index, prefix matches by a range on it, substring matches by a scan
// of the keys.
func (s *Store) SearchEntities(ctx context.Context, q graph.EntitySearch) ([]graph.EntityHit, error) {
	if q.Key == "" {
		return nil, graph.Errorf(graph.EInvalid, "empty search key")
	}
	// Every key that starts with Key sorts in [Key, Key+"\xff"): no UTF-8
	// text has the byte 0xff.
	stages := []struct {
		match, cond string
		args        []any
	}{
		{"exact", "nk.key = ?", []any{q.Key}},
		{"prefix", "nk.key > ? AND nk.key < ?", []any{q.Key, q.Key + "\xff"}},
		{"substring", "instr(nk.key, ?) > 0", []any{q.Key}},
	}
	out := []graph.EntityHit{}
	err := s.read(ctx, "searching entities", func(tx *sql.Tx) error {
		seen := map[string]bool{}
		for _, st := range stages {
			query := "SELECT DISTINCT nk.entity_id FROM name_keys nk"
			args := []any{}
			if q.Kind != "" {
				query += " JOIN entities e ON e.id = nk.entity_id AND e.kind = ?"
				args = append(args, q.Kind)
			}
			query += " WHERE " + st.cond + " ORDER BY nk.entity_id"
			args = append(args, st.args...)
			if q.Limit > 0 {
				query += " LIMIT ?"
				args = append(args, q.Limit) // at most len(seen) of them are not new
			}
			rows, err := tx.QueryContext(ctx, query, args...)
			if err != nil {
				return err
			}
			var ids []string
			for rows.Next() {
				var id string
				if err := rows.Scan(&id); err != nil {
					rows.Close()
					return err
				}
				if !seen[id] && (q.Limit <= 0 || len(out)+len(ids) < q.Limit) {
					ids = append(ids, id)
				}
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			es, err := entitiesByID(ctx, tx, ids)
			if err != nil {
				return err
			}
			for _, id := range ids {
				seen[id] = true
				out = append(out, graph.EntityHit{Entity: es[id], Match: st.match})
			}
			if q.Limit > 0 && len(out) >= q.Limit {
				break
			}
		}
		return nil
	})
	return out, err
}

// EntityCounts implements graph.Store.
func (s *Store) EntityCounts(ctx context.Context, id string) (graph.EntityCounts, error) {
	c := graph.EntityCounts{ByType: map[string]int{}}
	err := s.read(ctx, "counting around "+id, func(tx *sql.Tx) error {
		if _, err := entity(ctx, preparedTx{tx, s}, id); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT r.type, COUNT(*) FROM relation_entities re JOIN relations r ON r.id = re.relation_id
			WHERE re.entity_id = ? GROUP BY r.type`, id)
		if err != nil {
			return err
		}
		for rows.Next() {
			var t string
			var n int
			if err := rows.Scan(&t, &n); err != nil {
				rows.Close()
				return err
			}
			c.ByType[t] = n
			c.Relations += n
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(DISTINCT o.entity_id)
			FROM relation_entities re JOIN relation_entities o ON o.relation_id = re.relation_id
			WHERE re.entity_id = ?1 AND o.entity_id <> ?1`, id).Scan(&c.Neighbors); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM (
			SELECT source_id FROM entity_records WHERE entity_id = ?1
			UNION SELECT source_id FROM report_entities WHERE entity_id = ?1)`, id).Scan(&c.Sources)
	})
	if err != nil {
		return graph.EntityCounts{}, err
	}
	return c, nil
}

// eventsSQL selects the events of a timeline query (see storetest) from
// the timeline index of q.Entity: a page of them in the query's order
// (page), or all in time order.
func eventsSQL(cols string, q *graph.TimelineQuery, page bool) (string, []any) {
	query := "SELECT " + cols + ` FROM relation_entities re JOIN relations r ON r.id = re.relation_id
		WHERE re.entity_id = ? AND re.timeline = 1`
	args := []any{q.Entity}
	beyond, order := ">", " ORDER BY re.lo, re.hi, re.relation_id"
	if page && q.Newest { // tallies are in time order whatever the page's
		beyond, order = "<", " ORDER BY re.lo DESC, re.hi DESC, re.relation_id DESC"
	}
	if page && q.After != nil {
		query += " AND (re.lo, re.hi, re.relation_id) " + beyond + " (?, ?, ?)"
		args = append(args, q.After.Lo, q.After.Hi, q.After.ID)
	}
	if q.With != "" && q.With != q.Entity {
		query += ` AND EXISTS (SELECT 1 FROM relation_entities w WHERE w.entity_id = ?
			AND w.timeline = 1 AND w.lo = re.lo AND w.hi = re.hi AND w.relation_id = re.relation_id)`
		args = append(args, q.With)
	}
	cond, cargs := filterSQL(&q.Filter)
	query += cond + order
	args = append(args, cargs...)
	if page && q.Limit > 0 {
		query += " LIMIT ?"
		args = append(args, q.Limit+1)
	}
	return query, args
}

func checkTimeline(ctx context.Context, tx queryer, q *graph.TimelineQuery) error {
	if _, err := entity(ctx, tx, q.Entity); err != nil {
		return err
	}
	if q.With != "" {
		if _, err := entity(ctx, tx, q.With); err != nil {
			return err
		}
	}
	return nil
}

// Timeline implements graph.Store.
func (s *Store) Timeline(ctx context.Context, q graph.TimelineQuery) (graph.TimelinePage, error) {
	return get(ctx, s, "reading the timeline of "+q.Entity, func(ctx context.Context, tx queryer) (graph.TimelinePage, error) {
		if err := checkTimeline(ctx, tx, &q); err != nil {
			return graph.TimelinePage{}, err
		}
		query, args := eventsSQL(relationCols, &q, true)
		evs, err := relations(ctx, tx, query, args...)
		return q.Page(evs), err
	})
}

// Tallies implements graph.Store: from the index when it is of the
// read's snapshot (as it is while `geokg serve` runs), so that the
// buckets of a hub cost microseconds an event; else from the tables,
// rather than building an index for one query.
func (s *Store) Tallies(ctx context.Context, q graph.TimelineQuery) ([]graph.Tally, error) {
	var out []graph.Tally
	err := s.readGen(ctx, "counting the events of "+q.Entity, func(tx genTx) (err error) {
		if err := checkTimeline(ctx, tx, &q); err != nil {
			return err
		}
		if ix := s.ix.Load(); ix != nil && ix.gen == tx.gen {
			out, err = ix.tallies(&q)
		} else {
			out, err = talliesSQL(ctx, tx.Tx, &q)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// talliesSQL is Tallies from the tables.
func talliesSQL(ctx context.Context, tx *sql.Tx, q *graph.TimelineQuery) ([]graph.Tally, error) {
	out := []graph.Tally{}
	query, args := eventsSQL("re.lo, r.prec, r.quad, r.intensity, r.modality, r.reports", q, false)
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var t graph.Tally
		var intensity sql.NullFloat64
		if err := rows.Scan(&t.Lo, &t.Precision, &t.QuadClass, &intensity, &t.Modality, &t.Reports); err != nil {
			return nil, err
		}
		if intensity.Valid {
			v := intensity.Float64
			t.Intensity = &v
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// event is what tallies reads of an edge.
type event struct {
	lo, hi    day
	e         int32
	reports   int32
	intensity float64
	quad      int8
	mod, prec uint8
}

// inTimeOrder sorts events, in edge order, in the order of a timeline: by
// first and last day, then by id. The edges built are numbered in id
// order: their events are sorted by first day as numbers (with their
// place, which keeps the edge order), and then each run of one first day
// by last day, most often sorted already.
func (ix *index) inTimeOrder(events []event) []event {
	if len(ix.edges) != ix.built || len(events) >= 1<<37 {
		slices.SortFunc(events, func(a, b event) int {
			switch {
			case a.lo != b.lo:
				return cmp.Compare(a.lo, b.lo)
			case a.hi != b.hi:
				return cmp.Compare(a.hi, b.hi)
			}
			return ix.compareIDs(a.e, b.e)
		})
		return events
	}
	keys := make([]uint64, len(events))
	for i, ev := range events {
		keys[i] = uint64(ev.lo-noDay)<<37 | uint64(i) // lo - noDay ≥ 0 and < 2^27
	}
	sortKeys(keys)
	out := make([]event, len(events))
	for i, k := range keys {
		out[i] = events[k&(1<<37-1)]
	}
	for i := 0; i < len(out); {
		j := i + 1
		for j < len(out) && out[j].lo == out[i].lo {
			j++
		}
		slices.SortStableFunc(out[i:j], func(a, b event) int { return cmp.Compare(a.hi, b.hi) })
		i = j
	}
	return out
}

// sortKeys sorts keys made in ascending order of their low 32 bits (an
// event's number, below its day): a stable radix sort of their high 32
// bits, a byte at a time (those that differ), so that the low bits stay
// in order. It is several times as fast as slices.Sort on the keys of a
// hub's events.
func sortKeys(keys []uint64) {
	if len(keys) < 2 {
		return
	}
	from, to := keys, make([]uint64, len(keys))
	for shift := uint(32); shift < 64; shift += 8 {
		var at [257]int // where the keys of each byte go, from at[b+1] counted
		for _, k := range from {
			at[int(byte(k>>shift))+1]++
		}
		if at[int(byte(from[0]>>shift))+1] == len(from) { // one value of the byte
			continue
		}
		for b := 1; b < len(at); b++ {
			at[b] += at[b-1]
		}
		for _, k := range from {
			b := byte(k >> shift)
			to[at[b]] = k
			at[b]++
		}
		from, to = to, from
	}
	copy(keys, from) // nothing to copy when from is keys
}

// tallies is Tallies from the index: the events of an entity's timeline
// (relation_entities' timeline rows, eventsSQL) are the dated events it
// is a party of.
func (ix *index) tallies(q *graph.TimelineQuery) ([]graph.Tally, error) {
	out := []graph.Tally{}
	m, err := ix.matcher(&q.Filter)
	if err != nil {
		return nil, err
	}
	v, ok := ix.node(q.Entity)
	if !ok {
		return out, nil
	}
	with := int32(-1)
	if q.With != "" && q.With != q.Entity {
		if with, ok = ix.node(q.With); !ok {
			return out, nil
		}
	}
	// The events, each once (a party of several links of an event has it
	// several times), in the timeline's order (inTimeOrder). What their
	// tallies need is copied, to be read in that order.
	_, es := ix.adj.of(v)
	events := make([]event, 0, len(es))
	for i, en := range es {
		e := entry(en)
		if x := &ix.edges[e]; x.flags&(eventClass|dated) == eventClass|dated && (i == 0 || entry(es[i-1]) != e) && (with < 0 || ix.hasParty(x, with)) && m.match(x) {
			m := &ix.measures[x.measure]
			events = append(events, event{x.lo, x.hi, e, m.reports, math.Float64frombits(m.intensity), m.quad, x.mod, m.prec})
		}
	}
	events = ix.inTimeOrder(events)
	out = slices.Grow(out, len(events))
	intensities := make([]float64, len(events)) // one allocation for the tallies' Intensity
	lo := ""
	for i, ev := range events {
		if i > 0 && ev.e == events[i-1].e {
			continue
		}
		if i == 0 || ev.lo != events[i-1].lo { // in day order: one string a day
			lo = ev.lo.String()
		}
		t := graph.Tally{Lo: lo, Precision: precisions[ev.prec], QuadClass: int(ev.quad), Modality: modalities[ev.mod], Reports: int(ev.reports)}
		if v := ev.intensity; !math.IsNaN(v) {
			intensities[i] = v
			t.Intensity = &intensities[i]
		}
		out = append(out, t)
	}
	return out, nil
}

// Stats implements graph.Store.
func (s *Store) Stats(ctx context.Context) (graph.Stats, error) {
	st := graph.Stats{ByKind: map[string]int{}, ByType: map[string]int{}, BySource: map[string]int{}, ByModality: map[string]int{}}
	err := s.read(ctx, "summarising the graph", func(tx *sql.Tx) error {
		for _, g := range []struct {
			query string
			into  map[string]int
			total *int
		}{
			{"SELECT kind, COUNT(*) FROM entities GROUP BY kind", st.ByKind, &st.Entities},
			{"SELECT type, COUNT(*) FROM relations GROUP BY type", st.ByType, &st.Relations},
			{"SELECT modality, COUNT(*) FROM relations GROUP BY modality", st.ByModality, nil},
			{"SELECT kind, COUNT(*) FROM sources GROUP BY kind", st.BySource, &st.Sources},
		} {
			rows, err := tx.QueryContext(ctx, g.query)
			if err != nil {
				return err
			}
			for rows.Next() {
				var k string
				var n int
				if err := rows.Scan(&k, &n); err != nil {
					rows.Close()
					return err
				}
				g.into[k] = n
				if g.total != nil {
					*g.total += n
				}
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		var first, last sql.NullString
		if err := tx.QueryRowContext(ctx, "SELECT MIN(lo) FROM relations WHERE date <> ''").Scan(&first); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, "SELECT MAX(last) FROM relations WHERE last <> ''").Scan(&last); err != nil {
			return err
		}
		st.FirstDate, st.LastDate = first.String, last.String
		return nil
	})
	if err != nil {
		return graph.Stats{}, err
	}
	return st, nil
}

// relationsSQL selects one page of graph.Store.Relations: a range of the
// relations' primary key, in its order.
func relationsSQL(q *graph.RelationQuery) (string, []any) {
	cond, args := filterSQL(&q.Filter)
	query := "SELECT " + relationCols + " FROM relations r WHERE r.id > ?" + cond + " ORDER BY r.id"
	args = append([]any{q.After}, args...)
	if q.Limit > 0 {
		query += " LIMIT ?"
		args = append(args, q.Limit)
	}
	return query, args
}

// Relations implements graph.Store.
func (s *Store) Relations(ctx context.Context, q graph.RelationQuery) ([]graph.Relation, error) {
	var out []graph.Relation
	err := s.read(ctx, "listing relations", func(tx *sql.Tx) (err error) {
		query, args := relationsSQL(&q)
		out, err = relations(ctx, tx, query, args...)
		return err
	})
	return out, err
}

// Entities implements graph.Store: IN lists of ids on the entities' primary
// key, chunk ids at a time.
func (s *Store) Entities(ctx context.Context, ids []string) ([]graph.Entity, error) {
	var out []graph.Entity
	err := s.readGen(ctx, "looking up entities", func(tx genTx) error {
		ids = slices.Compact(slices.Sorted(slices.Values(ids)))
		byID, err := tx.entities(ctx, ids)
		out = inOrder(ids, byID)
		return err
	})
	return out, err
}

// entityList is graph.Lookup's Entities in a write transaction.
func entityList(ctx context.Context, q queryer, ids []string) ([]graph.Entity, error) {
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	byID, err := entitiesByID(ctx, q, ids)
	return inOrder(ids, byID), err
}

// inOrder is the entities of byID in the order of ids, those there are.
func inOrder(ids []string, byID map[string]graph.Entity) []graph.Entity {
	out := []graph.Entity{}
	for _, id := range ids {
		if e, ok := byID[id]; ok {
			out = append(out, e)
		}
	}
	return out
}

// Decisions implements graph.Curator.
func (s *Store) Decisions(ctx context.Context) ([]graph.Decision, error) {
	return get(ctx, s, "listing decisions", decisions)
}
