package api

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/geokg/geokg/internal/export"
	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/keys"
	"github.com/geokg/geokg/internal/query"
	"github.com/geokg/geokg/internal/web"
)

// routes lists every route of the API. openapi.json describes each one, and
// a test keeps the two in step.
func (s *Server) routes() {
	r := s.engine
	r.GET("/healthz", s.healthz)
	r.GET("/readyz", s.readyz)
	r.GET("/metrics", s.metrics.handler())
	r.GET("/openapi.json", s.cached, s.document)

	v1 := r.Group("/v1", s.authorize(keys.Read), s.cached)
	v1.GET("/entities", s.handle(s.searchEntities))
	v1.GET("/entities/:id", s.handle(s.getEntity))
	v1.GET("/entities/:id/neighbors", s.handle(s.getNeighbors))
	v1.GET("/paths", s.handle(s.findPaths))
	v1.GET("/timeline", s.handle(s.getTimeline))
	v1.GET("/relation-types", s.handle(s.listRelationTypes))
	v1.GET("/stats", s.handle(s.getStats))
	v1.GET("/sources/:id", s.handle(s.getSource))
	v1.GET("/conflicts", s.handle(s.listConflicts))
	v1.GET("/decisions", s.handle(s.listDecisions))

	// Writes, behind keys of scope write (writes.go).
	w := r.Group("/v1", s.authorize(keys.Write), s.limitBody)
	w.POST("/sources", s.handle(s.importSource))
	w.DELETE("/sources/:id", s.handle(s.deleteSource))
	w.POST("/decisions", s.handle(s.decide))
	r.GET("/v1/audit", s.authorize(keys.Admin), s.handle(s.getAudit))
	// Drafts, which write nothing: keyed as reads (annotate.go).
	r.POST("/v1/annotate", s.authorize(keys.Read), s.limitBody, s.handle(s.annotate))

	r.NoRoute(web.Handler(), s.handle(func(c *gin.Context) error {
		return graph.Errorf(graph.ENotFound, "no route %s %s; the API is described at /openapi.json", c.Request.Method, c.Request.URL.Path).
			With("path", c.Request.URL.Path)
	}))
	r.NoMethod(s.handle(func(c *gin.Context) error {
		allow := c.Writer.Header().Get("Allow")
		if allow == "" {
			allow = http.MethodGet
		}
		c.Header("Allow", allow)
		return graph.Errorf(codeMethodNotAllowed, "method %s is not allowed on %s; use %s", c.Request.Method, c.Request.URL.Path, allow).
			With("allowed", strings.Split(allow, ", "))
	}))
}

// NotReadyReason is the reason /readyz gives when the store cannot answer.
const NotReadyReason = "the graph store is unavailable; the server's log says why"

func (s *Server) healthz(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}

// readyz answers 503 with a generic reason when the store cannot answer;
// what went wrong, which may name hosts, users or files, goes to the log.
func (s *Server) readyz(c *gin.Context) {
	if err := s.ready(c.Request.Context()); err != nil {
		s.log.WarnContext(c.Request.Context(), "not ready", "error", err.Error(), "request_id", RequestID(c.Request.Context()))
		c.JSON(http.StatusServiceUnavailable, gin.H{"status": "unavailable", "reason": NotReadyReason})
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "ready"})
}

func (s *Server) document(c *gin.Context) {
	c.Data(http.StatusOK, "application/json; charset=utf-8", s.openapi)
}

func (s *Server) searchEntities(c *gin.Context) error {
	run := query.Run(c.Request.Context(), s.svc.SearchEntities)
	return reply(c)(run(query.ParseSearch(c.Request.URL.Query())))
}

func (s *Server) getEntity(c *gin.Context) error {
	run := query.Run(c.Request.Context(), s.svc.Entity)
	return reply(c)(run(query.ParseEntity(c.Param("id"), c.Request.URL.Query())))
}

func (s *Server) getNeighbors(c *gin.Context) error {
	req, err := query.ParseNeighbors(s.svc.Vocabulary, c.Param("id"), c.Request.URL.Query())
	res, err := query.Run(c.Request.Context(), s.svc.Neighbors)(req, err)
	return replyIn(c, req.Format, res, err)
}

func (s *Server) findPaths(c *gin.Context) error {
	run := query.Run(c.Request.Context(), s.svc.Paths)
	return reply(c)(run(query.ParsePaths(s.svc.Vocabulary, c.Request.URL.Query())))
}

func (s *Server) getTimeline(c *gin.Context) error {
	req, err := query.ParseTimeline(s.svc.Vocabulary, c.Request.URL.Query())
	res, err := query.Run(c.Request.Context(), s.svc.Timeline)(req, err)
	if err != nil {
		return err
	}
	switch req.Format {
	case query.FormatCSV:
		c.Data(http.StatusOK, csvType, res.EventsCSV())
	case query.FormatBucketsCSV:
		c.Data(http.StatusOK, csvType, res.BucketsCSV())
	case query.FormatSeries:
		c.JSON(http.StatusOK, res.Series())
	default:
		return replyIn(c, req.Format, res, nil)
	}
	return nil
}

// csvType is the media type of the CSV answers.
const csvType = "text/csv; charset=utf-8"

func (s *Server) listRelationTypes(c *gin.Context) error {
	req, err := query.ParseRelationTypes(c.Request.URL.Query())
	if err != nil {
		return err
	}
	return reply(c)(s.svc.RelationTypes(req), nil)
}

func (s *Server) getStats(c *gin.Context) error {
	run := query.Run(c.Request.Context(), s.svc.Stats)
	return reply(c)(run(query.ParseStats(c.Request.URL.Query())))
}

func (s *Server) listConflicts(c *gin.Context) error {
	run := query.Run(c.Request.Context(), s.svc.Conflicts)
	return reply(c)(run(query.ParseConflicts(s.svc.Vocabulary, c.Request.URL.Query())))
}

func (s *Server) getSource(c *gin.Context) error {
	run := query.Run(c.Request.Context(), s.svc.Source)
	return reply(c)(run(query.ParseSource(c.Param("id"), c.Request.URL.Query())))
}

// replyIn is reply for the operations that take a format parameter: it
// writes res itself for query.FormatJSON, else the document of the export
// format of that name made from res's Subgraph.
func replyIn(c *gin.Context, format string, res interface{ Subgraph() *export.Subgraph }, err error) error {
	if err != nil || format == query.FormatJSON {
		return reply(c)(res, err)
	}
	f, err := export.Lookup(format)
	if err != nil {
		return err
	}
	return reply(c)(f.Document(res.Subgraph()), nil)
}
