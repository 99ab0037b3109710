package neo4jstore

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/geokg/geokg/cypher"
	"github.com/geokg/geokg/internal/graph"
)

// The queries, loaded from the cypher package with their fragments in
// place. Those of pathQuery still hold {{in}}, {{out}} and {{hops}}.
var (
	qSourceDigest   = load("source_digest")
	qSourceClear    = load("source_clear")
	qSourceDelete   = load("source_delete")
	qEntitiesKnown  = load("entities_known")
	qReportOwners   = load("report_owners")
	qSourceWrite    = load("source_write")
	qGroupReports   = load("group_reports")
	qEventGroups    = load("event_groups")
	qEventPut       = load("event_put")
	qReportPin      = load("report_pin")
	qEntityState    = load("entity_state")
	qEntityRecords  = load("entity_records")
	qEntityPut      = load("entity_put")
	qEntities       = load("entities")
	qByWikidata     = load("entities_by_wikidata")
	qByKeys         = load("entities_by_keys")
	qSearch         = load("search")
	qEntityCounts   = load("entity_counts")
	qNeighbors      = pathQuery("neighbors")
	qShortest       = pathQuery("shortest")
	qHops           = pathQuery("hops")
	qFirstRoute     = pathQuery("first_route")
	qTimeline       = load("timeline")
	qTimelineNewest = load("timeline_newest")
	qTallies        = load("tallies")
	qStats          = load("stats")
	qRelations      = load("relations")
	qSources        = load("sources")
	qSource         = load("source")
	qSourceRead     = load("source_read")
	qEntitySources  = load("entity_sources")
	qDecisionAdd    = load("decision_add")
	qDecisions      = load("decisions")
	qWriteLock      = load("write_lock")
	qSchemaCheck    = load("schema_check")
	qKeyPut         = load("key_put")
	qKeys           = load("keys")
	qKey            = load("key")
	qKeyRevoke      = load("key_revoke")
	qAuditAdd       = load("audit_add")
	qAudit          = load("audit")
)

var (
	placeholderRE = regexp.MustCompile(`\{\{[a-z]+\}\}`)
	// fragments are spliced in order: events, route and steps hold
	// {{filter}}.
	fragments = strings.NewReplacer("{{events}}", cypher.Text("events"),
		"{{route}}", cypher.Text("route"), "{{steps}}", cypher.Text("steps"))
	filters = strings.NewReplacer("{{filter}}", cypher.Text("filter"))
)

// expand returns a query with its fragments in place and the placeholders
// left, and panics on a placeholder not in allowed.
func expand(name string, allowed ...string) string {
	q := filters.Replace(fragments.Replace(cypher.Text(name)))
	for _, p := range placeholderRE.FindAllString(q, -1) {
		if !slices.Contains(allowed, p) {
			panic(fmt.Sprintf("neo4jstore: query %s has the unknown placeholder %s", name, p))
		}
	}
	return q
}

// load returns a query that takes parameters only.
func load(name string) string { return expand(name) }

// pathQuery returns a query whose pattern depends on a direction and a
// number of hops (see pattern).
func pathQuery(name string) string { return expand(name, "{{in}}", "{{out}}", "{{hops}}") }

// pattern fills the placeholders of a pathQuery: the arrow heads of dir
// and the upper bound of the quantifier, the only things Cypher does not
// take as parameters. Nothing else can get into the text. A pathQuery
// also takes the parameter of directionParams.
func pattern(query string, dir graph.Direction, hops int) string {
	in, out := "", ""
	switch dir {
	case graph.Out:
		out = ">"
	case graph.In:
		in = "<"
	}
	return strings.NewReplacer("{{in}}", in, "{{out}}", out, "{{hops}}", strconv.Itoa(max(hops, 1))).Replace(query)
}

// directionParams adds the parameter of a pathQuery that depends on its
// direction to p: undirected, whether the undirected LINKs of events are
// followed (only in direction any).
func directionParams(dir graph.Direction, p map[string]any) map[string]any {
	p["undirected"] = dir == graph.Any
	return p
}

// nullable is s, or nil (Cypher null) when s is empty.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// filterParams adds the parameter of the filter fragment, the map f, to
// p.
func filterParams(f *graph.Filter, p map[string]any) map[string]any {
	mods := make([]string, len(f.Modalities))
	for i, m := range f.Modalities {
		mods[i] = string(m)
	}
	p["f"] = map[string]any{
		"types": append([]string{}, f.Types...), "exclude": append([]string{}, f.ExcludeTypes...),
		"min_confidence": f.MinConfidence, "modalities": mods,
		"since": nullable(f.Since), "until": nullable(f.Until), "as_of": nullable(f.AsOf), "known_as_of": nullable(f.KnownAsOf),
		"reviewed": f.Reviewed, "day_max": graph.DayMax,
	}
	return p
}
