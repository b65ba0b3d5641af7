package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/go-github/v60/github"
)

// Job is one review to run: a pull request at a head commit, on behalf of an
// installation.
type Job struct {
	Delivery       string // X-GitHub-Delivery of the event that asked for it
	Event          string // pull_request, check_suite or check_run
	Action         string // the event's action
	InstallationID int64
	Owner, Repo    string
	PR             int
	HeadSHA        string
	// Force is set by rerequests: run even when this head was reviewed already.
	Force bool
	// CheckRunID is the check run that was rerequested (check_run events), or 0.
	CheckRunID int64
}

// Key identifies the pull request; a newer job with the same key supersedes
// an older one.
func (j Job) Key() string {
	return strings.ToLower(fmt.Sprintf("%s/%s#%d", j.Owner, j.Repo, j.PR))
}

// FullName is "owner/repo".
func (j Job) FullName() string { return j.Owner + "/" + j.Repo }

// Reviewer reviews one pull request with an installation client narrowed to
// the job's repository. It must stop early when ctx is cancelled (the job was
// superseded by a newer push, or the server is shutting down).
type Reviewer interface {
	Review(ctx context.Context, job Job, client *github.Client) error
}

// ReviewerFunc adapts a function to Reviewer.
type ReviewerFunc func(ctx context.Context, job Job, client *github.Client) error

// Review calls f.
func (f ReviewerFunc) Review(ctx context.Context, job Job, client *github.Client) error {
	return f(ctx, job, client)
}
