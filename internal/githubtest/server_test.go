package githubtest

import (
	"context"
	"crypto/rsa"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bradleyfalzon/ghinstallation/v2"
	"github.com/google/go-github/v60/github"
)

const (
	repo     = "octo-org/app"
	baseSHA  = "1111111111111111111111111111111111111111"
	headSHA  = "2222222222222222222222222222222222222222"
	head2SHA = "3333333333333333333333333333333333333333"
)

const dockerfileHead = "FROM alpine:3.19\nRUN apk add curl\nUSER root\nCMD [\"sh\"]\n"

const dockerfilePatch = `@@ -1,3 +1,4 @@
 FROM alpine:3.19
-RUN apk add wget
+RUN apk add curl
+USER root
 CMD ["sh"]`

const deployPatch = `@@ -1,3 +1,3 @@
 a
-b
+B
 c
@@ -10,3 +10,4 @@
 j
+J
 k
 l`

// fixture starts a server with one PR (#7) changing two files.
func fixture(t *testing.T, opts ...Option) (*Server, *github.Client) {
	t.Helper()
	s := New(t, append([]Option{WithStrictProperties()}, opts...)...)
	s.AddPR(repo, PR{
		Number: 7, HeadSHA: headSHA, BaseSHA: baseSHA, HeadRef: "feature",
		Files: []PRFile{
			{Filename: "Dockerfile", Patch: dockerfilePatch},
			{Filename: "k8s/deploy.yaml", Patch: deployPatch},
		},
	})
	s.SetContent(repo, headSHA, "Dockerfile", dockerfileHead)
	s.SetContent(repo, headSHA, "k8s/deploy.yaml", "a\nB\nc\n")
	s.SetContent(repo, baseSHA, "Dockerfile", "FROM alpine:3.19\nRUN apk add wget\nCMD [\"sh\"]\n")
	return s, s.Client("ghs_action")
}

func TestValidCallsThroughGoGitHub(t *testing.T) {
	s, gh := fixture(t)
	ctx := context.Background()

	pr, _, err := gh.PullRequests.Get(ctx, "octo-org", "app", 7)
	if err != nil || pr.GetHead().GetSHA() != headSHA || pr.GetBase().GetSHA() != baseSHA || pr.GetHead().GetRepo().GetFork() {
		t.Fatalf("PullRequests.Get = %+v, %v", pr, err)
	}
	diff, _, err := gh.PullRequests.GetRaw(ctx, "octo-org", "app", 7, github.RawOptions{Type: github.Diff})
	if err != nil || !strings.Contains(diff, "+++ b/k8s/deploy.yaml") {
		t.Fatalf("GetRaw diff = %q, %v", diff, err)
	}
	files, _, err := gh.PullRequests.ListFiles(ctx, "octo-org", "app", 7, &github.ListOptions{PerPage: 100})
	if err != nil || len(files) != 2 || files[0].GetSHA() != gitBlobSHA(dockerfileHead) || files[0].GetAdditions() != 2 {
		t.Fatalf("ListFiles = %v, %v", files, err)
	}
	cmp, _, err := gh.Repositories.CompareCommits(ctx, "octo-org", "app", baseSHA, headSHA, &github.ListOptions{PerPage: 1})
	if err != nil || cmp.GetMergeBaseCommit().GetSHA() != baseSHA {
		t.Fatalf("CompareCommits = %+v, %v", cmp, err)
	}
	fc, _, _, err := gh.Repositories.GetContents(ctx, "octo-org", "app", "Dockerfile", &github.RepositoryContentGetOptions{Ref: headSHA})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := fc.GetContent(); err != nil || got != dockerfileHead {
		t.Fatalf("GetContent = %q, %v", got, err)
	}
	_, dir, _, err := gh.Repositories.GetContents(ctx, "octo-org", "app", "k8s", &github.RepositoryContentGetOptions{Ref: "feature"})
	if err != nil || len(dir) != 1 || dir[0].GetPath() != "k8s/deploy.yaml" {
		t.Fatalf("GetContents(dir) = %v, %v", dir, err)
	}
	tree, _, err := gh.Git.GetTree(ctx, "octo-org", "app", headSHA, true)
	if err != nil || len(tree.Entries) != 3 { // Dockerfile, k8s, k8s/deploy.yaml
		t.Fatalf("GetTree = %+v, %v", tree, err)
	}
	blob, _, err := gh.Git.GetBlobRaw(ctx, "octo-org", "app", files[0].GetSHA())
	if err != nil || string(blob) != dockerfileHead {
		t.Fatalf("GetBlobRaw = %q, %v", blob, err)
	}

	review, _, err := gh.PullRequests.CreateReview(ctx, "octo-org", "app", 7, &github.PullRequestReviewRequest{
		CommitID: github.String(headSHA), Event: github.String("COMMENT"), Body: github.String("summary"),
		Comments: []*github.DraftReviewComment{
			{Path: github.String("Dockerfile"), Line: github.Int(3), Side: github.String("RIGHT"), Body: github.String("runs as root")},
			{Path: github.String("Dockerfile"), StartLine: github.Int(2), StartSide: github.String("RIGHT"), Line: github.Int(3), Side: github.String("RIGHT"), Body: github.String("```suggestion\nUSER app\n```")},
		},
	})
	if err != nil || review.GetState() != "COMMENTED" {
		t.Fatalf("CreateReview = %+v, %v", review, err)
	}
	comments, _, err := gh.PullRequests.ListComments(ctx, "octo-org", "app", 7, &github.PullRequestListCommentsOptions{ListOptions: github.ListOptions{PerPage: 100}})
	if err != nil || len(comments) != 2 || comments[0].GetLine() != 3 || comments[0].GetUser().GetLogin() != defaultLogin || comments[1].GetStartLine() != 2 {
		t.Fatalf("ListComments = %v, %v", comments, err)
	}
	if _, _, err := gh.PullRequests.EditComment(ctx, "octo-org", "app", comments[0].GetID(), &github.PullRequestComment{Body: github.String("edited")}); err != nil {
		t.Fatal(err)
	}
	if _, err := gh.PullRequests.DeleteComment(ctx, "octo-org", "app", comments[1].GetID()); err != nil {
		t.Fatal(err)
	}
	if _, _, err := gh.PullRequests.UpdateReview(ctx, "octo-org", "app", 7, review.GetID(), "new summary"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := gh.PullRequests.CreateCommentInReplyTo(ctx, "octo-org", "app", 7, "thanks", comments[0].GetID()); err != nil {
		t.Fatal(err)
	}
	ic, _, err := gh.Issues.CreateComment(ctx, "octo-org", "app", 7, &github.IssueComment{Body: github.String("<!-- stevedore -->")})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := gh.Issues.EditComment(ctx, "octo-org", "app", ic.GetID(), &github.IssueComment{Body: github.String("v2")}); err != nil {
		t.Fatal(err)
	}

	run, _, err := gh.Checks.CreateCheckRun(ctx, "octo-org", "app", github.CreateCheckRunOptions{
		Name: "stevedore", HeadSHA: headSHA, Status: github.String("in_progress"),
		Output: &github.CheckRunOutput{Title: github.String("t"), Summary: github.String("s"), Annotations: annotations(50)},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := gh.Checks.UpdateCheckRun(ctx, "octo-org", "app", run.GetID(), github.UpdateCheckRunOptions{
		Name: "stevedore", Conclusion: github.String("failure"),
		Output: &github.CheckRunOutput{Title: github.String("t"), Summary: github.String("done"), Annotations: annotations(20)},
	}); err != nil {
		t.Fatal(err)
	}
	list, _, err := gh.Checks.ListCheckRunsForRef(ctx, "octo-org", "app", headSHA, &github.ListCheckRunsOptions{CheckName: github.String("stevedore")})
	if err != nil || list.GetTotal() != 1 || list.CheckRuns[0].GetConclusion() != "failure" || list.CheckRuns[0].GetOutput().GetAnnotationsCount() != 70 {
		t.Fatalf("ListCheckRunsForRef = %+v, %v", list, err)
	}
	anns, _, err := gh.Checks.ListCheckRunAnnotations(ctx, "octo-org", "app", run.GetID(), &github.ListOptions{PerPage: 100})
	if err != nil || len(anns) != 70 {
		t.Fatalf("ListCheckRunAnnotations = %d, %v", len(anns), err)
	}
	if _, _, err := gh.RateLimit.Get(ctx); err != nil {
		t.Fatal(err)
	}

	// Getters see the state.
	if rs := s.Reviews(repo, 7); len(rs) != 2 || rs[0].Body != "new summary" || rs[0].CommitID != headSHA {
		t.Errorf("Reviews = %+v", rs)
	}
	rc := s.ReviewComments(repo, 7)
	if len(rc) != 2 || rc[0].Body != "edited" || rc[1].InReplyTo != rc[0].ID || rc[1].Line != 3 {
		t.Errorf("ReviewComments = %+v", rc)
	}
	if got := s.IssueComments(repo, 7); len(got) != 1 || got[0].Body != "v2" {
		t.Errorf("IssueComments = %+v", got)
	}
	runs := s.CheckRuns(repo, headSHA)
	if len(runs) != 1 || len(runs[0].Annotations) != 70 || runs[0].Status != "completed" || runs[0].Summary != "done" || runs[0].Updates != 1 {
		t.Errorf("CheckRuns = %+v", runs)
	}
	calls := s.Calls()
	if calls.Writes != 9 || calls.ByOp["checks/update"] != 1 || calls.Reads != 12 {
		t.Errorf("Calls = %+v", calls)
	}
}

func annotations(n int) []*github.CheckRunAnnotation {
	out := make([]*github.CheckRunAnnotation, n)
	for i := range out {
		out[i] = &github.CheckRunAnnotation{
			Path: github.String("Dockerfile"), StartLine: github.Int(i + 1), EndLine: github.Int(i + 1),
			AnnotationLevel: github.String("warning"), Message: github.String(fmt.Sprintf("finding %d", i)),
		}
	}
	return out
}

// raw sends a request with a JSON body and returns the status and body.
func raw(t *testing.T, s *Server, token, method, path, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, s.URL()+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestInvalidRequestsAreCaught(t *testing.T) {
	tests := []struct {
		name, method, path, body string
		status                   int
		want                     string
	}{
		{"review comment without body", "POST", "/repos/octo-org/app/pulls/7/reviews",
			`{"event":"COMMENT","body":"x","comments":[{"path":"Dockerfile","line":3}]}`, 422, `"body" wasn't supplied`},
		{"unknown event", "POST", "/repos/octo-org/app/pulls/7/reviews",
			`{"event":"LGTM","body":"x"}`, 422, `"LGTM" is not a member of`},
		{"line as string", "POST", "/repos/octo-org/app/pulls/7/reviews",
			`{"event":"COMMENT","comments":[{"path":"Dockerfile","line":"3","body":"b"}]}`, 422, `comments[0].line: "3" is not an integer`},
		{"bad side", "POST", "/repos/octo-org/app/pulls/7/reviews",
			`{"event":"COMMENT","comments":[{"path":"Dockerfile","line":3,"side":"right","body":"b"}]}`, 422, "not one of LEFT, RIGHT"},
		{"empty COMMENT review", "POST", "/repos/octo-org/app/pulls/7/reviews",
			`{"event":"COMMENT"}`, 422, "body is required"},
		{"strict: unknown property", "POST", "/repos/octo-org/app/issues/7/comments",
			`{"body":"x","bdy":"y"}`, 422, `"bdy" is not a property`},
		{"check run without head_sha", "POST", "/repos/octo-org/app/check-runs",
			`{"name":"n"}`, 422, `"head_sha" wasn't supplied`},
		{"51 annotations", "POST", "/repos/octo-org/app/check-runs",
			fmt.Sprintf(`{"name":"n","head_sha":%q,"output":{"title":"t","summary":"s","annotations":[%s]}}`, headSHA,
				strings.TrimSuffix(strings.Repeat(`{"path":"a","start_line":1,"end_line":1,"annotation_level":"warning","message":"m"},`, 51), ",")),
			422, "at most 50 are allowed"},
		{"bad annotation level", "POST", "/repos/octo-org/app/check-runs",
			fmt.Sprintf(`{"name":"n","head_sha":%q,"output":{"title":"t","summary":"s","annotations":[{"path":"a","start_line":1,"end_line":1,"annotation_level":"error","message":"m"}]}}`, headSHA),
			422, `"error" is not a member of`},
		{"columns across lines", "POST", "/repos/octo-org/app/check-runs",
			fmt.Sprintf(`{"name":"n","head_sha":%q,"output":{"title":"t","summary":"s","annotations":[{"path":"a","start_line":1,"end_line":2,"start_column":1,"annotation_level":"notice","message":"m"}]}}`, headSHA),
			422, "only allowed when start_line equals end_line"},
		{"update with empty name", "PATCH", "/repos/octo-org/app/check-runs/1",
			`{"name":"","status":"in_progress"}`, 422, "name is empty"},
		{"completed without conclusion", "PATCH", "/repos/octo-org/app/check-runs/1",
			`{"name":"n","status":"completed"}`, 422, "does not match any"},
		{"body too long", "POST", "/repos/octo-org/app/issues/7/comments",
			`{"body":"` + strings.Repeat("x", maxBody+1) + `"}`, 422, "too long"},
		{"missing body", "PATCH", "/repos/octo-org/app/issues/comments/1", ``, 422, "request body is required"},
		{"bad JSON", "PATCH", "/repos/octo-org/app/issues/comments/1", `{"body":`, 400, "Problems parsing JSON"},
		{"non-numeric PR", "GET", "/repos/octo-org/app/pulls/abc", ``, 404, `"abc" is not an integer`},
		{"bad enum query", "GET", "/repos/octo-org/app/commits/" + headSHA + "/check-runs?filter=newest", ``, 422, `"newest" is not a member`},
		{"unknown route", "GET", "/repos/octo-org/app/pulls/7/commits", ``, 404, "no operation"},
		{"wrong method", "DELETE", "/repos/octo-org/app/pulls/7", ``, 404, "not with this method"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := fixture(t)
			status, _ := raw(t, s, "ghs_action", tt.method, tt.path, tt.body)
			if status != tt.status {
				t.Errorf("status = %d, want %d", status, tt.status)
			}
			v := s.TakeViolations()
			if len(v) != 1 || !strings.Contains(v[0].String(), tt.want) {
				t.Errorf("violations = %v, want one containing %q", v, tt.want)
			}
		})
	}
}

func TestGoGitHubValidationErrorShape(t *testing.T) {
	s, gh := fixture(t)
	_, _, err := gh.PullRequests.CreateReview(context.Background(), "octo-org", "app", 7, &github.PullRequestReviewRequest{
		Event:    github.String("COMMENT"),
		Comments: []*github.DraftReviewComment{{Path: github.String("Dockerfile"), Line: github.Int(3)}},
	})
	var er *github.ErrorResponse
	if !errors.As(err, &er) || er.Response.StatusCode != 422 || !strings.Contains(er.Message, "wasn't supplied") {
		t.Fatalf("err = %v", err)
	}
	if v := s.TakeViolations(); len(v) != 1 || v[0].Op != "pulls/create-review" {
		t.Fatalf("violations = %v", v)
	}
}

func TestEnterpriseBasePath(t *testing.T) {
	s, gh := fixture(t, WithBasePath("/api/v3"))
	if !strings.HasSuffix(s.URL(), "/api/v3") {
		t.Fatalf("URL = %s", s.URL())
	}
	if _, _, err := gh.PullRequests.Get(context.Background(), "octo-org", "app", 7); err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(strings.TrimSuffix(s.URL(), "/api/v3") + "/repos/octo-org/app/pulls/7")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Errorf("request outside the base path: status %d, want 404", resp.StatusCode)
	}
	if v := s.TakeViolations(); len(v) != 1 || !strings.Contains(v[0].String(), "outside the base path") {
		t.Errorf("violations = %v", v)
	}
}

func TestFailIsDeterministicAndLetsRetriesThrough(t *testing.T) {
	run := func(seed uint64) (injected int, maxRun int) {
		s, gh := fixture(t, WithSeed(seed))
		s.Fail("*", 0.3, http.StatusBadGateway)
		for i := 0; i < 100; i++ {
			for attempt := 1; ; attempt++ {
				_, resp, err := gh.PullRequests.Get(context.Background(), "octo-org", "app", 7)
				if err == nil {
					maxRun = max(maxRun, attempt)
					break
				}
				if resp == nil || resp.StatusCode != http.StatusBadGateway {
					t.Fatalf("unexpected error %v", err)
				}
			}
		}
		return s.Calls().Injected, maxRun
	}
	a, runA := run(42)
	b, _ := run(42)
	c, _ := run(7)
	if a != b {
		t.Errorf("same seed injected %d then %d failures", a, b)
	}
	if a < 15 || a > 45 || c < 15 || c > 45 {
		t.Errorf("injected %d and %d of ~130 requests, want about 30%%", a, c)
	}
	if runA > 2 {
		t.Errorf("a request needed %d attempts; failures must not repeat twice in a row", runA)
	}
}

func TestFailAfterApplyAndNetworkError(t *testing.T) {
	s, gh := fixture(t)
	s.FailAfterApply("issues/create-comment", 1, http.StatusGatewayTimeout)
	_, resp, err := gh.Issues.CreateComment(context.Background(), "octo-org", "app", 7, &github.IssueComment{Body: github.String("x")})
	if err == nil || resp.StatusCode != http.StatusGatewayTimeout {
		t.Fatalf("err = %v", err)
	}
	if n := len(s.IssueComments(repo, 7)); n != 1 {
		t.Errorf("comment applied %d times, want 1", n)
	}
	// net/http itself retries an idempotent request once on a dropped
	// connection, so let the fault repeat.
	s2, gh2 := fixture(t, WithMaxConsecutiveFailures(5))
	s2.Fail("pulls/list-files", 1, StatusNetworkError)
	if _, _, err := gh2.PullRequests.ListFiles(context.Background(), "octo-org", "app", 7, nil); err == nil {
		t.Error("network error fault: no error")
	}
}

func TestRateLimits(t *testing.T) {
	s, gh := fixture(t)
	ctx := context.Background()
	s.SecondaryRateLimit("issues/create-comment", 1, 3*time.Second)
	_, _, err := gh.Issues.CreateComment(ctx, "octo-org", "app", 7, &github.IssueComment{Body: github.String("x")})
	var abuse *github.AbuseRateLimitError
	if !errors.As(err, &abuse) || abuse.GetRetryAfter() != 3*time.Second {
		t.Fatalf("secondary limit: err = %v", err)
	}

	s2, gh2 := fixture(t)
	s2.TooManyRequests("pulls/get", 1, 2*time.Second)
	_, resp, err := gh2.PullRequests.Get(ctx, "octo-org", "app", 7)
	if err == nil || resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "2" {
		t.Fatalf("429: err = %v", err)
	}
	if _, _, err := gh2.PullRequests.Get(ctx, "octo-org", "app", 7); err != nil {
		t.Fatalf("after the 429: %v", err)
	}

	s3, gh3 := fixture(t)
	s3.PrimaryRateLimit("*", 1, time.Now().Add(time.Second))
	_, _, err = gh3.PullRequests.Get(ctx, "octo-org", "app", 7)
	var rl *github.RateLimitError
	if !errors.As(err, &rl) {
		t.Fatalf("primary limit: err = %v", err)
	}
}

func TestRejectCommentsOutsideDiff(t *testing.T) {
	tests := []struct {
		name    string
		comment *github.DraftReviewComment
		want    string
	}{
		{"added line", &github.DraftReviewComment{Path: github.String("Dockerfile"), Line: github.Int(3), Side: github.String("RIGHT")}, ""},
		{"context line", &github.DraftReviewComment{Path: github.String("Dockerfile"), Line: github.Int(4), Side: github.String("RIGHT")}, ""},
		{"deleted line on LEFT", &github.DraftReviewComment{Path: github.String("Dockerfile"), Line: github.Int(2), Side: github.String("LEFT")}, ""},
		{"outside hunks", &github.DraftReviewComment{Path: github.String("k8s/deploy.yaml"), Line: github.Int(6), Side: github.String("RIGHT")}, "line must be part of the diff"},
		{"range across hunks", &github.DraftReviewComment{Path: github.String("k8s/deploy.yaml"), StartLine: github.Int(2), Line: github.Int(11), Side: github.String("RIGHT")}, "same hunk"},
		{"file not in PR", &github.DraftReviewComment{Path: github.String("README.md"), Line: github.Int(1), Side: github.String("RIGHT")}, "Path could not be resolved"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, gh := fixture(t)
			s.RejectCommentsOutsideDiff(true)
			tt.comment.Body = github.String("b")
			_, _, err := gh.PullRequests.CreateReview(context.Background(), "octo-org", "app", 7, &github.PullRequestReviewRequest{
				Event: github.String("COMMENT"), Comments: []*github.DraftReviewComment{tt.comment},
			})
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var er *github.ErrorResponse
			if !errors.As(err, &er) || er.Response.StatusCode != 422 || len(er.Errors) != 1 || !strings.Contains(er.Errors[0].Message, tt.want) {
				t.Fatalf("err = %v (%+v)", err, er)
			}
			if len(s.Reviews(repo, 7)) != 0 {
				t.Error("a rejected review was stored")
			}
		})
	}
}

func TestReadOnlyAndAuth(t *testing.T) {
	s, gh := fixture(t)
	ctx := context.Background()
	s.ReadOnly(true)
	if _, _, err := gh.PullRequests.Get(ctx, "octo-org", "app", 7); err != nil {
		t.Fatalf("read in read-only mode: %v", err)
	}
	_, resp, err := gh.Issues.CreateComment(ctx, "octo-org", "app", 7, &github.IssueComment{Body: github.String("x")})
	if err == nil || resp.StatusCode != 403 || !strings.Contains(err.Error(), "Resource not accessible by integration") {
		t.Fatalf("write in read-only mode: %v", err)
	}
	s.ReadOnly(false)

	s.AddToken("ghs_fork", Token{Permissions: map[string]string{"pull_requests": "read", "contents": "read"}})
	_, resp, _ = s.ClientWithTransport("ghs_fork", nil).Checks.CreateCheckRun(ctx, "octo-org", "app", github.CreateCheckRunOptions{Name: "n", HeadSHA: headSHA})
	if resp.StatusCode != 403 {
		t.Errorf("check run with a read-only token: status %d, want 403", resp.StatusCode)
	}
	_, resp, _ = s.ClientWithTransport("bogus", nil).PullRequests.Get(ctx, "octo-org", "app", 7)
	if resp.StatusCode != 401 {
		t.Errorf("unknown token: status %d, want 401", resp.StatusCode)
	}
	s.ExpireToken("ghs_action")
	_, resp, _ = gh.PullRequests.Get(ctx, "octo-org", "app", 7)
	if resp.StatusCode != 401 {
		t.Errorf("expired token: status %d, want 401", resp.StatusCode)
	}
	_, resp, _ = s.ClientWithTransport("", nil).Issues.CreateComment(ctx, "octo-org", "app", 7, &github.IssueComment{Body: github.String("x")})
	if resp.StatusCode != 401 {
		t.Errorf("anonymous write: status %d, want 401", resp.StatusCode)
	}
	_, resp, _ = s.Client("ghs_other").PullRequests.Get(ctx, "octo-org", "missing", 1)
	if resp.StatusCode != 404 {
		t.Errorf("unknown repo: status %d, want 404", resp.StatusCode)
	}
}

func TestPagination(t *testing.T) {
	s, gh := fixture(t)
	for i := 0; i < 250; i++ {
		s.AddReviewComment(repo, 7, ReviewComment{Path: "Dockerfile", Line: 3, Body: fmt.Sprint(i)})
	}
	var all []*github.PullRequestComment
	opts := &github.PullRequestListCommentsOptions{ListOptions: github.ListOptions{PerPage: 100}}
	pages := 0
	for {
		page, resp, err := gh.PullRequests.ListComments(context.Background(), "octo-org", "app", 7, opts)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		all = append(all, page...)
		if pages == 1 && (resp.LastPage != 3 || !strings.Contains(resp.Header.Get("Link"), `rel="next"`)) {
			t.Errorf("first page: LastPage %d, Link %q", resp.LastPage, resp.Header.Get("Link"))
		}
		if resp.NextPage == 0 {
			break
		}
		opts.Page = resp.NextPage
	}
	if pages != 3 || len(all) != 250 || all[249].GetBody() != "249" {
		t.Errorf("got %d comments in %d pages", len(all), pages)
	}
	// Default page size is 30.
	files := make([]PRFile, 45)
	for i := range files {
		files[i] = PRFile{Filename: fmt.Sprintf("f%02d", i), Status: "added", Patch: "@@ -0,0 +1 @@\n+x"}
	}
	s.AddPR(repo, PR{Number: 8, HeadSHA: head2SHA, BaseSHA: baseSHA, Files: files})
	got, resp, err := gh.PullRequests.ListFiles(context.Background(), "octo-org", "app", 8, nil)
	if err != nil || len(got) != 30 || resp.NextPage != 2 {
		t.Errorf("ListFiles default page: %d files, next %d, %v", len(got), resp.NextPage, err)
	}
}

func TestInstallationTokens(t *testing.T) {
	key, pemKey := NewAppKey(t)
	otherKey, _ := NewAppKey(t)
	s := New(t, WithApp(App{ID: 42, ClientID: "Iv1.abc", PublicKey: &key.PublicKey}), WithTokenTTL(time.Hour))
	s.AddInstallation(7, repo)
	s.AddRepo("octo-org/other")
	s.AddPR(repo, PR{Number: 1, HeadSHA: headSHA, BaseSHA: baseSHA})
	ctx := context.Background()
	now := time.Now()

	sign := func(k *rsa.PrivateKey, iss string, exp time.Time) string {
		if k == nil {
			k = key
		}
		tok, err := SignAppJWT(k, iss, now.Add(-time.Minute), exp)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	for _, tt := range []struct {
		name string
		jwt  string
		want int
	}{
		{"valid app id", sign(nil, "42", now.Add(9*time.Minute)), 201},
		{"valid client id", sign(nil, "Iv1.abc", now.Add(9*time.Minute)), 201},
		{"wrong key", sign(otherKey, "42", now.Add(9*time.Minute)), 401},
		{"wrong issuer", sign(nil, "43", now.Add(9*time.Minute)), 401},
		{"expired", sign(nil, "42", now.Add(-time.Second)), 401},
		{"too long", sign(nil, "42", now.Add(20*time.Minute)), 401},
		{"installation token instead of JWT", "ghs_action", 401},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, resp, _ := s.ClientWithTransport(tt.jwt, nil).Apps.CreateInstallationToken(ctx, 7, nil)
			if resp.StatusCode != tt.want {
				t.Errorf("status %d, want %d", resp.StatusCode, tt.want)
			}
		})
	}

	app := s.ClientWithTransport(sign(nil, "42", now.Add(9*time.Minute)), nil)
	inst, _, err := app.Apps.FindRepositoryInstallation(ctx, "octo-org", "app")
	if err != nil || inst.GetID() != 7 {
		t.Fatalf("FindRepositoryInstallation = %v, %v", inst, err)
	}
	it, _, err := app.Apps.CreateInstallationToken(ctx, 7, &github.InstallationTokenOptions{
		Permissions: &github.InstallationPermissions{Checks: github.String("write"), PullRequests: github.String("write"), Contents: github.String("read")},
	})
	if err != nil || it.GetExpiresAt().Sub(now) < 59*time.Minute {
		t.Fatalf("CreateInstallationToken = %+v, %v", it, err)
	}
	gh := s.ClientWithTransport(it.GetToken(), nil)
	if _, _, err := gh.PullRequests.Get(ctx, "octo-org", "app", 1); err != nil {
		t.Fatalf("installation token: %v", err)
	}
	if _, resp, _ := gh.PullRequests.Get(ctx, "octo-org", "other", 1); resp.StatusCode != 404 {
		t.Errorf("repository outside the installation: %d, want 404", resp.StatusCode)
	}
	if _, resp, _ := app.Apps.CreateInstallationToken(ctx, 7, &github.InstallationTokenOptions{
		Permissions: &github.InstallationPermissions{Administration: github.String("write")},
	}); resp.StatusCode != 422 {
		t.Errorf("widening permissions: %d, want 422", resp.StatusCode)
	}
	s.ExpireInstallationTokens()
	if _, resp, _ := gh.PullRequests.Get(ctx, "octo-org", "app", 1); resp.StatusCode != 401 {
		t.Errorf("expired installation token: %d, want 401", resp.StatusCode)
	}

	// ghinstallation mints JWTs and tokens itself.
	itr, err := ghinstallation.New(http.DefaultTransport, 42, 7, pemKey)
	if err != nil {
		t.Fatal(err)
	}
	itr.BaseURL = s.URL()
	ghi := s.ClientWithTransport("", itr)
	pr, _, err := ghi.PullRequests.Get(ctx, "octo-org", "app", 1)
	if err != nil || pr.GetNumber() != 1 {
		t.Fatalf("via ghinstallation: %v", err)
	}
	rv, _, err := ghi.PullRequests.CreateReview(ctx, "octo-org", "app", 1, &github.PullRequestReviewRequest{Event: github.String("COMMENT"), Body: github.String("hi")})
	if err != nil || rv.GetUser().GetLogin() != "stevedore[bot]" {
		t.Fatalf("review via ghinstallation: %+v, %v", rv, err)
	}
	if n := len(s.InstallationTokens(7)); n != 4 {
		t.Errorf("minted %d tokens, want 4", n)
	}
}

func TestRerunAndForcePush(t *testing.T) {
	s, gh := fixture(t)
	ctx := context.Background()
	post := func() {
		_, _, err := gh.PullRequests.CreateReview(ctx, "octo-org", "app", 7, &github.PullRequestReviewRequest{
			Event:    github.String("COMMENT"),
			Comments: []*github.DraftReviewComment{{Path: github.String("Dockerfile"), Line: github.Int(3), Side: github.String("RIGHT"), Body: github.String("b")}},
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	post()
	s.ResetCalls()
	// Force-push: new head, same PR number; earlier comments stay.
	s.AddPR(repo, PR{Number: 7, HeadSHA: head2SHA, BaseSHA: baseSHA, Files: []PRFile{{Filename: "Dockerfile", Patch: dockerfilePatch}}})
	pr, _, err := gh.PullRequests.Get(ctx, "octo-org", "app", 7)
	if err != nil || pr.GetHead().GetSHA() != head2SHA {
		t.Fatalf("after force-push: %v, %v", pr.GetHead().GetSHA(), err)
	}
	comments, _, _ := gh.PullRequests.ListComments(ctx, "octo-org", "app", 7, nil)
	if len(comments) != 1 || comments[0].GetCommitID() != headSHA {
		t.Fatalf("old comments after force-push: %v", comments)
	}
	// Check runs on the old head are still accepted (known commit); unknown SHAs are not.
	if _, _, err := gh.Checks.CreateCheckRun(ctx, "octo-org", "app", github.CreateCheckRunOptions{Name: "n", HeadSHA: headSHA}); err != nil {
		t.Errorf("check run on previous head: %v", err)
	}
	if _, resp, _ := gh.Checks.CreateCheckRun(ctx, "octo-org", "app", github.CreateCheckRunOptions{Name: "n", HeadSHA: strings.Repeat("9", 40)}); resp.StatusCode != 422 {
		t.Errorf("check run on unknown SHA: %d, want 422", resp.StatusCode)
	}
	if c := s.Calls(); c.Reads != 2 || c.Writes != 2 {
		t.Errorf("calls after reset = %+v", c)
	}
}

func TestDiffTooLarge(t *testing.T) {
	s, gh := fixture(t)
	files := make([]PRFile, 301)
	for i := range files {
		files[i] = PRFile{Filename: fmt.Sprintf("f%d", i), Patch: "@@ -1 +1 @@\n-a\n+b"}
	}
	s.AddPR(repo, PR{Number: 9, HeadSHA: head2SHA, BaseSHA: baseSHA, Files: files})
	_, resp, err := gh.PullRequests.GetRaw(context.Background(), "octo-org", "app", 9, github.RawOptions{Type: github.Diff})
	if err == nil || resp.StatusCode != http.StatusNotAcceptable {
		t.Fatalf("GetRaw on 301 files: %v", err)
	}
}

func TestLatency(t *testing.T) {
	s, gh := fixture(t)
	s.Latency(20 * time.Millisecond)
	start := time.Now()
	if _, _, err := gh.PullRequests.Get(context.Background(), "octo-org", "app", 7); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 20*time.Millisecond {
		t.Errorf("request took %v, want ≥ 20ms", d)
	}
}

func TestSpecParses(t *testing.T) {
	sp, err := loadSpec()
	if err != nil {
		t.Fatal(err)
	}
	if len(sp.byID) != 34 {
		t.Errorf("%d operations, want 34", len(sp.byID))
	}
	for id := range sp.byID {
		if handlers[id] == nil {
			t.Errorf("operation %s has no handler", id)
		}
	}
	if op, _, _ := sp.find("GET", "/repos/o/r/compare/a...b"); op == nil || op.ID != "repos/compare-commits" {
		t.Errorf("compare route = %v", op)
	}
	if op, p, _ := sp.find("GET", "/repos/o/r/contents/a/b%20c.txt"); op == nil || p["path"] != "a/b c.txt" {
		t.Errorf("contents route = %v %v", op, p)
	}
}

func TestPendingReviewSubmitAndDelete(t *testing.T) {
	s, gh := fixture(t)
	ctx := context.Background()
	draft := func() *github.PullRequestReview {
		t.Helper()
		rv, _, err := gh.PullRequests.CreateReview(ctx, "octo-org", "app", 7, &github.PullRequestReviewRequest{
			CommitID: github.String(headSHA), Body: github.String("draft"),
			Comments: []*github.DraftReviewComment{{Path: github.String("Dockerfile"), Line: github.Int(3), Side: github.String("RIGHT"), Body: github.String("runs as root")}},
		})
		if err != nil || rv.GetState() != "PENDING" {
			t.Fatalf("CreateReview without event = %+v, %v", rv, err)
		}
		return rv
	}
	unprocessable := func(what string, resp *github.Response, err error) {
		t.Helper()
		if err == nil || resp == nil || resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("%s on a submitted review: %v, want 422", what, err)
		}
	}

	pending := draft()
	if _, _, err := gh.PullRequests.DeletePendingReview(ctx, "octo-org", "app", 7, pending.GetID()); err != nil {
		t.Fatalf("DeletePendingReview: %v", err)
	}
	if n, c := len(s.Reviews("octo-org/app", 7)), len(s.ReviewComments("octo-org/app", 7)); n != 0 || c != 0 {
		t.Fatalf("after delete: %d reviews, %d comments, want none", n, c)
	}

	pending = draft()
	submitted, _, err := gh.PullRequests.SubmitReview(ctx, "octo-org", "app", 7, pending.GetID(), &github.PullRequestReviewRequest{Event: github.String("COMMENT")})
	if err != nil || submitted.GetState() != "COMMENTED" {
		t.Fatalf("SubmitReview = %+v, %v", submitted, err)
	}
	_, resp, err := gh.PullRequests.SubmitReview(ctx, "octo-org", "app", 7, pending.GetID(), &github.PullRequestReviewRequest{Event: github.String("COMMENT")})
	unprocessable("SubmitReview", resp, err)
	_, resp, err = gh.PullRequests.DeletePendingReview(ctx, "octo-org", "app", 7, pending.GetID())
	unprocessable("DeletePendingReview", resp, err)
	if n := len(s.Reviews("octo-org/app", 7)); n != 1 {
		t.Fatalf("%d reviews after the refused calls, want 1", n)
	}
}
