package embedded

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/store/write"
)

// ReplaceSource implements graph.Store with write.Replace, in one write
// transaction.
func (s *Store) ReplaceSource(ctx context.Context, c *graph.Contribution) (graph.ReplaceResult, error) {
	var res graph.ReplaceResult
	what := "replacing a source"
	if c != nil {
		what = "replacing source " + c.Source.ID
	}
	err := s.transact(ctx, what, func(w *writer) (changed bool, err error) {
		res, changed, err = write.Replace(w, c)
		return changed, err
	})
	if err != nil {
		return graph.ReplaceResult{}, err
	}
	return res, nil
}

// RemoveSource implements graph.Store with write.Remove.
func (s *Store) RemoveSource(ctx context.Context, id string) (bool, error) {
	found := false
	err := s.transact(ctx, "removing source "+id, func(w *writer) (bool, error) {
		var err error
		found, err = write.Remove(w, id)
		return found, err
	})
	return found, err
}

// Import implements graph.Store with write.Import, in one write
// transaction.
func (s *Store) Import(ctx context.Context, source string, build graph.Builder) (graph.ReplaceResult, error) {
	var res graph.ReplaceResult
	err := s.transact(ctx, "importing source "+source, func(w *writer) (changed bool, err error) {
		res, changed, err = write.Import(ctx, w, source, build)
		return changed, err
	})
	if err != nil {
		return graph.ReplaceResult{}, err
	}
	return res, nil
}

var _ graph.Batcher = (*Store)(nil)

// A batch commits once it holds batchDocs imports, or once its
// transaction is batchTime old: it holds the write lock meanwhile.
const (
	batchDocs = 256
	batchTime = 2 * time.Second
)

// Batch implements graph.Batcher: the imports run in one write
// transaction, each, if it changed anything, as a write of its own (its
// generation, its changes logged under it, its audit entry), so an index
// patched after the commit sees each; the transaction commits every
// batchDocs imports or batchTime, and at Close. An import that fails
// after writing is taken back by rolling the transaction back and
// importing the sources before it again (redo), rather than by a savepoint
// around each import: a savepoint journals every page an import changes
// that an import before it in the transaction had, a fifth of an
// import's time.
func (s *Store) Batch() graph.Batch { return &importBatch{s: s} }

// importBatch is a graph.Batch of the store. While tx is open it holds
// s.wmu. Its statements run under contexts that never end: SQLite rolls
// back a whole transaction when a write is interrupted. An import's
// builder reads under the import's context (an interrupted read only
// fails), and a cancelled import stops there or before it starts.
type importBatch struct {
	s       *Store
	tx      *sql.Tx
	w       *writer
	begun   time.Time
	imports int // in tx
	// made counts the calls of Import, committed those committed; err is
	// the failure that lost the rest, after which the batch imports
	// nothing more.
	made, committed int
	err             error
	stored          []write.Pending // the imports tx holds that changed something
}

// Import implements graph.Batch.
func (b *importBatch) Import(ctx context.Context, source string, build graph.Builder) (graph.ReplaceResult, error) {
	what := "importing source " + source
	b.made++
	if b.err != nil {
		return graph.ReplaceResult{}, b.err
	}
	if err := b.s.live(); err != nil {
		return graph.ReplaceResult{}, err
	}
	if err := ctx.Err(); err != nil {
		return graph.ReplaceResult{}, b.s.fail(err, "%s", what)
	}
	sctx := context.WithoutCancel(ctx)
	if b.tx == nil {
		if err := b.begin(sctx, what); err != nil {
			return graph.ReplaceResult{}, err
		}
	}
	var before int64 // the rows the transaction changed before this import
	if err := b.tx.QueryRowContext(sctx, "SELECT total_changes()").Scan(&before); err != nil {
		return graph.ReplaceResult{}, b.end(what, err)
	}
	b.imports++
	res, changed, err := b.run(ctx, sctx, source, build)
	if err != nil {
		var after int64
		rerr := b.tx.QueryRowContext(sctx, "SELECT total_changes()").Scan(&after)
		if rerr == nil && after != before {
			rerr = b.redo()
		}
		if rerr != nil {
			return graph.ReplaceResult{}, b.end(what+": "+err.Error(), rerr)
		}
		return graph.ReplaceResult{}, b.s.fail(err, "%s", what)
	}
	if changed {
		b.stored = append(b.stored, write.Pending{Ctx: sctx, Source: source, Build: build})
	}
	if b.imports >= batchDocs || time.Since(b.begun) >= batchTime {
		if err := b.Close(); err != nil {
			return graph.ReplaceResult{}, err
		}
	}
	return res, nil
}

// run makes one import in the batch's transaction (write.Import, its
// builder reading under ctx) and, when it changed anything, records it as
// a write of its own under wctx (wrote), the writer's generation then
// being the next one's.
func (b *importBatch) run(ctx, wctx context.Context, source string, build graph.Builder) (graph.ReplaceResult, bool, error) {
	b.w.ctx = wctx
	res, changed, err := write.Import(ctx, b.w, source, build)
	if err == nil && changed {
		if err = wrote(wctx, b.tx, "importing source "+source); err == nil {
			b.w.gen++
		}
	}
	return res, changed, err
}

// begin takes the write lock and opens the batch's transaction.
func (b *importBatch) begin(ctx context.Context, what string) error {
	b.s.wmu.Lock()
	if err := b.open(ctx); err != nil {
		return b.end(what, err)
	}
	return nil
}

// open opens the batch's transaction, with the larger page cache, under
// the write lock.
func (b *importBatch) open(ctx context.Context) error {
	tx, err := b.s.db.BeginTx(ctx, nil) // BEGIN IMMEDIATE
	if err != nil {
		return err
	}
	b.tx, b.begun = tx, time.Now()
	if err = b.cache(batchCacheKiB); err == nil {
		b.w, err = newWriter(ctx, tx)
	}
	return err
}

// redo takes back what a failed import wrote: it rolls the transaction
// back, with the imports before it, makes those again in a new
// transaction and commits them, so that a later failure has none of them
// to make again. Each is made as a store retrying a transaction makes it
// (graph.Store.Import): its builder runs again, against the graph the new
// transaction sees, which another process may have written to between
// the two transactions (the write lock keeps only this one's writers out);
// the results returned before stand.
func (b *importBatch) redo() error {
	err := b.cache(cacheKiB)
	if rerr := b.tx.Rollback(); err == nil {
		err = rerr
	}
	b.w.close()
	b.tx, b.w = nil, nil
	if err == nil {
		err = b.open(context.Background())
	}
	for _, st := range b.stored {
		if err != nil {
			break
		}
		_, _, err = b.run(st.Ctx, st.Ctx, st.Source, st.Build)
	}
	if err != nil {
		return err
	}
	return b.end("committing imports", nil)
}

// cache sets the page cache of the batch's connection.
func (b *importBatch) cache(kib int) error {
	_, err := b.tx.ExecContext(context.Background(), fmt.Sprintf("PRAGMA cache_size = -%d", kib))
	return err
}

// Committed implements graph.Batch.
func (b *importBatch) Committed() int { return b.committed }

// Close implements graph.Batch.
func (b *importBatch) Close() error {
	if b.tx == nil {
		if b.err == nil {
			b.committed = b.made // none of them stored anything since the last commit
		}
		return nil
	}
	return b.end("committing imports", nil)
}

// end ends the batch's transaction, gives its connection back its page
// cache and lets other writers write: it commits the transaction or, when
// err took it (in what), rolls it back, and then the error says what is
// lost: what the batch stored since its last commit.
func (b *importBatch) end(what string, err error) error {
	if b.tx != nil {
		if cerr := b.cache(cacheKiB); err == nil {
			err = cerr
		}
		if err == nil {
			err = commit(context.Background(), b.tx)
		}
		if err != nil {
			b.tx.Rollback()
		}
	}
	if err == nil {
		b.committed = b.made
	} else {
		err = write.BatchFailure(what, err, b.stored, func(err error, what string) error { return b.s.fail(err, "%s", what) })
		b.err = err
	}
	if b.w != nil {
		b.w.close()
	}
	b.tx, b.w, b.imports, b.stored = nil, nil, 0, nil
	b.s.wmu.Unlock()
	return err
}

// MergeEntities implements graph.Curator with write.Merge.
func (s *Store) MergeEntities(ctx context.Context, from, into, note string) (graph.Decision, error) {
	return s.decide(ctx, "merging entity "+from+" into "+into, func(w *writer) (graph.Decision, error) {
		return write.Merge(w, from, into, note)
	})
}

// UndoDecision implements graph.Curator with write.Undo.
func (s *Store) UndoDecision(ctx context.Context, n int, note string) (graph.Decision, error) {
	return s.decide(ctx, fmt.Sprintf("undoing decision %d", n), func(w *writer) (graph.Decision, error) {
		return write.Undo(w.ctx, w, n, note)
	})
}

// MergeEvents implements graph.Curator with write.MergeEvents.
func (s *Store) MergeEvents(ctx context.Context, from, into, note string) (graph.Decision, error) {
	return s.decide(ctx, "merging event "+from+" into "+into, func(w *writer) (graph.Decision, error) {
		return write.MergeEvents(w, from, into, note)
	})
}

// SplitEvent implements graph.Curator with write.SplitEvent.
func (s *Store) SplitEvent(ctx context.Context, event, report, note string) (graph.Decision, error) {
	return s.decide(ctx, "splitting report "+report+" off event "+event, func(w *writer) (graph.Decision, error) {
		return write.SplitEvent(w, event, report, note)
	})
}

// decide runs one curation in a write transaction.
func (s *Store) decide(ctx context.Context, what string, f func(w *writer) (graph.Decision, error)) (graph.Decision, error) {
	var d graph.Decision
	err := s.transact(ctx, what, func(w *writer) (bool, error) {
		var err error
		d, err = f(w)
		return err == nil, err
	})
	if err != nil {
		return graph.Decision{}, err
	}
	return d, nil
}

// SplitEntity implements graph.Curator with write.Split.
func (s *Store) SplitEntity(ctx context.Context, id, source, newID, note string) (graph.Decision, error) {
	return s.decide(ctx, "splitting entity "+id+" of source "+source, func(w *writer) (graph.Decision, error) {
		return write.Split(w, id, source, newID, note)
	})
}

// transact runs f with a writer in the one write transaction of the moment.
func (s *Store) transact(ctx context.Context, what string, f func(w *writer) (bool, error)) error {
	return s.write(ctx, what, func(tx *sql.Tx) (bool, error) {
		w, err := newWriter(ctx, tx)
		if err != nil {
			return false, err
		}
		defer w.close()
		return f(w)
	})
}

// writer is write.Tx on one SQLite write transaction, with its statements
// prepared once. SQLite answers point queries in microseconds, so its
// batches are loops over them.
type writer struct {
	ctx   context.Context
	tx    *sql.Tx
	gen   int64 // the generation the write makes, under which it logs its changes
	stmts []*sql.Stmt

	insRecord, insKey, insReport, insRepEntity, ownerOf, isKnown *sql.Stmt
	getEntity, getRecords, putEntity, delEntity                  *sql.Stmt
	groupReports, setEvent, insRelation, insRelEntity            *sql.Stmt
	eventGroup, delEventEntities, delEvent, logChange            *sql.Stmt
}

var _ write.Tx = (*writer)(nil)

func newWriter(ctx context.Context, tx *sql.Tx) (*writer, error) {
	w := &writer{ctx: ctx, tx: tx}
	if err := tx.QueryRowContext(ctx, "SELECT v + 1 FROM meta WHERE k = 'generation'").Scan(&w.gen); err != nil {
		return nil, err
	}
	for _, p := range []struct {
		st  **sql.Stmt
		sql string
	}{
		{&w.insRecord, "INSERT INTO entity_records (entity_id, source_id, kind, wikidata, label, names_json) VALUES (?, ?, ?, ?, ?, ?)"},
		{&w.insKey, "INSERT OR IGNORE INTO name_keys (key, entity_id, source_id) VALUES (?, ?, ?)"},
		{&w.insReport, "INSERT INTO reports (id, source_id, grp, event_id, json) VALUES (?, ?, ?, '', ?)"},
		{&w.insRepEntity, "INSERT OR IGNORE INTO report_entities (entity_id, report_id, source_id) VALUES (?, ?, ?)"},
		{&w.ownerOf, "SELECT source_id FROM reports WHERE id = ?"},
		{&w.isKnown, "SELECT EXISTS (SELECT 1 FROM entity_records WHERE entity_id = ?1) OR EXISTS (SELECT 1 FROM report_entities WHERE entity_id = ?1)"},
		{&w.groupReports, "SELECT r.json, r.source_id, r.event_id, coalesce(p.pin, '') FROM reports r LEFT JOIN report_pins p ON p.report_id = r.id WHERE r.grp = ?"},
		{&w.setEvent, "UPDATE reports SET event_id = ? WHERE id = ?"},
		{&w.eventGroup, "SELECT grp FROM relations WHERE id = ?"},
		{&w.delEventEntities, "DELETE FROM relation_entities WHERE relation_id = ?"},
		{&w.delEvent, "DELETE FROM relations WHERE id = ?"},
		{&w.insRelation, `INSERT INTO relations (id, grp, type, class, quad, intensity, src, tgt, participants_json,
			date, end_date, prec, lo, hi, last, known, reports, modality, confidence, evidence_json, event_json, reviewed)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`},
		{&w.insRelEntity, "INSERT OR IGNORE INTO relation_entities (entity_id, timeline, lo, hi, relation_id, ends) VALUES (?, ?, ?, ?, ?, ?)"},
		{&w.getEntity, "SELECT name, kind, wikidata, label, names_json, aliases_json, demonyms_json, last_priority, last_source FROM entities WHERE id = ?"},
		{&w.getRecords, `SELECT r.source_id, s.priority, r.kind, r.wikidata, r.label, r.names_json
			FROM entity_records r JOIN sources s ON s.id = r.source_id WHERE r.entity_id = ?`},
		{&w.putEntity, `INSERT OR REPLACE INTO entities (id, name, kind, wikidata, label, names_json, aliases_json, demonyms_json, last_priority, last_source)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`},
		{&w.delEntity, "DELETE FROM entities WHERE id = ?"},
		{&w.logChange, "INSERT OR IGNORE INTO index_log (gen, entity, id) VALUES (?, ?, ?)"},
	} {
		st, err := tx.PrepareContext(ctx, p.sql)
		if err != nil {
			w.close()
			return nil, err
		}
		*p.st = st
		w.stmts = append(w.stmts, st)
	}
	return w, nil
}

func (w *writer) close() {
	for _, st := range w.stmts {
		st.Close()
	}
}

// Entities implements graph.Lookup in the transaction.
func (w *writer) Entities(ctx context.Context, ids []string) ([]graph.Entity, error) {
	return entityList(ctx, w.tx, ids)
}

// EntitiesByKeys implements graph.Lookup in the transaction.
func (w *writer) EntitiesByKeys(ctx context.Context, keys []string) (map[string][]graph.Entity, error) {
	return byKeys(ctx, w.tx, keys, "")
}

// Without implements write.Tx.
func (w *writer) Without(source string) graph.Lookup { return without{w, source} }

// without is the transaction's graph.Lookup without the names of a
// source; the rest of the writer (Contribution…) shows through.
type without struct {
	*writer
	source string
}

// Entities implements graph.Lookup without the entities only the source
// says anything of (a record, or a report that names them): what a source
// said before is no evidence for what it says now.
func (w without) Entities(ctx context.Context, ids []string) ([]graph.Entity, error) {
	es, err := entityList(ctx, w.tx, ids)
	if err != nil || len(es) == 0 {
		return es, err
	}
	apart := map[string]bool{}
	for len(ids) > 0 {
		n := min(len(ids), chunk)
		args := append(anys(ids[:n]), w.source)
		in := "entity_id IN (" + placeholders(n) + ") AND source_id <> ?"
		rows, err := w.tx.QueryContext(ctx, "SELECT entity_id FROM entity_records WHERE "+in+" UNION SELECT entity_id FROM report_entities WHERE "+in,
			append(args, args...)...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			apart[id] = true
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
		ids = ids[n:]
	}
	return slices.DeleteFunc(es, func(e graph.Entity) bool { return !apart[e.ID] }), nil
}

// EntitiesByKeys implements graph.Lookup without the source's names.
func (w without) EntitiesByKeys(ctx context.Context, keys []string) (map[string][]graph.Entity, error) {
	return byKeys(ctx, w.tx, keys, w.source)
}

// EntitiesByWikidataIDs implements graph.Lookup in the transaction.
func (w *writer) EntitiesByWikidataIDs(ctx context.Context, qids []string) (map[string][]graph.Entity, error) {
	return byWikidata(ctx, w.tx, qids)
}

// Decisions implements graph.Lookup in the transaction.
func (w *writer) Decisions(ctx context.Context) ([]graph.Decision, error) {
	return decisions(ctx, w.tx)
}

// Digest implements write.Tx.
func (w *writer) Digest(id string) (string, bool, error) {
	var digest string
	err := w.tx.QueryRowContext(w.ctx, "SELECT digest FROM sources WHERE id = ?", id).Scan(&digest)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	return digest, err == nil, err
}

// Clear implements write.Tx.
func (w *writer) Clear(id string) (write.Cleared, error) {
	old := write.Cleared{Records: map[string]bool{}, Involved: map[string]bool{}, Groups: map[string]bool{}, Events: map[string]string{}}
	var one int
	err := w.tx.QueryRowContext(w.ctx, "SELECT 1 FROM sources WHERE id = ?", id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return old, nil
	}
	if err != nil {
		return old, err
	}
	old.Existed = true
	collect := func(query string, into func(string)) error {
		rows, err := w.tx.QueryContext(w.ctx, query, id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var v string
			if err := rows.Scan(&v); err != nil {
				return err
			}
			into(v)
		}
		return rows.Err()
	}
	if err := collect("SELECT entity_id FROM entity_records WHERE source_id = ?", func(v string) { old.Records[v] = true }); err != nil {
		return old, err
	}
	if err := collect("SELECT DISTINCT entity_id FROM report_entities WHERE source_id = ?", func(v string) { old.Involved[v] = true }); err != nil {
		return old, err
	}
	rows, err := w.tx.QueryContext(w.ctx, "SELECT id, grp, event_id FROM reports WHERE source_id = ? ORDER BY id", id)
	if err != nil {
		return old, err
	}
	for rows.Next() {
		var rid, grp, ev string
		if err := rows.Scan(&rid, &grp, &ev); err != nil {
			rows.Close()
			return old, err
		}
		old.Relations = append(old.Relations, rid)
		old.Groups[grp], old.Events[rid] = true, ev
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return old, err
	}
	for _, q := range []string{
		"DELETE FROM report_entities WHERE source_id = ?",
		"DELETE FROM report_refs WHERE source_id = ?",
		"DELETE FROM reports WHERE source_id = ?",
		"DELETE FROM name_keys WHERE source_id = ?",
		"DELETE FROM entity_records WHERE source_id = ?",
	} {
		if _, err := w.tx.ExecContext(w.ctx, q, id); err != nil {
			return old, err
		}
	}
	return old, nil
}

// DeleteSource implements write.Tx.
func (w *writer) DeleteSource(id string) error {
	if _, err := w.tx.ExecContext(w.ctx, "DELETE FROM source_texts WHERE source_id = ?", id); err != nil {
		return err
	}
	_, err := w.tx.ExecContext(w.ctx, "DELETE FROM sources WHERE id = ?", id)
	return err
}

// Known implements write.Tx.
func (w *writer) Known(ids []string) (map[string]bool, error) {
	out := map[string]bool{}
	for _, id := range ids {
		var b bool
		if err := w.isKnown.QueryRowContext(w.ctx, id).Scan(&b); err != nil {
			return nil, err
		}
		if b {
			out[id] = true
		}
	}
	return out, nil
}

// Owners implements write.Tx.
func (w *writer) Owners(relations []string) (map[string]string, error) {
	out := map[string]string{}
	for _, id := range relations {
		var owner string
		switch err := w.ownerOf.QueryRowContext(w.ctx, id).Scan(&owner); {
		case err == nil:
			out[id] = owner
		case !errors.Is(err, sql.ErrNoRows):
			return nil, err
		}
	}
	return out, nil
}

func marshal(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // plain data: cannot happen
	}
	return string(b)
}

// Write implements write.Tx: the source row, its records with their name
// keys, its relations with their entities.
func (w *writer) Write(c *graph.Contribution) error {
	src := c.Source
	if _, err := w.tx.ExecContext(w.ctx, `INSERT INTO sources (id, kind, title, url, language, published, digest, priority)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, title = excluded.title, url = excluded.url,
			language = excluded.language, published = excluded.published, digest = excluded.digest, priority = excluded.priority`,
		src.ID, src.Kind, src.Title, src.URL, src.Language, src.Published, src.Digest, c.Priority); err != nil {
		return err
	}
	if _, err := w.tx.ExecContext(w.ctx, "DELETE FROM source_texts WHERE source_id = ?", src.ID); err != nil {
		return err
	}
	if c.Text != "" {
		if _, err := w.tx.ExecContext(w.ctx, "INSERT INTO source_texts (source_id, text) VALUES (?, ?)", src.ID, c.Text); err != nil {
			return err
		}
	}
	for _, rec := range c.Entities {
		if _, err := w.insRecord.ExecContext(w.ctx, rec.ID, src.ID, rec.Kind, rec.Wikidata, rec.Label, marshal(rec.Names)); err != nil {
			return err
		}
		for _, n := range rec.Names {
			for _, k := range n.Keys {
				if _, err := w.insKey.ExecContext(w.ctx, k, rec.ID, src.ID); err != nil {
					return err
				}
			}
		}
	}
	for i := range c.Relations {
		if err := w.writeReport(src.ID, &c.Relations[i]); err != nil {
			return err
		}
	}
	return nil
}

// writeReport stores one relation of a source as a report.
func (w *writer) writeReport(source string, r *graph.Relation) error {
	if _, err := w.insReport.ExecContext(w.ctx, r.ID, source, r.GroupKey(), marshal(r)); err != nil {
		return err
	}
	for _, e := range r.Entities() {
		if _, err := w.insRepEntity.ExecContext(w.ctx, e, r.ID, source); err != nil {
			return err
		}
	}
	return w.writeRefs(source, r)
}

// Reports implements write.Tx.
func (w *writer) Reports(keys []string) (map[string][]graph.Report, error) {
	out := map[string][]graph.Report{}
	for _, k := range keys {
		rows, err := w.groupReports.QueryContext(w.ctx, k)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var rep graph.Report
			var js string
			if err := rows.Scan(&js, &rep.Source, &rep.Event, &rep.Pin); err != nil {
				rows.Close()
				return nil, err
			}
			if err := json.Unmarshal([]byte(js), &rep.Relation); err != nil {
				rows.Close()
				return nil, err
			}
			out[k] = append(out[k], rep)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// eventFields are the fields of an event that have no column of their own
// (the event_json column).
type eventFields struct {
	Key        string                 `json:"event,omitempty"`
	Reports    int                    `json:"reports"`
	Sources    int                    `json:"sources"`
	Modalities map[graph.Modality]int `json:"modalities,omitempty"`
	Joined     string                 `json:"joined,omitempty"`
}

// EventGroups implements write.Tx.
func (w *writer) EventGroups(ids []string) (map[string]string, error) {
	out := map[string]string{}
	for _, id := range ids {
		var g string
		switch err := w.eventGroup.QueryRowContext(w.ctx, id).Scan(&g); {
		case err == nil:
			out[id] = g
		case !errors.Is(err, sql.ErrNoRows):
			return nil, err
		}
	}
	return out, nil
}

// PutEvents implements write.Tx.
func (w *writer) PutEvents(put []graph.Relation, del []string) error {
	if err := w.logged(false, del...); err != nil {
		return err
	}
	for _, id := range del {
		for _, st := range []*sql.Stmt{w.delEventEntities, w.delEvent} {
			if _, err := st.ExecContext(w.ctx, id); err != nil {
				return err
			}
		}
	}
	for i := range put {
		r := &put[i]
		if err := w.logged(false, r.ID); err != nil {
			return err
		}
		var intensity sql.NullFloat64
		if r.Intensity != nil {
			intensity = sql.NullFloat64{Float64: *r.Intensity, Valid: true}
		}
		parts := ""
		if len(r.Participants) > 0 {
			parts = marshal(r.Participants)
		}
		extra := eventFields{Key: r.EventKey, Reports: r.Reports, Sources: r.Sources, Modalities: r.Modalities, Joined: r.Joined}
		lo, hi := r.Lo(), r.Hi()
		if _, err := w.insRelation.ExecContext(w.ctx, r.ID, r.GroupKey(), r.Type, r.Class, r.QuadClass, intensity, r.From, r.To, parts,
			r.Date.String(), r.End.String(), string(r.Precision), lo, hi, r.Last(), r.Known, r.Reports, string(r.Modality), r.Confidence,
			marshal(r.Evidence), marshal(extra), r.Reviewed); err != nil {
			return err
		}
		timeline := r.Class == graph.ClassEvent && !r.Date.IsZero()
		for j, e := range r.Entities() { // source and target first: their row wins
			if _, err := w.insRelEntity.ExecContext(w.ctx, e, timeline, lo, hi, r.ID, j < 2); err != nil {
				return err
			}
		}
		done := map[string]bool{}
		for _, ev := range r.Evidence {
			if done[ev.Report] {
				continue
			}
			done[ev.Report] = true
			if _, err := w.setEvent.ExecContext(w.ctx, r.ID, ev.Report); err != nil {
				return err
			}
		}
	}
	return nil
}

// States implements write.Tx; the write transaction holds SQLite's one
// write lock already.
func (w *writer) States(ids []string) (map[string]*graph.EntityState, error) {
	out := map[string]*graph.EntityState{}
	for _, id := range ids {
		st := &graph.EntityState{Entity: graph.Entity{ID: id}}
		var names, aliases, demonyms string
		var prio sql.NullInt64
		var src sql.NullString
		err := w.getEntity.QueryRowContext(w.ctx, id).Scan(&st.Name, &st.Kind, &st.Wikidata, &st.Label, &names, &aliases, &demonyms, &prio, &src)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(names), &st.Names); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(aliases), &st.Aliases); err != nil {
			return nil, err
		}
		if st.Demonyms, err = demonymsOf(demonyms); err != nil {
			return nil, err
		}
		if prio.Valid {
			st.Last = &graph.Rank{Priority: int(prio.Int64), Source: src.String}
		}
		out[id] = st
	}
	return out, nil
}

// Records implements write.Tx.
func (w *writer) Records(ids []string) (map[string][]graph.SourcedRecord, error) {
	out := map[string][]graph.SourcedRecord{}
	for _, id := range ids {
		rows, err := w.getRecords.QueryContext(w.ctx, id)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			r := graph.SourcedRecord{EntityRecord: graph.EntityRecord{ID: id}}
			var names string
			if err := rows.Scan(&r.Source, &r.Priority, &r.Kind, &r.Wikidata, &r.Label, &names); err != nil {
				rows.Close()
				return nil, err
			}
			if err := json.Unmarshal([]byte(names), &r.Names); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = append(out[id], r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Put implements write.Tx.
func (w *writer) Put(put []graph.EntityState, del []string) error {
	if err := w.logged(true, del...); err != nil {
		return err
	}
	for _, st := range put {
		if err := w.logged(true, st.ID); err != nil {
			return err
		}
		var prio sql.NullInt64
		var src sql.NullString
		if st.Last != nil {
			prio = sql.NullInt64{Int64: int64(st.Last.Priority), Valid: true}
			src = sql.NullString{String: st.Last.Source, Valid: true}
		}
		if _, err := w.putEntity.ExecContext(w.ctx, st.ID, st.Name, st.Kind, st.Wikidata, st.Label,
			marshal(st.Names), marshal(st.Aliases), marshal(st.Demonyms), prio, src); err != nil {
			return err
		}
	}
	for _, id := range del {
		if _, err := w.delEntity.ExecContext(w.ctx, id); err != nil {
			return err
		}
	}
	return nil
}
