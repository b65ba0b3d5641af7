// Package ghhttp is the resilient HTTP transport stevedore's Action and App
// put under go-github: it retries server errors and network failures with
// exponential backoff and jitter, and waits out GitHub's primary and
// secondary rate limits (Retry-After, x-ratelimit-reset) within a bound.
//
// Retry policy:
//   - 5xx (except 501) and network errors are retried only for GET, HEAD,
//     OPTIONS, PUT, DELETE and PATCH — except PATCH of a check run, whose
//     annotations GitHub appends, so a replay could duplicate them. POST (and
//     check-run PATCH) is retried only when the request context carries
//     WithRetryPOST. PATCH of comments and reviews only replaces the body, so
//     replaying it is harmless.
//   - A 403/429 rate-limit answer is retried for every method, since GitHub
//     rejected the request before acting on it. The wait is Retry-After, else
//     x-ratelimit-reset when x-ratelimit-remaining is 0, else (a secondary
//     limit without headers) at least one minute, as GitHub's docs ask. A wait
//     longer than MaxWait is not attempted: the response is returned.
//
// Request bodies are buffered (or re-read with GetBody) so each attempt sends
// the same bytes. Logs never include headers, tokens or query strings.
package ghhttp

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Options configures a Transport. Zero values take the defaults.
type Options struct {
	// MaxRetries is the number of retries after the first attempt (default 4;
	// negative disables retries).
	MaxRetries int
	// BaseDelay is the first backoff delay (default 1s); it doubles per retry.
	BaseDelay time.Duration
	// MaxDelay caps a backoff delay (default 30s).
	MaxDelay time.Duration
	// MaxWait is the longest rate-limit wait the transport accepts (default
	// 60s); beyond it the rate-limit response is returned to the caller.
	MaxWait time.Duration
	// Logger receives one debug record per retry (default: discard).
	Logger *slog.Logger
	// OnResponse is called for every attempt (a metrics hook); status is 0 for
	// a network error and rateRemaining -1 when the header is absent.
	OnResponse func(method, path string, status int, rateRemaining int)
	// Sleep waits d or until ctx is done (default: a timer). Tests inject it.
	Sleep func(ctx context.Context, d time.Duration) error
	// Now is the clock for x-ratelimit-reset (default time.Now).
	Now func() time.Time
}

// Transport is an http.RoundTripper with retries and rate-limit waits.
type Transport struct {
	base http.RoundTripper
	opts Options
}

// NewTransport wraps base (nil: http.DefaultTransport).
func NewTransport(base http.RoundTripper, opts Options) *Transport {
	if base == nil {
		base = http.DefaultTransport
	}
	if opts.MaxRetries == 0 {
		opts.MaxRetries = 4
	} else if opts.MaxRetries < 0 {
		opts.MaxRetries = 0
	}
	if opts.BaseDelay <= 0 {
		opts.BaseDelay = time.Second
	}
	if opts.MaxDelay <= 0 {
		opts.MaxDelay = 30 * time.Second
	}
	if opts.MaxWait <= 0 {
		opts.MaxWait = 60 * time.Second
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Sleep == nil {
		opts.Sleep = Sleep
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Transport{base: base, opts: opts}
}

type retryPOSTKey struct{}

// WithRetryPOST marks requests made with ctx as safe to replay after a server
// or network error even though their method is not idempotent.
func WithRetryPOST(ctx context.Context) context.Context {
	return context.WithValue(ctx, retryPOSTKey{}, true)
}

func retryPOST(ctx context.Context) bool {
	v, _ := ctx.Value(retryPOSTKey{}).(bool)
	return v
}

// minSecondaryWait is GitHub's advice for a secondary limit without headers.
const minSecondaryWait = time.Minute

// RoundTrip implements http.RoundTripper.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	getBody, err := replayable(req)
	if err != nil {
		return nil, err
	}
	path := req.URL.Path
	for attempt := 0; ; attempt++ {
		try := req.Clone(ctx)
		if getBody != nil {
			body, err := getBody()
			if err != nil {
				return nil, fmt.Errorf("ghhttp: replay body of %s %s: %w", req.Method, path, err)
			}
			try.Body = body
		}
		resp, err := t.base.RoundTrip(try)
		status, remaining := 0, -1
		if resp != nil {
			status = resp.StatusCode
			remaining = rateRemaining(resp.Header)
		}
		if t.opts.OnResponse != nil {
			t.opts.OnResponse(req.Method, path, status, remaining)
		}
		if ctx.Err() != nil {
			closeBody(resp)
			return nil, ctx.Err()
		}
		wait, retry, err2 := t.decide(req, resp, err, attempt)
		if err2 != nil {
			return nil, err2
		}
		if !retry {
			return resp, err
		}
		t.opts.Logger.LogAttrs(ctx, slog.LevelDebug, "ghhttp: retrying GitHub request",
			slog.String("method", req.Method), slog.String("path", path), slog.Int("status", status),
			slog.Int("attempt", attempt+1), slog.Duration("wait", wait), slog.Bool("network_error", err != nil))
		closeBody(resp)
		if err := t.opts.Sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("ghhttp: waiting to retry %s %s: %w", req.Method, path, err)
		}
	}
}

// decide returns how long to wait before retrying, or retry=false to return
// the attempt's result as is.
func (t *Transport) decide(req *http.Request, resp *http.Response, err error, attempt int) (time.Duration, bool, error) {
	if attempt >= t.opts.MaxRetries {
		return 0, false, nil
	}
	if err != nil {
		return t.backoff(attempt), replaySafe(req), nil
	}
	switch {
	case resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusTooManyRequests:
		wait, limited, rerr := t.rateLimitWait(resp, attempt)
		if rerr != nil || !limited || wait > t.opts.MaxWait {
			return 0, false, rerr
		}
		return wait, true, nil
	case resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented:
		if !replaySafe(req) {
			return 0, false, nil
		}
		wait := t.backoff(attempt)
		if ra, ok := t.retryAfter(resp.Header); ok && ra > wait {
			wait = min(ra, t.opts.MaxWait)
		}
		return wait, true, nil
	}
	return 0, false, nil
}

// rateLimitWait recognises a rate-limit 403/429 and says how long to wait.
func (t *Transport) rateLimitWait(resp *http.Response, attempt int) (time.Duration, bool, error) {
	if ra, ok := t.retryAfter(resp.Header); ok {
		return ra, true, nil
	}
	if resp.Header.Get("X-RateLimit-Remaining") == "0" {
		if reset, err := strconv.ParseInt(resp.Header.Get("X-RateLimit-Reset"), 10, 64); err == nil {
			return max(0, time.Unix(reset, 0).Sub(t.opts.Now())) + time.Second, true, nil
		}
	}
	if resp.StatusCode == http.StatusTooManyRequests {
		return max(minSecondaryWait, t.backoff(attempt)), true, nil
	}
	// A 403 is a secondary limit only if the body says so; keep the body
	// readable for the caller either way.
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return 0, false, fmt.Errorf("ghhttp: read 403 body: %w", err)
	}
	_ = resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(data))
	if bytes.Contains(bytes.ToLower(data), []byte("secondary rate limit")) {
		return max(minSecondaryWait, t.backoff(attempt)), true, nil
	}
	return 0, false, nil
}

// backoff is exponential with equal jitter: half fixed, half random.
func (t *Transport) backoff(attempt int) time.Duration {
	d := t.opts.BaseDelay << min(attempt, 30)
	if d <= 0 || d > t.opts.MaxDelay {
		d = t.opts.MaxDelay
	}
	half := d / 2
	return half + rand.N(half+1)
}

// replaySafe reports whether a request may be sent again after a server or
// network error.
func replaySafe(req *http.Request) bool {
	if retryPOST(req.Context()) {
		return true
	}
	switch req.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodDelete:
		return true
	case http.MethodPatch:
		return !strings.Contains(req.URL.Path, "/check-runs/")
	}
	return false
}

// replayable returns a function giving a fresh copy of the request body for
// each attempt, buffering the body when the request has no GetBody.
func replayable(req *http.Request) (func() (io.ReadCloser, error), error) {
	if req.Body == nil || req.Body == http.NoBody {
		return nil, nil
	}
	if req.GetBody != nil {
		return req.GetBody, nil
	}
	data, err := io.ReadAll(req.Body)
	_ = req.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("ghhttp: buffer body of %s %s: %w", req.Method, req.URL.Path, err)
	}
	return func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }, nil
}

func (t *Transport) retryAfter(h http.Header) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.Atoi(v); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second, true
	}
	if when, err := http.ParseTime(v); err == nil {
		return max(0, when.Sub(t.opts.Now())), true
	}
	return 0, false
}

func rateRemaining(h http.Header) int {
	n, err := strconv.Atoi(h.Get("X-RateLimit-Remaining"))
	if err != nil {
		return -1
	}
	return n
}

func closeBody(resp *http.Response) {
	if resp == nil || resp.Body == nil {
		return
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
}

// Sleep waits d or until ctx is done, returning ctx's error then: the
// default Options.Sleep, for other retry loops of the GitHub layer too.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
