package embedded

import (
	"context"
	"database/sql"
	"errors"

	"github.com/geokg/geokg/internal/graph"
)

var _ graph.Keyring = (*Store)(nil)

const keyCols = "id, name, scope, hash, created, revoked"

// PutKey implements graph.Keyring.
func (s *Store) PutKey(ctx context.Context, k graph.Key) error {
	return s.write(ctx, "storing a key", func(tx *sql.Tx) (bool, error) {
		res, err := tx.ExecContext(ctx, "INSERT OR IGNORE INTO api_keys ("+keyCols+") VALUES (?, ?, ?, ?, ?, ?)",
			k.ID, k.Name, k.Scope, k.Hash, k.Created, k.Revoked)
		if err != nil {
			return false, err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err == nil {
				err = graph.Errorf(graph.EConflict, "a key %q exists already", k.ID)
			}
			return false, err
		}
		return true, nil
	})
}

// Key implements graph.Keyring.
func (s *Store) Key(ctx context.Context, id string) (graph.Key, error) {
	return get(ctx, s, "reading a key", func(ctx context.Context, q queryer) (graph.Key, error) {
		return key(ctx, q, id)
	})
}

func key(ctx context.Context, q queryer, id string) (graph.Key, error) {
	var k graph.Key
	err := q.QueryRowContext(ctx, "SELECT "+keyCols+" FROM api_keys WHERE id = ?", id).
		Scan(&k.ID, &k.Name, &k.Scope, &k.Hash, &k.Created, &k.Revoked)
	if errors.Is(err, sql.ErrNoRows) {
		return graph.Key{}, graph.Errorf(graph.ENotFound, "no key %q", id)
	}
	return k, err
}

// Keys implements graph.Keyring.
func (s *Store) Keys(ctx context.Context) ([]graph.Key, error) {
	return get(ctx, s, "listing keys", func(ctx context.Context, q queryer) ([]graph.Key, error) {
		rows, err := q.QueryContext(ctx, "SELECT "+keyCols+" FROM api_keys ORDER BY created, id")
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		out := []graph.Key{}
		for rows.Next() {
			var k graph.Key
			if err := rows.Scan(&k.ID, &k.Name, &k.Scope, &k.Hash, &k.Created, &k.Revoked); err != nil {
				return nil, err
			}
			out = append(out, k)
		}
		return out, rows.Err()
	})
}

// RevokeKey implements graph.Keyring.
func (s *Store) RevokeKey(ctx context.Context, id, at string) (graph.Key, error) {
	var k graph.Key
	err := s.write(ctx, "revoking a key", func(tx *sql.Tx) (bool, error) {
		if _, err := tx.ExecContext(ctx, "UPDATE api_keys SET revoked = ? WHERE id = ? AND revoked = ''", at, id); err != nil {
			return false, err
		}
		var err error
		k, err = key(ctx, tx, id)
		return err == nil, err
	})
	return k, err
}
