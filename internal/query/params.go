package query

import (
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

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
	OpSource         Operation = "getSource"
	OpConflicts      Operation = "listConflicts"
)

// Operations lists every operation of the API.
var Operations = []Operation{OpSearchEntities, OpEntity, OpNeighbors, OpPaths, OpTimeline, OpRelationTypes, OpStats, OpSource, OpConflicts}

// OpExport is the CLI's export of the whole graph or of a neighbourhood
// (Service.Export). It is not an API operation: a whole-graph export is not
// a request to answer within a request's time limit.
const OpExport Operation = "exportGraph"

// The writes, the admins' reads (api's writes.go) and drafting (api's
// annotate.go): the query service does not answer them, but their
// parameters are read as every other operation's are.
const (
	OpImportSource  Operation = "importSource"
	OpAnnotate      Operation = "annotateArticle"
	OpListDecisions Operation = "listDecisions"
	OpGetAudit      Operation = "getAudit"
	// AuditLimitDefault and AuditLimitMax bound getAudit's limit.
	AuditLimitDefault, AuditLimitMax = 100, 10000
)

// FilterParameters are the relation filters several operations share.
var FilterParameters = []string{"types", "exclude_types", "since", "until", "as_of", "known_as_of", "status", "min_confidence", "modalities"}

// MaxValueLength bounds the length in characters (code points, as the
// OpenAPI document's maxLength counts them) of every parameter's value (each
// value of a repeated parameter), of an entity reference given in the path
// (reported as parameter "id") and of a parameter's name: no valid request
// comes near it, and it bounds the work a request can cause before it is
// checked, such as the closest-name suggestions for a misspelt type.
const MaxValueLength = 1024

// IntMin is the smallest value of every integer parameter.
const IntMin = 1

// Limits of the integer parameters: default and largest value.
const (
	SearchLimitDefault, SearchLimitMax     = 20, 100
	NeighborLimitDefault, NeighborLimitMax = 200, 1000
	TimelineLimitDefault, TimelineLimitMax = 50, 500
	DepthDefault, DepthMax                 = 1, 2
	MaxHopsDefault, MaxHopsMax             = 4, 6
	KDefault, KMax                         = 3, 10
	PerHopDefault, PerHopMax               = 5, 100
)

// The values of "status": every fact, or those some reviewed report
// gives (graph.Filter.Reviewed).
const (
	StatusAny      = "any"
	StatusReviewed = "reviewed"
)

// Statuses are the allowed values of "status".
var Statuses = []string{StatusAny, StatusReviewed}

// The orders of a timeline ("sort").
const (
	SortOldest = "oldest"
	SortNewest = "newest"
)

// Directions, BucketUnits, TimelineSorts and Modalities are the allowed
// values of "direction", "bucket", "sort" and "modalities".
var (
	Directions  = []string{string(graph.Any), string(graph.Out), string(graph.In)}
	BucketUnits = []string{string(graph.BucketDay), string(graph.BucketWeek), string(graph.BucketMonth), string(graph.BucketYear)}
	// TimelineSorts: in time order, or the reverse.
	TimelineSorts = []string{SortOldest, SortNewest}
	Modalities    = func() []string {
		names := make([]string, len(graph.Modalities))
		for i, m := range graph.Modalities {
			names[i] = string(m)
		}
		return names
	}()
)

var parameters = map[Operation][]string{
	OpSearchEntities: {"q", "kind", "limit"},
	OpEntity:         {},
	OpNeighbors:      append([]string{"depth", "direction", "limit", "cursor", "format"}, FilterParameters...),
	OpPaths:          append([]string{"from", "to", "max_hops", "k", "direction", "avoid", "through", "chronological", "rank", "per_hop"}, FilterParameters...),
	OpTimeline:       append([]string{"entity", "with", "cursor", "limit", "sort", "bucket", "reports", "disputed", "format"}, FilterParameters...),
	OpRelationTypes:  {},
	OpStats:          {},
	OpSource:         {},
	OpConflicts:      {"types", "known_as_of"},
	OpExport:         append([]string{"format", "entity", "depth", "direction"}, FilterParameters...),
	OpImportSource:   {"name", "format"},
	OpAnnotate:       {"name", "language", "published"},
	OpListDecisions:  {},
	OpGetAudit:       {"limit"},
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
//
// A value (or a name) longer than MaxValueLength is an EInvalid error too,
// checked first; its details hold the parameter and, under "allowed",
// "max_length".
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
		if tooLongValue(name) {
			return tooLong(clip(name), "a parameter name")
		}
		for _, v := range params[name] {
			if err := checkLength(name, v); err != nil {
				return err
			}
		}
	}
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

// checkLength returns an EInvalid error naming parameter name when value is
// longer than MaxValueLength.
func checkLength(name, value string) error {
	if tooLongValue(value) {
		return tooLong(name, "its value")
	}
	return nil
}

// tooLongValue says whether s has more than MaxValueLength characters,
// without counting those of a string too long in bytes to be within it.
func tooLongValue(s string) bool {
	return len(s) > MaxValueLength && (len(s) > utf8.UTFMax*MaxValueLength || utf8.RuneCountInString(s) > MaxValueLength)
}

func tooLong(name, what string) error {
	return invalid(name, map[string]int{"max_length": MaxValueLength},
		"parameter %s is too long: %s is over %d characters", name, what, MaxValueLength)
}

// clip shortens a name that is too long to show whole to its first 64
// bytes (whole runes) and an ellipsis.
func clip(name string) string {
	n := 64
	for n > 0 && !utf8.RuneStart(name[n]) {
		n--
	}
	return name[:n] + "…"
}

// reader reads the parameters of one request. Empty values count as
// absent, so that a form or a dashboard template may send every field. The
// first error sticks: later reads return zero values, so a parser reads its
// parameters in order and reports the first mistake.
type reader struct {
	values map[string][]string
	voc    *ontology.Vocabulary
	err    error
}

// newReader returns a reader of values, which op must accept
// (CheckParameters); voc names the relation types (nil: ontology.Default()).
func newReader(op Operation, values map[string][]string, voc *ontology.Vocabulary) *reader {
	return &reader{values: values, voc: orDefault(voc), err: CheckParameters(op, values)}
}

// orDefault returns voc, or ontology.Default() when voc is nil.
func orDefault(voc *ontology.Vocabulary) *ontology.Vocabulary {
	if voc != nil {
		return voc
	}
	return ontology.Default()
}

// fail records err unless an error came first.
func (r *reader) fail(err error) {
	if r.err == nil {
		r.err = err
	}
}

// parsed returns req, or the zero R with the reader's error.
func parsed[R any](r *reader, req R) (R, error) {
	if r.err != nil {
		var zero R
		return zero, r.err
	}
	return req, nil
}

func invalid(name string, allowed any, format string, args ...any) *graph.Error {
	e := graph.Errorf(graph.EInvalid, format, args...).With("parameter", name)
	if allowed != nil {
		e = e.With("allowed", allowed)
	}
	return e
}

// one returns the single value of a parameter, "" when absent.
func (r *reader) one(name string) string {
	if r.err != nil {
		return ""
	}
	var vals []string
	for _, v := range r.values[name] {
		if v = strings.TrimSpace(v); v != "" {
			vals = append(vals, v)
		}
	}
	switch len(vals) {
	case 0:
		return ""
	case 1:
		return vals[0]
	}
	r.fail(invalid(name, nil, "parameter %s is given %d times; give it once", name, len(vals)))
	return ""
}

func (r *reader) required(name string) string {
	v := r.one(name)
	if r.err == nil && v == "" {
		r.fail(invalid(name, nil, "missing parameter %s", name))
	}
	return v
}

// list returns the values of a parameter given as a comma-separated list,
// repeated, or both, without blanks or duplicates.
func (r *reader) list(name string) []string {
	var out []string
	for _, v := range r.values[name] {
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" && !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return out
}

// ASCIINumber returns a number as typed with ASCII digits and point: its
// Arabic-Indic or Persian digits and Arabic decimal separator (٫) mapped,
// as the parsers of numbers read it.
func ASCIINumber(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '٫' {
			return '.'
		}
		return graph.ASCIIDigit(r)
	}, s)
}

// int reads an integer from IntMin to hi, def when absent; its digits may
// be Arabic-Indic or Persian, as in dates.
func (r *reader) int(name string, def, hi int) int {
	v := r.one(name)
	if r.err != nil || v == "" {
		return def
	}
	n, err := strconv.Atoi(ASCIINumber(v))
	if err != nil || n < IntMin || n > hi {
		r.fail(invalid(name, map[string]int{"minimum": IntMin, "maximum": hi},
			"invalid %s %q: want an integer from %d to %d", name, v, IntMin, hi))
		return 0
	}
	return n
}

// enum reads one of allowed, def when absent.
func (r *reader) enum(name, def string, allowed []string) string {
	v := r.one(name)
	if r.err != nil || v == "" {
		return def
	}
	if !slices.Contains(allowed, v) {
		r.fail(invalid(name, allowed, "invalid %s %q: want one of %s", name, v, strings.Join(allowed, ", ")))
		return ""
	}
	return v
}

// bool reads true or false, false when absent.
func (r *reader) bool(name string) bool {
	return r.enum(name, "false", []string{"true", "false"}) == "true"
}

// direction reads the direction parameter, graph.Any when absent.
func (r *reader) direction() graph.Direction {
	return graph.Direction(r.enum("direction", string(graph.Any), Directions))
}

// date reads a date at any precision and returns its first or last day.
func (r *reader) date(name string, last bool) string {
	v := r.one(name)
	if r.err != nil || v == "" {
		return ""
	}
	d, err := graph.ParseDate(v)
	if err != nil {
		r.fail(invalid(name, []string{"YYYY", "YYYY-MM", "YYYY-MM-DD"}, "invalid %s: %s", name, message(err)))
		return ""
	}
	if last {
		return d.Last()
	}
	return d.First()
}

// filter reads the shared relation filters.
func (r *reader) filter() graph.Filter {
	f := graph.Filter{
		Types:        r.types("types"),
		ExcludeTypes: r.types("exclude_types"),
		Since:        r.date("since", false),
		Until:        r.date("until", true),
	}
	if r.err == nil && f.Since != "" && f.Until != "" && f.Since > f.Until {
		r.fail(invalid("until", nil, "until (%s) is before since (%s)", f.Until, f.Since))
	}
	f.AsOf = r.date("as_of", true)
	f.KnownAsOf = r.date("known_as_of", true)
	f.Reviewed = r.enum("status", StatusAny, Statuses) == StatusReviewed
	if v := r.one("min_confidence"); v != "" {
		c, err := strconv.ParseFloat(ASCIINumber(v), 64)
		if err != nil || math.IsNaN(c) || c < 0 || c > 1 {
			r.fail(invalid("min_confidence", map[string]float64{"minimum": 0, "maximum": 1},
				"invalid min_confidence %q: want a number from 0 to 1", v))
		}
		f.MinConfidence = c
	}
	for _, m := range r.enums("modalities", "a modality", Modalities) {
		f.Modalities = append(f.Modalities, graph.Modality(m))
	}
	if r.err != nil {
		return graph.Filter{}
	}
	return f
}

// enums reads a list of values each of which must be one of allowed (what
// says what one is, for the error).
func (r *reader) enums(name, what string, allowed []string) []string {
	vs := r.list(name)
	for _, v := range vs {
		if r.err != nil {
			return nil
		}
		if !slices.Contains(allowed, v) {
			r.fail(invalid(name, allowed, "invalid %s: %q is not %s; want some of %s", name, v, what, strings.Join(allowed, ", ")))
		}
	}
	if r.err != nil {
		return nil
	}
	return vs
}

// types reads relation type names and returns their ids.
func (r *reader) types(name string) []string {
	var ids []string
	for _, n := range r.list(name) {
		if r.err != nil {
			return nil
		}
		t, err := r.voc.Lookup(n)
		if err != nil {
			e := invalid(name, nil, "invalid %s: %s", name, message(err)).With("value", n)
			sug := graph.ErrorDetails(err)["suggestions"]
			if sug == nil {
				sug = []string{}
			}
			r.fail(e.With("suggestions", sug))
			return nil
		}
		if !slices.Contains(ids, t.ID) {
			ids = append(ids, t.ID)
		}
	}
	return ids
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
