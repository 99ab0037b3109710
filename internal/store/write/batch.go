package write

import (
	"context"
	"errors"
	"fmt"

	"github.com/geokg/geokg/internal/graph"
)

// Pending is an import that a batch's transaction holds (graph.Batch),
// as a redo makes it again: its source and builder, and the context it
// was written under, without its cancellation (its audit entry).
type Pending struct {
	Ctx    context.Context
	Source string
	Build  graph.Builder
}

// BatchFailure is the error of a batch of imports that failed (err, in
// what) and lost the imports pending since its last commit: it names
// them. mapped is the store's own mapping of the errors of its driver. An
// err that is a *graph.Error already (the store's, or the input error of
// a builder that a redo ran again) becomes a failure of the store,
// EUnavailable when it is one and EInternal otherwise: what failed is the
// batch, not one document.
func BatchFailure(what string, err error, pending []Pending, mapped func(err error, what string) error) error {
	if n := len(pending); n > 0 {
		what += fmt.Sprintf("; not stored either: the %d source(s) imported since the last commit (%s … %s)", n, pending[0].Source, pending[n-1].Source)
	}
	var ge *graph.Error
	if !errors.As(err, &ge) {
		return mapped(err, what)
	}
	code := graph.EInternal
	if ge.Code == graph.EUnavailable {
		code = graph.EUnavailable
	}
	return &graph.Error{Code: code, Message: what, Err: err}
}
