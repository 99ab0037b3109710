package api

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/query"
	"github.com/geokg/geokg/internal/web"
)

// routes lists every route of the API. openapi.json describes each one, and
// a test keeps the two in step.
func (s *Server) routes() {
	r := s.engine
	r.GET("/healthz", s.healthz)
	r.GET("/readyz", s.readyz)
	r.GET("/openapi.json", s.openapi)

	v1 := r.Group("/v1")
	v1.GET("/entities", s.handle(s.searchEntities))
	v1.GET("/entities/:id", s.handle(s.getEntity))
	v1.GET("/entities/:id/neighbors", s.handle(s.getNeighbors))
	v1.GET("/paths", s.handle(s.findPaths))
	v1.GET("/timeline", s.handle(s.getTimeline))
	v1.GET("/relation-types", s.handle(s.listRelationTypes))
	v1.GET("/stats", s.handle(s.getStats))

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

func (s *Server) healthz(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}

func (s *Server) readyz(c *gin.Context) {
	if err := s.ready(c.Request.Context()); err != nil {
		c.JSON(http.StatusServiceUnavailable, gin.H{"status": "unavailable", "reason": err.Error()})
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "ready"})
}

func (s *Server) openapi(c *gin.Context) {
	c.Data(http.StatusOK, "application/json; charset=utf-8", openapiJSON)
}

func (s *Server) searchEntities(c *gin.Context) error {
	return reply(c)(s.svc.SearchEntities(c.Request.Context(), c.Request.URL.Query()))
}

func (s *Server) getEntity(c *gin.Context) error {
	if err := query.CheckParameters(query.OpEntity, c.Request.URL.Query()); err != nil {
		return err
	}
	return reply(c)(s.svc.Entity(c.Request.Context(), c.Param("id")))
}

func (s *Server) getNeighbors(c *gin.Context) error {
	return reply(c)(s.svc.NeighborsAs(c.Request.Context(), c.Param("id"), c.Request.URL.Query()))
}

func (s *Server) findPaths(c *gin.Context) error {
	return reply(c)(s.svc.Paths(c.Request.Context(), c.Request.URL.Query()))
}

func (s *Server) getTimeline(c *gin.Context) error {
	return reply(c)(s.svc.TimelineAs(c.Request.Context(), c.Request.URL.Query()))
}

func (s *Server) listRelationTypes(c *gin.Context) error {
	if err := query.CheckParameters(query.OpRelationTypes, c.Request.URL.Query()); err != nil {
		return err
	}
	return reply(c)(s.svc.RelationTypes(), nil)
}

func (s *Server) getStats(c *gin.Context) error {
	if err := query.CheckParameters(query.OpStats, c.Request.URL.Query()); err != nil {
		return err
	}
	return reply(c)(s.svc.Stats(c.Request.Context()))
}
