package neo4jstore

import (
	"context"
	"fmt"
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
// transaction); an import's builder reads under the import's context.
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
	stored                   []storedImport // the imports tx holds that changed something
}

// storedImport is an import a batch's transaction holds, as redo makes
// it again: its source and builder, and the context it was written under
// without its cancellation (its audit entry).
type storedImport struct {
	ctx    context.Context
	source string
	build  graph.Builder
}

// Import implements graph.Batch.
func (b *importBatch) Import(ctx context.Context, source string, build graph.Builder) (graph.ReplaceResult, error) {
	what := "importing source " + source
	b.made++
	if b.err != nil {
		return graph.ReplaceResult{}, b.err
	}
	if err := b.s.enter(); err != nil {
		return graph.ReplaceResult{}, err
	}
	b.s.mu.RUnlock()
	if err := ctx.Err(); err != nil {
		return graph.ReplaceResult{}, b.s.fail(err, what)
	}
	if err := b.s.ensureSchema(ctx); err != nil {
		return graph.ReplaceResult{}, err
	}
	wctx := context.WithoutCancel(ctx)
	if b.tx == nil {
		if err := b.begin(wctx); err != nil {
			return graph.ReplaceResult{}, b.end(what, err)
		}
	}
	b.imports++
	res, changed, err := importInto(ctx, wctx, b.tx, source, build)
	if err != nil {
		if rerr := b.redo(); rerr != nil {
			return graph.ReplaceResult{}, b.end(what+": "+err.Error(), rerr)
		}
		if neo4j.IsRetryable(err) {
			// Store.Import would have tried again in a new transaction.
			return b.s.Import(ctx, source, build)
		}
		return graph.ReplaceResult{}, b.s.fail(err, what)
	}
	if changed {
		b.stored = append(b.stored, storedImport{wctx, source, build})
	}
	if b.imports >= batchDocs || time.Since(b.begun) >= batchTime {
		if err := b.Close(); err != nil {
			return graph.ReplaceResult{}, err
		}
	}
	return res, nil
}

// importInto makes one import in tx, which holds the write lock
// (write.Import, its builder reading under ctx) and, when it changed
// anything, adds its audit entry under wctx.
func importInto(ctx, wctx context.Context, tx runner, source string, build graph.Builder) (graph.ReplaceResult, bool, error) {
	res, changed, err := write.Import(ctx, &writer{ctx: wctx, tx: tx}, source, build)
	if err == nil && changed {
		err = audit(wctx, tx, "importing source "+source)
	}
	return res, changed, err
}

// begin opens the batch's transaction and takes the write lock.
func (b *importBatch) begin(ctx context.Context) error {
	b.sess = b.s.session(ctx, neo4j.AccessModeWrite)
	tx, err := b.sess.BeginTransaction(ctx)
	if err != nil {
		return err
	}
	b.tx, b.begun = tx, time.Now()
	_, err = run(ctx, tx, qWriteLock, nil)
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
				if _, _, err := importInto(st.ctx, st.ctx, tx, st.source, st.build); err != nil {
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

// Close implements graph.Batch: it commits what the batch's transaction
// holds. A commit that fails is tried again as redo makes the imports.
func (b *importBatch) Close() error {
	if b.tx == nil {
		if b.err == nil {
			b.committed = b.made // none of them stored anything since the last commit
		}
		return nil
	}
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
		if n := len(b.stored); n > 0 {
			what += fmt.Sprintf("; not stored either: the %d source(s) imported since the last commit (%s … %s)", n, b.stored[0].source, b.stored[n-1].source)
		}
		err = b.s.fail(err, what)
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
