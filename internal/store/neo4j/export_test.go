package neo4jstore

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/geokg/geokg/cypher"
	"github.com/geokg/geokg/internal/graph"
)

// Test hooks.

// Driver is the store's driver, for tests that talk to Neo4j directly.
func (s *Store) Driver() neo4j.DriverWithContext { return s.driver }

// Wipe deletes everything in the store's database.
func (s *Store) Wipe(ctx context.Context) error {
	sess := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.cfg.Database, BookmarkManager: s.bm})
	defer sess.Close(ctx)
	for _, stmt := range cypher.Statements("wipe") {
		res, err := sess.Run(ctx, stmt, nil)
		if err == nil {
			_, err = res.Consume(ctx)
		}
		if err != nil {
			return s.fail(err, "wiping")
		}
	}
	return nil
}

// FirstQueries are the Cypher text and parameters of the first search
// the store sends for q (graph.FindRoutes' first spur, from q.From to q.To
// avoiding q.Avoid): the first route with its hops, and the same search
// for the route alone (shortest.cypher, what later spurs send).
func FirstQueries(q graph.PathQuery) (first, route string, params map[string]any) {
	q.Direction, _ = q.Direction.Check()
	avoid := map[string]bool{}
	for _, id := range q.Avoid {
		avoid[id] = true
	}
	rt := &router{q: &q}
	return firstRouteQuery(q.Direction, q.MaxHops), shortestQuery(q.Direction, q.MaxHops),
		rt.spurParams(graph.Spur{From: q.From, Hops: q.MaxHops, Banned: avoid})
}

// Queries are the store's queries by name, the path queries filled for
// every direction.
func Queries() map[string]string {
	m := map[string]string{
		"source_digest": qSourceDigest, "source_clear": qSourceClear, "source_delete": qSourceDelete,
		"entities_known": qEntitiesKnown, "report_owners": qReportOwners, "source_write": qSourceWrite, "entity_state": qEntityState,
		"group_reports": qGroupReports, "event_groups": qEventGroups, "event_put": qEventPut, "report_pin": qReportPin,
		"entity_records": qEntityRecords, "entity_put": qEntityPut, "entities": qEntities,
		"entities_by_wikidata": qByWikidata, "entities_by_keys": qByKeys, "search": qSearch,
		"entity_counts": qEntityCounts, "timeline": qTimeline, "timeline_newest": qTimelineNewest, "tallies": qTallies, "stats": qStats,
		"sources": qSources, "source": qSource, "relations": qRelations, "source_read": qSourceRead,
		"entity_sources": qEntitySources, "decision_add": qDecisionAdd, "decisions": qDecisions, "write_lock": qWriteLock,
		"schema_check": qSchemaCheck, "key_put": qKeyPut, "keys": qKeys, "key": qKey, "key_revoke": qKeyRevoke, "audit_add": qAuditAdd, "audit": qAudit,
		"report_refs_write": qReportRefsWrite, "reports_by_refs": qReportsByRefs,
	}
	for _, d := range []graph.Direction{graph.Any, graph.Out, graph.In} {
		m["neighbors/"+string(d)] = pattern(qNeighbors, d, 2)
		m["shortest/"+string(d)] = shortestQuery(d, 3)
		m["hops/"+string(d)] = pattern(qHops, d, 1)
		m["first_route/"+string(d)] = firstRouteQuery(d, 3)
	}
	return m
}
