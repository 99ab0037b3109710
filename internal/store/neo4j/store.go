// Package neo4jstore is geokg's graph store on a Neo4j 5 server (or
// cluster), through the official Go driver.
//
// # Model
//
// Entities are (:Entity) nodes holding the assembled entity (the result of
// graph.Assemble over every source's record of it); sources are (:Source)
// nodes; what one source says about one entity is a
// (:Source)-[:RECORDS]->(:Entity) relationship, and every normalised name
// key a (:NameKey {key, entity, source}) node, indexed for exact, prefix
// (range index) and substring (text index) search.
//
// A source's relations are reports (graph.Report): a
// (:Source)-[:REPORTS]->(:Report) node each, holding the relation as JSON
// with its group (graph.Relation.GroupKey) and the id of its event, and a
// (:Report)-[:NAMES]->(:Entity) relationship for every entity it involves
// (source, target, participants). Reports are what a source contributed:
// which sources say anything of an entity, and which entities are known,
// are read from them and the records.
//
// The graph's edges are the events that graph.Events assembles from the
// reports of each group: every event is ONE relationship
// (:Entity)-[:REL]->(:Entity), from its source entity to its target
// entity, whose properties are the event (its type is the type property,
// its group the grp property), and a participant of an event is an
// (:Entity)-[:PARTICIPATES {relation, type}]->(:EventGroup {key})
// relationship to the node of the event's group. An event joins every two
// of its parties (graph.Relation.Links): its REL joins its source and
// target, and an (:Entity)-[:LINK]->(:Entity) relationship each of the
// other two (its source to a participant directed, the others either
// way), holding the event's id and the properties its REL's filters and
// chronological routes read, so that a search follows participations
// like ends. A write deletes every event of the groups it touches, with
// their links and their group's node, and creates them again
// (write.Tx.PutEvents).
//
// All events share one relationship type, rather than one type per
// relation type (THREATENS, ...), because Neo4j scopes relationship
// property indexes and constraints to a relationship type: with one type
// there is one uniqueness constraint on event ids and one range index on
// each of grp, lo, hi and type, whatever the vocabulary (which users
// extend, and which the data may go beyond); filters on types are
// predicates like the others; and no relation type name, validated or not,
// ever goes into query text.
//
// # Queries
//
// Every Cypher statement is a file of the cypher package. Paths are
// graph.FindRoutes' (Yen's algorithm) over spur searches that are Neo4j's
// own shortest paths: ALL SHORTEST over REL and LINK relationships, whose
// inline WHERE is graph.Filter.Match, so the search never follows a
// relation the filter rejects, and whose path-wide conditions (the first
// step, the time order of a chronological route) are in the WHERE of the
// parenthesised path pattern, so they are applied before the shortest
// routes are selected; the first route in id order is picked in Cypher.
// Neighbourhoods use ANY SHORTEST for the distances; timelines and
// buckets are ordered, paged and grouped in Cypher.
//
// # Writes and failures
//
// ReplaceSource and RemoveSource each run in ONE managed write transaction
// that the driver retries on transient failures: a contribution is stored
// whole or not at all. So do MergeEntities and SplitEntity (graph.Curator),
// which rewrite the sources concerned and record the decision as a
// (:Decision) node. A batch of imports (Batch, batch.go) keeps a few
// sources in one explicit transaction, each still whole or absent. Reads
// run in managed read transactions, so with a neo4j:// URI they go to
// readers; every session shares the driver's bookmark manager, so a read
// sees the writes before it. Open does not need the server: when it is
// down, methods answer EUnavailable, Ping reports it, and the driver
// reconnects once the server is back (the schema is then applied on the
// next write or Ping).
//
// The semantics of every method are those of internal/store/storetest.
package neo4jstore

import (
	"cmp"
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"

	"github.com/geokg/geokg/cypher"
	"github.com/geokg/geokg/internal/graph"
)

// Config says which Neo4j to use.
type Config struct {
	URI      string // bolt://host:7687 (one server) or neo4j://host:7687 (routing)
	User     string
	Password string
	Database string // "" for the server's default database

	// MaxRetryTime bounds how long a transaction is retried on transient
	// failures, an unreachable server included (0: DefaultMaxRetryTime).
	MaxRetryTime time.Duration
}

// DefaultMaxRetryTime is how long a transaction is retried by default.
const DefaultMaxRetryTime = 10 * time.Second

// ConfigFromEnv reads NEO4J_URI (default bolt://localhost:7687),
// NEO4J_USER (default neo4j), NEO4J_PASSWORD and NEO4J_DATABASE.
func ConfigFromEnv(getenv func(string) string) Config {
	return Config{
		URI:      cmp.Or(getenv("NEO4J_URI"), "bolt://localhost:7687"),
		User:     cmp.Or(getenv("NEO4J_USER"), "neo4j"),
		Password: getenv("NEO4J_PASSWORD"),
		Database: getenv("NEO4J_DATABASE"),
	}
}

// Store is a graph.Store on Neo4j. It is safe for concurrent use.
type Store struct {
	cfg    Config
	driver neo4j.DriverWithContext
	bm     neo4j.BookmarkManager

	// mu is held for reading by every call that uses the driver and for
	// writing by Close: the driver must not be closed while in use.
	mu     sync.RWMutex
	closed bool

	schemaMu sync.Mutex
	schemaOK atomic.Bool

	health health
}

var _ graph.Store = (*Store)(nil)

// Open connects to Neo4j and applies the schema. A server that cannot be
// reached is not an error: the driver connects when it can, methods answer
// EUnavailable until then and the schema is applied later. A bad URI is
// EInvalid; rejected credentials are EUnavailable.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	if cfg.URI == "" {
		return nil, graph.Errorf(graph.EInvalid, "no Neo4j URI: set NEO4J_URI (bolt://host:7687 or neo4j://host:7687)")
	}
	retry := cmp.Or(cfg.MaxRetryTime, DefaultMaxRetryTime)
	driver, err := neo4j.NewDriverWithContext(cfg.URI, neo4j.BasicAuth(cfg.User, cfg.Password, ""), func(c *config.Config) {
		c.MaxTransactionRetryTime = retry
		c.ConnectionAcquisitionTimeout = retry
		c.SocketConnectTimeout = 5 * time.Second
	})
	if err != nil {
		return nil, graph.Errorf(graph.EInvalid, "invalid Neo4j URI %q: %v", cfg.URI, err)
	}
	s := &Store{cfg: cfg, driver: driver, bm: driver.ExecuteQueryBookmarkManager()}
	if s.checkConnection(ctx) != nil {
		return s, nil // not now: calls answer why until the server is back (health.go)
	}
	if err := s.ApplySchema(ctx); err != nil && !unreachable(err) {
		driver.Close(ctx)
		return nil, err
	}
	return s, nil
}

// ApplySchema creates the constraints and indexes the store needs (see
// cypher/schema.cypher) when they do not exist yet, and waits until they
// are online. It is idempotent. A database that holds relations of an
// earlier model, stored before reports and events or before events'
// parties were linked (cypher/schema_check.cypher), is EUnavailable: it
// cannot be brought up to date in place; everything in it must be deleted
// and its sources imported again.
func (s *Store) ApplySchema(ctx context.Context) error {
	if err := s.enter(); err != nil {
		return err
	}
	defer s.mu.RUnlock()
	if err := s.reachable(ctx); err != nil {
		return err
	}
	s.schemaMu.Lock()
	defer s.schemaMu.Unlock()
	var res *neo4j.EagerResult
	for _, stmt := range append(cypher.Statements("schema"), "CALL db.awaitIndexes(300)", qSchemaCheck) {
		var err error
		res, err = neo4j.ExecuteQuery(ctx, s.driver, stmt, nil, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(s.cfg.Database), neo4j.ExecuteQueryWithBookmarkManager(s.bm))
		if err != nil {
			return s.fail(err, "applying the schema")
		}
	}
	if old, _ := res.Records[0].Values[0].(bool); old {
		return graph.Errorf(graph.EUnavailable, "neo4j store %s holds relations of an earlier version of geokg "+
			"(stored before reports and events, or before events' parties were linked): "+
			"delete everything in the database and import its sources again", s.cfg.URI)
	}
	s.schemaOK.Store(true)
	return nil
}

// ensureSchema applies the schema if Open could not.
func (s *Store) ensureSchema(ctx context.Context) error {
	if s.schemaOK.Load() {
		return nil
	}
	return s.ApplySchema(ctx)
}

// Close implements graph.Store. Closing twice is harmless.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	return s.fail(s.driver.Close(context.Background()), "closing")
}

// Ping implements graph.Store: it checks that the server answers (and
// applies the schema if that is still to do).
func (s *Store) Ping(ctx context.Context) error {
	if err := s.enter(); err != nil {
		return err
	}
	err := s.checkConnection(ctx)
	s.mu.RUnlock()
	if err != nil {
		return err
	}
	return s.ensureSchema(ctx)
}

// enter read-locks mu for one call; EUnavailable once closed.
func (s *Store) enter() error {
	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		return graph.Errorf(graph.EUnavailable, "neo4j store %s is closed", s.cfg.URI)
	}
	return nil
}

// txWork is the work of one managed transaction. The driver may run it
// again after a transient failure, so it must set its results afresh.
type txWork func(tx neo4j.ManagedTransaction) error

// read runs f in a managed read transaction.
func (s *Store) read(ctx context.Context, what string, f txWork) error {
	return s.transact(ctx, neo4j.AccessModeRead, what, f)
}

// get runs f in a managed read transaction and returns what it read.
func get[T any](ctx context.Context, s *Store, what string, f func(context.Context, runner) (T, error)) (out T, err error) {
	err = s.read(ctx, what, func(tx neo4j.ManagedTransaction) (err error) {
		out, err = f(ctx, tx)
		return err
	})
	return out, err
}

// write runs f in a managed write transaction: all of it or nothing.
// f says whether it changed anything: a write made with a context of
// graph.WithAudit that did adds its entry to the audit trail in the same
// transaction.
func (s *Store) write(ctx context.Context, what string, f func(tx neo4j.ManagedTransaction) (bool, error)) error {
	if err := s.ensureSchema(ctx); err != nil {
		return err
	}
	return s.transact(ctx, neo4j.AccessModeWrite, what, func(tx neo4j.ManagedTransaction) error {
		changed, err := f(tx)
		if err != nil || !changed {
			return err
		}
		return audit(ctx, tx, what)
	})
}

// audit records a write that changed something (what) in the audit
// trail, when ctx carries the request it was made for (graph.WithAudit).
func audit(ctx context.Context, tx runner, what string) error {
	a, ok := graph.AuditOf(ctx)
	if !ok {
		return nil
	}
	_, err := run(ctx, tx, qAuditAdd, map[string]any{"at": graph.DecisionTime(), "key": a.Key, "request": a.Request, "change": what})
	return err
}

func (s *Store) transact(ctx context.Context, mode neo4j.AccessMode, what string, f txWork) error {
	if err := s.enter(); err != nil {
		return err
	}
	defer s.mu.RUnlock()
	if err := s.reachable(ctx); err != nil {
		return err
	}
	sess := s.session(ctx, mode)
	defer sess.Close(ctx)
	work := func(tx neo4j.ManagedTransaction) (any, error) { return nil, f(tx) }
	var err error
	if mode == neo4j.AccessModeRead {
		_, err = sess.ExecuteRead(ctx, work)
	} else {
		_, err = sess.ExecuteWrite(ctx, work)
	}
	return s.fail(err, what)
}

// session opens a session of the store's database, whose transactions
// see every write the store committed before (its bookmarks).
func (s *Store) session(ctx context.Context, mode neo4j.AccessMode) neo4j.SessionWithContext {
	return s.driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: mode, DatabaseName: s.cfg.Database, BookmarkManager: s.bm})
}

// runner is a transaction that runs queries: a managed one, or the
// explicit one of a batch of imports (batch.go).
type runner interface {
	Run(ctx context.Context, cypher string, params map[string]any) (neo4j.ResultWithContext, error)
}

// run runs one query in tx and collects its records.
func run(ctx context.Context, tx runner, query string, params map[string]any) ([]*neo4j.Record, error) {
	res, err := tx.Run(ctx, query, params)
	if err != nil {
		return nil, err
	}
	return res.Collect(ctx)
}
