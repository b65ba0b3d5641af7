package github

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stevedore-dev/stevedore/internal/diff"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/ghhttp"
	"github.com/stevedore-dev/stevedore/internal/githubtest"
)

const (
	repoName = "octo-org/app"
	headSHA  = "1111111111111111111111111111111111111111"
	baseSHA  = "2222222222222222222222222222222222222222"
	token    = "ghs_test"
)

// dockerPatch adds lines 2–41 to a Dockerfile whose line 1 is unchanged.
var dockerPatch = func() string {
	var b strings.Builder
	b.WriteString("@@ -1,1 +1,41 @@\n FROM alpine:3.19\n")
	for i := 2; i <= 41; i++ {
		fmt.Fprintf(&b, "+RUN step %d\n", i)
	}
	return b.String()
}()

func noSleep(context.Context, time.Duration) error { return nil }

// newFake starts a fake GitHub with one open PR and returns a poster on it.
func newFake(t *testing.T, opts ...githubtest.Option) (*githubtest.Server, *Poster) {
	t.Helper()
	s := githubtest.New(t, opts...)
	s.AddToken(token, githubtest.Token{})
	s.AddPR(repoName, githubtest.PR{Number: 7, HeadSHA: headSHA, BaseSHA: baseSHA,
		Files: []githubtest.PRFile{{Filename: "Dockerfile", Patch: dockerPatch}}})
	rt := ghhttp.NewTransport(nil, ghhttp.Options{Sleep: noSleep})
	return s, &Poster{Client: s.ClientWithTransport(token, rt), Sleep: noSleep, Nonce: "n1"}
}

func comments(n int) []Comment {
	var cs []Comment
	for i := 0; i < n; i++ {
		fp := fmt.Sprintf("fp%03d", i)
		cs = append(cs, Comment{Path: "Dockerfile", Line: 2 + i%40, Body: "finding " + fp, Fingerprint: fp})
	}
	return cs
}

func annotations(n int) []Annotation {
	var as []Annotation
	for i := 0; i < n; i++ {
		as = append(as, Annotation{Path: "Dockerfile", StartLine: 1 + i%41, EndLine: 1 + i%41, Level: LevelWarning, Title: "DF001", Message: fmt.Sprintf("finding %d", i)})
	}
	return as
}

func post(cs []Comment, anns []Annotation) Post {
	return Post{Owner: "octo-org", Repo: "app", PR: 7, HeadSHA: headSHA, Comments: cs, Annotations: anns,
		Summary: "## stevedore\n", Conclusion: ConclusionFailure}
}

// writeBound is the write economy: 3 + ⌈annotations/50⌉ − 1.
func writeBound(anns int) int { return 3 + (anns+49)/50 - 1 }

func TestFirstRunAndUnchangedRerun(t *testing.T) {
	s, p := newFake(t)
	ctx := context.Background()
	out, err := p.Publish(ctx, post(comments(3), annotations(120)))
	if err != nil {
		t.Fatal(err)
	}
	c := s.Calls()
	t.Logf("first run: reads %d writes %d", c.Reads, c.Writes)
	if out.Posted != 3 || len(s.Reviews(repoName, 7)) != 1 || len(s.ReviewComments(repoName, 7)) != 3 {
		t.Fatalf("posted %d, reviews %d, comments %d", out.Posted, len(s.Reviews(repoName, 7)), len(s.ReviewComments(repoName, 7)))
	}
	runs := s.CheckRuns(repoName, headSHA)
	if len(runs) != 1 || len(runs[0].Annotations) != 120 || runs[0].Name != CheckName || runs[0].Conclusion != "failure" || out.AnnotationBatches != 3 {
		t.Fatalf("check runs %+v batches %d", runs, out.AnnotationBatches)
	}
	if c.Writes > writeBound(120) || c.Reads > 3 {
		t.Errorf("economy: %d writes (bound %d), %d reads", c.Writes, writeBound(120), c.Reads)
	}
	if c.Writes != out.Writes || c.Reads != out.Reads {
		t.Errorf("outcome counts %d/%d, fake counts %d/%d", out.Reads, out.Writes, c.Reads, c.Writes)
	}

	s.ResetCalls()
	p.Nonce = "n2"
	out, err = p.Publish(ctx, post(comments(3), annotations(120)))
	if err != nil {
		t.Fatal(err)
	}
	c = s.Calls()
	t.Logf("rerun: reads %d writes %d", c.Reads, c.Writes)
	if out.Posted != 0 || out.Duplicates != 3 || len(s.Reviews(repoName, 7)) != 1 || len(s.ReviewComments(repoName, 7)) != 3 {
		t.Fatalf("rerun posted %d dup %d reviews %d comments %d", out.Posted, out.Duplicates, len(s.Reviews(repoName, 7)), len(s.ReviewComments(repoName, 7)))
	}
	if c.ByOp["pulls/create-review"] != 0 || c.ByOp["pulls/update-review-comment"] != 0 {
		t.Errorf("rerun wrote to the review: %v", c.ByOp)
	}
}

func TestRerunEditsChangedAndFixed(t *testing.T) {
	for _, tc := range []struct {
		name        string
		deleteFixed bool
		reply       bool
		wantDeleted int
		wantFixed   int
	}{
		{"edit", false, false, 0, 1},
		{"delete without reply", true, false, 1, 0},
		{"reply keeps it", true, true, 0, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, p := newFake(t)
			p.DeleteFixed = tc.deleteFixed
			ctx := context.Background()
			if _, err := p.Publish(ctx, post(comments(3), nil)); err != nil {
				t.Fatal(err)
			}
			if tc.reply {
				first := s.ReviewComments(repoName, 7)[0]
				s.AddReviewComment(repoName, 7, githubtest.ReviewComment{InReplyTo: first.ID, Body: "why?"})
			}
			cs := comments(3)
			cs[1].Body = "finding fp001, reworded"
			next := post(cs[1:], annotations(2)) // fp000 fixed
			next.Fixed = []string{"fp000"}
			s.ResetCalls()
			out, err := p.Publish(ctx, next)
			if err != nil {
				t.Fatal(err)
			}
			if out.Edited != 1 || out.MarkedFixed != tc.wantFixed || out.Deleted != tc.wantDeleted || out.Posted != 0 {
				t.Fatalf("outcome %+v", out)
			}
			var fixedSeen bool
			for _, c := range s.ReviewComments(repoName, 7) {
				if finding.MarkerFingerprint(c.Body) == "fp000" && strings.Contains(c.Body, "Fixed") {
					fixedSeen = true
				}
				if finding.MarkerFingerprint(c.Body) == "fp001" && !strings.Contains(c.Body, "reworded") {
					t.Errorf("fp001 not edited: %q", c.Body)
				}
			}
			if fixedSeen != (tc.wantFixed == 1) {
				t.Errorf("fixed comment present = %v", fixedSeen)
			}
			if got := s.Calls().Writes; got > writeBound(2)+1 {
				t.Errorf("writes %d", got)
			}
			// A third run changes nothing.
			s.ResetCalls()
			out, err = p.Publish(ctx, next)
			if err != nil {
				t.Fatal(err)
			}
			if out.Edited+out.MarkedFixed+out.Deleted+out.Posted != 0 {
				t.Errorf("third run not idempotent: %+v", out)
			}
		})
	}
}

func TestCommentsOffTheDiff(t *testing.T) {
	cs := comments(2)
	cs = append(cs, Comment{Path: "Dockerfile", Line: 99, Body: "off the diff", Fingerprint: "off"})
	fd, err := diff.ParsePatch("Dockerfile", "Dockerfile", dockerPatch)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("diff known: only the bad one moves", func(t *testing.T) {
		s, p := newFake(t)
		s.RejectCommentsOutsideDiff(true)
		pst := post(cs, nil)
		pst.Diffs = []*diff.FileDiff{fd}
		out, err := p.Publish(context.Background(), pst)
		if err != nil {
			t.Fatal(err)
		}
		if out.Posted != 2 || len(out.Moved) != 1 || s.Calls().ByOp["pulls/create-review"] != 1 {
			t.Fatalf("outcome %+v calls %v", out, s.Calls().ByOp)
		}
		rv := s.Reviews(repoName, 7)[0]
		if !strings.Contains(rv.Body, "off the diff") || !strings.Contains(s.CheckRuns(repoName, headSHA)[0].Summary, "off the diff") {
			t.Errorf("moved comment missing from review body or check summary")
		}
	})
	t.Run("diff unknown: 422 moves every comment to the body", func(t *testing.T) {
		s, p := newFake(t)
		s.RejectCommentsOutsideDiff(true)
		out, err := p.Publish(context.Background(), post(cs, nil))
		if err != nil {
			t.Fatal(err)
		}
		if out.Posted != 0 || len(out.Moved) != 3 || len(s.Reviews(repoName, 7)) != 1 || len(s.ReviewComments(repoName, 7)) != 0 {
			t.Fatalf("outcome %+v", out)
		}
		for _, c := range cs {
			if !strings.Contains(s.Reviews(repoName, 7)[0].Body, c.Body) {
				t.Errorf("review body lacks %q", c.Body)
			}
		}
	})
}

func TestReadOnlyToken(t *testing.T) {
	s, p := newFake(t)
	s.ReadOnly(true)
	_, err := p.Publish(context.Background(), post(comments(2), annotations(3)))
	ro, ok := err.(*ReadOnlyError)
	if !ok || ro.Status != http.StatusForbidden {
		t.Fatalf("error %T %v, want *ReadOnlyError 403", err, err)
	}
	// Nothing to post inline: the check run is what gets refused.
	s2, p2 := newFake(t)
	s2.ReadOnly(true)
	_, err = p2.Publish(context.Background(), post(nil, annotations(3)))
	if _, ok := err.(*ReadOnlyError); !ok {
		t.Fatalf("check run refusal: %T %v", err, err)
	}
}

func TestServerErrorsDeliverExactlyOnce(t *testing.T) {
	for _, after := range []bool{false, true} {
		t.Run(fmt.Sprintf("applied=%v", after), func(t *testing.T) {
			for seed := uint64(1); seed <= 20; seed++ {
				s, p := newFake(t, githubtest.WithSeed(seed))
				if after {
					s.FailAfterApply("*", 0.3, http.StatusBadGateway)
				} else {
					s.Fail("*", 0.3, http.StatusInternalServerError)
				}
				out, err := p.Publish(context.Background(), post(comments(10), annotations(160)))
				if err != nil {
					t.Fatalf("seed %d: %v", seed, err)
				}
				rvs := s.Reviews(repoName, 7)
				runs := s.CheckRuns(repoName, headSHA)
				if len(rvs) != 1 || len(s.ReviewComments(repoName, 7)) != 10 || out.Posted != 10 {
					t.Fatalf("seed %d: %d reviews, %d comments", seed, len(rvs), len(s.ReviewComments(repoName, 7)))
				}
				if len(runs) != 1 || len(runs[0].Annotations) != 160 {
					t.Fatalf("seed %d: %d check runs, annotations %d", seed, len(runs), len(runs[0].Annotations))
				}
			}
		})
	}
}

func TestRateLimitWaits(t *testing.T) {
	s := githubtest.New(t)
	s.AddToken(token, githubtest.Token{})
	s.AddPR(repoName, githubtest.PR{Number: 7, HeadSHA: headSHA, BaseSHA: baseSHA, Files: []githubtest.PRFile{{Filename: "Dockerfile", Patch: dockerPatch}}})
	var waited []time.Duration
	sleep := func(_ context.Context, d time.Duration) error { waited = append(waited, d); return nil }
	rt := ghhttp.NewTransport(nil, ghhttp.Options{Sleep: sleep})
	p := &Poster{Client: s.ClientWithTransport(token, rt), Sleep: sleep}
	s.SecondaryRateLimit("pulls/create-review", 1, 7*time.Second)
	s.TooManyRequests("checks/create", 1, 3*time.Second)
	if _, err := p.Publish(context.Background(), post(comments(1), annotations(1))); err != nil {
		t.Fatal(err)
	}
	if len(s.Reviews(repoName, 7)) != 1 || len(s.CheckRuns(repoName, headSHA)) != 1 {
		t.Fatal("not delivered after the rate limit")
	}
	if len(waited) != 2 || waited[0] != 7*time.Second || waited[1] != 3*time.Second {
		t.Errorf("waits %v, want [7s 3s]", waited)
	}
}

func TestManyFindingsAndGHES(t *testing.T) {
	s, p := newFake(t, githubtest.WithBasePath("/api/v3"))
	out, err := p.Publish(context.Background(), post(comments(25), annotations(200)))
	if err != nil {
		t.Fatal(err)
	}
	c := s.Calls()
	t.Logf("200 annotations on GHES: reads %d writes %d batches %d", c.Reads, c.Writes, out.AnnotationBatches)
	if out.AnnotationBatches != 4 || len(s.CheckRuns(repoName, headSHA)[0].Annotations) != 200 || c.Writes > writeBound(200) {
		t.Fatalf("batches %d writes %d", out.AnnotationBatches, c.Writes)
	}
	if c.ByOp["checks/update"] != 3 {
		t.Errorf("updates %d", c.ByOp["checks/update"])
	}
}

func TestNoReviewWithoutComments(t *testing.T) {
	s, p := newFake(t)
	if _, err := p.Publish(context.Background(), post(nil, nil)); err != nil {
		t.Fatal(err)
	}
	if len(s.Reviews(repoName, 7)) != 0 || len(s.CheckRuns(repoName, headSHA)) != 1 {
		t.Fatal("a review without comments was posted, or no check run")
	}
}

func TestMarkers(t *testing.T) {
	b := withMarker("text", "abc123")
	if finding.MarkerFingerprint(b) != "abc123" || withMarker(b, "abc123") != b {
		t.Fatalf("marker round trip: %q", b)
	}
	fixed := fixedBody(b, "abc123", headSHA)
	if !isFixedBody(fixed) || finding.MarkerFingerprint(fixed) != "abc123" {
		t.Fatalf("fixed body %q", fixed)
	}
	long := strings.Repeat("é", MaxBody+10)
	if got := capBody(withMarker(long, "x"), "x"); runeLen(got) > MaxBody || finding.MarkerFingerprint(got) != "x" {
		t.Fatalf("capBody kept %d runes", runeLen(got))
	}
}
