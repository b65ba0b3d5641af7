package github

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	gh "github.com/google/go-github/v60/github"
)

// ReadOnlyError means GitHub refused a write with 403 or 404 for lack of
// permission — typically the read-only GITHUB_TOKEN of a pull request from
// a fork. Callers fall back to workflow-command annotations, the job summary
// and SARIF; the findings themselves are unaffected.
type ReadOnlyError struct {
	Op     string // what was attempted ("create review", "create check run")
	Status int
	Err    error
}

func (e *ReadOnlyError) Error() string {
	return fmt.Sprintf("%s: token cannot write (HTTP %d): %v", e.Op, e.Status, e.Err)
}

func (e *ReadOnlyError) Unwrap() error { return e.Err }

// statusOf returns the HTTP status of a go-github error, or 0.
func statusOf(err error) int {
	var er *gh.ErrorResponse
	if errors.As(err, &er) && er.Response != nil {
		return er.Response.StatusCode
	}
	var rl *gh.RateLimitError
	if errors.As(err, &rl) && rl.Response != nil {
		return rl.Response.StatusCode
	}
	var ab *gh.AbuseRateLimitError
	if errors.As(err, &ab) && ab.Response != nil {
		return ab.Response.StatusCode
	}
	return 0
}

// isRateLimit reports whether err is a rate-limit answer (which ghhttp has
// already waited out as far as it would).
func isRateLimit(err error) bool {
	var rl *gh.RateLimitError
	var ab *gh.AbuseRateLimitError
	return errors.As(err, &rl) || errors.As(err, &ab) || statusOf(err) == http.StatusTooManyRequests
}

// asReadOnly turns a permission refusal into a *ReadOnlyError, and returns
// nil for any other error.
func asReadOnly(op string, err error) error {
	if err == nil || isRateLimit(err) {
		return nil
	}
	switch st := statusOf(err); st {
	case http.StatusForbidden, http.StatusNotFound:
		return &ReadOnlyError{Op: op, Status: st, Err: err}
	}
	return nil
}

// transient reports whether err may go away on retry: a 5xx answer or a
// network failure (any error without an HTTP status), but not a cancelled
// context.
func transient(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	if isRateLimit(err) {
		return false
	}
	st := statusOf(err)
	return st == 0 || st >= 500
}

// unprocessable reports a 422 answer.
func unprocessable(err error) bool { return statusOf(err) == http.StatusUnprocessableEntity }
