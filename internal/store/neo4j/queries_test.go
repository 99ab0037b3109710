package neo4jstore_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/geokg/geokg/cypher"
	neo4jstore "github.com/geokg/geokg/internal/store/neo4j"
)

// Every query of the store compiles, and Neo4j has nothing to say about
// it: no deprecation, no performance warning (a cartesian product, an
// unbounded pattern, a missing index).
func TestQueriesPlanCleanly(t *testing.T) {
	s := openStore(t)
	qs := neo4jstore.Queries()
	for name, q := range qs {
		res, err := neo4j.ExecuteQuery(ctx, s.Driver(), "EXPLAIN "+q, nil, neo4j.EagerResultTransformer)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		for _, n := range res.Summary.Notifications() {
			switch n.Code() {
			case "Neo.ClientNotification.Statement.ParameterNotProvided":
				continue // EXPLAIN without values
			case "Neo.ClientNotification.Statement.UnknownPropertyKeyWarning", "Neo.ClientNotification.Statement.UnknownLabelWarning",
				"Neo.ClientNotification.Statement.UnknownRelationshipTypeWarning":
				continue // a name no data has used yet on this server: the test runs on a fresh one too
			}
			t.Errorf("%s: %s: %s", name, n.Title(), n.Description())
		}
	}
	// Every file of the cypher package is used: by the store, as a
	// fragment, or by the tests.
	for _, name := range cypher.Names() {
		used := slices.ContainsFunc([]string{"filter", "events", "route", "steps", "schema", "wipe", "bench_load_csv"}, func(s string) bool { return s == name })
		for q := range qs {
			used = used || strings.SplitN(q, "/", 2)[0] == name
		}
		if !used {
			t.Errorf("cypher/%s.cypher is not used", name)
		}
	}
}

// TestKeyLookupSeeks checks that the lookup of a key, made on every request
// that sends one, seeks the unique index on ApiKey.id rather than scanning
// the keys.
func TestKeyLookupSeeks(t *testing.T) {
	s := openStore(t)
	res, err := neo4j.ExecuteQuery(ctx, s.Driver(), "EXPLAIN "+neo4jstore.Queries()["key"], map[string]any{"id": "k1"}, neo4j.EagerResultTransformer)
	if err != nil {
		t.Fatal(err)
	}
	var ops []string
	var walk func(p neo4j.Plan)
	walk = func(p neo4j.Plan) {
		ops = append(ops, p.Operator())
		for _, c := range p.Children() {
			walk(c)
		}
	}
	walk(res.Summary.Plan())
	if !slices.ContainsFunc(ops, func(op string) bool { return strings.HasPrefix(op, "NodeUniqueIndexSeek") }) {
		t.Errorf("the key lookup's plan is %v, with no unique index seek", ops)
	}
}
