package keys_test

import (
	"strings"
	"testing"
	"time"

	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/keys"
)

func TestNewParseVerify(t *testing.T) {
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.FixedZone("x", 3600))
	token, k, err := keys.New("dashboard", keys.Read, now)
	if err != nil {
		t.Fatal(err)
	}
	if k.Created != "2026-12-01T09:00:00Z" || k.Scope != keys.Read || k.Name != "dashboard" || strings.Contains(k.Hash, token) {
		t.Fatalf("New gave %+v", k)
	}
	id, secret, err := keys.Parse(token)
	if err != nil || id != k.ID {
		t.Fatalf("Parse(%s) = %s, %v; want id %s", token, id, err, k.ID)
	}
	if !keys.Verify(k, secret) {
		t.Fatal("the key's own secret does not verify")
	}
	if keys.Verify(k, strings.Repeat("A", 43)) {
		t.Fatal("another secret verifies")
	}
	k.Revoked = "2026-12-02T00:00:00Z"
	if keys.Verify(k, secret) {
		t.Fatal("a revoked key verifies")
	}
	other, _, _ := keys.New("", keys.Read, now)
	if other == token {
		t.Fatal("two keys are the same")
	}
}

func TestParseRefuses(t *testing.T) {
	good, _, _ := keys.New("", keys.Admin, time.Now())
	for _, bad := range []string{"", "gk_", "Bearer " + good, good[3:], strings.ToUpper(good[:15]) + good[15:], good + "x", good[:len(good)-1],
		"gk_0000000000zz_" + strings.Repeat("A", 43), "gk_000000000000_" + strings.Repeat("*", 43)} {
		if _, _, err := keys.Parse(bad); graph.ErrorCode(err) != graph.EUnauthenticated {
			t.Errorf("Parse(%q) = %v, want unauthenticated", bad, err)
		}
	}
}

func TestScopes(t *testing.T) {
	for _, c := range []struct {
		scope, need string
		want        bool
	}{
		{keys.Admin, keys.Write, true}, {keys.Write, keys.Read, true}, {keys.Read, keys.Read, true},
		{keys.Read, keys.Write, false}, {keys.Write, keys.Admin, false}, {"root", keys.Read, false}, {keys.Admin, "root", false},
	} {
		if got := keys.Allows(c.scope, c.need); got != c.want {
			t.Errorf("Allows(%s, %s) = %v", c.scope, c.need, got)
		}
	}
	if err := keys.CheckScope("root"); graph.ErrorCode(err) != graph.EInvalid {
		t.Errorf("CheckScope(root) = %v", err)
	}
	if _, _, err := keys.New("", "root", time.Now()); graph.ErrorCode(err) != graph.EInvalid {
		t.Errorf("New of scope root = %v", err)
	}
}

// FuzzParse: any token is a key's id and secret or an unauthenticated
// error, and a parsed one gives back the token.
func FuzzParse(f *testing.F) {
	good, _, _ := keys.New("", keys.Read, time.Now())
	for _, s := range []string{good, "", "gk_", "gk_abc_def", "Bearer x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, token string) {
		id, secret, err := keys.Parse(token)
		if err != nil {
			if graph.ErrorCode(err) != graph.EUnauthenticated {
				t.Fatalf("Parse(%q) = %v", token, err)
			}
			return
		}
		if "gk_"+id+"_"+secret != token {
			t.Fatalf("Parse(%q) = %q, %q", token, id, secret)
		}
	})
}
