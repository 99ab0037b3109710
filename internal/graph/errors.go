package graph

import (
	"errors"
	"fmt"
)

// Code classifies an Error. The HTTP layer and the CLI each map codes to a
// status or an exit code in exactly one table.
type Code string

// Error codes.
const (
	EInvalid     Code = "invalid"     // the request or the input is wrong
	ENotFound    Code = "not_found"   // a named thing does not exist
	EConflict    Code = "conflict"    // a name matches several things
	EUnavailable Code = "unavailable" // the store cannot be reached
	EInternal    Code = "internal"    // a bug or an unexpected failure
	// EUnauthenticated: no valid key was given where one is needed.
	EUnauthenticated Code = "unauthenticated"
	// EForbidden: the key given does not have the scope needed.
	EForbidden Code = "forbidden"
	// EUnprocessable: a well-formed request whose input has problems (an
	// upload that does not import), listed in the details.
	EUnprocessable Code = "unprocessable"
	// ETooLarge: a request body beyond the limit.
	ETooLarge Code = "too_large"
)

// Error is the one error type of geokg. Message is for people; Details holds
// machine-readable context (candidates, allowed values, a JSON pointer).
type Error struct {
	Code    Code
	Message string
	Details map[string]any
	Err     error // the underlying cause, if any
}

func (e *Error) Error() string {
	if e.Err != nil && e.Message == "" {
		return e.Err.Error()
	}
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the code and a formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// With returns a copy of e carrying one more detail.
func (e *Error) With(key string, value any) *Error {
	c := *e
	c.Details = make(map[string]any, len(e.Details)+1)
	for k, v := range e.Details {
		c.Details[k] = v
	}
	c.Details[key] = value
	return &c
}

// Wrap returns an *Error with the code around err, keeping err's own code if
// it already is an *Error.
func Wrap(code Code, err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	var ge *Error
	if errors.As(err, &ge) {
		code = ge.Code
	}
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Err: err}
}

// ErrorCode returns the code of err: its own if it is an *Error, EInternal
// otherwise.
func ErrorCode(err error) Code {
	var ge *Error
	if errors.As(err, &ge) {
		return ge.Code
	}
	return EInternal
}

// ErrorDetails returns the details of the outermost *Error in err's chain.
func ErrorDetails(err error) map[string]any {
	var ge *Error
	if errors.As(err, &ge) {
		return ge.Details
	}
	return nil
}
