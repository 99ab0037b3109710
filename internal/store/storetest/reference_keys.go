package storetest

import (
	"cmp"
	"context"
	"slices"

	"github.com/geokg/geokg/internal/graph"
)

var _ graph.Keyring = (*Reference)(nil)

// PutKey implements graph.Keyring.
func (s *Reference) PutKey(_ context.Context, k graph.Key) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return graph.Errorf(graph.EUnavailable, "reference store is closed")
	}
	if slices.ContainsFunc(s.apiKeys, func(x graph.Key) bool { return x.ID == k.ID }) {
		return graph.Errorf(graph.EConflict, "a key %q exists already", k.ID)
	}
	s.apiKeys = append(s.apiKeys, k)
	slices.SortStableFunc(s.apiKeys, func(a, b graph.Key) int { return cmp.Or(cmp.Compare(a.Created, b.Created), cmp.Compare(a.ID, b.ID)) })
	return nil
}

// Key implements graph.Keyring.
func (s *Reference) Key(_ context.Context, id string) (graph.Key, error) {
	unlock, err := s.rlock()
	if err != nil {
		return graph.Key{}, err
	}
	defer unlock()
	if i := slices.IndexFunc(s.apiKeys, func(x graph.Key) bool { return x.ID == id }); i >= 0 {
		return s.apiKeys[i], nil
	}
	return graph.Key{}, graph.Errorf(graph.ENotFound, "no key %q", id)
}

// Keys implements graph.Keyring.
func (s *Reference) Keys(context.Context) ([]graph.Key, error) {
	unlock, err := s.rlock()
	if err != nil {
		return nil, err
	}
	defer unlock()
	return append([]graph.Key{}, s.apiKeys...), nil
}

// RevokeKey implements graph.Keyring.
func (s *Reference) RevokeKey(_ context.Context, id, at string) (graph.Key, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return graph.Key{}, graph.Errorf(graph.EUnavailable, "reference store is closed")
	}
	i := slices.IndexFunc(s.apiKeys, func(x graph.Key) bool { return x.ID == id })
	if i < 0 {
		return graph.Key{}, graph.Errorf(graph.ENotFound, "no key %q", id)
	}
	s.apiKeys[i].Revoked = cmp.Or(s.apiKeys[i].Revoked, at)
	return s.apiKeys[i], nil
}
