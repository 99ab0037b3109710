package neo4jstore

import (
	"context"
	"errors"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/store/write"
)

var _ graph.Batcher = (*Store)(nil)

// A batch commits once it holds batchDocs imports, or once its
// transaction is batchTime old: it holds the graph's write lock
// meanwhile. Neo4j applies a transaction's writes at its commit, and a
// few imports in one transaction cost less than one each (writes to the
// same entities and index pages are applied once); many cost more, as
// every read of a transaction grows slower with its uncommitted writes
// (measured in the README's benchmark section).
const (
	batchDocs = 8
	batchTime = time.Second
)

// Batch implements graph.Batcher: the imports run in one explicit write
// transaction that commits every batchDocs imports or batchTime, and at
// Close; each import that changed anything has its own audit entry. Neo4j
// has no savepoints, and a transaction in which a query failed can only
// be rolled back, so an import that fails is taken back by rolling the
// transaction back and making the imports before it again in a new one
// (redo), which commits them.
func (s *Store) Batch() graph.Batch { return &importBatch{s: s} }

// importBatch is a graph.Batch of the store. Its writes run under
// contexts that never end (a query interrupted would end the whole
// transaction); an import's builder reads, and the transaction begins,
// under the import's context. Each call holds the store open (s.mu) while
// it uses the driver.
type importBatch struct {
	s     *Store
	sess  neo4j.SessionWithContext
	tx    neo4j.ExplicitTransaction // nil between transactions
	begun time.Time
	// imports counts the imports tx holds; made counts the calls of
	// Import, committed those committed; err is the failure that lost the
	// rest, after which the batch imports nothing more.
	imports, made, committed int
	err                      error
	stored                   []write.Pending // the imports tx holds that changed something
}

// Import implements graph.Batch.
func (b *importBatch) Import(ctx context.Context, source string, build graph.Builder) (graph.ReplaceResult, error) {
	what := "importing source " + source
	b.made++
	if b.err != nil {
		return graph.ReplaceResult{}, b.err
	}
	if err := b.s.ensureSchema(ctx); err != nil { // before any write: nothing of the batch is lost
		return graph.ReplaceResult{}, err
	}
	if err := b.s.enter(); err != nil {
		return graph.ReplaceResult{}, b.end(what, err)
	}
	res, err := b.importOpen(ctx, what, source, build)
	b.s.mu.RUnlock()
	if errors.Is(err, errRetry) {
		// Not the document's failure, nor the batch's: Store.Import
		// tries again in a transaction of its own, as it would have.
		return b.s.Import(ctx, source, build)
	}
	return res, err
}

// errRetry says that an import of a batch failed with an error of the
// server or the driver, not of its document (the server may have ended
// the transaction between imports), and that the imports before it were
// made again and committed: the import is to be tried again on its own.
var errRetry = errors.New("try the import again on its own")

// importOpen is Import while the store is held open.
func (b *importBatch) importOpen(ctx context.Context, what, source string, build graph.Builder) (graph.ReplaceResult, error) {
	if err := ctx.Err(); err != nil {
		return graph.ReplaceResult{}, b.s.fail(err, what)
	}
	wctx := context.WithoutCancel(ctx)
	if b.tx == nil {
		if err := b.begin(ctx); err != nil {
			b.rollback() // it held nothing: the batch goes on
			return graph.ReplaceResult{}, b.s.fail(err, what)
		}
	}
	b.imports++
	res, changed, err := importInto(ctx, wctx, b.tx, what, source, build)
	if err != nil {
		if rerr := b.redo(); rerr != nil {
			return graph.ReplaceResult{}, b.end(what+": "+err.Error(), rerr)
		}
		var ge *graph.Error
		if !errors.As(err, &ge) && ctx.Err() == nil {
			return graph.ReplaceResult{}, errRetry
		}
		return graph.ReplaceResult{}, b.s.fail(err, what)
	}
	if changed {
		b.stored = append(b.stored, write.Pending{Ctx: wctx, Source: source, Build: build})
	}
	if b.imports >= batchDocs || time.Since(b.begun) >= batchTime {
		if err := b.commit(); err != nil {
			return graph.ReplaceResult{}, err
		}
	}
	return res, nil
}

// importInto makes one import (what) in tx, which holds the write lock
// (write.Import, its builder reading under ctx) and, when it changed
// anything, adds its audit entry under wctx.
func importInto(ctx, wctx context.Context, tx runner, what, source string, build graph.Builder) (graph.ReplaceResult, bool, error) {
	res, changed, err := write.Import(ctx, &writer{ctx: wctx, tx: tx}, source, build)
	if err == nil && changed {
		err = audit(wctx, tx, what)
	}
	return res, changed, err
}

// begin opens the batch's transaction and takes the write lock, under
// ctx: a wait for another writer's lock can be given up.
func (b *importBatch) begin(ctx context.Context) error {
	if err := b.s.reachable(ctx); err != nil {
		return err
	}
	b.sess = b.s.session(ctx, neo4j.AccessModeWrite)
	tx, err := b.sess.BeginTransaction(ctx)
	if err != nil {
		return err
	}
	b.tx = tx
	if _, err = run(ctx, tx, qWriteLock, nil); err == nil {
		b.begun = time.Now()
	}
	return err
}

// redo takes back what a failed import wrote: it rolls the transaction
// back, with the imports before it, and makes those again in a managed
// transaction (which the driver retries on transient failures), which
// commits them. Each is made as a store retrying a transaction makes it
// (graph.Store.Import): its builder runs again, against the graph as the
// new transaction sees it; the results returned before stand.
func (b *importBatch) redo() error {
	b.rollback()
	if len(b.stored) > 0 {
		ctx := context.Background()
		sess := b.s.session(ctx, neo4j.AccessModeWrite)
		defer sess.Close(ctx)
		_, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
			if _, err := run(ctx, tx, qWriteLock, nil); err != nil {
				return nil, err
			}
			for _, st := range b.stored {
				if _, _, err := importInto(st.Ctx, st.Ctx, tx, "importing source "+st.Source, st.Source, st.Build); err != nil {
					return nil, err
				}
			}
			return nil, nil
		})
		if err != nil {
			return err
		}
	}
	b.committed, b.imports, b.stored = b.made, 0, nil
	return nil
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
	if err := b.s.enter(); err != nil {
		return b.end("committing imports", err)
	}
	defer b.s.mu.RUnlock()
	return b.commit()
}

// commit commits what the batch's transaction holds. A commit that fails
// is tried again as redo makes the imports. A commit whose outcome is not
// known may have gone through: a source made again then finds its digest
// stored and changes nothing (unless the batch imported two versions of
// it, which are then written again in turn).
func (b *importBatch) commit() error {
	err := b.tx.Commit(context.Background())
	if err != nil {
		err = b.redo()
	}
	return b.end("committing imports", err)
}

// end ends the batch's transaction after a commit (err nil) or a
// failure (in what): it rolls back what is left, and then the error says
// what is lost: what the batch stored since its last commit.
func (b *importBatch) end(what string, err error) error {
	if err == nil {
		b.committed = b.made
	} else {
		err = write.BatchFailure(what, err, b.stored, b.s.fail)
		b.err = err
	}
	b.rollback()
	b.imports, b.stored = 0, nil
	return err
}

// rollback rolls back the batch's transaction, if it is still open (a
// committed one is only forgotten), and ends its session.
func (b *importBatch) rollback() {
	ctx := context.Background()
	if b.tx != nil {
		b.tx.Close(ctx)
	}
	if b.sess != nil {
		b.sess.Close(ctx)
	}
	b.sess, b.tx = nil, nil
}
