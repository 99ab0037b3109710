// Package query turns the parameters of a request into store queries and
// their answers into responses. The HTTP API and the CLI both go through it,
// so the same parameters always give the same answer, and the same mistake
// the same error.
//
// Every operation has a parser (ParseSearch, ParseNeighbors, …) that checks
// its parameters, given as url.Values, against the list Parameters gives
// (an unknown parameter is an error that lists the allowed ones), reads
// them into a typed request, and returns a *graph.Error whose details name
// the parameter at fault. The API passes its query string; the CLI the
// flags set on its command line, named like the parameters. The Service
// runs the typed requests and returns typed, JSON-ready responses. Where an
// operation takes a format, the request carries it and the caller writes
// the response in it: as JSON, or through internal/export from the
// response's Subgraph.
package query
