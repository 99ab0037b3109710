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

	"github.com/gin-gonic/gin"
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

// accessLog logs one line per request.
func (s *Server) accessLog(c *gin.Context) {
	start := time.Now()
	c.Next()
	s.log.LogAttrs(c.Request.Context(), slog.LevelInfo, "request",
		slog.String("method", c.Request.Method),
		slog.String("path", c.Request.URL.Path),
		slog.String("query", c.Request.URL.RawQuery),
		slog.Int("status", c.Writer.Status()),
		slog.Duration("duration", time.Since(start)),
		slog.String("request_id", RequestID(c.Request.Context())),
	)
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
	ctx, cancel := context.WithTimeout(req.Context(), s.timeout)
	defer func() {
		cancel()
		c.Request = req // a panic is reported outside the limit
	}()
	c.Request = req.WithContext(ctx)
	c.Next()
}
