// Package api is geokg's HTTP API: a Gin server whose thin handlers parse
// request parameters with query's parsers, run the requests with
// query.Service and write its answers (as JSON, or in the export format a
// request asks for) and errors as JSON. Routes are listed in routes.go, the error-to-status table is in
// errors.go, and openapi.json describes it all.
package api

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/geokg/geokg/internal/query"
)

// DefaultRequestTimeout is the time limit of one request when
// Options.RequestTimeout is not set.
const DefaultRequestTimeout = 10 * time.Second

// ShutdownTimeout is how long ListenAndServe waits for requests in flight
// once its context is cancelled.
const ShutdownTimeout = 15 * time.Second

// Options configure a Server.
type Options struct {
	// Logger receives one line per request and the internal errors;
	// nil discards them.
	Logger *slog.Logger
	// RequestTimeout limits each request; 0 means DefaultRequestTimeout.
	RequestTimeout time.Duration
	// Ready reports whether the server can answer queries, for /readyz;
	// nil pings the service's store.
	Ready func(ctx context.Context) error
}

// Server serves the API over a query.Service.
type Server struct {
	svc     *query.Service
	log     *slog.Logger
	timeout time.Duration
	ready   func(ctx context.Context) error
	engine  *gin.Engine
}

// New returns a server answering with svc.
func New(svc *query.Service, opts Options) *Server {
	s := &Server{svc: svc, log: opts.Logger, timeout: opts.RequestTimeout, ready: opts.Ready}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.timeout <= 0 {
		s.timeout = DefaultRequestTimeout
	}
	if s.ready == nil {
		s.ready = func(ctx context.Context) error { return svc.Store.Ping(ctx) }
	}
	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	e.HandleMethodNotAllowed = true
	e.RedirectTrailingSlash = false
	e.RedirectFixedPath = false
	e.UseRawPath = true // an entity name may hold an escaped "/"
	e.UnescapePathValues = true
	e.ContextWithFallback = true
	e.Use(s.requestID, s.accessLog, s.recovery, s.deadline)
	s.engine = e
	s.routes()
	return s
}

// Handler returns the server's http.Handler.
func (s *Server) Handler() http.Handler { return s.engine }

// ListenAndServe serves on addr until ctx is cancelled, then shuts down
// gracefully: it stops accepting connections and waits up to
// ShutdownTimeout for the requests in flight.
func (s *Server) ListenAndServe(ctx context.Context, addr string) error {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	return s.Serve(ctx, ln)
}

// Serve is ListenAndServe on a listener of the caller's; it closes ln.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.engine,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	s.log.Info("listening", "addr", ln.Addr().String())
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.log.Info("shutting down", "addr", ln.Addr().String())
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), ShutdownTimeout)
	defer cancel()
	err := srv.Shutdown(sctx)
	if serr := <-errc; serr != nil && !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}
