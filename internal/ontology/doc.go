// Package ontology is the relation vocabulary of geokg: the closed set of
// relation types that may connect two entities in the knowledge graph.
//
// There are two classes of types. Event types ("threatens", "negotiates_with",
// "strikes_from_air") are dated occurrences; each is anchored in the CAMEO
// event codebook (code, quad class and Goldstein intensity, as used by GDELT)
// and, where one exists, in the PLOVER event ontology (as used by POLECAT).
// Structural types ("member_of", "head_of_state", "allied_with") are standing
// relations that hold over a time interval and carry no event coding.
//
// The built-in vocabulary lives in builtin.yaml, embedded in the binary and
// returned by Default. A user YAML file of the same shape, read with Load, can
// add types through Vocabulary.Extend; redefining a built-in id requires
// "override: true" on the entry. Vocabularies are immutable and safe for
// concurrent use.
//
// Lookup resolves what people and annotators write ("Threatened",
// "negotiates with") to a type; ByCAMEO and ByPLOVER map GDELT and POLECAT
// codes to types.
package ontology
