package githubtest

import (
	"crypto/sha256"
	"encoding/hex"
	"math"
	"net/http"
	"strconv"
	"time"
)

// StatusNetworkError as a Fail status closes the connection without a
// response, so the client sees a network error.
const StatusNetworkError = -1

type faultRule struct {
	op         string
	ratio      float64
	status     int
	afterApply bool
}

type limitRule struct {
	op         string
	remaining  int
	status     int
	retryAfter time.Duration
	primary    bool
	reset      time.Time
}

func (s *Server) checkOp(op string) {
	if op == "*" {
		return
	}
	if _, ok := s.spec.byID[op]; !ok {
		s.t.Fatalf("githubtest: unknown operation ID %q", op)
	}
}

// Fail makes a deterministic (seeded) fraction ratio of the requests for
// operation op ("*" for all) fail with status before they take effect. The
// same request (method, URL, body) never fails more than
// WithMaxConsecutiveFailures times in a row (default once), so retries make
// progress. Use StatusNetworkError to drop the connection instead.
func (s *Server) Fail(op string, ratio float64, status int) {
	s.addFault(op, ratio, status, false)
}

// FailAfterApply is like Fail but the request takes effect before the error
// is returned, as when GitHub times out after writing: a retried POST then
// creates a duplicate.
func (s *Server) FailAfterApply(op string, ratio float64, status int) {
	s.addFault(op, ratio, status, true)
}

func (s *Server) addFault(op string, ratio float64, status int, after bool) {
	s.checkOp(op)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &faultRule{op: op, ratio: ratio, status: status, afterApply: after})
}

// SecondaryRateLimit answers the next n requests for op ("*" for all) with
// GitHub's secondary-rate-limit 403 and a Retry-After header of retryAfter
// rounded up to whole seconds (no header when retryAfter is 0).
func (s *Server) SecondaryRateLimit(op string, n int, retryAfter time.Duration) {
	s.addLimit(&limitRule{op: op, remaining: n, status: http.StatusForbidden, retryAfter: retryAfter})
}

// TooManyRequests is the 429 variant of SecondaryRateLimit.
func (s *Server) TooManyRequests(op string, n int, retryAfter time.Duration) {
	s.addLimit(&limitRule{op: op, remaining: n, status: http.StatusTooManyRequests, retryAfter: retryAfter})
}

// PrimaryRateLimit answers the next n requests for op with the primary limit's
// 403: x-ratelimit-remaining 0 and x-ratelimit-reset = reset.
func (s *Server) PrimaryRateLimit(op string, n int, reset time.Time) {
	s.addLimit(&limitRule{op: op, remaining: n, status: http.StatusForbidden, primary: true, reset: reset})
}

func (s *Server) addLimit(l *limitRule) {
	s.checkOp(l.op)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limits = append(s.limits, l)
}

// ClearFaults removes every Fail and rate-limit rule.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults, s.limits = nil, nil
	s.consecutive = map[string]int{}
}

// ReadOnly makes every write answer 403 "Resource not accessible by
// integration", like GITHUB_TOKEN on a fork PR.
func (s *Server) ReadOnly(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.readOnly = on
}

// RejectCommentsOutsideDiff makes create-review and create-review-comment
// answer 422 (with GitHub's messages) when a comment's line is not in a hunk
// of its file's patch on that side, or its start line is in another hunk.
func (s *Server) RejectCommentsOutsideDiff(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rejectOutsideDiff = on
}

// Latency delays every response by d.
func (s *Server) Latency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}

func (s *Server) currentLatency() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.latency
}

// injectLimit answers with a rate-limit error if a rule applies.
func (s *Server) injectLimit(w http.ResponseWriter, c *call) bool {
	for _, l := range s.limits {
		if l.remaining <= 0 || (l.op != "*" && l.op != c.op.ID) {
			continue
		}
		l.remaining--
		s.counts.Injected++
		h := w.Header()
		if l.primary {
			h.Set("X-RateLimit-Remaining", "0")
			h.Set("X-RateLimit-Reset", strconv.FormatInt(l.reset.Unix(), 10))
			writeError(w, l.status, "API rate limit exceeded for installation. If you reach out to GitHub Support for help, please include the request ID FAKE.",
				"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-the-primary-rate-limit")
			return true
		}
		if l.retryAfter > 0 {
			h.Set("Retry-After", strconv.Itoa(int(math.Ceil(l.retryAfter.Seconds()))))
		}
		writeError(w, l.status, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID FAKE.",
			"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits")
		return true
	}
	return false
}

// pickFault decides, deterministically from the seed, whether c fails.
func (s *Server) pickFault(c *call) *faultRule {
	key := requestKey(c)
	for _, f := range s.faults {
		if f.op != "*" && f.op != c.op.ID {
			continue
		}
		draw := s.rng.Float64()
		if draw < f.ratio && s.consecutive[key] < s.maxConsecutive {
			s.consecutive[key]++
			return f
		}
	}
	delete(s.consecutive, key)
	return nil
}

func requestKey(c *call) string {
	h := sha256.New()
	h.Write([]byte(c.r.Method + " " + c.r.URL.RequestURI() + "\n"))
	h.Write(c.raw)
	return hex.EncodeToString(h.Sum(nil))
}

// writeFault writes an injected server error, or drops the connection.
func writeFault(w http.ResponseWriter, status int) {
	if status == StatusNetworkError {
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				_ = conn.Close()
				return
			}
		}
		status = http.StatusBadGateway
	}
	msg := http.StatusText(status)
	if status >= 500 {
		msg = "Server Error"
	}
	writeError(w, status, msg, "")
}
