package neo4jstore

import (
	"context"
	"sync"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// probeInterval is how often a request may check whether a server that
// could not be reached is back, and probeTimeout how long the check waits.
const (
	probeInterval = time.Second
	probeTimeout  = 2 * time.Second
)

// health remembers that the server could not be reached, so that calls
// fail at once with the reason instead of each waiting for the driver's
// retries up to the caller's deadline: until a check (Ping, or one call a
// second at most) reaches the server again.
type health struct {
	mu      sync.Mutex
	down    error // the last connection failure as EUnavailable; nil: reachable
	probed  time.Time
	probing bool
}

// reachable returns nil unless the server is known to be unreachable:
// then the failure, checking again first when the last check is older
// than probeInterval (the calls that come during a check get the failure).
func (s *Store) reachable(ctx context.Context) error {
	h := &s.health
	h.mu.Lock()
	if h.down == nil || h.probing || time.Since(h.probed) < probeInterval {
		err := h.down
		h.mu.Unlock()
		return err
	}
	h.probing, h.probed = true, time.Now()
	h.mu.Unlock()
	err := s.checkConnection(ctx)
	h.mu.Lock()
	h.probing = false
	h.mu.Unlock()
	return err
}

// checkConnection asks the driver whether the server answers, waiting at
// most probeTimeout, and remembers the answer unless the caller gave up.
func (s *Store) checkConnection(ctx context.Context) error {
	pctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	err := s.driver.VerifyConnectivity(pctx)
	if err == nil {
		s.setDown(nil)
		return nil
	}
	err = s.unavailable(err, "checking the connection")
	if ctx.Err() == nil {
		s.setDown(err)
	}
	return err
}

// noteFailure remembers err, the EUnavailable error made of cause, when
// cause is a failure to connect (not a caller giving up, not rejected
// credentials).
func (s *Store) noteFailure(cause, err error) {
	if neo4j.IsConnectivityError(rootCause(cause)) {
		s.setDown(err)
	}
}

// setDown records that the server could not be reached (err), or that it
// could (nil).
func (s *Store) setDown(err error) {
	s.health.mu.Lock()
	s.health.down = err
	s.health.probed = time.Now()
	s.health.mu.Unlock()
}
