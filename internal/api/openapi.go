package api

import _ "embed"

// openapiJSON is the OpenAPI 3.1 description of the API, served at
// /openapi.json.
//
//go:embed openapi.json
var openapiJSON []byte

// OpenAPI returns the OpenAPI 3.1 document of the API.
func OpenAPI() []byte { return append([]byte(nil), openapiJSON...) }
