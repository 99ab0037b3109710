// Package graph holds geokg's domain: entities, relations with their
// evidence and dates, the queries analysts ask, the Store interface every
// store implements, and the one error type with its codes.
package graph
