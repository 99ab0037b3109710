// Package embedded is geokg's default graph store: the whole graph in one
// SQLite file, through the pure-Go modernc.org/sqlite driver.
//
// The database runs in WAL mode, so any number of readers (in this process
// and others) proceed while one writer writes; writes are serialised by a
// mutex in the process and BEGIN IMMEDIATE across processes. Every write
// bumps a generation counter in the meta table; path and neighbourhood
// queries run on an in-memory adjacency index that is rebuilt when the
// generation it was built from is no longer the database's, whoever wrote.
//
// The semantics of every method are those of internal/store/storetest.
package embedded

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/geokg/geokg/internal/graph"
)

// schemaVersion is the PRAGMA user_version of the current schema.
const schemaVersion = 2

// schema creates version 2; every statement is idempotent, so running them
// all brings a store of any earlier version up to date (version 2 added
// the decisions table). Days (lo, hi, last) are YYYY-MM-DD strings that
// compare like graph.Relation.Lo and Hi; every text compares byte-wise.
var schema = []string{
	`CREATE TABLE IF NOT EXISTS meta (
		k TEXT PRIMARY KEY,
		v INTEGER NOT NULL
	) WITHOUT ROWID`,
	`INSERT OR IGNORE INTO meta (k, v) VALUES ('generation', 0)`,
	`CREATE TABLE IF NOT EXISTS sources (
		id        TEXT PRIMARY KEY,
		kind      TEXT NOT NULL,
		title     TEXT NOT NULL,
		url       TEXT NOT NULL,
		language  TEXT NOT NULL,
		published TEXT NOT NULL,
		digest    TEXT NOT NULL,
		priority  INTEGER NOT NULL
	) WITHOUT ROWID`,
	// What one source says about one entity.
	`CREATE TABLE IF NOT EXISTS entity_records (
		entity_id  TEXT NOT NULL,
		source_id  TEXT NOT NULL REFERENCES sources(id),
		kind       TEXT NOT NULL,
		wikidata   TEXT NOT NULL,
		label      TEXT NOT NULL,
		names_json TEXT NOT NULL,
		PRIMARY KEY (entity_id, source_id)
	) WITHOUT ROWID`,
	`CREATE INDEX IF NOT EXISTS entity_records_source ON entity_records (source_id)`,
	// Every normalised key of every name (of any role) of every record.
	`CREATE TABLE IF NOT EXISTS name_keys (
		key       TEXT NOT NULL,
		entity_id TEXT NOT NULL,
		source_id TEXT NOT NULL,
		PRIMARY KEY (key, entity_id, source_id)
	) WITHOUT ROWID`,
	`CREATE INDEX IF NOT EXISTS name_keys_source ON name_keys (source_id)`,
	// The assembled entities (graph.Assemble over their records), one row
	// per existing entity. label is the first label given (before Assemble's
	// fallback); last_priority and last_source the greatest (priority,
	// source) folded in, NULL when the entity has no record.
	`CREATE TABLE IF NOT EXISTS entities (
		id            TEXT PRIMARY KEY,
		name          TEXT NOT NULL,
		kind          TEXT NOT NULL,
		wikidata      TEXT NOT NULL,
		label         TEXT NOT NULL,
		names_json    TEXT NOT NULL,
		aliases_json  TEXT NOT NULL,
		last_priority INTEGER,
		last_source   TEXT
	) WITHOUT ROWID`,
	`CREATE INDEX IF NOT EXISTS entities_wikidata ON entities (wikidata) WHERE wikidata <> ''`,
	`CREATE TABLE IF NOT EXISTS relations (
		id                TEXT PRIMARY KEY,
		source_id         TEXT NOT NULL REFERENCES sources(id),
		type              TEXT NOT NULL,
		class             TEXT NOT NULL,
		quad              INTEGER NOT NULL,
		intensity         REAL,
		src               TEXT NOT NULL,
		tgt               TEXT NOT NULL,
		participants_json TEXT NOT NULL,
		date              TEXT NOT NULL,
		end_date          TEXT NOT NULL,
		prec              TEXT NOT NULL,
		lo                TEXT NOT NULL,
		hi                TEXT NOT NULL,
		last              TEXT NOT NULL,
		modality          TEXT NOT NULL,
		confidence        REAL NOT NULL,
		evidence_json     TEXT NOT NULL
	)`,
	`CREATE INDEX IF NOT EXISTS relations_source ON relations (source_id)`,
	// One row per entity a relation involves (source, target, participant);
	// ends: it is the source or target; timeline: the relation is a dated
	// event. The key is also the timeline index: an entity's events in
	// time order are one range of it.
	`CREATE TABLE IF NOT EXISTS relation_entities (
		entity_id   TEXT NOT NULL,
		timeline    INTEGER NOT NULL,
		lo          TEXT NOT NULL,
		hi          TEXT NOT NULL,
		relation_id TEXT NOT NULL,
		source_id   TEXT NOT NULL,
		ends        INTEGER NOT NULL,
		PRIMARY KEY (entity_id, timeline, lo, hi, relation_id)
	) WITHOUT ROWID`,
	`CREATE INDEX IF NOT EXISTS relation_entities_source ON relation_entities (source_id)`,
	// The analysts' decisions on entity identity (graph.Decision), in the
	// order they were made; into_id is Decision.Into, source_id
	// Decision.Source ('' for a merge).
	`CREATE TABLE IF NOT EXISTS decisions (
		seq       INTEGER PRIMARY KEY,
		kind      TEXT NOT NULL,
		entity_id TEXT NOT NULL,
		into_id   TEXT NOT NULL,
		source_id TEXT NOT NULL,
		note      TEXT NOT NULL,
		at        TEXT NOT NULL
	)`,
}

// Store is a graph.Store in one SQLite file.
type Store struct {
	path   string
	db     *sql.DB
	wmu    sync.Mutex // one writer per process
	closed atomic.Bool

	imu sync.Mutex            // one index build at a time
	ix  atomic.Pointer[index] // the newest index built
}

var _ graph.Store = (*Store)(nil)

// Open opens (creating it if needed) the graph store in the SQLite file at
// path and brings its schema up to date. Errors: EInvalid for no path,
// EUnavailable when the file cannot be opened or has a newer schema.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" || strings.HasPrefix(path, ":memory:") {
		// An in-memory database would be a different, empty one on each
		// pooled connection.
		return nil, graph.Errorf(graph.EInvalid, "the graph store needs a file, not %q", path)
	}
	q := url.Values{}
	q.Set("_txlock", "immediate") // read-only transactions still BEGIN DEFERRED
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "cache_size(-32000)")
	// Checkpoint every ~40 MB of WAL rather than 4 MB: imports dirty many
	// scattered pages and rewrite them less often; the WAL is cut back to
	// 64 MB after a checkpoint.
	q.Add("_pragma", "wal_autocheckpoint(10000)")
	q.Add("_pragma", "journal_size_limit(67108864)")
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, graph.Wrap(graph.EUnavailable, err, "cannot open graph store %s", path)
	}
	db.SetMaxOpenConns(16)
	db.SetMaxIdleConns(16)
	s := &Store{path: path, db: db}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

func (s *Store) migrate(ctx context.Context) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return graph.Wrap(graph.EUnavailable, err, "cannot open graph store %s", s.path)
	}
	defer tx.Rollback()
	var v int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return graph.Wrap(graph.EUnavailable, err, "cannot read graph store %s", s.path)
	}
	switch {
	case v > schemaVersion:
		return graph.Errorf(graph.EUnavailable, "graph store %s has schema version %d; this geokg knows up to %d", s.path, v, schemaVersion)
	case v == schemaVersion:
		return nil
	}
	for _, stmt := range schema {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return graph.Wrap(graph.EInternal, err, "cannot create the schema of graph store %s", s.path)
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", schemaVersion)); err != nil {
		return graph.Wrap(graph.EInternal, err, "cannot set the schema version of graph store %s", s.path)
	}
	if err := tx.Commit(); err != nil {
		return graph.Wrap(graph.EUnavailable, err, "cannot create the schema of graph store %s", s.path)
	}
	return nil
}

// Close implements graph.Store. Closing twice is harmless.
func (s *Store) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	if err := s.db.Close(); err != nil {
		return graph.Wrap(graph.EInternal, err, "closing graph store %s", s.path)
	}
	return nil
}

// Ping implements graph.Store.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.live(); err != nil {
		return err
	}
	var one int
	return s.fail(s.db.QueryRowContext(ctx, "SELECT 1").Scan(&one), "ping")
}

func (s *Store) live() error {
	if s.closed.Load() {
		return graph.Errorf(graph.EUnavailable, "graph store %s is closed", s.path)
	}
	return nil
}

// fail turns a database error into a *graph.Error (nil stays nil).
func (s *Store) fail(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	var ge *graph.Error
	if errors.As(err, &ge) {
		return err
	}
	code := graph.EInternal
	var se *sqlite.Error
	switch {
	case s.closed.Load(), errors.Is(err, sql.ErrConnDone), strings.Contains(err.Error(), "database is closed"),
		errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		code = graph.EUnavailable
	case errors.As(err, &se):
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_FULL, sqlite3.SQLITE_READONLY:
			code = graph.EUnavailable
		}
	}
	return &graph.Error{Code: code, Message: fmt.Sprintf("graph store %s: ", s.path) + fmt.Sprintf(format, args...), Err: err}
}

// read runs f in a read-only transaction: one consistent snapshot.
func (s *Store) read(ctx context.Context, what string, f func(tx *sql.Tx) error) error {
	if err := s.live(); err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return s.fail(err, "%s", what)
	}
	defer tx.Rollback()
	if err := f(tx); err != nil {
		return s.fail(err, "%s", what)
	}
	return s.fail(tx.Commit(), "%s", what)
}

// write runs f in the one write transaction of the moment; f reports
// whether anything changed, and the generation is bumped if so.
func (s *Store) write(ctx context.Context, what string, f func(tx *sql.Tx) (bool, error)) error {
	if err := s.live(); err != nil {
		return err
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	tx, err := s.db.BeginTx(ctx, nil) // BEGIN IMMEDIATE
	if err != nil {
		return s.fail(err, "%s", what)
	}
	defer tx.Rollback()
	changed, err := f(tx)
	if err != nil {
		return s.fail(err, "%s", what)
	}
	if !changed {
		return nil
	}
	if _, err := tx.ExecContext(ctx, "UPDATE meta SET v = v + 1 WHERE k = 'generation'"); err != nil {
		return s.fail(err, "%s", what)
	}
	return s.fail(tx.Commit(), "%s", what)
}

// ReplaceSource implements graph.Store.
func (s *Store) ReplaceSource(ctx context.Context, c *graph.Contribution) (graph.ReplaceResult, error) {
	if c == nil || c.Source.ID == "" {
		return graph.ReplaceResult{}, graph.Errorf(graph.EInvalid, "contribution without a source id")
	}
	var res graph.ReplaceResult
	err := s.write(ctx, "replacing source "+c.Source.ID, func(tx *sql.Tx) (bool, error) {
		var digest string
		err := tx.QueryRowContext(ctx, "SELECT digest FROM sources WHERE id = ?", c.Source.ID).Scan(&digest)
		switch {
		case err == nil && digest == c.Source.Digest:
			res.Unchanged = true
			return false, nil
		case err == nil:
			res.Replaced = true
		case !errors.Is(err, sql.ErrNoRows):
			return false, err
		}
		if err := c.Validate(); err != nil {
			return false, err
		}
		w, err := newWriter(ctx, tx)
		if err != nil {
			return false, err
		}
		defer w.close()
		old, err := w.removeSource(c.Source.ID)
		if err != nil {
			return false, err
		}
		res.RelationsRemoved = c.RelationsRemoved(old.relations)
		if err := w.add(c, &res); err != nil {
			return false, err
		}
		return true, w.refresh(old, c)
	})
	if err != nil {
		return graph.ReplaceResult{}, err
	}
	return res, nil
}

// RemoveSource implements graph.Store.
func (s *Store) RemoveSource(ctx context.Context, id string) (bool, error) {
	found := false
	err := s.write(ctx, "removing source "+id, func(tx *sql.Tx) (bool, error) {
		w, err := newWriter(ctx, tx)
		if err != nil {
			return false, err
		}
		defer w.close()
		old, err := w.removeSource(id)
		if err != nil || !old.existed {
			return false, err
		}
		found = true
		if _, err := tx.ExecContext(ctx, "DELETE FROM sources WHERE id = ?", id); err != nil {
			return false, err
		}
		return true, w.refresh(old, nil)
	})
	return found, err
}

// writer holds the statements of one write transaction.
type writer struct {
	ctx   context.Context
	tx    *sql.Tx
	stmts []*sql.Stmt

	insRecord, insKey, insRelation, insRelEntity, ownerOf, isKnown, hasRelation *sql.Stmt
	getEntity, getRecords, putEntity, delEntity                                 *sql.Stmt
}

func newWriter(ctx context.Context, tx *sql.Tx) (*writer, error) {
	w := &writer{ctx: ctx, tx: tx}
	for _, p := range []struct {
		st  **sql.Stmt
		sql string
	}{
		{&w.insRecord, "INSERT INTO entity_records (entity_id, source_id, kind, wikidata, label, names_json) VALUES (?, ?, ?, ?, ?, ?)"},
		{&w.insKey, "INSERT OR IGNORE INTO name_keys (key, entity_id, source_id) VALUES (?, ?, ?)"},
		{&w.insRelation, `INSERT INTO relations (id, source_id, type, class, quad, intensity, src, tgt, participants_json,
			date, end_date, prec, lo, hi, last, modality, confidence, evidence_json)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`},
		{&w.insRelEntity, "INSERT OR IGNORE INTO relation_entities (entity_id, timeline, lo, hi, relation_id, source_id, ends) VALUES (?, ?, ?, ?, ?, ?, ?)"},
		{&w.ownerOf, "SELECT source_id FROM relations WHERE id = ?"},
		{&w.isKnown, "SELECT EXISTS (SELECT 1 FROM entity_records WHERE entity_id = ?1) OR EXISTS (SELECT 1 FROM relation_entities WHERE entity_id = ?1)"},
		{&w.hasRelation, "SELECT EXISTS (SELECT 1 FROM relation_entities WHERE entity_id = ?)"},
		{&w.getEntity, "SELECT label, kind, wikidata, names_json, aliases_json, last_priority, last_source FROM entities WHERE id = ?"},
		{&w.getRecords, `SELECT r.source_id, s.priority, r.kind, r.wikidata, r.label, r.names_json
			FROM entity_records r JOIN sources s ON s.id = r.source_id WHERE r.entity_id = ?`},
		{&w.putEntity, `INSERT OR REPLACE INTO entities (id, name, kind, wikidata, label, names_json, aliases_json, last_priority, last_source)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`},
		{&w.delEntity, "DELETE FROM entities WHERE id = ?"},
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

// removed is what removing a source's contribution took away.
type removed struct {
	existed   bool
	records   map[string]bool // entities the source had records of
	involved  map[string]bool // entities its relations involved
	relations []string        // its relation ids
}

// removeSource deletes a source's records and relations, not the source.
func (w *writer) removeSource(id string) (removed, error) {
	old := removed{records: map[string]bool{}, involved: map[string]bool{}}
	var one int
	err := w.tx.QueryRowContext(w.ctx, "SELECT 1 FROM sources WHERE id = ?", id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return old, nil
	}
	if err != nil {
		return old, err
	}
	old.existed = true
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
	if err := collect("SELECT entity_id FROM entity_records WHERE source_id = ?", func(v string) { old.records[v] = true }); err != nil {
		return old, err
	}
	if err := collect("SELECT DISTINCT entity_id FROM relation_entities WHERE source_id = ?", func(v string) { old.involved[v] = true }); err != nil {
		return old, err
	}
	if err := collect("SELECT id FROM relations WHERE source_id = ?", func(v string) { old.relations = append(old.relations, v) }); err != nil {
		return old, err
	}
	for _, q := range []string{
		"DELETE FROM relation_entities WHERE source_id = ?",
		"DELETE FROM relations WHERE source_id = ?",
		"DELETE FROM name_keys WHERE source_id = ?",
		"DELETE FROM entity_records WHERE source_id = ?",
	} {
		if _, err := w.tx.ExecContext(w.ctx, q, id); err != nil {
			return old, err
		}
	}
	return old, nil
}

func (w *writer) exists(q *sql.Stmt, id string) (bool, error) {
	var b bool
	err := q.QueryRowContext(w.ctx, id).Scan(&b)
	return b, err
}

// known reports whether an entity exists without what was just removed.
func (w *writer) known(id string) (bool, error) {
	return w.exists(w.isKnown, id)
}

func marshal(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // plain data: cannot happen
	}
	return string(b)
}

// add checks and stores a contribution whose source has been removed.
func (w *writer) add(c *graph.Contribution, res *graph.ReplaceResult) error {
	if err := w.check(c, res); err != nil {
		return err
	}
	return w.store(c)
}

// check checks a contribution whose source has been removed against the
// store and counts its entities in res.
func (w *writer) check(c *graph.Contribution, res *graph.ReplaceResult) error {
	mine := map[string]bool{}
	for _, rec := range c.Entities {
		mine[rec.ID] = true
		ok, err := w.known(rec.ID)
		if err != nil {
			return err
		}
		if ok {
			res.EntitiesMerged++
		} else {
			res.EntitiesNew++
		}
	}
	checked := map[string]bool{}
	for i := range c.Relations {
		r := &c.Relations[i]
		var owner string
		switch err := w.ownerOf.QueryRowContext(w.ctx, r.ID).Scan(&owner); {
		case err == nil:
			return graph.Errorf(graph.EInvalid, "relation %q already belongs to source %q", r.ID, owner)
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		for _, e := range r.Entities() {
			if mine[e] || checked[e] {
				continue
			}
			ok, err := w.known(e)
			if err != nil {
				return err
			}
			if !ok {
				return graph.Errorf(graph.EInvalid, "relation %q names unknown entity %q", r.ID, e)
			}
			checked[e] = true
		}
	}
	res.Relations = len(c.Relations)
	return nil
}

// store writes a contribution whose source has been removed: the source
// row, its records with their name keys, its relations with their entities.
func (w *writer) store(c *graph.Contribution) error {
	src := c.Source
	if _, err := w.tx.ExecContext(w.ctx, `INSERT INTO sources (id, kind, title, url, language, published, digest, priority)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, title = excluded.title, url = excluded.url,
			language = excluded.language, published = excluded.published, digest = excluded.digest, priority = excluded.priority`,
		src.ID, src.Kind, src.Title, src.URL, src.Language, src.Published, src.Digest, c.Priority); err != nil {
		return err
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
		r := &c.Relations[i]
		var intensity sql.NullFloat64
		if r.Intensity != nil {
			intensity = sql.NullFloat64{Float64: *r.Intensity, Valid: true}
		}
		parts, ev := "", ""
		if len(r.Participants) > 0 {
			parts = marshal(r.Participants)
		}
		if len(r.Evidence) > 0 {
			ev = marshal(r.Evidence)
		}
		last := ""
		switch {
		case !r.End.IsZero():
			last = r.End.Last()
		case !r.Date.IsZero():
			last = r.Date.Last()
		}
		lo, hi := r.Lo(), r.Hi()
		if _, err := w.insRelation.ExecContext(w.ctx, r.ID, src.ID, r.Type, r.Class, r.QuadClass, intensity, r.Source, r.Target, parts,
			r.Date.String(), r.End.String(), string(r.Precision), lo, hi, last, string(r.Modality), r.Confidence, ev); err != nil {
			return err
		}
		timeline := r.Class == "event" && !r.Date.IsZero()
		for j, e := range r.Entities() { // source and target first: their row wins
			if _, err := w.insRelEntity.ExecContext(w.ctx, e, timeline, lo, hi, r.ID, src.ID, j < 2); err != nil {
				return err
			}
		}
	}
	return nil
}

// refresh brings the entities rows up to date after removing old and
// adding c (nil for a removal).
func (w *writer) refresh(old removed, c *graph.Contribution) error {
	added := map[string]*graph.EntityRecord{}
	involved := map[string]bool{}
	var src string
	var prio int
	if c != nil {
		src, prio = c.Source.ID, c.Priority
		for i := range c.Entities {
			added[c.Entities[i].ID] = &c.Entities[i]
		}
		for i := range c.Relations {
			for _, e := range c.Relations[i].Entities() {
				involved[e] = true
			}
		}
	}
	ids := map[string]bool{}
	for _, m := range []map[string]bool{old.records, old.involved, involved} {
		for id := range m {
			ids[id] = true
		}
	}
	for id := range added {
		ids[id] = true
	}
	for _, id := range slices.Sorted(maps.Keys(ids)) {
		var err error
		switch rec := added[id]; {
		case rec != nil && !old.records[id]:
			err = w.fold(id, rec, src, prio)
		case rec != nil || old.records[id]:
			err = w.assemble(id)
		case old.involved[id]:
			err = w.prune(id) // it may have lost its last relation
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// entityState is an entities row: Assemble's fold so far.
type entityState struct {
	label, kind, wikidata string
	names                 map[string]string
	aliases               map[string][]string
	lastPriority          sql.NullInt64
	lastSource            sql.NullString
}

// fold adds one record to an entity when it sorts after every record the
// entity has, continuing graph.Assemble where it stopped; otherwise it
// assembles the entity again from all its records.
func (w *writer) fold(id string, rec *graph.EntityRecord, src string, prio int) error {
	var st entityState
	var names, aliases string
	err := w.getEntity.QueryRowContext(w.ctx, id).Scan(&st.label, &st.kind, &st.wikidata, &names, &aliases, &st.lastPriority, &st.lastSource)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return err
	case st.lastPriority.Valid && cmp.Or(cmp.Compare(int64(prio), st.lastPriority.Int64), cmp.Compare(src, st.lastSource.String)) < 0:
		return w.assemble(id)
	default:
		if err := json.Unmarshal([]byte(names), &st.names); err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(aliases), &st.aliases); err != nil {
			return err
		}
	}
	// The fold so far as one record that sorts first.
	so := graph.SourcedRecord{Priority: math.MinInt, EntityRecord: graph.EntityRecord{Kind: st.kind, Wikidata: st.wikidata, Label: st.label}}
	for _, lang := range slices.Sorted(maps.Keys(st.names)) {
		so.Names = append(so.Names, graph.Name{Lang: lang, Text: st.names[lang], Role: graph.RoleName, Order: len(so.Names)})
	}
	for _, lang := range slices.Sorted(maps.Keys(st.aliases)) {
		for _, a := range st.aliases[lang] {
			so.Names = append(so.Names, graph.Name{Lang: lang, Text: a, Role: graph.RoleAlias, Order: len(so.Names)})
		}
	}
	e := graph.Assemble(id, []graph.SourcedRecord{so, {Source: src, Priority: prio, EntityRecord: *rec}})
	return w.put(e, cmp.Or(st.label, rec.Label), sql.NullInt64{Int64: int64(prio), Valid: true}, sql.NullString{String: src, Valid: true})
}

// prune deletes an entity that no record and no relation mentions.
func (w *writer) prune(id string) error {
	if ok, err := w.known(id); ok || err != nil {
		return err
	}
	_, err := w.delEntity.ExecContext(w.ctx, id)
	return err
}

// assemble rebuilds an entity from all its records, or deletes it when
// nothing mentions it any more.
func (w *writer) assemble(id string) error {
	rows, err := w.getRecords.QueryContext(w.ctx, id)
	if err != nil {
		return err
	}
	var recs []graph.SourcedRecord
	for rows.Next() {
		var r graph.SourcedRecord
		var names string
		if err := rows.Scan(&r.Source, &r.Priority, &r.Kind, &r.Wikidata, &r.Label, &names); err != nil {
			rows.Close()
			return err
		}
		if err := json.Unmarshal([]byte(names), &r.Names); err != nil {
			rows.Close()
			return err
		}
		r.ID = id
		recs = append(recs, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(recs) == 0 {
		ok, err := w.exists(w.hasRelation, id)
		if err != nil {
			return err
		}
		if !ok {
			_, err := w.delEntity.ExecContext(w.ctx, id)
			return err
		}
		return w.put(graph.Assemble(id, nil), "", sql.NullInt64{}, sql.NullString{})
	}
	slices.SortFunc(recs, func(a, b graph.SourcedRecord) int {
		return cmp.Or(cmp.Compare(a.Priority, b.Priority), cmp.Compare(a.Source, b.Source))
	})
	label := ""
	for _, r := range recs {
		label = cmp.Or(label, r.Label)
	}
	last := recs[len(recs)-1]
	return w.put(graph.Assemble(id, recs), label, sql.NullInt64{Int64: int64(last.Priority), Valid: true}, sql.NullString{String: last.Source, Valid: true})
}

func (w *writer) put(e graph.Entity, label string, lastPriority sql.NullInt64, lastSource sql.NullString) error {
	_, err := w.putEntity.ExecContext(w.ctx, e.ID, e.Name, e.Kind, e.Wikidata, label, marshal(e.Names), marshal(e.Aliases), lastPriority, lastSource)
	return err
}
