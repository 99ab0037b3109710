package write

import (
	"errors"
	"strings"
	"testing"

	"github.com/geokg/geokg/internal/graph"
)

// A batch's failure names the sources it lost and is a failure of the
// store, whatever caused it: an input's error (of a builder a redo ran
// again) is not passed on as one, a store's own error keeps EUnavailable,
// and a driver's error goes to the store's mapping with what was lost.
func TestBatchFailure(t *testing.T) {
	pending := []Pending{{Source: "a1"}, {Source: "a2"}, {Source: "a3"}}
	lost := "committing imports; not stored either: the 3 source(s) imported since the last commit (a1 … a3)"
	var mappedWhat string
	mapped := func(err error, what string) error {
		mappedWhat = what
		return &graph.Error{Code: graph.EUnavailable, Message: "mapped: " + what, Err: err}
	}
	for _, tc := range []struct {
		err  error
		code graph.Code
	}{
		{graph.Errorf(graph.EInvalid, "a document the builder refuses"), graph.EInternal},
		{graph.Errorf(graph.EUnavailable, "the store is closed"), graph.EUnavailable},
		{graph.Errorf(graph.ENotFound, "no such source"), graph.EInternal},
		{errors.New("connection reset"), graph.EUnavailable},
	} {
		mappedWhat = ""
		err := BatchFailure("committing imports", tc.err, pending, mapped)
		if graph.ErrorCode(err) != tc.code || !strings.Contains(err.Error(), lost) || !errors.Is(err, tc.err) {
			t.Errorf("BatchFailure(%v) = %v (%s), want %s saying %q and wrapping it", tc.err, err, graph.ErrorCode(err), tc.code, lost)
		}
		var ge *graph.Error
		if want := !errors.As(tc.err, &ge); (mappedWhat == lost) != want {
			t.Errorf("BatchFailure(%v): the store's mapping was given %q", tc.err, mappedWhat)
		}
	}
	if err := BatchFailure("importing source a4", errors.New("x"), nil, mapped); err.Error() != "mapped: importing source a4: x" {
		t.Errorf("with nothing lost: %v", err)
	}
}
