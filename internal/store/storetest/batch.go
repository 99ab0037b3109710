package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/graph"
)

// RunBatch runs the contract of graph.Batch on a store that is a
// graph.Batcher: a failing import is rolled back alone wherever it falls
// in a batch, and a cancelled one stops the batch there.
func RunBatch(t *testing.T, open func(t *testing.T) graph.Store) {
	t.Run("FailureInTheMiddle", func(t *testing.T) {
		for _, inBuilder := range []bool{false, true} {
			for _, at := range BatchFailurePlaces {
				t.Run(fmt.Sprintf("failing import %d, in its builder %v", at+1, inBuilder), func(t *testing.T) {
					s, ref := open(t), NewReference()
					load(t, ref, BatchWithAFailure(t, s, at, inBuilder))
					ids := EntityIDs(Generate(batchSeed, 200, 1000))
					if got, want := Everything(t, s, ids...), Everything(t, ref, ids...); got != want {
						t.Errorf("the batched store:\n%s\none import at a time:\n%s", got, want)
					}
				})
			}
		}
	})
	t.Run("CancelledInABuilder", func(t *testing.T) { testBatchCancelled(t, open) })
}

// BatchFailurePlaces are the places of the failing import in
// BatchWithAFailure's batch of 16: first, eighth and ninth (the Neo4j
// store's batch commits after eight imports), and last.
var BatchFailurePlaces = []int{0, 7, 8, 15}

const batchSeed = 5

// BatchWithAFailure imports into the empty store s, through ReplaceSource,
// the first six sources of a generated graph, then through a batch the
// other fifteen with a failing import at index at (of BatchFailurePlaces):
// a new version of a stored source that fails in its builder, or after it
// cleared what its stored version contributed (it takes a relation of
// another source). It fails unless each import returns what
// ReplaceSource of its contribution one at a time does, the failing one
// an invalid-input error, and the batch commits all of them; and unless
// the audit trail holds the fifteen imports, in order. It returns the
// sources that a store imported one at a time would hold the same.
func BatchWithAFailure(t *testing.T, s graph.Store, at int, inBuilder bool) []*graph.Contribution {
	t.Helper()
	cs := Generate(batchSeed, 200, 1000)
	base, good := cs[:6], cs[6:]
	bad := CloneContribution(cs[2])
	bad.Source.Digest += "-v2"
	bad.Relations[0].ID = cs[3].Relations[0].ID
	load(t, s, base)
	want := NewReference()
	load(t, want, base)

	b := s.(graph.Batcher).Batch()
	committed := 0
	for i, c := range slices.Insert(slices.Clone(good), at, bad) {
		build := Ready(c)
		if c == bad && inBuilder {
			build = func(context.Context, graph.Lookup) (*graph.Contribution, error) {
				return nil, graph.Errorf(graph.EInvalid, "a document the builder refuses")
			}
		}
		res, err := b.Import(graph.WithAudit(ctx, "k1", "import "+c.Source.ID), c.Source.ID, build)
		if n := b.Committed(); n < committed || n > i+1 {
			t.Errorf("Committed() = %d after %d imports, %d before", n, i+1, committed)
		} else {
			committed = n
		}
		if c == bad {
			wantCode(t, "the failing import", err, graph.EInvalid)
			continue
		}
		if err != nil {
			t.Fatalf("importing %s: %v", c.Source.ID, err)
		}
		if wr := replace(t, want, c); res != wr {
			t.Errorf("importing %s: %+v, ReplaceSource gives %+v", c.Source.ID, res, wr)
		}
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if n := b.Committed(); n != len(good)+1 {
		t.Errorf("Committed() = %d after Close, want %d", n, len(good)+1)
	}
	trail, err := s.(graph.Auditor).AuditTrail(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	var got, wantTrail []string
	for _, e := range trail {
		got = append(got, fmt.Sprintf("%d %s %s: %s", e.Seq, e.Key, e.Request, e.Change))
	}
	for i := len(good) - 1; i >= 0; i-- { // newest first
		id := good[i].Source.ID
		wantTrail = append(wantTrail, fmt.Sprintf("%d k1 import %s: importing source %s", i+1, id, id))
	}
	if !slices.Equal(got, wantTrail) {
		t.Errorf("audit trail:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantTrail, "\n"))
	}
	return cs
}

// A batch whose context is cancelled while a builder reads stops there:
// the sources before it are stored (committed at Close) and whole, the
// one cancelled and those after it are not.
func testBatchCancelled(t *testing.T, open func(t *testing.T) graph.Store) {
	cs := Generate(6, 200, 1500)
	s, ref := open(t), NewReference()
	const stop = 10
	load(t, s, cs[:1])
	load(t, ref, cs[:stop])
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	b := s.(graph.Batcher).Batch()
	calls := 0
	for i, c := range cs[1:] {
		build := Ready(c)
		if i+1 == stop {
			build = func(ctx context.Context, l graph.Lookup) (*graph.Contribution, error) {
				cancel()
				_, err := l.EntitiesByKeys(ctx, []string{"anything"})
				return c, err
			}
		}
		calls++
		_, err := b.Import(cctx, c.Source.ID, build)
		if i+1 < stop && err != nil {
			t.Fatalf("import %d of %s: %v", i+1, c.Source.ID, err)
		}
		if i+1 >= stop {
			wantCode(t, fmt.Sprintf("import %d, cancelled", i+1), err, graph.EUnavailable)
		}
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if b.Committed() != calls { // the cancelled ones stored nothing
		t.Errorf("%d of %d imports committed", b.Committed(), calls)
	}
	ids := EntityIDs(cs)
	if got, want := Everything(t, s, ids...), Everything(t, ref, ids...); got != want {
		t.Errorf("the batched store:\n%s\none import at a time:\n%s", got, want)
	}
}

// Ready is the builder that builds c.
func Ready(c *graph.Contribution) graph.Builder {
	return func(context.Context, graph.Lookup) (*graph.Contribution, error) { return c, nil }
}

// load stores contributions in order through ReplaceSource.
func load(t *testing.T, s graph.Store, cs []*graph.Contribution) {
	t.Helper()
	for _, c := range cs {
		replace(t, s, c)
	}
}

// EntityIDs lists the ids of the entities the contributions record,
// sorted, each once.
func EntityIDs(cs []*graph.Contribution) []string {
	var ids []string
	for _, c := range cs {
		for _, e := range c.Entities {
			ids = append(ids, e.ID)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// Everything renders what a store answers about its whole graph and the
// entities ids: its stats, sources and relations, and each entity and its counts
// (or the code of the error that says there is none).
func Everything(t *testing.T, s graph.Store, ids ...string) string {
	t.Helper()
	var out []any
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	srcs, err := s.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out = append(out, st, srcs)
	rels, err := s.Relations(ctx, graph.RelationQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range rels {
		rels[i] = NormRelation(rels[i])
	}
	out = append(out, rels)
	for _, id := range ids {
		e, err := s.Entity(ctx, id)
		out = append(out, e, graph.ErrorCode(err))
		c, err := s.EntityCounts(ctx, id)
		out = append(out, c, graph.ErrorCode(err))
	}
	b, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
