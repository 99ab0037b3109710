package query

import (
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/ontology"
)

// Operation names one query of the service. The names are the operationIds
// of the HTTP API's OpenAPI document.
type Operation string

// Operations.
const (
	OpSearchEntities Operation = "searchEntities"
	OpEntity         Operation = "getEntity"
	OpNeighbors      Operation = "getNeighbors"
	OpPaths          Operation = "findPaths"
	OpTimeline       Operation = "getTimeline"
	OpRelationTypes  Operation = "listRelationTypes"
	OpStats          Operation = "getStats"
)

// Operations lists every operation of the API.
var Operations = []Operation{OpSearchEntities, OpEntity, OpNeighbors, OpPaths, OpTimeline, OpRelationTypes, OpStats}

// OpExport is the CLI's export of the whole graph or of a neighbourhood
// (Service.Export). It is not an API operation: a whole-graph export is not
// a request to answer within a request's time limit.
const OpExport Operation = "exportGraph"

// FilterParameters are the relation filters several operations share.
var FilterParameters = []string{"types", "exclude_types", "since", "until", "as_of", "min_confidence", "modalities"}

// Limits of the numeric parameters: default, smallest and largest value.
const (
	SearchLimitDefault, SearchLimitMax     = 20, 100
	NeighborLimitDefault, NeighborLimitMax = 200, 1000
	TimelineLimitDefault, TimelineLimitMax = 50, 500
	DepthDefault, DepthMax                 = 1, 2
	MaxHopsDefault, MaxHopsMax             = 4, 6
	KDefault, KMax                         = 3, 10
)

// Directions and BucketUnits are the allowed values of "direction" and
// "bucket".
var (
	Directions  = []string{string(graph.Any), string(graph.Out), string(graph.In)}
	BucketUnits = []string{string(graph.BucketDay), string(graph.BucketWeek), string(graph.BucketMonth), string(graph.BucketYear)}
)

var parameters = map[Operation][]string{
	OpSearchEntities: {"q", "kind", "limit"},
	OpEntity:         {},
	OpNeighbors:      append([]string{"depth", "direction", "limit", "format"}, FilterParameters...),
	OpPaths:          append([]string{"from", "to", "max_hops", "k", "direction"}, FilterParameters...),
	OpTimeline:       append([]string{"entity", "with", "cursor", "limit", "bucket", "format"}, FilterParameters...),
	OpRelationTypes:  {},
	OpStats:          {},
	OpExport:         append([]string{"format", "entity", "depth", "direction"}, FilterParameters...),
}

// Parameters returns the query parameters an operation accepts, sorted; an
// entity reference given in the path (getEntity, getNeighbors) is not among
// them.
func Parameters(op Operation) []string {
	return slices.Sorted(slices.Values(parameters[op]))
}

// CheckParameters returns an EInvalid error for the first parameter (in
// name order) that op does not accept; its details hold the parameter and
// the allowed ones. Every operation calls it; callers of the operations
// without parameters of their own (getEntity, listRelationTypes, getStats)
// call it to reject what they were given.
func CheckParameters(op Operation, params map[string][]string) error {
	allowed, ok := parameters[op]
	if !ok {
		return graph.Errorf(graph.EInternal, "unknown operation %q", op)
	}
	names := make([]string, 0, len(params))
	for name := range params {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if !slices.Contains(allowed, name) {
			list := Parameters(op)
			msg := "takes no parameters"
			if len(list) > 0 {
				msg = "allows " + strings.Join(list, ", ")
			}
			return graph.Errorf(graph.EInvalid, "unknown parameter %q: %s %s", name, op, msg).
				With("parameter", name).With("allowed", list)
		}
	}
	return nil
}

// params reads checked parameters. Empty values count as absent, so that a
// form or a dashboard template may send every field.
type params map[string][]string

func invalid(name string, allowed any, format string, args ...any) *graph.Error {
	e := graph.Errorf(graph.EInvalid, format, args...).With("parameter", name)
	if allowed != nil {
		e = e.With("allowed", allowed)
	}
	return e
}

// one returns the single value of a parameter, "" when absent.
func (p params) one(name string) (string, error) {
	var vals []string
	for _, v := range p[name] {
		if v = strings.TrimSpace(v); v != "" {
			vals = append(vals, v)
		}
	}
	switch len(vals) {
	case 0:
		return "", nil
	case 1:
		return vals[0], nil
	}
	return "", invalid(name, nil, "parameter %s is given %d times; give it once", name, len(vals))
}

func (p params) required(name string) (string, error) {
	v, err := p.one(name)
	if err == nil && v == "" {
		err = invalid(name, nil, "missing parameter %s", name)
	}
	return v, err
}

// list returns the values of a parameter given as a comma-separated list,
// repeated, or both, without blanks or duplicates.
func (p params) list(name string) []string {
	var out []string
	for _, v := range p[name] {
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" && !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return out
}

// intIn reads an integer from lo to hi, def when absent.
func (p params) intIn(name string, def, lo, hi int) (int, error) {
	v, err := p.one(name)
	if err != nil || v == "" {
		return def, err
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, invalid(name, map[string]int{"minimum": lo, "maximum": hi},
			"invalid %s %q: want an integer from %d to %d", name, v, lo, hi)
	}
	return n, nil
}

// enum reads one of allowed, def when absent.
func (p params) enum(name, def string, allowed []string) (string, error) {
	v, err := p.one(name)
	if err != nil || v == "" {
		return def, err
	}
	if !slices.Contains(allowed, v) {
		return "", invalid(name, allowed, "invalid %s %q: want one of %s", name, v, strings.Join(allowed, ", "))
	}
	return v, nil
}

// date reads a date at any precision and returns its first or last day.
func (p params) date(name string, last bool) (string, error) {
	v, err := p.one(name)
	if err != nil || v == "" {
		return "", err
	}
	d, err := graph.ParseDate(v)
	if err != nil {
		return "", invalid(name, []string{"YYYY", "YYYY-MM", "YYYY-MM-DD"}, "invalid %s: %s", name, message(err))
	}
	if last {
		return d.Last(), nil
	}
	return d.First(), nil
}

// filter reads the shared relation filters.
func (p params) filter(voc *ontology.Vocabulary) (graph.Filter, error) {
	var f graph.Filter
	var err error
	if f.Types, err = p.types("types", voc); err != nil {
		return f, err
	}
	if f.ExcludeTypes, err = p.types("exclude_types", voc); err != nil {
		return f, err
	}
	if f.Since, err = p.date("since", false); err != nil {
		return f, err
	}
	if f.Until, err = p.date("until", true); err != nil {
		return f, err
	}
	if f.Since != "" && f.Until != "" && f.Since > f.Until {
		return f, invalid("until", nil, "until (%s) is before since (%s)", f.Until, f.Since)
	}
	if f.AsOf, err = p.date("as_of", true); err != nil {
		return f, err
	}
	if v, err := p.one("min_confidence"); err != nil {
		return f, err
	} else if v != "" {
		c, perr := strconv.ParseFloat(v, 64)
		if perr != nil || math.IsNaN(c) || c < 0 || c > 1 {
			return f, invalid("min_confidence", map[string]float64{"minimum": 0, "maximum": 1},
				"invalid min_confidence %q: want a number from 0 to 1", v)
		}
		f.MinConfidence = c
	}
	allowed := make([]string, len(graph.Modalities))
	for i, m := range graph.Modalities {
		allowed[i] = string(m)
	}
	for _, m := range p.list("modalities") {
		if !slices.Contains(allowed, m) {
			return f, invalid("modalities", allowed, "invalid modalities: %q is not a modality; want some of %s", m, strings.Join(allowed, ", "))
		}
		f.Modalities = append(f.Modalities, graph.Modality(m))
	}
	return f, nil
}

// types reads relation type names and returns their ids.
func (p params) types(name string, voc *ontology.Vocabulary) ([]string, error) {
	var ids []string
	for _, n := range p.list(name) {
		t, err := voc.Lookup(n)
		if err != nil {
			e := invalid(name, nil, "invalid %s: %s", name, message(err)).With("value", n)
			sug := graph.ErrorDetails(err)["suggestions"]
			if sug == nil {
				sug = []string{}
			}
			return nil, e.With("suggestions", sug)
		}
		if !slices.Contains(ids, t.ID) {
			ids = append(ids, t.ID)
		}
	}
	return ids, nil
}

// message is the message of err for people: the outermost *graph.Error's own
// message when it has one, else the error text.
func message(err error) string {
	var ge *graph.Error
	if errors.As(err, &ge) && ge.Message != "" {
		return ge.Message
	}
	return err.Error()
}
