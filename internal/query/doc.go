// Package query turns the parameters of a request into store queries and
// their answers into responses. The HTTP API and the CLI both go through it,
// so the same parameters always give the same answer, and the same mistake
// the same error.
//
// Every operation takes its parameters as url.Values, checks them against
// the list Parameters gives (an unknown parameter is an error that lists the
// allowed ones), and returns a JSON-ready response or a *graph.Error whose
// details name the parameter at fault.
package query
