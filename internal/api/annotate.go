package api

import (
	"cmp"
	"encoding/json"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/geokg/geokg/internal/draft"
	"github.com/geokg/geokg/internal/ontology"
	"github.com/geokg/geokg/internal/query"
)

// AnnotateResponse is the answer of POST /v1/annotate: the draft, as
// geokg annotate writes it, and what it left to the reviewer.
type AnnotateResponse struct {
	Draft     json.RawMessage   `json:"draft"`     // a native article of status "draft"
	Ambiguous []draft.Ambiguous `json:"ambiguous"` // names of several entities, left out
	Dates     []draft.Date      `json:"dates"`     // the dates found, the uncertain ones marked
}

// annotate drafts the annotations of the article in the body (plain text,
// or a native JSON article without annotations) against the entities of
// the store its words name, as geokg annotate does against a gazetteer.
// It writes nothing.
func (s *Server) annotate(c *gin.Context) error {
	req, err := query.ParseAnnotate(c.Request.URL.Query())
	if err != nil {
		return err
	}
	data, err := body(c)
	if err != nil {
		return err
	}
	a, err := draft.ReadArticle(req.Name, data, req.Language, req.Published)
	if err != nil {
		return err
	}
	lex, err := s.lexicon()
	if err != nil {
		return err
	}
	known, err := draft.Known(c.Request.Context(), s.svc.Store, a.Text)
	if err != nil {
		return err
	}
	res, err := draft.New(known, lex, cmp.Or(s.svc.Vocabulary, ontology.Default())).Draft(a)
	if err != nil {
		return err
	}
	doc, err := res.MarshalNative()
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, AnnotateResponse{Draft: doc, Ambiguous: nonNil(res.Ambiguous), Dates: nonNil(res.Dates)})
	return nil
}

// nonNil is s, or an empty slice for nil, so that JSON says [] rather than
// null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
