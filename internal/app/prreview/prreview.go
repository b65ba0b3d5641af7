// Package prreview is the App's real Reviewer: fetch both sides of a pull
// request through the API, review them with the base branch's config, and
// publish one review and one check run. It lives apart from package app so
// the server builds and tests without the rule catalogue.
package prreview

import (
	"context"
	"fmt"
	"log/slog"

	gh "github.com/google/go-github/v60/github"

	"github.com/stevedore-dev/stevedore/internal/app"
	"github.com/stevedore-dev/stevedore/internal/config"
	"github.com/stevedore-dev/stevedore/internal/engine"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/github"
	"github.com/stevedore-dev/stevedore/internal/review"
	"github.com/stevedore-dev/stevedore/internal/rule"
	"github.com/stevedore-dev/stevedore/rules"
)

// Reviewer is the App's real app.Reviewer: it reads both sides of the pull request
// through the API (internal/github.Fetcher), reviews them with the base
// branch's config (internal/review), and publishes one review and one check
// run (internal/github.Poster), whose markers make a rerun idempotent.
type Reviewer struct {
	Logger       *slog.Logger
	FailOn       finding.Severity // default High
	CommentLimit int              // default review.DefaultCommentLimit
	DocsBase     string           // default engine.DefaultDocsBase
	BotLogin     string           // "<app-slug>[bot]" when known
	// Catalogue is the rule set (nil: rules.All()).
	Catalogue []*rule.Rule
}

// Review implements app.Reviewer.
func (r *Reviewer) Review(ctx context.Context, job app.Job, client *gh.Client) error {
	log := r.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	pr, _, err := client.PullRequests.Get(ctx, job.Owner, job.Repo, job.PR)
	if err != nil {
		return fmt.Errorf("get %s#%d: %w", job.FullName(), job.PR, err)
	}
	if pr.GetState() != "open" {
		log.Info("pull request is not open; not reviewed", slog.String("state", pr.GetState()))
		return nil
	}
	// Review what GitHub says is the head now; a newer push than the job's
	// event is reviewed at once (its own event then finds it done).
	headSHA := pr.GetHead().GetSHA()
	f := &github.Fetcher{Client: client, Logger: log}
	base, head, diffs, err := f.TreesAt(ctx, job.Owner, job.Repo, job.PR, github.Refs{BaseSHA: pr.GetBase().GetSHA(), HeadSHA: headSHA})
	if err != nil {
		return fmt.Errorf("fetch %s#%d: %w", job.FullName(), job.PR, err)
	}
	cfg, err := config.Find(base) // the base branch's config: a PR cannot relax its own review
	if err != nil {
		return fmt.Errorf("base branch config: %w", err)
	}
	docs := r.DocsBase
	if docs == "" {
		docs = engine.DefaultDocsBase
	}
	catalogue := r.Catalogue
	if catalogue == nil {
		catalogue = rules.All()
	}
	// The repository's config (base branch) refines the server's defaults.
	failOn, limit := r.FailOn, r.CommentLimit
	if cfg.FailOn != "" {
		if sev, err := finding.ParseSeverity(cfg.FailOn); err == nil {
			failOn = sev
		}
	}
	if cfg.Review.CommentLimit > 0 {
		limit = cfg.Review.CommentLimit
	}
	rv, err := review.Run(ctx, review.Request{
		Base: base, Head: head, Diffs: diffs, Catalogue: catalogue, Config: cfg,
		Options: engine.Options{DocsBase: docs}, CommentLimit: limit, FailOn: failOn,
	})
	if err != nil {
		return fmt.Errorf("review %s#%d: %w", job.FullName(), job.PR, err)
	}
	post := toPost(job, headSHA, rv)
	if rv.Verdict.Fail && cfg.Review.RequestChanges {
		post.Event = github.EventRequestChanges
	}
	post.Diffs = diffs
	poster := &github.Poster{Client: client, Logger: log, BotLogin: r.BotLogin, Nonce: app.RunNonce(job.PR)}
	out, err := poster.Publish(ctx, post)
	if err != nil {
		return fmt.Errorf("publish %s#%d: %w", job.FullName(), job.PR, err)
	}
	log.Info("review published", slog.Int64("review", out.ReviewID), slog.Int("posted", out.Posted),
		slog.Int("duplicates", out.Duplicates), slog.Int64("check_run", out.CheckRunID), slog.Int("reads", f.Reads+out.Reads), slog.Int("writes", out.Writes))
	return nil
}

// toPost converts a review into what the Poster publishes.
func toPost(job app.Job, headSHA string, rv *review.Review) github.Post {
	p := github.Post{
		Owner: job.Owner, Repo: job.Repo, PR: job.PR, HeadSHA: headSHA,
		Summary:    rv.Summary,
		Title:      fmt.Sprintf("%d new, %d fixed, %d existing", rv.Counts.New, rv.Counts.Fixed, rv.Counts.Existing),
		Conclusion: github.ConclusionSuccess,
		Event:      github.EventComment,
	}
	switch {
	case rv.Verdict.Fail:
		p.Conclusion = github.ConclusionFailure
	case len(rv.Files) == 0:
		p.Conclusion = github.ConclusionNeutral
	}
	for _, c := range rv.Comments {
		p.Comments = append(p.Comments, github.Comment{Path: c.Path, Line: c.Line, StartLine: c.StartLine, Body: c.Body, Fingerprint: c.Fingerprint})
	}
	for _, a := range rv.Annotations {
		p.Annotations = append(p.Annotations, github.Annotation{Path: a.Path, StartLine: a.StartLine, EndLine: a.EndLine, Level: a.Level, Title: a.Title, Message: a.Message})
	}
	for _, it := range rv.Fixed {
		p.Fixed = append(p.Fixed, it.Fingerprint)
	}
	return p
}
