package resolve

import "github.com/geokg/geokg/internal/graph"

// kindGroups lists the kinds that describe the same sort of thing, so that
// names may merge entities across them: a facility is a location (an
// airport annotated as a location is the same airport), and an
// intergovernmental organization is an organization (the generic kind
// event data gives an actor without a known role). Every other kind,
// country above all, stands alone: a capital never swallows its country.
var kindGroups = map[string]string{
	"location":     "place",
	"facility":     "place",
	"organization": "organization",
	"igo":          "organization",
}

// SameSort reports whether entities of kinds a and b may be one entity by
// name: the same kind, two kinds of one group of kindGroups, or a
// geopolitical entity (graph.KindGPE) and a country or a location.
func SameSort(a, b string) bool {
	if a == b {
		return true
	}
	if _, ok := graph.JoinKinds(a, b); ok {
		return true
	}
	ga, gb := kindGroups[a], kindGroups[b]
	return ga != "" && ga == gb
}

// placeKinds are the kinds whose names give demonyms and possessives
// ("Iraqi", "Iraq's", "العراقي").
var placeKinds = map[string]bool{"country": true, "location": true}
