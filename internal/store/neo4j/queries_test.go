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
			if n.Code() == "Neo.ClientNotification.Statement.ParameterNotProvided" {
				continue // EXPLAIN without values
			}
			t.Errorf("%s: %s: %s", name, n.Title(), n.Description())
		}
	}
	// Every file of the cypher package is used: by the store, as a
	// fragment, or by the tests.
	for _, name := range cypher.Names() {
		used := slices.ContainsFunc([]string{"filter", "events", "schema", "wipe", "bench_load_csv"}, func(s string) bool { return s == name })
		for q := range qs {
			used = used || strings.SplitN(q, "/", 2)[0] == name
		}
		if !used {
			t.Errorf("cypher/%s.cypher is not used", name)
		}
	}
}
