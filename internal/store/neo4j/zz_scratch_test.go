package neo4jstore_test

import (
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
	d := openStore(t).Driver()
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
		fmt.Println("notes:", len(res.Summary.Notifications()), res.Summary.ResultAvailableAfter())
		for _, n := range res.Summary.Notifications() {
			fmt.Println(" note:", n.Title(), n.Description())
		}
	}
}
