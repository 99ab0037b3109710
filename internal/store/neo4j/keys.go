package neo4jstore

import (
	"cmp"
	"context"
	"slices"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/geokg/geokg/internal/graph"
)

var _ graph.Keyring = (*Store)(nil)

// PutKey implements graph.Keyring.
func (s *Store) PutKey(ctx context.Context, k graph.Key) error {
	return s.write(ctx, "storing a key", func(tx neo4j.ManagedTransaction) (bool, error) {
		rows, err := run(ctx, tx, qKeyPut, map[string]any{"key": map[string]any{
			"id": k.ID, "name": k.Name, "scope": k.Scope, "hash": k.Hash, "created": k.Created, "revoked": k.Revoked}})
		if err != nil {
			return false, err
		}
		if len(rows) != 1 || record(rows[0]).integer("stored") != 1 {
			return false, graph.Errorf(graph.EConflict, "a key %q exists already", k.ID)
		}
		return true, nil
	})
}

// Key implements graph.Keyring.
func (s *Store) Key(ctx context.Context, id string) (graph.Key, error) {
	ks, err := get(ctx, s, "reading a key", func(ctx context.Context, tx runner) ([]graph.Key, error) {
		return keyRows(run(ctx, tx, qKey, map[string]any{"id": id}))
	})
	if err == nil && len(ks) == 0 {
		err = graph.Errorf(graph.ENotFound, "no key %q", id)
	}
	if err != nil {
		return graph.Key{}, err
	}
	return ks[0], nil
}

// Keys implements graph.Keyring.
func (s *Store) Keys(ctx context.Context) ([]graph.Key, error) {
	return get(ctx, s, "listing keys", func(ctx context.Context, tx runner) ([]graph.Key, error) {
		return keyRows(run(ctx, tx, qKeys, nil))
	})
}

// RevokeKey implements graph.Keyring.
func (s *Store) RevokeKey(ctx context.Context, id, at string) (graph.Key, error) {
	var ks []graph.Key
	err := s.write(ctx, "revoking a key", func(tx neo4j.ManagedTransaction) (bool, error) {
		var err error
		ks, err = keyRows(run(ctx, tx, qKey, map[string]any{"id": id}))
		switch {
		case err != nil:
			return false, err
		case len(ks) == 0:
			return false, graph.Errorf(graph.ENotFound, "no key %q", id)
		case ks[0].Revoked != "":
			return false, nil // revoked already: its first time stays
		}
		ks, err = keyRows(run(ctx, tx, qKeyRevoke, map[string]any{"id": id, "at": at}))
		return true, err
	})
	if err != nil {
		return graph.Key{}, err
	}
	return ks[0], nil
}

// keyRows decodes rows of (:ApiKey) nodes, in the order made.
func keyRows(rows []*neo4j.Record, err error) ([]graph.Key, error) {
	if err != nil {
		return nil, err
	}
	out := make([]graph.Key, 0, len(rows))
	for _, row := range rows {
		p := node(row.Values[0])
		out = append(out, graph.Key{ID: p.str("id"), Name: p.str("name"), Scope: p.str("scope"), Hash: p.str("hash"),
			Created: p.str("created"), Revoked: p.str("revoked")})
		if p.err != nil {
			return nil, p.err
		}
	}
	slices.SortFunc(out, func(a, b graph.Key) int { return cmp.Or(cmp.Compare(a.Created, b.Created), cmp.Compare(a.ID, b.ID)) })
	return out, nil
}
