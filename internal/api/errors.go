package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/geokg/geokg/internal/graph"
)

// codeMethodNotAllowed is the code of the one error the router makes on its
// own: a known path asked with another method than GET.
const codeMethodNotAllowed graph.Code = "method_not_allowed"

// statusOf is the one table from error codes to HTTP statuses. A code not in
// it answers 500.
var statusOf = map[graph.Code]int{
	graph.EInvalid:         http.StatusBadRequest,
	graph.ENotFound:        http.StatusNotFound,
	graph.EConflict:        http.StatusConflict,
	graph.EUnavailable:     http.StatusServiceUnavailable,
	graph.EInternal:        http.StatusInternalServerError,
	graph.EUnauthenticated: http.StatusUnauthorized,
	graph.EForbidden:       http.StatusForbidden,
	graph.EUnprocessable:   http.StatusUnprocessableEntity,
	graph.ETooLarge:        http.StatusRequestEntityTooLarge,
	codeMethodNotAllowed:   http.StatusMethodNotAllowed,
	codeRateLimited:        http.StatusTooManyRequests,
}

// ErrorBody is the JSON of every error response.
type ErrorBody struct {
	Error ErrorObject `json:"error"`
}

// ErrorObject says what went wrong: a code (see statusOf), a message for
// people and machine-readable details ({} when none).
type ErrorObject struct {
	Code    graph.Code     `json:"code"`
	Message string         `json:"message"`
	Details map[string]any `json:"details"`
}

// handle turns a handler that returns an error into a Gin handler; errors
// are written by writeError. A query string that cannot be parsed is
// rejected before the handler runs.
func (s *Server) handle(h func(c *gin.Context) error) gin.HandlerFunc {
	return func(c *gin.Context) {
		err := badQuery(c.Request.URL.RawQuery)
		if err == nil {
			err = h(c)
		}
		if err != nil {
			s.writeError(c, err)
		}
	}
}

func badQuery(raw string) error {
	if _, err := url.ParseQuery(raw); err != nil {
		return graph.Errorf(graph.EInvalid, "malformed query string: %v", err)
	}
	return nil
}

// reply returns a function that writes v as a 200 answer, or returns err.
// It lets handlers say `return reply(c)(s.svc.X(...))`.
func reply(c *gin.Context) func(v any, err error) error {
	return func(v any, err error) error {
		if err != nil {
			return err
		}
		c.JSON(http.StatusOK, v)
		return nil
	}
}

// StoreUnavailable is the message of a 503 answered because the store
// could not be used (down, unreachable, rejecting the credentials): the
// reason, which names the store's server, goes to the server's log.
const StoreUnavailable = "the graph store is unavailable: retry later; the server's log says why"

// writeError writes err as an error response. A request past its deadline
// is unavailable whatever the store said; internal errors (and panics),
// and the store's reasons for being unavailable, are logged with the
// request id and their text is not shown.
func (s *Server) writeError(c *gin.Context, err error) {
	ctx := c.Request.Context()
	id := RequestID(ctx)
	e := ErrorObject{Code: graph.ErrorCode(err), Details: map[string]any{}}
	var pe *panicError
	switch {
	case errors.As(err, &pe):
		e.Code = graph.EInternal
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded):
		e.Code = graph.EUnavailable
		e.Message = fmt.Sprintf("the request took longer than %s; narrow it (filters, limit, depth, max_hops) or retry", s.opts.RequestTimeout)
		e.Details["timeout_seconds"] = s.opts.RequestTimeout.Seconds()
	case errors.Is(err, context.Canceled) || errors.Is(ctx.Err(), context.Canceled):
		e.Code = graph.EUnavailable
		e.Message = "the request was cancelled"
	case e.Code == graph.EUnavailable:
		// The store's reason names its server (host, port, database):
		// for the server's log, not for every client.
		s.log.WarnContext(ctx, "store unavailable", "error", err.Error(), "request_id", id,
			"method", c.Request.Method, "path", c.Request.URL.Path)
		e.Message = StoreUnavailable + "; request id " + id
	default:
		if _, known := statusOf[e.Code]; !known {
			e.Code = graph.EInternal
		}
		var ge *graph.Error
		if errors.As(err, &ge) && ge.Message != "" {
			e.Message = ge.Message // without the cause, which may name hosts or files
		} else {
			e.Message = err.Error()
		}
		for k, v := range graph.ErrorDetails(err) {
			e.Details[k] = v
		}
	}
	if e.Code == graph.EInternal {
		s.log.ErrorContext(ctx, "internal error", "error", err.Error(), "request_id", id,
			"method", c.Request.Method, "path", c.Request.URL.Path)
		e.Message = "internal error; request id " + id
		e.Details = map[string]any{}
	}
	if c.Writer.Written() {
		return // too late to say anything
	}
	c.AbortWithStatusJSON(statusOf[e.Code], ErrorBody{Error: e})
}
