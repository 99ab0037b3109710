// Package embedded is geokg's default graph store: the whole graph in one
// SQLite file, through the pure-Go modernc.org/sqlite driver.
//
// The database runs in WAL mode, so any number of readers (in this process
// and others) proceed while one writer writes; writes are serialised by a
// mutex in the process and BEGIN IMMEDIATE across processes. Every write
// bumps a generation counter in the meta table, and logs the relations and
// entities it changed; path and neighbourhood queries run on an in-memory
// adjacency index that is patched with the log's changes when the
// generation it is of is no longer the database's, whoever wrote (patch.go).
//
// The semantics of every method are those of internal/store/storetest.
package embedded

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/store/write"
)

// schemaVersion is the PRAGMA user_version of the current schema.
const schemaVersion = 8

// firstEvents is the first schema version that keeps reports and events
// apart: a store of an earlier version cannot be brought up to date in
// place (its relations would have to be grouped again).
const firstEvents = 4

// schema creates version 8; every statement is idempotent. Days (lo, hi,
// last, known, reviewed) are YYYY-MM-DD strings that compare like
// graph.Relation.Lo and Hi (the empty string sorts before every day, and reviewed's
// graph.Unreviewed after); every text compares byte-wise.
var schema = []string{
	`CREATE TABLE IF NOT EXISTS meta (
		k TEXT PRIMARY KEY,
		v INTEGER NOT NULL
	) WITHOUT ROWID`,
	`INSERT OR IGNORE INTO meta (k, v) VALUES ('generation', 0)`,
	// The write log (patch.go): the relations (entity 0) and entities
	// (entity 1) each write changed, by the generation it made; whole from
	// logged_since on, which a store created or upgraded starts at its
	// generation then.
	`CREATE TABLE IF NOT EXISTS index_log (
		gen    INTEGER NOT NULL,
		entity INTEGER NOT NULL,
		id     TEXT NOT NULL,
		PRIMARY KEY (gen, entity, id)
	) WITHOUT ROWID`,
	`INSERT OR IGNORE INTO meta (k, v) SELECT 'logged_since', v FROM meta WHERE k = 'generation'`,
	// A random stamp of each generation a write made, kept as long as the
	// log keeps its changes: an index snapshot (snapshot.go) is of the
	// database only if the database's generation of its number has its
	// stamp, which a backup restored and written to again does not.
	`CREATE TABLE IF NOT EXISTS generations (
		gen   INTEGER PRIMARY KEY,
		stamp INTEGER NOT NULL
	)`,
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
	// The full text of a source that has one (an article).
	`CREATE TABLE IF NOT EXISTS source_texts (
		source_id TEXT PRIMARY KEY REFERENCES sources(id),
		text      TEXT NOT NULL
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
		demonyms_json TEXT NOT NULL,
		last_priority INTEGER,
		last_source   TEXT
	) WITHOUT ROWID`,
	`CREATE INDEX IF NOT EXISTS entities_wikidata ON entities (wikidata) WHERE wikidata <> ''`,
	// What each source says: its relations as reports (graph.Report), the
	// relation as JSON, by group (graph.Relation.GroupKey) and event.
	`CREATE TABLE IF NOT EXISTS reports (
		id        TEXT PRIMARY KEY,
		source_id TEXT NOT NULL REFERENCES sources(id),
		grp       TEXT NOT NULL,
		event_id  TEXT NOT NULL,
		json      TEXT NOT NULL
	) WITHOUT ROWID`,
	`CREATE INDEX IF NOT EXISTS reports_source ON reports (source_id)`,
	`CREATE INDEX IF NOT EXISTS reports_group ON reports (grp)`,
	// The refs of each report's evidence (graph.Evidence.Ref), which
	// mentions find their event by (refs.go). Version 6 added it: the
	// reports stored before have no refs.
	`CREATE TABLE IF NOT EXISTS report_refs (
		ref       TEXT NOT NULL,
		report_id TEXT NOT NULL,
		source_id TEXT NOT NULL,
		PRIMARY KEY (ref, report_id)
	) WITHOUT ROWID`,
	`CREATE INDEX IF NOT EXISTS report_refs_source ON report_refs (source_id)`,
	// One row per entity a report involves.
	`CREATE TABLE IF NOT EXISTS report_entities (
		entity_id TEXT NOT NULL,
		report_id TEXT NOT NULL,
		source_id TEXT NOT NULL,
		PRIMARY KEY (entity_id, report_id)
	) WITHOUT ROWID`,
	`CREATE INDEX IF NOT EXISTS report_entities_source ON report_entities (source_id)`,
	// The graph's edges: the events assembled from the reports
	// (graph.Events), by group; event_json holds the event's own fields
	// (event key, reports, sources, modalities, joined).
	`CREATE TABLE IF NOT EXISTS relations (
		id                TEXT PRIMARY KEY,
		grp               TEXT NOT NULL,
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
		known             TEXT NOT NULL,
		reports           INTEGER NOT NULL,
		modality          TEXT NOT NULL,
		confidence        REAL NOT NULL,
		evidence_json     TEXT NOT NULL,
		event_json        TEXT NOT NULL,
		reviewed          TEXT NOT NULL DEFAULT ''
	)`,
	`CREATE INDEX IF NOT EXISTS relations_group ON relations (grp)`,
	// One row per entity an event involves (source, target, participant);
	// ends: it is the source or target; timeline: the event is dated. The
	// key is also the timeline index: an entity's events in time order are
	// one range of it.
	`CREATE TABLE IF NOT EXISTS relation_entities (
		entity_id   TEXT NOT NULL,
		timeline    INTEGER NOT NULL,
		lo          TEXT NOT NULL,
		hi          TEXT NOT NULL,
		relation_id TEXT NOT NULL,
		ends        INTEGER NOT NULL,
		PRIMARY KEY (entity_id, timeline, lo, hi, relation_id)
	) WITHOUT ROWID`,
	`CREATE INDEX IF NOT EXISTS relation_entities_relation ON relation_entities (relation_id)`,
	// The analysts' decisions (graph.Decision), in the
	// order they were made; into_id is Decision.Into, source_id
	// Decision.Source ('' for a merge), extra_json the JSON of
	// Decision.DecisionExtra.
	`CREATE TABLE IF NOT EXISTS decisions (
		seq       INTEGER PRIMARY KEY,
		kind      TEXT NOT NULL,
		entity_id TEXT NOT NULL,
		into_id   TEXT NOT NULL,
		source_id TEXT NOT NULL,
		note      TEXT NOT NULL,
		at        TEXT NOT NULL,
		report_id TEXT NOT NULL DEFAULT '',
		extra_json TEXT NOT NULL DEFAULT '{}'
	)`,
	// The pins of the analysts' decisions on events (graph.PinMerge,
	// graph.PinApart), by report: they outlive the report's rows, so a
	// report stored again keeps its pin.
	`CREATE TABLE IF NOT EXISTS report_pins (
		report_id TEXT PRIMARY KEY,
		pin       TEXT NOT NULL
	) WITHOUT ROWID`,
	// The API keys of a server (graph.Key): hash is the digest of the
	// secret, revoked '' while the key is valid.
	// The audit trail (graph.AuditEntry), in the order written.
	`CREATE TABLE IF NOT EXISTS audit (
		seq     INTEGER PRIMARY KEY,
		at      TEXT NOT NULL,
		key_id  TEXT NOT NULL,
		request TEXT NOT NULL,
		change  TEXT NOT NULL
	)`,
	`CREATE TABLE IF NOT EXISTS api_keys (
		id      TEXT PRIMARY KEY,
		name    TEXT NOT NULL,
		scope   TEXT NOT NULL,
		hash    TEXT NOT NULL,
		created TEXT NOT NULL,
		revoked TEXT NOT NULL
	) WITHOUT ROWID`,
}

// cacheKiB is the page cache of each connection; a batch of imports has
// batchCacheKiB while its transaction is open, so that the pages it
// changes stay in memory until it commits rather than spill to the WAL.
const (
	cacheKiB      = 32000
	batchCacheKiB = 128000
)

// Store is a graph.Store in one SQLite file.
type Store struct {
	path   string
	db     *sql.DB
	wmu    sync.Mutex // one writer per process
	closed atomic.Bool

	imu        sync.Mutex            // one change of the current index at a time
	ix         atomic.Pointer[index] // the current index: the newest built or patched
	compacting atomic.Bool           // a compaction of the index is under way

	bmu      sync.Mutex // guards building, and the start of snapshots
	building *build     // the background index build under way, if any

	smu         sync.Mutex     // one snapshot of the index written at a time
	snapshotted int64          // the generation of the newest snapshot written or loaded
	saves       sync.WaitGroup // the snapshots being written, which Close waits for

	prepared  map[string]*sql.Stmt // by query text (preparedTx), made at Open
	scratches sync.Pool            // *scratch, of path queries done
	ents      *memo[graph.Entity]  // what reads by id found (genTx)
	rels      *memo[graph.Relation]
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
	// A writer waits for another process's write by polling the lock
	// (every 100 ms at most), and only wins it in the moment between that
	// process's transactions: against a process that writes without pause,
	// a wait of 10 s could lose every poll. Two minutes of polls does not.
	q.Add("_pragma", "busy_timeout(120000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", fmt.Sprintf("cache_size(-%d)", cacheKiB))
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
	s.ents, s.rels = newMemos()
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.prepare(ctx); err != nil {
		s.Close()
		return nil, graph.Wrap(graph.EUnavailable, err, "cannot read graph store %s", path)
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
	case v > 0:
		err := addColumns(ctx, tx)
		if err == nil && v < firstEvents {
			err = s.toEvents(ctx, tx)
		}
		for _, stmt := range schema { // the tables added since
			if err == nil {
				_, err = tx.ExecContext(ctx, stmt)
			}
		}
		if err != nil {
			return graph.Wrap(graph.EInternal, err, "cannot upgrade graph store %s from schema version %d to %d", s.path, v, schemaVersion)
		}
		return s.commitVersion(ctx, tx)
	}
	for _, stmt := range schema {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return graph.Wrap(graph.EInternal, err, "cannot create the schema of graph store %s", s.path)
		}
	}
	return s.commitVersion(ctx, tx)
}

// commitVersion sets the current schema version and commits.
func (s *Store) commitVersion(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", schemaVersion)); err != nil {
		return graph.Wrap(graph.EInternal, err, "cannot set the schema version of graph store %s", s.path)
	}
	if err := tx.Commit(); err != nil {
		return graph.Wrap(graph.EUnavailable, err, "cannot create the schema of graph store %s", s.path)
	}
	return nil
}

// addColumns gives the tables of a store of an earlier version the
// columns added since: in version 5 the demonyms of entities (none for
// each) and what decisions hold beyond their ids (nothing for each); in 6
// the day a reviewed report of each event was first published
// (graph.Relation.Reviewed), empty: no store before 6 holds drafts, and
// a filter of what was known by a day also compares known. New tables
// (api_keys) are the schema's.
func addColumns(ctx context.Context, tx *sql.Tx) error {
	for _, c := range []struct{ table, column, def string }{
		{"entities", "demonyms_json", "TEXT NOT NULL DEFAULT 'null'"},
		{"decisions", "extra_json", "TEXT NOT NULL DEFAULT '{}'"},
		{"relations", "reviewed", "TEXT NOT NULL DEFAULT ''"},
	} {
		var columns, has int // a table not there yet is created whole
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*), COALESCE(SUM(name = ?), 0) FROM pragma_table_info(?)", c.column, c.table).Scan(&columns, &has); err != nil {
			return err
		}
		if columns == 0 || has > 0 {
			continue
		}
		if _, err := tx.ExecContext(ctx, "ALTER TABLE "+c.table+" ADD COLUMN "+c.column+" "+c.def); err != nil {
			return err
		}
	}
	return nil
}

// toEvents upgrades a store of a version before firstEvents, whose
// relations table holds each source's relations: they become reports,
// grouped into events with write.Regroup.
func (s *Store) toEvents(ctx context.Context, tx *sql.Tx) error {
	for _, q := range []string{"ALTER TABLE relations RENAME TO relations_old", "DROP INDEX IF EXISTS relations_source", "DROP TABLE relation_entities"} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	for _, stmt := range schema {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return err
		}
	}
	var hasReport bool
	if err := tx.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM pragma_table_info('decisions') WHERE name = 'report_id')").Scan(&hasReport); err != nil {
		return err
	}
	if !hasReport {
		if _, err := tx.ExecContext(ctx, "ALTER TABLE decisions ADD COLUMN report_id TEXT NOT NULL DEFAULT ''"); err != nil {
			return err
		}
	}
	owners := map[string]string{}
	rows, err := tx.QueryContext(ctx, "SELECT id, source_id FROM relations_old")
	if err != nil {
		return err
	}
	for rows.Next() {
		var id, src string
		if err := rows.Scan(&id, &src); err != nil {
			rows.Close()
			return err
		}
		owners[id] = src
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	old, err := relations(ctx, tx, `SELECT r.id, r.type, r.class, r.quad, r.intensity, r.src, r.tgt, r.participants_json,
		r.date, r.end_date, r.prec, r.modality, r.confidence, r.evidence_json, '', '{}', '' FROM relations_old r ORDER BY r.id`)
	if err != nil {
		return err
	}
	w, err := newWriter(ctx, tx)
	if err != nil {
		return err
	}
	defer w.close()
	groups := map[string]bool{}
	for i := range old {
		r := &old[i]
		r.Known = ""
		if err := w.writeReport(owners[r.ID], r); err != nil {
			return err
		}
		groups[r.GroupKey()] = true
	}
	if _, err := tx.ExecContext(ctx, "DROP TABLE relations_old"); err != nil {
		return err
	}
	if err := write.Regroup(w, slices.Sorted(maps.Keys(groups)), nil); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, "UPDATE meta SET v = v + 1 WHERE k = 'generation'")
	return err
}

// Close implements graph.Store. Closing twice is harmless.
func (s *Store) Close() error {
	s.bmu.Lock() // no snapshot starts once closed (snapshotLater)
	closed := s.closed.Swap(true)
	s.bmu.Unlock()
	if closed {
		return nil
	}
	s.saves.Wait()
	for _, st := range s.prepared {
		st.Close()
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

// get runs f in a read-only transaction and returns what it read.
func get[T any](ctx context.Context, s *Store, what string, f func(context.Context, queryer) (T, error)) (out T, err error) {
	err = s.read(ctx, what, func(tx *sql.Tx) (err error) {
		out, err = f(ctx, preparedTx{tx, s})
		return err
	})
	return out, err
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
	if err == nil && changed {
		if err = wrote(ctx, tx, what); err == nil {
			err = commit(ctx, tx)
		}
	}
	return s.fail(err, "%s", what)
}

// wrote records a write that changed something, in its transaction: in
// the audit trail when ctx carries an entry, and as a new generation,
// the one its changes are logged under.
func wrote(ctx context.Context, tx *sql.Tx, what string) error {
	if a, ok := graph.AuditOf(ctx); ok {
		if _, err := tx.ExecContext(ctx, "INSERT INTO audit (at, key_id, request, change) VALUES (?, ?, ?, ?)",
			graph.DecisionTime(), a.Key, a.Request, what); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, "UPDATE meta SET v = v + 1 WHERE k = 'generation'")
	if err == nil {
		_, err = tx.ExecContext(ctx, "INSERT INTO generations (gen, stamp) SELECT v, random() FROM meta WHERE k = 'generation'")
	}
	return err
}

// commit commits a write transaction of one or more writes (wrote),
// pruning the log first: every write transaction ends so.
func commit(ctx context.Context, tx *sql.Tx) error {
	if err := pruneLog(ctx, tx); err != nil {
		return err
	}
	return tx.Commit()
}
