package annotation_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/geokg/geokg/internal/annotation"
	"github.com/geokg/geokg/internal/graph"
)

// TestSchemaIDsAgreeWithGraph keeps the id patterns of the JSON Schema in
// step with the Go rules in internal/graph (ids.go), which the other
// readers and the stores use: the schema cannot call Go.
func TestSchemaIDsAgreeWithGraph(t *testing.T) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(annotation.SchemaJSON()))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("article.v1.json", doc); err != nil {
		t.Fatal(err)
	}
	rules := []struct {
		pointer string
		rule    func(string) bool
	}{
		{"/$defs/sourceId", graph.IsSourceID},
		{"/$defs/key", graph.IsEntityID},
		{"/$defs/entity/properties/wikidata", graph.IsQID},
		{"/$defs/relation/properties/id", graph.IsRelationID},
	}
	cases := []string{
		"", "Q", "Q0", "Q1", "Q30", "Q030", "Q30a", "q30", " Q30", "Q30\n", "Q-30", "Q٣٠",
		"a", "0", "kataib-hezbollah", "us.state_dept", "gdelt-20200103", "a..b", "a-",
		"Kataib", "kH", "-x", ".x", "_x", "a b", "a\tb", "gazetteer:x", "x/y", "x\n", "é", "واشنطن",
		"R1", "r-1", "R.1_a", "R1!", "T1 ",
		strings.Repeat("a", graph.MaxIDLength), strings.Repeat("a", graph.MaxIDLength+1),
		"R" + strings.Repeat("1", graph.MaxIDLength-1), "R" + strings.Repeat("1", graph.MaxIDLength),
		"Q" + strings.Repeat("1", graph.MaxIDLength-1), "Q" + strings.Repeat("1", graph.MaxIDLength),
	}
	for _, r := range rules {
		sch, err := c.Compile("article.v1.json#" + r.pointer)
		if err != nil {
			t.Fatalf("%s: %v", r.pointer, err)
		}
		accepted := 0
		for _, s := range cases {
			schemaOK := sch.Validate(s) == nil
			if goOK := r.rule(s); goOK != schemaOK {
				t.Errorf("%s: %.20q…: the schema says %v, internal/graph %v", r.pointer, s, schemaOK, goOK)
			}
			if schemaOK {
				accepted++
			}
		}
		if accepted == 0 || accepted == len(cases) {
			t.Errorf("%s: accepts %d of %d cases: the table does not test it", r.pointer, accepted, len(cases))
		}
	}
}

// TestSchemaEventLength keeps MaxEventLength, which the readers of
// annotation tools check, in step with the schema's maxLength of "event",
// in code points.
func TestSchemaEventLength(t *testing.T) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(annotation.SchemaJSON()))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("article.v1.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("article.v1.json#/$defs/relation/properties/event")
	if err != nil {
		t.Fatal(err)
	}
	for n, want := range map[int]bool{0: false, 1: true, annotation.MaxEventLength: true, annotation.MaxEventLength + 1: false} {
		if got := sch.Validate(strings.Repeat("ض", n)) == nil; got != want {
			t.Errorf("an event key of %d code points: the schema says %v, MaxEventLength %d", n, got, annotation.MaxEventLength)
		}
	}
}
