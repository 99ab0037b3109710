package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"path"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/importer"
	"github.com/geokg/geokg/internal/query"
	"github.com/geokg/geokg/internal/resolve"
)

// body reads a write's body whole, within Options.MaxBodyBytes (413
// beyond).
func body(c *gin.Context) ([]byte, error) {
	data, err := io.ReadAll(c.Request.Body)
	if mb := (*http.MaxBytesError)(nil); errors.As(err, &mb) {
		return nil, graph.Errorf(graph.ETooLarge, "the body is larger than %d bytes", mb.Limit).With("max_bytes", mb.Limit)
	}
	if err != nil {
		return nil, graph.Errorf(graph.EInvalid, "reading the body: %v", err)
	}
	return data, nil
}

// unpackedPerByte bounds what a compressed upload unpacks to, per byte of
// the largest upload: more than text compresses by, and a zip bomb is
// refused long before it fills the memory.
const unpackedPerByte = 16

// importSource imports the body as the file named by the parameter name
// (its extension and content tell the format, as for geokg import; format
// forces one), whole or not at all: a 422 lists every problem, with the
// file, line and JSON pointer of each. A .zip or .gz body is the one file
// it holds, as for geokg import, unpacked to at most unpackedPerByte times
// Options.MaxBodyBytes. brat is not taken: its .ann needs the .txt beside
// it.
func (s *Server) importSource(c *gin.Context) error {
	req, err := query.ParseImport(c.Request.URL.Query())
	if err != nil {
		return err
	}
	name, format := req.Name, req.Format
	inner, _ := importer.Packed(name)
	switch {
	case name != path.Base(name) || strings.ContainsAny(name, `/\`) || strings.HasPrefix(name, "."):
		return graph.Errorf(graph.EInvalid, "name: %q is not a plain file name", name).With("parameter", "name")
	case format == "brat" || strings.EqualFold(path.Ext(inner), ".ann"):
		return graph.Errorf(graph.EInvalid, "brat files are imported with geokg import: a .ann needs the .txt beside it").With("parameter", "name")
	}
	data, err := body(c)
	if err != nil {
		return err
	}
	im := &importer.Importer{Store: s.svc.Store, Vocabulary: s.svc.Vocabulary, Format: format, Strict: true,
		MaxUnpacked: unpackedPerByte * s.opts.MaxBodyBytes}
	sum, err := im.RunInputs(c.Request.Context(), []importer.Input{importer.Bytes(name, data)})
	if sum.Errors > 0 {
		return graph.Errorf(graph.EUnprocessable, "%d problem(s) in %s, nothing imported: %s", sum.Errors, name, sum.Problems.Errors()[0]).
			With("problems", sum.Problems)
	}
	if err != nil {
		return err
	}
	s.log.Info("import", "key", c.GetString(keyContext), "name", name, "imported", sum.Imported, "replaced", sum.Replaced, "unchanged", sum.Unchanged)
	c.JSON(http.StatusOK, sum)
	return nil
}

// deleteSource removes what a source contributed.
func (s *Server) deleteSource(c *gin.Context) error {
	id := c.Param("id")
	ok, err := s.svc.Store.RemoveSource(c.Request.Context(), id)
	if err != nil {
		return err
	}
	if !ok {
		return graph.Errorf(graph.ENotFound, "no source %q", id).With("source", id)
	}
	s.log.Info("remove source", "key", c.GetString(keyContext), "source", id)
	c.JSON(http.StatusOK, gin.H{"removed": id})
	return nil
}

// DecisionRequest asks for an analyst's decision (POST /v1/decisions):
// merge (entity into into), split (what source says of entity, into the
// new id into), undo (decision number undoes), merge_events (event entity
// into event into) or split_event (report off event entity). Entities are
// named by id, QID or any name, as in queries.
type DecisionRequest struct {
	Kind   string `json:"kind"`
	Entity string `json:"entity"`
	Into   string `json:"into"`
	Source string `json:"source"`
	Report string `json:"report"`
	Undoes int    `json:"undoes"`
	Note   string `json:"note"`
}

// the fields each kind needs, and those it takes.
var decisionFields = map[string]struct{ need, take []string }{
	graph.DecisionMerge:       {[]string{"entity", "into"}, []string{"entity", "into", "note"}},
	graph.DecisionSplit:       {[]string{"entity", "source", "into"}, []string{"entity", "source", "into", "note"}},
	graph.DecisionUndo:        {[]string{"undoes"}, []string{"undoes", "note"}},
	graph.DecisionMergeEvents: {[]string{"entity", "into"}, []string{"entity", "into", "note"}},
	graph.DecisionSplitEvent:  {[]string{"entity", "report"}, []string{"entity", "report", "note"}},
}

// ParseDecision reads the body of POST /v1/decisions: a JSON object of
// the fields of its kind; errors name the field by its JSON pointer.
func ParseDecision(data []byte) (DecisionRequest, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err != nil {
		return DecisionRequest{}, graph.Errorf(graph.EInvalid, "the body is not a JSON object: %v", err).With("pointer", "")
	}
	var req DecisionRequest
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return DecisionRequest{}, graph.Errorf(graph.EInvalid, "/%s: want a %s", te.Field, te.Type).With("pointer", "/"+te.Field)
		}
		return DecisionRequest{}, graph.Errorf(graph.EInvalid, "the body: %v", err).With("pointer", "")
	}
	spec, ok := decisionFields[req.Kind]
	if !ok {
		kinds := []string{graph.DecisionMerge, graph.DecisionSplit, graph.DecisionUndo, graph.DecisionMergeEvents, graph.DecisionSplitEvent}
		return DecisionRequest{}, graph.Errorf(graph.EInvalid, "/kind: %q is not a decision; want one of %s", req.Kind, strings.Join(kinds, ", ")).
			With("pointer", "/kind").With("allowed", kinds)
	}
	for name := range fields {
		if name != "kind" && !slices.Contains(spec.take, name) {
			return DecisionRequest{}, graph.Errorf(graph.EInvalid, "/%s: a %s takes %s", name, req.Kind, strings.Join(spec.take, ", ")).With("pointer", "/"+name)
		}
	}
	for _, name := range spec.need {
		if _, ok := fields[name]; !ok {
			return DecisionRequest{}, graph.Errorf(graph.EInvalid, "/%s: a %s needs it", name, req.Kind).With("pointer", "/"+name)
		}
	}
	return req, nil
}

// decide makes an analyst's decision (DecisionRequest) and answers it.
func (s *Server) decide(c *gin.Context) error {
	cur := s.svc.Store
	data, err := body(c)
	if err != nil {
		return err
	}
	req, err := ParseDecision(data)
	if err != nil {
		return err
	}
	ctx := c.Request.Context()
	entity := func(field, ref string) (string, error) {
		e, err := resolve.Entity(ctx, s.svc.Store, ref)
		if err != nil {
			return "", graph.Errorf(graph.ErrorCode(err), "/%s: %v", field, err).With("pointer", "/"+field)
		}
		return e.ID, nil
	}
	var d graph.Decision
	var from, into string
	switch req.Kind {
	case graph.DecisionMerge:
		if from, err = entity("entity", req.Entity); err == nil {
			if into, err = entity("into", req.Into); err == nil {
				d, err = cur.MergeEntities(ctx, from, into, req.Note)
			}
		}
	case graph.DecisionSplit:
		if from, err = entity("entity", req.Entity); err == nil {
			d, err = cur.SplitEntity(ctx, from, req.Source, req.Into, req.Note)
		}
	case graph.DecisionUndo:
		d, err = cur.UndoDecision(ctx, req.Undoes, req.Note)
	case graph.DecisionMergeEvents:
		d, err = cur.MergeEvents(ctx, req.Entity, req.Into, req.Note)
	case graph.DecisionSplitEvent:
		d, err = cur.SplitEvent(ctx, req.Entity, req.Report, req.Note)
	}
	if err != nil {
		return err
	}
	s.log.Info("decision", "key", c.GetString(keyContext), "kind", d.Kind, "entity", d.Entity, "into", d.Into)
	c.JSON(http.StatusOK, gin.H{"decision": d})
	return nil
}

// listDecisions answers every decision, in the order made (numbered from
// 1 as undo counts them).
func (s *Server) listDecisions(c *gin.Context) error {
	if err := query.ParseDecisions(c.Request.URL.Query()); err != nil {
		return err
	}
	ds, err := s.svc.Store.Decisions(c.Request.Context())
	return reply(c)(gin.H{"decisions": ds}, err)
}

// getAudit answers the last limit entries of the audit trail, newest
// first.
func (s *Server) getAudit(c *gin.Context) error {
	au, ok := s.svc.Store.(graph.Auditor)
	if !ok {
		return graph.Errorf(graph.EUnavailable, "this store keeps no audit trail")
	}
	limit, err := query.ParseAudit(c.Request.URL.Query())
	if err != nil {
		return err
	}
	es, err := au.AuditTrail(c.Request.Context(), limit)
	return reply(c)(gin.H{"entries": es}, err)
}
