// Package annotation reads annotated articles and gazetteers in geokg's
// native format (JSON, YAML, JSON Lines), checks them against the JSON
// Schema and against their own text, and reports every problem with the
// file, line and JSON pointer where it is.
package annotation
