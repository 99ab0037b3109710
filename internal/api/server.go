// Package api is geokg's HTTP API: a Gin server whose thin handlers parse
// request parameters with query's parsers, run the requests with
// query.Service and write its answers (as JSON, or in the export format a
// request asks for) and errors as JSON. Routes are listed in routes.go, the
// error-to-status table is in errors.go, the middleware (request ids, the
// access log, metrics, CORS, security headers, deadlines) in middleware.go,
// caching and compression of answers in cache.go, and openapi.json
// describes it all.
package api

import (
	"cmp"
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/geokg/geokg/internal/draft"
	"github.com/geokg/geokg/internal/ontology"
	"github.com/geokg/geokg/internal/query"
)

// DefaultRequestTimeout is the time limit of one request when
// Options.RequestTimeout is not set.
const DefaultRequestTimeout = 10 * time.Second

// Defaults of the http.Server limits in Options.
const (
	DefaultReadHeaderTimeout = 10 * time.Second
	DefaultReadTimeout       = 30 * time.Second
	DefaultWriteMargin       = 10 * time.Second // WriteTimeout is RequestTimeout plus this
	DefaultMaxBodyBytes      = 32 << 20         // the largest upload
	DefaultIdleTimeout       = 2 * time.Minute
	DefaultMaxHeaderBytes    = 64 << 10
)

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
	// nil pings the service's store. Its error is logged, not shown.
	Ready func(ctx context.Context) error

	// CORSOrigins are the origins (scheme://host[:port], "*" for any, one
	// "*" wildcard allowed in each) whose pages may read the API; none
	// means no cross-origin reads.
	CORSOrigins []string
	// CacheMaxAge is how long a client may reuse a GET answer without
	// revalidating it (Cache-Control: max-age); 0 means revalidate every
	// time (no-cache), which the ETag makes cheap.
	CacheMaxAge time.Duration
	// KeysForReads makes queries need a key of scope read (writes always
	// need one of scope write: see authorize).
	KeysForReads bool
	// MaxBodyBytes bounds the body of a write (an upload); 0 means
	// DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// RateLimit is how many requests a second each client may make (a
	// client is the key it sends, else its IP address), in bursts of up to
	// RateBurst; 0 means no limit. Over it, a 429 with Retry-After.
	RateLimit float64
	RateBurst int

	// The limits of ListenAndServe's http.Server; 0 means the default
	// above. WriteTimeout counts from the end of the request's headers, so
	// it must leave room for RequestTimeout: its default is RequestTimeout
	// plus DefaultWriteMargin.
	ReadHeaderTimeout time.Duration
	ReadTimeout       time.Duration
	WriteTimeout      time.Duration
	IdleTimeout       time.Duration
	MaxHeaderBytes    int
}

// withDefaults returns o with every zero limit set to its default.
func (o Options) withDefaults() Options {
	set := func(d *time.Duration, def time.Duration) {
		if *d <= 0 {
			*d = def
		}
	}
	set(&o.RequestTimeout, DefaultRequestTimeout)
	set(&o.ReadHeaderTimeout, DefaultReadHeaderTimeout)
	set(&o.ReadTimeout, DefaultReadTimeout)
	set(&o.WriteTimeout, o.RequestTimeout+DefaultWriteMargin)
	set(&o.IdleTimeout, DefaultIdleTimeout)
	if o.MaxHeaderBytes <= 0 {
		o.MaxHeaderBytes = DefaultMaxHeaderBytes
	}
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}

// Server serves the API over a query.Service.
type Server struct {
	svc     *query.Service
	opts    Options
	log     *slog.Logger
	ready   func(ctx context.Context) error
	engine  *gin.Engine
	metrics *metrics
	limiter *limiter // nil: no rate limit
	openapi []byte   // the document served at /openapi.json
	// lexicon is the built-in cue lexicon of drafts over the vocabulary,
	// made at the first draft.
	lexicon func() (*draft.Lexicon, error)
}

// New returns a server answering with svc.
func New(svc *query.Service, opts Options) *Server {
	opts = opts.withDefaults()
	s := &Server{svc: svc, opts: opts, log: opts.Logger, ready: opts.Ready, metrics: newMetrics(), openapi: OpenAPI(svc.Vocabulary),
		lexicon: sync.OnceValues(func() (*draft.Lexicon, error) {
			return draft.BuiltinLexicon(cmp.Or(svc.Vocabulary, ontology.Default()))
		})}
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
	e.Use(s.head, s.requestID, s.accessLog, s.measure, s.recovery, securityHeaders)
	if len(opts.CORSOrigins) > 0 {
		e.Use(corsHandler(opts.CORSOrigins))
	}
	if opts.RateLimit > 0 {
		s.limiter = newLimiter(opts.RateLimit, opts.RateBurst)
		e.Use(s.rateLimit)
	}
	e.Use(s.deadline)
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

// Serve is ListenAndServe on a listener of the caller's; it closes ln. The
// errors net/http answers itself, before any handler runs, are rewritten
// to the API's JSON shape (see jsonErrorConn).
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.engine,
		ReadHeaderTimeout: s.opts.ReadHeaderTimeout,
		ReadTimeout:       s.opts.ReadTimeout,
		WriteTimeout:      s.opts.WriteTimeout,
		IdleTimeout:       s.opts.IdleTimeout,
		MaxHeaderBytes:    s.opts.MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(jsonErrorListener{ln}) }()
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
