package api

import (
	_ "embed"
	"encoding/json"
	"maps"
	"slices"

	"github.com/geokg/geokg/internal/ontology"
)

// openapiJSON is the OpenAPI 3.1 description of the API as written: OpenAPI
// completes it with what the code knows.
//
//go:embed openapi.json
var openapiJSON []byte

// typeParameters are the parameters whose values name relation types.
var typeParameters = []string{"types", "exclude_types"}

// OpenAPI returns the OpenAPI 3.1 document of the API over vocabulary v
// (nil for the built-in one), as served at /openapi.json: openapi.json
// with the parameters that name relation types listing every name of v's
// types (ids, labels and aliases) as their items' enum, and the body of a
// decision as one schema per kind of decision (the fields ParseDecision
// takes and needs), so that a client or a test generator knows what is
// accepted.
func OpenAPI(v *ontology.Vocabulary) []byte {
	if v == nil {
		v = ontology.Default()
	}
	var doc map[string]any
	if err := json.Unmarshal(openapiJSON, &doc); err != nil {
		panic("openapi.json: " + err.Error()) // the embedded document is read by every test of the package
	}
	components := doc["components"].(map[string]any)
	params := components["parameters"].(map[string]any)
	for _, name := range typeParameters {
		items := params[name].(map[string]any)["schema"].(map[string]any)["items"].(map[string]any)
		items["enum"] = v.Names()
	}
	decisionSchema(components["schemas"].(map[string]any)["DecisionRequest"].(map[string]any))
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		panic("openapi.json: " + err.Error())
	}
	return append(out, '\n')
}

// decisionSchema completes the schema of a decision: its kinds, and for
// each one the fields it takes, those it needs required.
func decisionSchema(schema map[string]any) {
	props := schema["properties"].(map[string]any)
	kinds := slices.Sorted(maps.Keys(decisionFields))
	props["kind"].(map[string]any)["enum"] = kinds
	var oneOf []any
	for _, kind := range kinds {
		f := decisionFields[kind]
		own := map[string]any{"kind": map[string]any{"const": kind}}
		for _, name := range f.take {
			own[name] = props[name]
		}
		oneOf = append(oneOf, map[string]any{
			"type":                 "object",
			"properties":           own,
			"required":             append([]string{"kind"}, f.need...),
			"additionalProperties": false,
		})
	}
	schema["oneOf"] = oneOf
}
