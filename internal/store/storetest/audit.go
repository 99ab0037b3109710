package storetest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/geokg/geokg/internal/graph"
)

// RunAudit runs the contract of graph.Auditor on stores made by open:
// every write made with graph.WithAudit is in the trail, newest first,
// with what the store did, and only those; a write that fails is not.
func RunAudit(t *testing.T, open func(t *testing.T) graph.Store) {
	s := loaded(t, open) // loaded without an audit: not in the trail
	au, ok := s.(graph.Auditor)
	if !ok {
		t.Fatalf("%T does not implement graph.Auditor", s)
	}
	trail := func(limit int) []graph.AuditEntry {
		t.Helper()
		es, err := au.AuditTrail(ctx, limit)
		if err != nil || es == nil {
			t.Fatalf("AuditTrail: %v, %v", es, err)
		}
		return es
	}
	if es := trail(0); len(es) != 0 {
		t.Fatalf("the trail of writes without audit: %+v", es)
	}
	actx := graph.WithAudit(ctx, "0000000000a1", "POST /v1/decisions")
	if _, err := s.SplitEntity(actx, KH, "a2", "kh-a2", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MergeEntities(actx, "nobody", KH, ""); graph.ErrorCode(err) != graph.ENotFound {
		t.Fatalf("a failing merge: %v", err)
	}
	a2 := CloneContribution(Article2())
	a2.Source.Digest += "-audited"
	if _, err := s.ReplaceSource(graph.WithAudit(ctx, "0000000000b2", "POST /v1/sources?name=a2.json"), a2); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ReplaceSource(graph.WithAudit(ctx, "0000000000b2", "POST again"), a2); err != nil { // unchanged: not in the trail
		t.Fatal(err)
	}
	if _, err := s.RemoveSource(graph.WithAudit(ctx, "0000000000b2", "DELETE /v1/sources/a1"), "a1"); err != nil {
		t.Fatal(err)
	}
	if ok, err := s.RemoveSource(graph.WithAudit(ctx, "0000000000b2", "DELETE again"), "a1"); err != nil || ok { // not there: not in the trail
		t.Fatal(ok, err)
	}
	if _, err := s.Stats(actx); err != nil { // a read: not in the trail
		t.Fatal(err)
	}
	var got []string
	es := trail(0)
	for i, e := range es {
		if _, err := time.Parse(time.RFC3339, e.At); err != nil || e.Seq != len(es)-i {
			t.Fatalf("entry %d: %+v", i, e)
		}
		got = append(got, fmt.Sprintf("%s|%s|%s", e.Key, e.Request, e.Change))
	}
	want := []string{
		"0000000000b2|DELETE /v1/sources/a1|removing source a1",
		"0000000000b2|POST /v1/sources?name=a2.json|replacing source a2",
		"0000000000a1|POST /v1/decisions|splitting entity kataib-hezbollah of source a2",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("the trail:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if es := trail(1); len(es) != 1 || es[0].Change != "removing source a1" {
		t.Fatalf("the last entry: %+v", es)
	}
}
