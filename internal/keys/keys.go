// Package keys makes and checks the API keys of a geokg server. A key is a
// bearer token "gk_ID_SECRET" (ID 12 hex digits, SECRET 43 characters of
// unpadded base64url: 32 random bytes); a store keeps its ID, scope and
// the SHA-256 of its secret (graph.Key), so a stolen store gives no key.
// Scopes nest: admin can do what write can, write what read can.
package keys

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"time"

	"github.com/geokg/geokg/internal/graph"
)

// The scopes of a key, least first.
const (
	Read  = "read"  // queries
	Write = "write" // imports and removals of sources, analysts' decisions
	Admin = "admin" // the keys and what the server says of itself
)

// Scopes lists the scopes, least first.
var Scopes = []string{Read, Write, Admin}

// prefix starts every token.
const prefix = "gk_"

// CheckScope returns an EInvalid error unless s is one of Scopes.
func CheckScope(s string) error {
	if rank(s) < 0 {
		return graph.Errorf(graph.EInvalid, "unknown scope %q: want one of %s", s, strings.Join(Scopes, ", ")).With("allowed", Scopes)
	}
	return nil
}

// rank is the place of scope s in Scopes, -1 when it is none.
func rank(s string) int {
	for i, x := range Scopes {
		if x == s {
			return i
		}
	}
	return -1
}

// Allows reports whether a key of scope has the scope need.
func Allows(scope, need string) bool { return rank(scope) >= rank(need) && rank(need) >= 0 }

// New makes a key of the scope, named name, made at now: the token to give
// its holder (shown once) and the key to store.
func New(name, scope string, now time.Time) (token string, k graph.Key, err error) {
	if err := CheckScope(scope); err != nil {
		return "", graph.Key{}, err
	}
	id, secret := make([]byte, 6), make([]byte, 32)
	if _, err := rand.Read(id); err != nil {
		return "", graph.Key{}, graph.Wrap(graph.EInternal, err, "making a key")
	}
	if _, err := rand.Read(secret); err != nil {
		return "", graph.Key{}, graph.Wrap(graph.EInternal, err, "making a key")
	}
	k = graph.Key{ID: hex.EncodeToString(id), Name: name, Scope: scope, Created: now.UTC().Format(time.RFC3339)}
	s := base64.RawURLEncoding.EncodeToString(secret)
	k.Hash = digest(s)
	return prefix + k.ID + "_" + s, k, nil
}

// Parse splits a token into the id of its key and its secret; an
// EUnauthenticated error says what is wrong with a token that is not one.
func Parse(token string) (id, secret string, err error) {
	rest, ok := strings.CutPrefix(token, prefix)
	id, secret, ok2 := strings.Cut(rest, "_")
	if !ok || !ok2 || len(id) != 12 || len(secret) != 43 || !isHex(id) {
		return "", "", graph.Errorf(graph.EUnauthenticated, "the bearer token is not a geokg key (gk_ID_SECRET, as geokg keys create prints it)")
	}
	if _, err := base64.RawURLEncoding.DecodeString(secret); err != nil {
		return "", "", graph.Errorf(graph.EUnauthenticated, "the bearer token is not a geokg key (gk_ID_SECRET, as geokg keys create prints it)")
	}
	return id, secret, nil
}

func isHex(s string) bool {
	_, err := hex.DecodeString(s)
	return err == nil && strings.ToLower(s) == s
}

// Verify reports whether secret is the secret of k, in constant time, and
// k is not revoked.
func Verify(k graph.Key, secret string) bool {
	return subtle.ConstantTimeCompare([]byte(digest(secret)), []byte(k.Hash)) == 1 && k.Revoked == ""
}

// digest is the stored form of a secret: a 256-bit random secret needs no
// slow hash, only one that cannot be reversed.
func digest(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}
