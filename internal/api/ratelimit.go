package api

import (
	"crypto/sha256"
	"math"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"

	"github.com/geokg/geokg/internal/graph"
)

// codeRateLimited is the code of a request over its client's rate.
const codeRateLimited graph.Code = "rate_limited"

// limiter gives each client a token bucket of Options.RateLimit requests
// a second with bursts of Options.RateBurst. A client is the bearer token
// it sends (as a digest: a forged token only spends its own bucket), else
// its IP address. Buckets idle for a minute are forgotten, so that many
// clients cost memory only while they are active.
type limiter struct {
	rate  rate.Limit
	burst int
	mu    sync.Mutex
	seen  map[[32]byte]*bucket
	swept time.Time
}

type bucket struct {
	*rate.Limiter
	last time.Time
}

// idle is how long a bucket is kept without requests.
const idle = time.Minute

func newLimiter(perSecond float64, burst int) *limiter {
	return &limiter{rate: rate.Limit(perSecond), burst: max(burst, 1), seen: map[[32]byte]*bucket{}}
}

// wait returns how long the client must wait before its next request, 0
// when it may go on now (the request is counted then).
func (l *limiter) wait(client string, now time.Time) time.Duration {
	key := sha256.Sum256([]byte(client))
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.swept) > idle {
		for k, b := range l.seen {
			if now.Sub(b.last) > idle {
				delete(l.seen, k)
			}
		}
		l.swept = now
	}
	b := l.seen[key]
	if b == nil {
		b = &bucket{Limiter: rate.NewLimiter(l.rate, l.burst)}
		l.seen[key] = b
	}
	b.last = now
	r := b.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return d
	}
	return 0
}

// rateLimit answers 429 with Retry-After (whole seconds) to a client over
// its rate, on the API (/v1): health, metrics and the workbench's files are
// not counted.
func (s *Server) rateLimit(c *gin.Context) {
	if !strings.HasPrefix(c.Request.URL.Path, "/v1/") {
		c.Next()
		return
	}
	client := c.GetHeader("Authorization")
	if client == "" {
		host, _, err := net.SplitHostPort(c.Request.RemoteAddr)
		if err != nil {
			host = c.Request.RemoteAddr
		}
		client = "ip " + host
	}
	if d := s.limiter.wait(client, time.Now()); d > 0 {
		secs := int(math.Ceil(d.Seconds()))
		c.Header("Retry-After", strconv.Itoa(secs))
		s.writeError(c, graph.Errorf(codeRateLimited, "too many requests: try again in %d s", secs).With("retry_after", secs))
		c.Abort()
		return
	}
	c.Next()
}
