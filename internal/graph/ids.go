package graph

import "regexp"

// The shapes of the ids geokg reads and writes. The JSON Schema of the
// annotation format (internal/annotation/schema/article.v1.json) states the
// same rules for native documents; a test in internal/annotation keeps the
// two in step, so change both together.
//
//   - a Wikidata QID: "Q" and a number without leading zeros ("Q30");
//   - a source id (the id of an article or a gazetteer): lower-case letters,
//     digits, '.', '_' and '-', starting with a letter or digit;
//   - an entity id (key): a QID or a source-id-shaped slug;
//   - a relation id: like a source id, but upper-case letters too.
//
// Source, entity and relation ids are at most MaxIDLength bytes.

// MaxIDLength is the longest source, entity or relation id, in bytes.
const MaxIDLength = 200

var (
	qidRE        = regexp.MustCompile(`^Q[1-9][0-9]*$`)
	slugRE       = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)
	relationIDRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)
)

// IsQID reports whether s is a Wikidata QID as geokg stores it: "Q30", not
// "q30" (see NormalizeQID) nor "Q030".
func IsQID(s string) bool { return qidRE.MatchString(s) }

// NormalizeQID returns s as a stored QID ("q30" gives "Q30") and whether s
// is a QID in either case. People type QIDs in lower case; files and the
// store hold them upper case.
func NormalizeQID(s string) (string, bool) {
	if s == "" || (s[0] != 'Q' && s[0] != 'q') {
		return "", false
	}
	q := "Q" + s[1:]
	if !IsQID(q) {
		return "", false
	}
	return q, true
}

// IsSourceID reports whether s is a valid id of an article or a gazetteer:
// lower-case letters, digits, '.', '_' and '-', starting with a letter or a
// digit, at most MaxIDLength bytes.
func IsSourceID(s string) bool { return len(s) <= MaxIDLength && slugRE.MatchString(s) }

// IsEntityID reports whether s is a valid entity id (the key of an entity
// in an annotated document): a Wikidata QID or a slug shaped like a source
// id (IsSourceID), at most MaxIDLength bytes.
func IsEntityID(s string) bool { return len(s) <= MaxIDLength && (IsQID(s) || slugRE.MatchString(s)) }

// IsRelationID reports whether s is a valid relation id: letters of either
// case, digits, '.', '_' and '-', starting with a letter or a digit, at
// most MaxIDLength bytes.
func IsRelationID(s string) bool { return len(s) <= MaxIDLength && relationIDRE.MatchString(s) }
