// Package github posts a review result to GitHub with go-github v60: one
// pull-request review with inline comments, one check run named "stevedore"
// with annotations, and edits of its own earlier comments on later runs. It
// also fetches a pull request's files through the API (Fetcher). It knows
// nothing about rules or findings beyond what a Post says, so the Action and
// the GitHub App share it.
//
// Deduplication: every inline comment carries a hidden marker
// <!-- stevedore:fp=FINGERPRINT -->. A run lists the PR's review comments,
// keeps the top-level ones with a marker (and, when BotLogin is set, written
// by that login) as its own, and never posts a fingerprint that is already
// there; a changed body is edited, a fixed finding's comment is edited to
// say so (or deleted when DeleteFixed is set and nobody replied).
//
// Faults: ghhttp under the client retries reads, edits and deletes. A POST
// that fails with 5xx or a network error is retried here only after a read
// shows it did not take effect (the review's body marker for this run among
// the PR's reviews; the check run's external ID among the commit's check
// runs; a check-run update's annotation count). A 422 on the review (a
// comment GitHub will not place) is answered by dropping the comments that
// are not on a line of the diff and, failing that, by moving every comment
// into the review body. 403/404 on a write is a *ReadOnlyError.
package github

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	gh "github.com/google/go-github/v60/github"

	"github.com/stevedore-dev/stevedore/internal/diff"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/ghhttp"
)

// CheckName is the name of stevedore's check run.
const CheckName = "stevedore"

// MaxBody is GitHub's limit for comment and review bodies, in characters.
const MaxBody = 65536

// MaxCheckText is GitHub's limit for a check run's summary and text.
const MaxCheckText = 65535

// AnnotationBatch is how many annotations one check-run request may carry.
const AnnotationBatch = 50

// Review events.
const (
	EventComment        = "COMMENT"
	EventRequestChanges = "REQUEST_CHANGES"
)

// Check-run conclusions.
const (
	ConclusionSuccess = "success"
	ConclusionFailure = "failure"
	ConclusionNeutral = "neutral"
)

// Annotation levels.
const (
	LevelFailure = "failure"
	LevelWarning = "warning"
	LevelNotice  = "notice"
)

// Comment is one inline review comment on the RIGHT side of the head.
// StartLine is 0 for a single-line comment. Body is markdown (suggestion
// blocks included); it gets the fingerprint marker if it lacks it.
type Comment struct {
	Path        string `json:"path"`
	Line        int    `json:"line"`
	StartLine   int    `json:"startLine,omitempty"`
	Body        string `json:"body"`
	Fingerprint string `json:"fingerprint"`
}

// Annotation is one check-run annotation.
type Annotation struct {
	Path      string `json:"path"`
	StartLine int    `json:"startLine"`
	EndLine   int    `json:"endLine"`
	Level     string `json:"level"` // failure, warning or notice
	Title     string `json:"title,omitempty"`
	Message   string `json:"message"`
}

// Post is everything one run publishes on one pull request (or, with PR 0,
// one commit: then only the check run).
type Post struct {
	Owner   string `json:"owner"`
	Repo    string `json:"repo"`
	PR      int    `json:"pr,omitempty"`
	HeadSHA string `json:"headSha"`

	// Comments are the new inline comments, already capped by the caller.
	Comments []Comment `json:"comments,omitempty"`
	// ReviewBody heads the review (default: a one-line count). Comments that
	// cannot be placed inline are appended to it.
	ReviewBody string `json:"reviewBody,omitempty"`
	// Event is COMMENT (default) or REQUEST_CHANGES.
	Event string `json:"event,omitempty"`
	// Fixed lists the fingerprints of findings this run no longer sees.
	Fixed []string `json:"fixed,omitempty"`
	// HeadFingerprints, when not nil, lists every finding at the head (new
	// and existing); an own comment whose fingerprint is not in it is
	// treated as fixed too (a finding added and removed within the PR).
	HeadFingerprints []string `json:"headFingerprints,omitempty"`

	// Title and Summary are the check run's output (markdown summary,
	// truncated to 65,535 characters).
	Title       string       `json:"title,omitempty"`
	Summary     string       `json:"summary"`
	Annotations []Annotation `json:"annotations,omitempty"`
	// Conclusion is success, failure or neutral.
	Conclusion string `json:"conclusion"`
	// DetailsURL links the check run to the workflow run (optional).
	DetailsURL string `json:"detailsUrl,omitempty"`

	// SkipReview and SkipCheck select what is posted (mode check / review).
	SkipReview bool `json:"skipReview,omitempty"`
	SkipCheck  bool `json:"skipCheck,omitempty"`

	// Diffs, when known, let comments off the diff move to the body before
	// GitHub rejects the whole review with 422.
	Diffs []*diff.FileDiff `json:"-"`
}

// Outcome says what Publish did.
type Outcome struct {
	ReviewID    int64
	Posted      int       // new inline comments in the review
	Duplicates  int       // comments skipped because their fingerprint is already there
	Edited      int       // own comments whose body changed
	MarkedFixed int       // own comments edited to say fixed
	Deleted     int       // own comments of fixed findings deleted
	Moved       []Comment // comments that could not be placed inline (in the review body and check summary)

	CheckRunID        int64
	CheckRunURL       string
	AnnotationBatches int

	Reads, Writes int // API calls made (transport retries not counted)
}

// Poster publishes Posts.
type Poster struct {
	Client *gh.Client
	Logger *slog.Logger
	// BotLogin, when known ("stevedore[bot]"), also requires own comments
	// to be written by that login.
	BotLogin string
	// DeleteFixed deletes the comment of a fixed finding when nobody
	// replied, instead of editing it.
	DeleteFixed bool
	// MaxEdits caps the edits and deletes of earlier comments per run (0:
	// no cap); the rest wait for the next run. With MaxEdits 1 the write
	// economy 3 + ⌈annotations/50⌉ − 1 holds whatever happened before.
	MaxEdits int
	// Attempts bounds the checked retries of POSTs (default 4).
	Attempts int
	// Sleep waits between checked retries (default: 1s, 2s, 4s… timer).
	Sleep func(ctx context.Context, d time.Duration) error
	// Nonce identifies this run in markers (default: random).
	Nonce string
}

// Publish posts p: the review (unless SkipReview or nothing new), edits of
// earlier comments, then the check run (unless SkipCheck). The Outcome is
// returned even with an error, saying what was done.
func (p *Poster) Publish(ctx context.Context, post Post) (*Outcome, error) {
	if err := post.validate(); err != nil {
		return nil, err
	}
	run := &publishRun{p: p, post: post, out: &Outcome{}, log: p.logger()}
	run.nonce = p.Nonce
	if run.nonce == "" {
		var b [6]byte
		_, _ = rand.Read(b[:])
		run.nonce = hex.EncodeToString(b[:])
	}
	err := run.do(ctx)
	run.log.Debug("stevedore: GitHub calls", "reads", run.out.Reads, "writes", run.out.Writes,
		"posted", run.out.Posted, "duplicates", run.out.Duplicates, "edited", run.out.Edited,
		"fixed", run.out.MarkedFixed, "deleted", run.out.Deleted, "moved", len(run.out.Moved),
		"annotation_batches", run.out.AnnotationBatches)
	return run.out, err
}

func (p *Poster) logger() *slog.Logger {
	if p.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return p.Logger
}

func (post *Post) validate() error {
	switch {
	case post.Owner == "" || post.Repo == "":
		return errors.New("publish: owner and repo are required")
	case post.HeadSHA == "":
		return errors.New("publish: head SHA is required")
	case post.PR < 0:
		return fmt.Errorf("publish: bad PR number %d", post.PR)
	}
	switch post.Event {
	case "":
		post.Event = EventComment
	case EventComment, EventRequestChanges:
	default:
		return fmt.Errorf("publish: review event %q is not COMMENT or REQUEST_CHANGES", post.Event)
	}
	switch post.Conclusion {
	case "":
		post.Conclusion = ConclusionSuccess
	case ConclusionSuccess, ConclusionFailure, ConclusionNeutral:
	default:
		return fmt.Errorf("publish: conclusion %q is not success, failure or neutral", post.Conclusion)
	}
	if post.PR == 0 {
		post.SkipReview = true
	}
	return nil
}

// publishRun is the state of one Publish call.
type publishRun struct {
	p     *Poster
	post  Post
	out   *Outcome
	log   *slog.Logger
	nonce string
	edits int
}

// ownComment is one of stevedore's earlier top-level review comments.
type ownComment struct {
	c       *gh.PullRequestComment
	replied bool
}

func (r *publishRun) do(ctx context.Context) error {
	var errs []error
	if !r.post.SkipReview {
		if err := r.review(ctx); err != nil {
			var ro *ReadOnlyError
			if errors.As(err, &ro) {
				return err // the check run would be refused too
			}
			errs = append(errs, err)
		}
	}
	if !r.post.SkipCheck {
		if err := r.checkRun(ctx); err != nil {
			var ro *ReadOnlyError
			if errors.As(err, &ro) {
				return ro
			}
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// review reconciles earlier comments and posts the new ones.
func (r *publishRun) review(ctx context.Context) error {
	own, err := r.listOwn(ctx)
	if err != nil {
		return err
	}
	var fresh []Comment
	var editErrs []error
	seen := map[string]bool{}
	for _, c := range r.post.Comments {
		c.Body = capBody(withMarker(c.Body, c.Fingerprint), c.Fingerprint)
		if c.Fingerprint != "" && seen[c.Fingerprint] {
			r.out.Duplicates++
			continue
		}
		seen[c.Fingerprint] = true
		o, ok := own[c.Fingerprint]
		if !ok || c.Fingerprint == "" {
			fresh = append(fresh, c)
			continue
		}
		r.out.Duplicates++
		if strings.TrimSpace(o.c.GetBody()) != strings.TrimSpace(c.Body) {
			switch err := r.edit(ctx, o.c.GetID(), c.Body); {
			case err == nil:
				r.out.Edited++
			case errors.Is(err, errEditBudget):
			default:
				if ro := asReadOnly("edit review comment", err); ro != nil {
					return ro
				}
				editErrs = append(editErrs, err)
			}
		}
	}
	fixed := append([]string(nil), r.post.Fixed...)
	if r.post.HeadFingerprints != nil {
		atHead := map[string]bool{}
		for _, fp := range r.post.HeadFingerprints {
			atHead[fp] = true
		}
		for fp := range own {
			if !atHead[fp] {
				fixed = append(fixed, fp)
			}
		}
		slices.Sort(fixed)
	}
	for _, fp := range fixed {
		o, ok := own[fp]
		if !ok || seen[fp] || isFixedBody(o.c.GetBody()) {
			continue
		}
		seen[fp] = true
		var err error
		if r.p.DeleteFixed && !o.replied {
			if err = r.delete(ctx, o.c.GetID()); err == nil {
				r.out.Deleted++
			}
		} else if err = r.edit(ctx, o.c.GetID(), fixedBody(o.c.GetBody(), fp, r.post.HeadSHA)); err == nil {
			r.out.MarkedFixed++
		}
		if err != nil && !errors.Is(err, errEditBudget) {
			if ro := asReadOnly("update fixed review comment", err); ro != nil {
				return ro
			}
			editErrs = append(editErrs, err)
		}
	}
	if len(fresh) > 0 {
		if err := r.createReview(ctx, fresh); err != nil {
			return err
		}
	}
	return errors.Join(editErrs...)
}

var errEditBudget = errors.New("edit budget for this run is spent")

func (r *publishRun) edit(ctx context.Context, id int64, body string) error {
	if r.p.MaxEdits > 0 && r.edits >= r.p.MaxEdits {
		r.log.Debug("stevedore: comment edit deferred to a later run", "comment", id)
		return errEditBudget
	}
	r.edits++
	r.out.Writes++
	_, _, err := r.p.Client.PullRequests.EditComment(ctx, r.post.Owner, r.post.Repo, id, &gh.PullRequestComment{Body: gh.String(body)})
	if err != nil {
		return fmt.Errorf("edit review comment %d: %w", id, err)
	}
	return nil
}

func (r *publishRun) delete(ctx context.Context, id int64) error {
	if r.p.MaxEdits > 0 && r.edits >= r.p.MaxEdits {
		return errEditBudget
	}
	r.edits++
	r.out.Writes++
	if _, err := r.p.Client.PullRequests.DeleteComment(ctx, r.post.Owner, r.post.Repo, id); err != nil && statusOf(err) != 404 {
		return fmt.Errorf("delete review comment %d: %w", id, err)
	}
	return nil
}

// listOwn lists the PR's review comments (every page) and returns
// stevedore's own top-level ones by fingerprint.
func (r *publishRun) listOwn(ctx context.Context) (map[string]*ownComment, error) {
	opts := &gh.PullRequestListCommentsOptions{ListOptions: gh.ListOptions{PerPage: 100}}
	var all []*gh.PullRequestComment
	for {
		r.out.Reads++
		page, resp, err := r.p.Client.PullRequests.ListComments(ctx, r.post.Owner, r.post.Repo, r.post.PR, opts)
		if err != nil {
			return nil, fmt.Errorf("list review comments of %s/%s#%d: %w", r.post.Owner, r.post.Repo, r.post.PR, err)
		}
		all = append(all, page...)
		if resp.NextPage == 0 {
			break
		}
		opts.Page = resp.NextPage
	}
	own := map[string]*ownComment{}
	byID := map[int64]*ownComment{}
	for _, c := range all {
		if c.GetInReplyTo() != 0 {
			continue
		}
		if r.p.BotLogin != "" && !strings.EqualFold(c.GetUser().GetLogin(), r.p.BotLogin) {
			continue
		}
		fp := finding.MarkerFingerprint(c.GetBody())
		if fp == "" {
			continue
		}
		if _, dup := own[fp]; dup {
			continue // keep the oldest
		}
		o := &ownComment{c: c}
		own[fp] = o
		byID[c.GetID()] = o
	}
	for _, c := range all {
		if o := byID[c.GetInReplyTo()]; o != nil {
			o.replied = true
		}
	}
	return own, nil
}

// createReview posts one review with comments, handling 422, read-only
// tokens and server errors.
func (r *publishRun) createReview(ctx context.Context, comments []Comment) error {
	inline, moved := r.placeable(comments)
	if len(inline) == 0 {
		// Nothing can be inline: the comments go to the check summary and
		// no review is posted (never a review without new comments).
		r.out.Moved = append(r.out.Moved, moved...)
		return nil
	}
	rv, err := r.postReview(ctx, inline, moved)
	if err != nil && unprocessable(err) {
		r.log.Debug("stevedore: review refused with 422; moving every comment into the review body", "error", err)
		all := append(append([]Comment(nil), moved...), inline...)
		moved, inline = all, nil
		rv, err = r.postReview(ctx, nil, moved)
	}
	if err != nil {
		return err
	}
	r.out.ReviewID = rv.GetID()
	r.out.Posted = len(inline)
	r.out.Moved = append(r.out.Moved, moved...)
	return nil
}

// placeable splits comments into those GitHub can place (every line of the
// range in the same hunk of the file's diff, when the diff is known) and the
// rest.
func (r *publishRun) placeable(comments []Comment) (inline, moved []Comment) {
	if r.post.Diffs == nil {
		return comments, nil
	}
	byPath := map[string]*diff.FileDiff{}
	for _, d := range r.post.Diffs {
		if d != nil && d.NewPath != "" {
			byPath[d.NewPath] = d
		}
	}
	for _, c := range comments {
		if Placeable(byPath[c.Path], c) {
			inline = append(inline, c)
		} else {
			moved = append(moved, c)
		}
	}
	return inline, moved
}

// Placeable reports whether GitHub accepts comment c on file diff d: its
// line (and start line) on the RIGHT side inside one hunk.
func Placeable(d *diff.FileDiff, c Comment) bool {
	if d == nil || c.Line < 1 || !d.Commentable(c.Line) {
		return false
	}
	if c.StartLine == 0 || c.StartLine == c.Line {
		return true
	}
	return c.StartLine < c.Line && d.HunkAt(c.StartLine) == d.HunkAt(c.Line)
}

// postReview sends the review; a failed POST is retried only after the
// PR's reviews show that it did not take effect.
func (r *publishRun) postReview(ctx context.Context, inline, moved []Comment) (*gh.PullRequestReview, error) {
	marker := reviewMarker(r.post.HeadSHA, r.nonce)
	body := reviewBody(r.post, len(inline), moved, marker)
	req := &gh.PullRequestReviewRequest{CommitID: gh.String(r.post.HeadSHA), Event: gh.String(r.post.Event), Body: gh.String(body)}
	for _, c := range inline {
		dc := &gh.DraftReviewComment{Path: gh.String(c.Path), Line: gh.Int(c.Line), Side: gh.String("RIGHT"), Body: gh.String(c.Body)}
		if c.StartLine > 0 && c.StartLine < c.Line {
			dc.StartLine, dc.StartSide = gh.Int(c.StartLine), gh.String("RIGHT")
		}
		req.Comments = append(req.Comments, dc)
	}
	var rv *gh.PullRequestReview
	err := r.checkedRetry(ctx, "create review", func() error {
		r.out.Writes++
		var err error
		rv, _, err = r.p.Client.PullRequests.CreateReview(ctx, r.post.Owner, r.post.Repo, r.post.PR, req)
		return err
	}, func() (bool, error) {
		found, err := r.findReview(ctx, marker)
		if found != nil {
			rv = found
		}
		return found != nil, err
	})
	if err != nil {
		if ro := asReadOnly("create review", err); ro != nil {
			return nil, ro
		}
		return nil, fmt.Errorf("create review on %s/%s#%d: %w", r.post.Owner, r.post.Repo, r.post.PR, err)
	}
	return rv, nil
}

// findReview looks for this run's review among the PR's reviews.
func (r *publishRun) findReview(ctx context.Context, marker string) (*gh.PullRequestReview, error) {
	opts := &gh.ListOptions{PerPage: 100}
	for {
		r.out.Reads++
		page, resp, err := r.p.Client.PullRequests.ListReviews(ctx, r.post.Owner, r.post.Repo, r.post.PR, opts)
		if err != nil {
			return nil, fmt.Errorf("list reviews: %w", err)
		}
		for _, rv := range page {
			if rv.GetCommitID() == r.post.HeadSHA && strings.Contains(rv.GetBody(), marker) {
				return rv, nil
			}
		}
		if resp.NextPage == 0 {
			return nil, nil
		}
		opts.Page = resp.NextPage
	}
}

// checkedRetry runs send; after a transient failure it asks applied whether
// the write took effect anyway and sends again only if it did not.
func (r *publishRun) checkedRetry(ctx context.Context, what string, send func() error, applied func() (bool, error)) error {
	attempts := r.p.Attempts
	if attempts <= 0 {
		attempts = 4
	}
	var err error
	for i := 0; i < attempts; i++ {
		if i > 0 {
			if serr := r.sleep(ctx, time.Second<<(i-1)); serr != nil {
				return errors.Join(err, serr)
			}
			ok, cerr := applied()
			if cerr != nil && !transient(cerr) {
				return errors.Join(err, cerr)
			}
			if cerr == nil && ok {
				r.log.Debug("stevedore: write took effect despite the error", "what", what)
				return nil
			}
			if cerr != nil {
				continue // cannot tell yet; check again before sending
			}
		}
		err = send()
		if err == nil || !transient(err) {
			return err
		}
		r.log.Debug("stevedore: write failed, will check and retry", "what", what, "attempt", i+1, "error", err)
	}
	return err
}

func (r *publishRun) sleep(ctx context.Context, d time.Duration) error {
	if r.p.Sleep != nil {
		return r.p.Sleep(ctx, d)
	}
	return ghhttp.Sleep(ctx, d)
}

// reviewBody is the review's text: the head, the comments that could not be
// placed inline, and the run marker, within GitHub's limit.
func reviewBody(post Post, inline int, moved []Comment, marker string) string {
	head := strings.TrimSpace(post.ReviewBody)
	if head == "" {
		head = fmt.Sprintf("**stevedore** found %d new finding%s on the lines this pull request changes.", inline+len(moved), plural(inline+len(moved)))
	}
	var b strings.Builder
	b.WriteString(head)
	tail := "\n\n" + marker
	budget := MaxBody - runeLen(head) - runeLen(tail) - 200
	if len(moved) > 0 {
		section := movedSection(moved, budget)
		b.WriteString("\n\n" + section)
	}
	b.WriteString(tail)
	return b.String()
}

// movedSection lists comments that could not be placed inline, each in a
// collapsed block, within budget characters.
func movedSection(moved []Comment, budget int) string {
	var b strings.Builder
	b.WriteString("#### Not placed inline\n")
	for i, c := range moved {
		text := strings.TrimSpace(finding.WithoutMarkers(c.Body))
		item := fmt.Sprintf("\n<details><summary><code>%s</code> line %d</summary>\n\n%s\n\n</details>\n", escapeHTML(c.Path), c.Line, text)
		if runeLen(b.String())+runeLen(item) > budget {
			fmt.Fprintf(&b, "\n… and %d more (see the check run).\n", len(moved)-i)
			break
		}
		b.WriteString(item)
	}
	return b.String()
}

func escapeHTML(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
