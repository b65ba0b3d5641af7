// Package action is the GitHub Action front end: it reads the runner's
// environment (GITHUB_EVENT_PATH, GITHUB_REPOSITORY, GITHUB_API_URL, …) and
// the inputs, gets both sides of the pull request (local checkout with
// history, else the API), reviews them and publishes one review, one check
// run and the job summary through internal/github. Without write permission
// (a fork's read-only token) it falls back to workflow-command annotations,
// the job summary and SARIF. The exit status reflects the findings either
// way: 1 when new findings reach fail-on, 0 otherwise, 2 on errors.
package action

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	gh "github.com/google/go-github/v60/github"

	"github.com/stevedore-dev/stevedore/internal/diff"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/ghhttp"
	"github.com/stevedore-dev/stevedore/internal/github"
	"github.com/stevedore-dev/stevedore/internal/gitsource"
	"github.com/stevedore-dev/stevedore/internal/report"
	"github.com/stevedore-dev/stevedore/internal/review"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// Exit statuses (the CLI's).
const (
	ExitOK       = 0
	ExitFindings = 1
	ExitError    = 2
)

// MaxStepSummary is GitHub's limit for one step's job summary.
const MaxStepSummary = 1 << 20

// Inputs are the action's inputs (action.yml), one per CLI flag.
type Inputs struct {
	Token        string
	FailOn       string // severity (default high)
	Config       string // config path, read from the base side
	Mode         string // review, check or both (default both)
	CommentLimit int    // inline comments per run (0: the config's review.comment-limit, else 25)
	SarifFile    string // also write SARIF here
	Paths        []string
	Exclude      []string
	DocsURL      string
	// PREventFile is the first workflow's event payload, for workflow_run.
	PREventFile string
	// RequestChanges posts REQUEST_CHANGES instead of COMMENT when the run
	// fails.
	RequestChanges bool
}

// Env is the runner's world; tests replace every part.
type Env struct {
	Getenv         func(string) string
	Stdout, Stderr io.Writer
	// Transport carries API requests under the retrying transport (nil:
	// http.DefaultTransport).
	Transport http.RoundTripper
	// Sleep replaces real waits (retries, rate limits) in tests.
	Sleep func(ctx context.Context, d time.Duration) error
	// Reviewer reviews a change (default EngineReviewer).
	Reviewer Reviewer
	// Catalogue is the rule set EngineReviewer runs (the CLI passes
	// rules.All()).
	Catalogue []*rule.Rule
	// Logger receives debug records (call counts); default: stderr at info,
	// debug when RUNNER_DEBUG=1.
	Logger *slog.Logger
}

// Run runs the Action and returns the exit status.
func Run(ctx context.Context, in Inputs, env Env) int {
	r := &runner{in: in, env: env}
	code, err := r.run(ctx)
	if err != nil {
		fmt.Fprintf(env.Stdout, "::error title=stevedore::%s\n", report.EscapeWorkflowData(err.Error()))
		fmt.Fprintf(env.Stderr, "stevedore: %v\n", err)
		return ExitError
	}
	return code
}

type runner struct {
	in  Inputs
	env Env
	log *slog.Logger
}

func (r *runner) getenv(k string) string {
	if r.env.Getenv == nil {
		return os.Getenv(k)
	}
	return r.env.Getenv(k)
}

func (r *runner) run(ctx context.Context) (int, error) {
	r.log = r.env.Logger
	if r.log == nil {
		level := slog.LevelInfo
		if r.getenv("RUNNER_DEBUG") == "1" {
			level = slog.LevelDebug
		}
		r.log = slog.New(slog.NewTextHandler(r.env.Stderr, &slog.HandlerOptions{Level: level}))
	}
	failOn := finding.High
	if r.in.FailOn != "" {
		s, err := finding.ParseSeverity(r.in.FailOn)
		if err != nil {
			return 0, fmt.Errorf("fail-on: %w", err)
		}
		failOn = s
	}
	mode := r.in.Mode
	switch mode {
	case "":
		mode = "both"
	case "review", "check", "both":
	default:
		return 0, fmt.Errorf("mode %q is not review, check or both", mode)
	}
	target, err := r.target()
	if err != nil {
		return 0, err
	}
	client, err := r.client()
	if err != nil {
		return 0, err
	}
	if target.Event == "workflow_run" {
		if err := r.verifyHead(ctx, client, target); err != nil {
			return 0, err
		}
	}
	ch, err := r.change(ctx, client, target)
	if err != nil {
		return 0, err
	}
	reviewer := r.env.Reviewer
	if reviewer == nil {
		reviewer = EngineReviewer
	}
	res, err := reviewer(ctx, ch, Settings{FailOn: failOn, CommentLimit: r.in.CommentLimit, DocsBase: r.in.DocsURL,
		ConfigPath: r.in.Config, Paths: r.in.Paths, Exclude: r.in.Exclude, Catalogue: r.env.Catalogue})
	if err != nil {
		return 0, fmt.Errorf("review: %w", err)
	}
	code := ExitOK
	if res.Fail {
		code = ExitFindings
	}
	if err := r.writeSARIF(res); err != nil {
		return 0, err
	}
	post := buildPost(target, res, ch.Diffs, mode, r.in.RequestChanges || res.RequestChanges)
	post.DetailsURL = r.runURL()
	poster := &github.Poster{Client: client, Logger: r.log, Sleep: r.env.Sleep}
	out, perr := poster.Publish(ctx, post)
	fellBack := false
	if perr != nil {
		fellBack = true
		r.fallback(res, perr)
	}
	if out != nil {
		r.log.Debug("stevedore: published", "review", out.ReviewID, "posted", out.Posted, "duplicates", out.Duplicates,
			"edited", out.Edited, "fixed", out.MarkedFixed, "check_run", out.CheckRunID, "reads", out.Reads, "writes", out.Writes)
	}
	if err := r.writeSummary(res, out, fellBack); err != nil {
		r.log.Warn("stevedore: job summary not written", "error", err)
	}
	if err := r.writeOutputs(res); err != nil {
		// The review and check run are posted; an unwritable output file
		// (a restrictive self-hosted runner) must not hide the findings' status.
		r.log.Error("stevedore: step outputs not written", "file", r.getenv("GITHUB_OUTPUT"), "error", err)
	}
	return code, nil
}

func (r *runner) target() (*Target, error) {
	evPath := r.getenv("GITHUB_EVENT_PATH")
	if evPath == "" {
		return nil, errors.New("GITHUB_EVENT_PATH is not set: stevedore action runs inside GitHub Actions (use stevedore review locally)")
	}
	ev, err := readEvent(evPath)
	if err != nil {
		return nil, err
	}
	var prEv *eventPayload
	if r.in.PREventFile != "" {
		if prEv, err = readEvent(r.in.PREventFile); err != nil {
			return nil, err
		}
	}
	return resolveTarget(r.getenv("GITHUB_EVENT_NAME"), r.getenv("GITHUB_REPOSITORY"), r.getenv("GITHUB_SHA"), ev, prEv)
}

// client builds the API client: token, retrying transport, GHES URLs.
func (r *runner) client() (*gh.Client, error) {
	rt := ghhttp.NewTransport(r.env.Transport, ghhttp.Options{Logger: r.log, Sleep: r.env.Sleep})
	c := gh.NewClient(&http.Client{Transport: rt, Timeout: 2 * time.Minute})
	tok := r.in.Token
	if tok == "" {
		tok = r.getenv("GITHUB_TOKEN")
	}
	if tok != "" {
		c = c.WithAuthToken(tok)
	}
	// GITHUB_API_URL is exact on github.com and on GHES (".../api/v3"), so
	// it is used as is rather than through WithEnterpriseURLs, which would
	// append /api/v3 to a host it does not recognise.
	if api := strings.TrimSuffix(r.getenv("GITHUB_API_URL"), "/"); api != "" {
		u, err := url.Parse(api + "/")
		if err != nil || u.Scheme == "" || u.Host == "" {
			return nil, fmt.Errorf("GITHUB_API_URL %q is not a URL", api)
		}
		c.BaseURL = u
	}
	return c, nil
}

// verifyHead checks that the PR named by untrusted workflow_run data really
// has that head commit.
func (r *runner) verifyHead(ctx context.Context, c *gh.Client, t *Target) error {
	pr, _, err := c.PullRequests.Get(ctx, t.Owner, t.Repo, t.PR)
	if err != nil {
		return fmt.Errorf("get pull request #%d: %w", t.PR, err)
	}
	if pr.GetHead().GetSHA() != t.HeadSHA {
		return fmt.Errorf("pull request #%d head is %s, not %s: refusing to post", t.PR, pr.GetHead().GetSHA(), t.HeadSHA)
	}
	t.BaseSHA = pr.GetBase().GetSHA()
	return nil
}

// change gets both sides: the local checkout when it holds both commits,
// otherwise the API. A push reviews the workspace as it is.
func (r *runner) change(ctx context.Context, c *gh.Client, t *Target) (Change, error) {
	ws := r.getenv("GITHUB_WORKSPACE")
	if t.PR == 0 {
		if ws == "" {
			return Change{}, errors.New("push event without GITHUB_WORKSPACE")
		}
		return Change{Head: os.DirFS(ws)}, nil
	}
	if !t.APIOnly && ws != "" {
		if ch, ok := r.localChange(ctx, ws, t); ok {
			return ch, nil
		}
	}
	f := &github.Fetcher{Client: c, Logger: r.log, ConfigPath: r.in.Config}
	base, head, diffs, err := f.TreesAt(ctx, t.Owner, t.Repo, t.PR, github.Refs{BaseSHA: t.BaseSHA, HeadSHA: t.HeadSHA})
	if err != nil {
		return Change{}, fmt.Errorf("fetch the pull request's files: %w", err)
	}
	r.log.Debug("stevedore: files fetched through the API", "reads", f.Reads)
	return Change{Base: base, Head: head, Diffs: diffs}, nil
}

// localChange reads both sides from git when the checkout has them.
func (r *runner) localChange(ctx context.Context, ws string, t *Target) (Change, bool) {
	if _, err := os.Stat(filepath.Join(ws, ".git")); err != nil {
		return Change{}, false
	}
	repo, err := gitsource.Open(ctx, ws)
	if err != nil {
		return Change{}, false
	}
	mb, err := repo.MergeBase(ctx, t.BaseSHA, t.HeadSHA)
	if err != nil {
		r.log.Debug("stevedore: local history incomplete, using the API", "error", err)
		return Change{}, false
	}
	diffs, err := repo.Diff(ctx, mb, t.HeadSHA)
	if err != nil {
		return Change{}, false
	}
	base, err := repo.TreeFS(ctx, mb)
	if err != nil {
		return Change{}, false
	}
	head, err := repo.TreeFS(ctx, t.HeadSHA)
	if err != nil {
		base.Close()
		return Change{}, false
	}
	// Each tree reads through a long-lived `git cat-file --batch` process.
	// Change has no Close, so the trees end with the run's context (the
	// CLI cancels it when the action command returns).
	context.AfterFunc(ctx, func() {
		if err := errors.Join(base.Close(), head.Close()); err != nil {
			r.log.Debug("stevedore: closing the git trees", "error", err)
		}
	})
	return Change{Base: base, Head: head, Diffs: diffs}, true
}

// buildPost turns a review result into what gets posted.
func buildPost(t *Target, res *Result, diffs []*diff.FileDiff, mode string, requestChanges bool) github.Post {
	p := github.Post{
		Owner: t.Owner, Repo: t.Repo, PR: t.PR, HeadSHA: t.HeadSHA,
		Comments: res.Comments, Summary: res.Summary, Diffs: diffs,
		Title:      fmt.Sprintf("%d new, %d fixed, %d existing", len(res.New), len(res.Fixed), len(res.Existing)),
		Conclusion: github.ConclusionSuccess,
		SkipReview: mode == "check", SkipCheck: mode == "review",
	}
	switch {
	case res.Fail:
		p.Conclusion = github.ConclusionFailure
	case len(res.Scanned) == 0:
		p.Conclusion = github.ConclusionNeutral
	}
	if res.Fail && requestChanges {
		p.Event = github.EventRequestChanges
	}
	for _, f := range res.Fixed {
		p.Fixed = append(p.Fixed, f.Fingerprint())
	}
	p.HeadFingerprints = []string{}
	for _, l := range [][]finding.Finding{res.New, res.Existing} {
		for _, f := range l {
			p.HeadFingerprints = append(p.HeadFingerprints, f.Fingerprint())
			rg := f.Range.Normalize()
			p.Annotations = append(p.Annotations, github.Annotation{
				Path: f.Path, StartLine: rg.StartLine, EndLine: rg.EndLine, Level: review.AnnotationLevel(f.Severity),
				Title: strings.TrimSpace(f.RuleID + " " + f.RuleName), Message: f.Message,
			})
		}
	}
	return p
}

func (r *runner) runURL() string {
	srv, repo, id := r.getenv("GITHUB_SERVER_URL"), r.getenv("GITHUB_REPOSITORY"), r.getenv("GITHUB_RUN_ID")
	if srv == "" || repo == "" || id == "" {
		return ""
	}
	return strings.TrimSuffix(srv, "/") + "/" + repo + "/actions/runs/" + id
}

func (r *runner) reportResult(res *Result, fs []finding.Finding) *report.Result {
	return &report.Result{Tool: report.Tool{Name: "stevedore", InformationURI: "https://github.com/stevedore-dev/stevedore"},
		Files: res.Scanned, Findings: fs, Rules: res.Rules, DocsBase: r.in.DocsURL, AutomationID: "stevedore/pull-request/"}
}

func headFindings(res *Result) []finding.Finding {
	return append(append([]finding.Finding(nil), res.New...), res.Existing...)
}

func (r *runner) writeSARIF(res *Result) error {
	if r.in.SarifFile == "" {
		return nil
	}
	p := r.in.SarifFile
	if !filepath.IsAbs(p) && r.getenv("GITHUB_WORKSPACE") != "" {
		p = filepath.Join(r.getenv("GITHUB_WORKSPACE"), p)
	}
	var buf bytes.Buffer
	if err := report.SARIF(&buf, r.reportResult(res, headFindings(res))); err != nil {
		return err
	}
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write SARIF: %w", err)
	}
	return nil
}

// forkAdvice is printed when the token cannot write.
const forkAdvice = `stevedore could not post to the pull request: the token is read-only (a pull request from a fork, or missing permissions).
The findings are in the annotations above, the job summary and the SARIF file. To get inline reviews on fork pull requests,
use the two-workflow pattern: run stevedore on pull_request, upload the event file as an artifact, and post from a
workflow_run workflow with pull-requests: write and checks: write (see docs/action.md).`

// fallback delivers the findings through the log when posting failed.
func (r *runner) fallback(res *Result, err error) {
	var ro *github.ReadOnlyError
	if errors.As(err, &ro) {
		fmt.Fprintf(r.env.Stdout, "::warning title=stevedore::%s\n", report.EscapeWorkflowData(forkAdvice))
	} else {
		fmt.Fprintf(r.env.Stdout, "::warning title=stevedore::posting to GitHub failed, findings follow as annotations: %s\n", report.EscapeWorkflowData(err.Error()))
	}
	// New findings first: the runner shows only 10 errors and 10 warnings
	// per step as annotations; the rest stay in the log.
	if werr := report.WorkflowCommands(r.env.Stdout, r.reportResult(res, headFindings(res))); werr != nil {
		r.log.Warn("stevedore: workflow commands", "error", werr)
	}
}

func (r *runner) writeSummary(res *Result, out *github.Outcome, fellBack bool) error {
	p := r.getenv("GITHUB_STEP_SUMMARY")
	if p == "" {
		return nil
	}
	var b strings.Builder
	b.WriteString(res.Summary)
	if out != nil && len(out.Moved) > 0 {
		fmt.Fprintf(&b, "\n%d comment(s) could not be placed inline; they are in the review body and the check run.\n", len(out.Moved))
	}
	if fellBack {
		b.WriteString("\n> [!NOTE]\n> Posting to the pull request failed (read-only token or GitHub error); findings are reported here and as annotations.\n")
		var fb bytes.Buffer
		_ = report.Markdown(&fb, r.reportResult(res, headFindings(res)), report.MarkdownOptions{MaxBytes: MaxStepSummary / 2})
		b.WriteString("\n" + fb.String())
	}
	s := b.String()
	if len(s) > MaxStepSummary-64 {
		s = s[:MaxStepSummary-64] + "\n\n… (truncated)\n"
	}
	f, err := os.OpenFile(p, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	_, err = f.WriteString(s)
	return errors.Join(err, f.Close())
}

func (r *runner) writeOutputs(res *Result) error {
	p := r.getenv("GITHUB_OUTPUT")
	if p == "" {
		return nil
	}
	f, err := os.OpenFile(p, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("write outputs: %w", err)
	}
	lines := []string{
		"new-findings=" + strconv.Itoa(len(res.New)),
		"fixed-findings=" + strconv.Itoa(len(res.Fixed)),
		"existing-findings=" + strconv.Itoa(len(res.Existing)),
		"sarif-file=" + r.in.SarifFile,
	}
	_, err = f.WriteString(strings.Join(lines, "\n") + "\n")
	return errors.Join(err, f.Close())
}
