package storetest

import (
	"fmt"
	"testing"

	"github.com/geokg/geokg/internal/graph"
)

// RunKeyring runs the contract of graph.Keyring on stores made by open:
// keys are kept with their digest, listed in the order made, revoked once,
// and a taken id or an unknown key is an error that changes nothing.
func RunKeyring(t *testing.T, open func(t *testing.T) graph.Store) {
	s := open(t)
	kr, ok := s.(graph.Keyring)
	if !ok {
		t.Fatalf("%T does not implement graph.Keyring", s)
	}
	list := func() string {
		t.Helper()
		ks, err := kr.Keys(ctx)
		if err != nil || ks == nil {
			t.Fatalf("Keys: %v, %v", ks, err)
		}
		return fmt.Sprintf("%+v", ks)
	}
	if got := list(); got != "[]" {
		t.Fatalf("Keys of a new store: %s", got)
	}
	a := graph.Key{ID: "0000000000a1", Name: "dashboard", Scope: "read", Hash: "h1", Created: "2026-12-01T10:00:00Z"}
	b := graph.Key{ID: "0000000000b2", Name: "عربي importer", Scope: "write", Hash: "h2", Created: "2026-12-01T09:00:00Z"}
	for _, k := range []graph.Key{a, b} {
		if err := kr.PutKey(ctx, k); err != nil {
			t.Fatalf("PutKey(%s): %v", k.ID, err)
		}
	}
	wantCode(t, "PutKey of a taken id", kr.PutKey(ctx, graph.Key{ID: a.ID, Scope: "admin", Hash: "h3", Created: "2026-12-02T00:00:00Z"}), graph.EConflict)
	if got, want := list(), fmt.Sprintf("%+v", []graph.Key{b, a}); got != want {
		t.Fatalf("Keys = %s, want %s (by creation)", got, want)
	}
	if k, err := kr.Key(ctx, a.ID); err != nil || k != a {
		t.Fatalf("Key(%s) = %+v, %v; want %+v", a.ID, k, err, a)
	}
	_, err := kr.Key(ctx, "nobody")
	wantCode(t, "Key(nobody)", err, graph.ENotFound)
	r, err := kr.RevokeKey(ctx, a.ID, "2026-12-01T11:00:00Z")
	if want := a; err != nil || r != func() graph.Key { want.Revoked = "2026-12-01T11:00:00Z"; return want }() {
		t.Fatalf("RevokeKey = %+v, %v", r, err)
	}
	if r, err := kr.RevokeKey(ctx, a.ID, "2026-12-01T12:00:00Z"); err != nil || r.Revoked != "2026-12-01T11:00:00Z" {
		t.Fatalf("revoking again: %+v, %v; want the first time kept", r, err)
	}
	_, err = kr.RevokeKey(ctx, "nobody", "2026-12-01T12:00:00Z")
	wantCode(t, "RevokeKey(nobody)", err, graph.ENotFound)
	if k, _ := kr.Key(ctx, b.ID); k != b {
		t.Fatalf("the other key changed: %+v", k)
	}
}
