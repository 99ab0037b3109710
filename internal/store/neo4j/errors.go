package neo4jstore

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/geokg/geokg/internal/graph"
)

// fail turns an error of the driver or of Neo4j into a *graph.Error: this
// is the one place where the store maps errors. *graph.Error values (the
// store's own, e.g. EInvalid from a check inside a transaction) pass
// through; nil stays nil.
func (s *Store) fail(err error, what string) error {
	if err == nil {
		return nil
	}
	var ge *graph.Error
	if errors.As(err, &ge) {
		return err
	}
	if unreachable(err) {
		uerr := s.unavailable(err, what)
		s.noteFailure(err, uerr)
		return uerr
	}
	cause := rootCause(err)
	var ne *neo4j.Neo4jError
	if errors.As(cause, &ne) {
		switch {
		case ne.Code == "Neo.ClientError.Schema.ConstraintValidationFailed":
			// A concurrent writer stored the same relation id first.
			return &graph.Error{Code: graph.EInvalid, Message: fmt.Sprintf("neo4j store: %s: %s", what, ne.Msg)}
		case ne.Code == "Neo.ClientError.Database.DatabaseNotFound":
			return &graph.Error{Code: graph.EUnavailable, Message: fmt.Sprintf("neo4j store %s: %s: database %q does not exist (NEO4J_DATABASE)",
				s.cfg.URI, what, s.cfg.Database)}
		}
	}
	return &graph.Error{Code: graph.EInternal, Message: fmt.Sprintf("neo4j store %s: %s", s.cfg.URI, what), Err: cause}
}

// unavailable is the EUnavailable error of a server that cannot be
// reached or refuses the credentials, with the driver's reason in one line.
func (s *Store) unavailable(err error, what string) error {
	cause := rootCause(err)
	reason := cause.Error()
	var ne *neo4j.Neo4jError
	var ce *neo4j.ConnectivityError
	switch {
	case errors.As(cause, &ce):
		reason = ce.Inner.Error()
	case errors.As(cause, &ne) && ne.HasSecurityCode():
		reason = "authentication failed (NEO4J_USER, NEO4J_PASSWORD): " + ne.Msg
	case errors.As(cause, &ne):
		reason = firstSentences(ne.Msg, maxReason) + " (" + ne.Code + ")"
	case errors.Is(cause, context.Canceled), errors.Is(cause, context.DeadlineExceeded):
		reason = "gave up: " + cause.Error()
	}
	return &graph.Error{Code: graph.EUnavailable, Message: fmt.Sprintf("neo4j store %s is unavailable (%s): %s", s.cfg.URI, what, reason)}
}

// maxReason bounds, in characters, a server's message in an unavailable
// error: Neo4j's can run to several sentences of advice ("Retry your
// operation… Retrying your request at a later time may succeed"), and an
// error is read as one line.
const maxReason = 160

// firstSentences is msg on one line, cut after the last sentence that ends
// within max characters (or at max, with "…", when the first is longer).
func firstSentences(msg string, max int) string {
	r := []rune(strings.Join(strings.Fields(msg), " "))
	if len(r) <= max {
		return string(r)
	}
	cut := string(r[:max])
	if i := strings.LastIndex(cut, ". "); i > 0 {
		return cut[:i+1] + " …"
	}
	return cut + "…"
}

// unreachable reports whether err means that the server could not be used
// (down, unreachable, overloaded, rejecting the credentials, or the caller
// gave up) rather than that a query failed.
func unreachable(err error) bool {
	var ge *graph.Error
	if errors.As(err, &ge) {
		return ge.Code == graph.EUnavailable
	}
	cause := rootCause(err)
	var ne *neo4j.Neo4jError
	var ae *neo4j.InvalidAuthenticationError
	var te *neo4j.TokenExpiredError
	var ue *neo4j.UsageError
	switch {
	case errors.As(cause, &ue):
		return false
	case errors.Is(cause, context.Canceled), errors.Is(cause, context.DeadlineExceeded),
		neo4j.IsRetryable(cause), neo4j.IsConnectivityError(cause),
		errors.As(cause, &ae), errors.As(cause, &te):
		return true
	case errors.As(cause, &ne):
		return ne.HasSecurityCode() || ne.Classification() == "TransientError"
	}
	// The driver's own errors about servers (routing tables, pools, TLS)
	// are of internal types: recognise them by package.
	return strings.Contains(fmt.Sprintf("%T", cause), "errorutil.")
}

// rootCause unwraps the driver's wrappers: the last error of a retried
// transaction, the inner error of a connectivity error.
func rootCause(err error) error {
	for {
		var tl *neo4j.TransactionExecutionLimit
		var ce *neo4j.ConnectivityError
		switch {
		case errors.As(err, &tl) && len(tl.Errors) > 0:
			err = tl.Errors[len(tl.Errors)-1]
		case errors.As(err, &ce) && ce.Inner != nil:
			return ce
		default:
			return err
		}
	}
}
