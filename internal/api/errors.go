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
	graph.EInvalid:       http.StatusBadRequest,
	graph.ENotFound:      http.StatusNotFound,
	graph.EConflict:      http.StatusConflict,
	graph.EUnavailable:   http.StatusServiceUnavailable,
	graph.EInternal:      http.StatusInternalServerError,
	codeMethodNotAllowed: http.StatusMethodNotAllowed,
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

// writeError writes err as an error response. A request past its deadline
// is unavailable whatever the store said; internal errors are logged with
// the request id and their text is not shown.
func (s *Server) writeError(c *gin.Context, err error) {
	ctx := c.Request.Context()
	id := RequestID(ctx)
	code := graph.ErrorCode(err)
	var msg string
	details := map[string]any{}
	switch {
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded):
		code = graph.EUnavailable
		msg = fmt.Sprintf("the request took longer than %s; narrow it (filters, limit, depth, max_hops) or retry", s.timeout)
		details["timeout_seconds"] = s.timeout.Seconds()
	case errors.Is(err, context.Canceled) || errors.Is(ctx.Err(), context.Canceled):
		code = graph.EUnavailable
		msg = "the request was cancelled"
	default:
		if _, known := statusOf[code]; !known {
			code = graph.EInternal
		}
		if code == graph.EInternal {
			s.log.ErrorContext(ctx, "internal error", "error", err.Error(), "request_id", id,
				"method", c.Request.Method, "path", c.Request.URL.Path)
			msg = "internal error; request id " + id
			break
		}
		var ge *graph.Error
		if errors.As(err, &ge) && ge.Message != "" {
			msg = ge.Message
		} else {
			msg = err.Error()
		}
		for k, v := range graph.ErrorDetails(err) {
			details[k] = v
		}
	}
	if c.Writer.Written() {
		return // too late to say anything
	}
	c.AbortWithStatusJSON(statusOf[code], ErrorBody{Error: ErrorObject{Code: code, Message: msg, Details: details}})
}
