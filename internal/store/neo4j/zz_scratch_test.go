package neo4jstore_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

func TestZZScratch(t *testing.T) {
	q := os.Getenv("ZZQ")
	if q == "" {
		t.Skip()
	}
	ctx := context.Background()
	d, err := neo4j.NewDriverWithContext(os.Getenv("NEO4J_URI"), neo4j.BasicAuth(os.Getenv("NEO4J_USER"), os.Getenv("NEO4J_PASSWORD"), ""))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close(ctx)
	for _, stmt := range strings.Split(q, ";;") {
		if strings.TrimSpace(stmt) == "" {
			continue
		}
		res, err := neo4j.ExecuteQuery(ctx, d, stmt, nil, neo4j.EagerResultTransformer)
		if err != nil {
			fmt.Println("ERR", err)
			continue
		}
		fmt.Println(res.Keys)
		for _, r := range res.Records {
			fmt.Println(r.Values)
		}
		fmt.Println("plan/notes:", len(res.Summary.Notifications()), res.Summary.ResultAvailableAfter())
		for _, n := range res.Summary.Notifications() {
			fmt.Println(" note:", n.Title(), n.Description())
		}
	}
}
