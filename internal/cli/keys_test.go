package cli_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// Keys are made once, listed, revoked once; what the CLI changes is in
// the audit trail with the key "cli", and unchanged writes are not.
func TestKeysAndAudit(t *testing.T) {
	const article = "cli-test-iraqi-government-duplicate.en.json"
	db := importedWith(t, article)
	code, out, stderr := geokg(t, db, "--json", "keys", "create", "--scope", "write", "--name", "pipeline")
	var k struct{ ID, Scope, Token string }
	if code != 0 || json.Unmarshal([]byte(out), &k) != nil || k.Scope != "write" || !strings.HasPrefix(k.Token, "gk_"+k.ID+"_") {
		t.Fatalf("keys create: exit %d, %s %s", code, out, stderr)
	}
	if code, _, stderr := geokg(t, db, "keys", "create", "--scope", "root"); code != 2 || !strings.Contains(stderr, `--scope: unknown scope "root"`) {
		t.Errorf("keys create --scope root: exit %d, %s", code, stderr)
	}
	if code, out, _ := geokg(t, db, "keys", "list"); code != 0 || !strings.Contains(out, k.ID) || strings.Contains(out, k.Token) {
		t.Errorf("keys list: exit %d, %s (the token must not be listed)", code, out)
	}
	if code, out, _ := geokg(t, db, "keys", "revoke", k.ID); code != 0 || !strings.Contains(out, "revoked") {
		t.Errorf("keys revoke: exit %d, %s", code, out)
	}
	if code, _, stderr := geokg(t, db, "keys", "revoke", "000000000000"); code != 3 {
		t.Errorf("keys revoke of no key: exit %d, %s", code, stderr)
	}
	geokg(t, db, "import", extra+"/"+article) // unchanged: not in the trail
	// The user the environment names is in the entry.
	if code, _, stderr := geokgEnv(t, map[string]string{"GEOKG_DB": db, "USER": "analyst"}, "keys", "create", "--scope", "read", "--name", "by-hand"); code != 0 {
		t.Fatalf("keys create: exit %d, %s", code, stderr)
	}
	code, out, stderr = geokg(t, db, "--json", "audit", "--limit", "3")
	var trail struct {
		Entries []struct{ Key, Request, Change string }
	}
	if code != 0 || json.Unmarshal([]byte(out), &trail) != nil || len(trail.Entries) != 3 {
		t.Fatalf("audit: exit %d, %s %s", code, out, stderr)
	}
	want := []string{
		"storing a key|analyst: geokg keys create --scope read --name by-hand",
		"revoking a key|geokg keys revoke " + k.ID,
		"storing a key|geokg --json keys create --scope write --name pipeline",
	}
	for i, e := range trail.Entries {
		if e.Key != "cli" || e.Change+"|"+e.Request != want[i] {
			t.Errorf("entry %d: %+v, want key cli and %s", i, e, want[i])
		}
	}
}
