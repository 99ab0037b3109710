package api

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/geokg/geokg/internal/graph"
	"github.com/geokg/geokg/internal/keys"
)

// keyContext is where authorize leaves the id of the key a request gave.
const keyContext = "geokg.key"

// authorize lets a request on only with a valid key of the scope need (see
// internal/keys), given as "Authorization: Bearer gk_…"; reads need none
// unless Options.KeysForReads. A write goes on with a context that puts it
// in the store's audit trail (graph.WithAudit), its path and query clipped
// as the access log clips them. No key, or one that is not valid, is a 401
// with WWW-Authenticate; a valid key without the scope, a 403. A store
// that keeps no keys takes no keyed request (503).
func (s *Server) authorize(need string) gin.HandlerFunc {
	return s.handle(func(c *gin.Context) error {
		if need == keys.Read && !s.opts.KeysForReads {
			return nil
		}
		k, err := s.key(c)
		if err != nil {
			if graph.ErrorCode(err) == graph.EUnauthenticated {
				c.Header("WWW-Authenticate", `Bearer realm="geokg"`)
			}
			c.Abort()
			return err
		}
		if !keys.Allows(k.Scope, need) {
			c.Abort()
			return graph.Errorf(graph.EForbidden, "key %s has the scope %s; this needs %s", k.ID, k.Scope, need).With("scope", need)
		}
		c.Set(keyContext, k.ID)
		if need != keys.Read { // a write: the store puts it in its audit trail
			r := c.Request
			asked := r.Method + " " + clip(r.URL.Path)
			if r.URL.RawQuery != "" {
				asked += "?" + clip(r.URL.RawQuery)
			}
			c.Request = r.WithContext(graph.WithAudit(r.Context(), k.ID, asked))
		}
		return nil
	})
}

// key returns the valid key the request gives.
func (s *Server) key(c *gin.Context) (graph.Key, error) {
	kr, ok := s.svc.Store.(graph.Keyring)
	if !ok {
		return graph.Key{}, graph.Errorf(graph.EUnavailable, "this store keeps no keys: nothing that needs a key can be done")
	}
	scheme, token, _ := strings.Cut(c.GetHeader("Authorization"), " ")
	if !strings.EqualFold(scheme, "Bearer") || token == "" {
		return graph.Key{}, graph.Errorf(graph.EUnauthenticated, "this needs an API key: send Authorization: Bearer gk_… (geokg keys create makes one)")
	}
	id, secret, err := keys.Parse(strings.TrimSpace(token))
	if err != nil {
		return graph.Key{}, err
	}
	k, err := kr.Key(c.Request.Context(), id)
	switch {
	case graph.ErrorCode(err) == graph.ENotFound:
		return graph.Key{}, graph.Errorf(graph.EUnauthenticated, "the key is not valid: unknown, revoked or mistyped")
	case err != nil:
		return graph.Key{}, err
	case !keys.Verify(k, secret):
		return graph.Key{}, graph.Errorf(graph.EUnauthenticated, "the key is not valid: unknown, revoked or mistyped")
	}
	return k, nil
}

// limitBody bounds the body of a request to Options.MaxBodyBytes: reading
// more fails, and writes answer 413.
func (s *Server) limitBody(c *gin.Context) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, s.opts.MaxBodyBytes)
	c.Next()
}
