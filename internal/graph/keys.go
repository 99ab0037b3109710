package graph

import "context"

// Key is an API key as a store keeps it: never its secret, only a digest
// of it (internal/keys makes and checks keys).
type Key struct {
	ID      string `json:"id"`
	Name    string `json:"name,omitempty"` // who or what it is for
	Scope   string `json:"scope"`          // "read", "write" or "admin"
	Hash    string `json:"-"`              // the digest of its secret
	Created string `json:"created"`        // RFC 3339 (UTC)
	Revoked string `json:"revoked,omitempty"`
}

// Keyring is the part of a store that keeps the API keys of a server.
// Each method is one transaction.
type Keyring interface {
	// PutKey stores a new key; EConflict when its id is taken.
	PutKey(ctx context.Context, k Key) error
	// Key returns the key with this id (ENotFound).
	Key(ctx context.Context, id string) (Key, error)
	// Keys lists the keys, revoked ones too, in the order made (by
	// Created, then id).
	Keys(ctx context.Context) ([]Key, error)
	// RevokeKey marks a key revoked at the time at (a key revoked already
	// keeps its first time) and returns it; ENotFound for no such key.
	RevokeKey(ctx context.Context, id, at string) (Key, error)
}
