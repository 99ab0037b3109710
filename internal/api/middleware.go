package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"runtime/debug"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"github.com/rs/cors"
)

// RequestIDHeader carries the id of a request, taken from the client when it
// is sane and generated otherwise, and echoed in every response.
const RequestIDHeader = "X-Request-ID"

var saneRequestID = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,128}$`)

type ctxKey struct{}

// RequestID returns the id of the request a context belongs to, "" if none.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(ctxKey{}).(string)
	return id
}

func newRequestID() string {
	var b [12]byte
	_, _ = rand.Read(b[:]) // never fails
	return hex.EncodeToString(b[:])
}

// requestID names the request and echoes the name in the response.
func (s *Server) requestID(c *gin.Context) {
	id := c.GetHeader(RequestIDHeader)
	if !saneRequestID.MatchString(id) {
		id = newRequestID()
	}
	c.Header(RequestIDHeader, id)
	c.Request = c.Request.WithContext(context.WithValue(c.Request.Context(), ctxKey{}, id))
	c.Next()
}

// headKey marks, in its context, a HEAD request that head answers as a GET.
type headKey struct{}

// head answers a HEAD request as the GET of the same URL (net/http sends
// its headers and drops its body), so that every GET route and the
// workbench answer HEAD. It runs first, and the GET runs the whole chain.
func (s *Server) head(c *gin.Context) {
	if c.Request.Method != http.MethodHead {
		return
	}
	get := c.Request.Clone(context.WithValue(c.Request.Context(), headKey{}, true))
	get.Method = http.MethodGet
	c.Request = get
	s.engine.HandleContext(c)
	c.Abort()
}

// method is the method the client sent: HEAD for a HEAD answered as a GET.
func method(r *http.Request) string {
	if r.Context().Value(headKey{}) != nil {
		return http.MethodHead
	}
	return r.Method
}

// MaxLoggedBytes bounds each of the path and the query string that the
// access log writes; a longer one is cut (at a rune boundary) and its
// full length logged beside it.
const MaxLoggedBytes = 512

// clip returns s cut to MaxLoggedBytes at a rune boundary.
func clip(s string) string {
	if len(s) <= MaxLoggedBytes {
		return s
	}
	n := MaxLoggedBytes
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// clipped logs s under key, cut by clip, with its length under key_bytes
// when it was cut.
func clipped(key, s string) []slog.Attr {
	attrs := []slog.Attr{slog.String(key, clip(s))}
	if len(s) > MaxLoggedBytes {
		attrs = append(attrs, slog.Int(key+"_bytes", len(s)))
	}
	return attrs
}

// accessLog logs one line per request.
func (s *Server) accessLog(c *gin.Context) {
	start := time.Now()
	c.Next()
	attrs := []slog.Attr{slog.String("method", clip(method(c.Request)))}
	attrs = append(attrs, clipped("path", c.Request.URL.Path)...)
	attrs = append(attrs, clipped("query", c.Request.URL.RawQuery)...)
	s.log.LogAttrs(c.Request.Context(), slog.LevelInfo, "request", append(attrs,
		slog.Int("status", c.Writer.Status()),
		slog.Duration("duration", time.Since(start)),
		slog.String("request_id", RequestID(c.Request.Context())),
	)...)
}

// securityHeaders are sent with every answer: no content sniffing, no
// referrer. The workbench (internal/web) sets the same on its pages, and
// its own Content-Security-Policy.
func securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
}

// corsHandler lets pages of origins use the API: GET and HEAD with the
// request id and revalidation headers, and the writes (POST, DELETE) with
// a key; the request id and ETag exposed. A
// preflight (OPTIONS with Access-Control-Request-Method) is answered 204
// here, with the CORS headers when its origin is allowed; other requests go
// on, with them when it is.
func corsHandler(origins []string) gin.HandlerFunc {
	c := cors.New(cors.Options{
		AllowedOrigins: origins,
		AllowedMethods: []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodDelete},
		AllowedHeaders: []string{RequestIDHeader, "If-None-Match", "If-Modified-Since", "Cache-Control", "Authorization", "Content-Type"},
		ExposedHeaders: []string{RequestIDHeader, "ETag"},
		MaxAge:         600,
	})
	return func(ctx *gin.Context) {
		r := ctx.Request
		c.HandlerFunc(ctx.Writer, r)
		if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
			ctx.AbortWithStatus(http.StatusNoContent)
		}
	}
}

// recovery turns a panic into a logged internal error and a JSON 500.
func (s *Server) recovery(c *gin.Context) {
	defer func() {
		v := recover()
		if v == nil {
			return
		}
		if v == http.ErrAbortHandler {
			panic(v)
		}
		s.writeError(c, &panicError{value: v, stack: debug.Stack()})
		c.Abort()
	}()
	c.Next()
}

type panicError struct {
	value any
	stack []byte
}

func (p *panicError) Error() string { return fmt.Sprintf("panic: %v\n%s", p.value, p.stack) }

// deadline gives the request its time limit.
func (s *Server) deadline(c *gin.Context) {
	req := c.Request
	ctx, cancel := context.WithTimeout(req.Context(), s.opts.RequestTimeout)
	defer func() {
		cancel()
		c.Request = req // a panic is reported outside the limit
	}()
	c.Request = req.WithContext(ctx)
	c.Next()
}
