package action

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/githubtest"
	enginerules "github.com/stevedore-dev/stevedore/rules/engine"
)

// The repository and PR of testdata/events/pull_request.opened.json.
const (
	repo    = "Codertocat/Hello-World"
	prNum   = 2
	head1   = "ec26c3e57ca3a959ca5aad62de7213c562f8c821"
	base1   = "f95f852bd8fca8fcc58a9a2d6c842781e32a215e"
	tok     = "ghs_action"
	baseDF  = "FROM alpine:3.19\nUSER app\nCMD [\"app\"]\n"
	headDF  = "FROM alpine:3.19\nUSER app\nONBUILD\nCMD [\"app\"]\n" // SD001: unparsable
	patchDF = "@@ -1,3 +1,4 @@\n FROM alpine:3.19\n USER app\n+ONBUILD\n CMD [\"app\"]"
)

func noSleep(context.Context, time.Duration) error { return nil }

type harness struct {
	t       *testing.T
	s       *githubtest.Server
	dir     string
	env     map[string]string
	stdout  bytes.Buffer
	in      Inputs
	review  Reviewer
	summary string
}

func newHarness(t *testing.T, opts ...githubtest.Option) *harness {
	t.Helper()
	h := &harness{t: t, s: githubtest.New(t, opts...), dir: t.TempDir()}
	h.s.AddToken(tok, githubtest.Token{})
	h.summary = filepath.Join(h.dir, "summary.md")
	h.env = map[string]string{
		"GITHUB_EVENT_NAME":   "pull_request",
		"GITHUB_EVENT_PATH":   "testdata/events/pull_request.opened.json",
		"GITHUB_REPOSITORY":   repo,
		"GITHUB_API_URL":      h.s.URL(),
		"GITHUB_SERVER_URL":   "https://github.com",
		"GITHUB_STEP_SUMMARY": h.summary,
		"GITHUB_OUTPUT":       filepath.Join(h.dir, "output"),
		"GITHUB_SHA":          "3333333333333333333333333333333333333333", // the merge commit: never used
	}
	h.in = Inputs{Token: tok, FailOn: "medium"}
	return h
}

// setPR stores base and head Dockerfiles and the PR.
func (h *harness) setPR(headSHA, head, patch string) {
	h.s.SetContent(repo, base1, "Dockerfile", baseDF)
	h.s.SetContent(repo, headSHA, "Dockerfile", head)
	h.s.AddPR(repo, githubtest.PR{Number: prNum, HeadSHA: headSHA, BaseSHA: base1,
		Files: []githubtest.PRFile{{Filename: "Dockerfile", Patch: patch}}})
}

// event writes a pull_request event for headSHA based on the opened fixture.
func (h *harness) event(headSHA string) {
	data, err := os.ReadFile("testdata/events/pull_request.synchronize.json")
	if err != nil {
		h.t.Fatal(err)
	}
	var ev map[string]any
	if err := json.Unmarshal(data, &ev); err != nil {
		h.t.Fatal(err)
	}
	ev["pull_request"].(map[string]any)["head"].(map[string]any)["sha"] = headSHA
	ev["after"] = headSHA
	out, _ := json.Marshal(ev)
	p := filepath.Join(h.dir, "event-"+headSHA[:7]+".json")
	if err := os.WriteFile(p, out, 0o644); err != nil {
		h.t.Fatal(err)
	}
	h.env["GITHUB_EVENT_PATH"] = p
}

func (h *harness) run() int {
	h.stdout.Reset()
	var stderr bytes.Buffer
	code := Run(context.Background(), h.in, Env{
		Getenv: func(k string) string { return h.env[k] }, Stdout: &h.stdout, Stderr: &stderr,
		Sleep: noSleep, Reviewer: h.review, Catalogue: enginerules.Rules(),
	})
	if code == ExitError {
		h.t.Fatalf("exit 2: %s%s", h.stdout.String(), stderr.String())
	}
	return code
}

func (h *harness) outputs() map[string]string {
	data, _ := os.ReadFile(h.env["GITHUB_OUTPUT"])
	m := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		k, v, _ := strings.Cut(l, "=")
		m[k] = v // the last run wins
	}
	return m
}

func (h *harness) logCalls(what string) githubtest.Counts {
	c := h.s.Calls()
	h.t.Logf("%s: reads %d, writes %d, injected %d (%v)", what, c.Reads, c.Writes, c.Injected, c.ByOp)
	return c
}

// readBound is 3 + 2 × container files changed.
const readBound = 3 + 2*1

func TestFirstRunAndRerun(t *testing.T) {
	h := newHarness(t)
	h.setPR(head1, headDF, patchDF)
	if code := h.run(); code != ExitFindings {
		t.Fatalf("exit %d, want 1\n%s", code, h.stdout.String())
	}
	c := h.logCalls("first run")
	rvs, cms := h.s.Reviews(repo, prNum), h.s.ReviewComments(repo, prNum)
	runs := h.s.CheckRuns(repo, head1)
	if len(rvs) != 1 || len(cms) == 0 || len(runs) != 1 || runs[0].Conclusion != "failure" || rvs[0].CommitID != head1 {
		t.Fatalf("reviews %d comments %d runs %+v", len(rvs), len(cms), runs)
	}
	out := h.outputs()
	if out["new-findings"] == "0" || out["fixed-findings"] == "" || out["existing-findings"] == "" {
		t.Errorf("outputs %v", out)
	}
	if sum, err := os.ReadFile(h.summary); err != nil || !strings.Contains(string(sum), "## stevedore") {
		t.Errorf("job summary: %v %q", err, sum)
	}
	anns := len(runs[0].Annotations)
	if c.Writes > 3+(anns+49)/50-1 || c.Reads > readBound {
		t.Errorf("economy: %d writes, %d reads (annotations %d)", c.Writes, c.Reads, anns)
	}

	h.s.ResetCalls()
	if code := h.run(); code != ExitFindings {
		t.Fatalf("rerun exit %d", code)
	}
	c = h.logCalls("unchanged rerun")
	if got := h.s.ReviewComments(repo, prNum); len(got) != len(cms) || len(h.s.Reviews(repo, prNum)) != 1 {
		t.Fatalf("rerun: %d comments (was %d), %d reviews", len(got), len(cms), len(h.s.Reviews(repo, prNum)))
	}
	if c.ByOp["pulls/create-review"]+c.ByOp["pulls/update-review-comment"] != 0 {
		t.Errorf("rerun wrote review data: %v", c.ByOp)
	}
}

func TestPushFixesAndForcePush(t *testing.T) {
	h := newHarness(t)
	h.setPR(head1, headDF, patchDF)
	h.run()
	before := h.s.ReviewComments(repo, prNum)
	if len(before) == 0 {
		t.Fatal("no comments on the first run")
	}
	// A push that fixes the broken line.
	const head2 = "4444444444444444444444444444444444444444"
	fixedDF := "FROM alpine:3.19\nUSER app\nLABEL a=b\nCMD [\"app\"]\n"
	h.setPR(head2, fixedDF, "@@ -1,3 +1,4 @@\n FROM alpine:3.19\n USER app\n+LABEL a=b\n CMD [\"app\"]")
	h.event(head2)
	h.s.ResetCalls()
	h.run()
	c := h.logCalls("push that fixes")
	var fixed int
	for _, cm := range h.s.ReviewComments(repo, prNum) {
		if strings.Contains(cm.Body, "stevedore:fixed") {
			fixed++
		}
	}
	if fixed == 0 {
		t.Errorf("no comment marked fixed; comments: %+v", h.s.ReviewComments(repo, prNum))
	}
	// Relative to the base nothing was fixed: the finding came and went
	// within the PR, so only its comment says fixed.
	if h.outputs()["new-findings"] != "0" {
		t.Errorf("outputs %v", h.outputs())
	}
	if len(h.s.CheckRuns(repo, head2)) != 1 || c.Reads > readBound {
		t.Errorf("check runs on head2: %d, reads %d", len(h.s.CheckRuns(repo, head2)), c.Reads)
	}
	// A force-push back to the first content under a new SHA: old findings
	// come back; their comments are edited back, none is posted twice.
	const head3 = "5555555555555555555555555555555555555555"
	h.setPR(head3, headDF, patchDF)
	h.event(head3)
	h.s.ResetCalls()
	h.run()
	h.logCalls("force-push")
	seen := map[string]int{}
	for _, cm := range h.s.ReviewComments(repo, prNum) {
		if fp := markerFP(cm.Body); fp != "" {
			seen[fp]++
			if strings.Contains(cm.Body, "stevedore:fixed") {
				t.Errorf("reintroduced finding still marked fixed: %q", cm.Body)
			}
		}
	}
	for fp, n := range seen {
		if n > 1 {
			t.Errorf("fingerprint %s posted %d times", fp, n)
		}
	}
}

func markerFP(body string) string {
	_, rest, ok := strings.Cut(body, "<!-- stevedore:fp=")
	if !ok {
		return ""
	}
	fp, _, _ := strings.Cut(rest, " -->")
	return fp
}

func TestForkReadOnlyFallback(t *testing.T) {
	h := newHarness(t)
	const forkRepo, forkPR = "sotayamashita/test_project", 88
	const fhead, fbase = "bfb50affc45a5d2a95e296f0980ac6f8a3ea698d", "8b929335dd4d24ab33386118d932d3b956bd2c94"
	h.s.AddToken(tok, githubtest.Token{ReadOnly: true})
	h.s.SetContent(forkRepo, fbase, "Dockerfile", baseDF)
	h.s.SetContent(forkRepo, fhead, "Dockerfile", headDF)
	h.s.AddPR(forkRepo, githubtest.PR{Number: forkPR, HeadSHA: fhead, BaseSHA: fbase, Fork: true, Author: "watsonbot",
		Files: []githubtest.PRFile{{Filename: "Dockerfile", Patch: patchDF}}})
	h.env["GITHUB_EVENT_PATH"] = "testdata/events/pull_request.edited.json"
	h.env["GITHUB_REPOSITORY"] = forkRepo
	h.in.SarifFile = filepath.Join(h.dir, "stevedore.sarif")
	code := h.run()
	h.logCalls("fork, read-only")
	if code != ExitFindings {
		t.Errorf("exit %d, want 1 (findings)", code)
	}
	log := h.stdout.String()
	if !strings.Contains(log, "::error file=Dockerfile") && !strings.Contains(log, "::warning file=Dockerfile") {
		t.Errorf("no workflow-command annotations:\n%s", log)
	}
	if !strings.Contains(log, "workflow_run") {
		t.Errorf("no fork-safe advice:\n%s", log)
	}
	if sum, _ := os.ReadFile(h.summary); !strings.Contains(string(sum), "Posting to the pull request failed") {
		t.Errorf("summary lacks the fallback note")
	}
	if data, err := os.ReadFile(h.in.SarifFile); err != nil || !bytes.Contains(data, []byte(`"ruleId"`)) {
		t.Errorf("SARIF: %v", err)
	}
	if len(h.s.Reviews(forkRepo, forkPR)) != 0 {
		t.Error("a review was posted with a read-only token")
	}
}

func TestServerErrors(t *testing.T) {
	for seed := uint64(1); seed <= 10; seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			h := newHarness(t, githubtest.WithSeed(seed))
			h.setPR(head1, headDF, patchDF)
			h.s.Fail("*", 0.3, http.StatusBadGateway)
			h.s.FailAfterApply("pulls/create-review", 0.3, http.StatusGatewayTimeout)
			h.s.FailAfterApply("checks/create", 0.3, http.StatusGatewayTimeout)
			h.run()
			c := h.s.Calls()
			if len(h.s.Reviews(repo, prNum)) != 1 || len(h.s.CheckRuns(repo, head1)) != 1 {
				t.Fatalf("%d reviews, %d check runs (injected %d)", len(h.s.Reviews(repo, prNum)), len(h.s.CheckRuns(repo, head1)), c.Injected)
			}
			// Every finding delivered: one inline comment, one annotation.
			if len(h.s.ReviewComments(repo, prNum)) != 1 || len(h.s.CheckRuns(repo, head1)[0].Annotations) != 1 {
				t.Fatalf("comments %d, annotations %d", len(h.s.ReviewComments(repo, prNum)), len(h.s.CheckRuns(repo, head1)[0].Annotations))
			}
			if seed == 1 {
				h.logCalls("30% 5xx")
			}
		})
	}
}

// manyFindings is a reviewer with n new findings on an n-line added file.
func manyFindings(n int) Reviewer {
	return func(ctx context.Context, ch Change, s Settings) (*Result, error) {
		res := &Result{Scanned: nil}
		for i := 1; i <= n; i++ {
			res.New = append(res.New, finding.Finding{RuleID: "DF999", RuleName: "synthetic", Severity: finding.High,
				Path: "Dockerfile", Range: finding.Line(i), Message: fmt.Sprintf("finding %d", i), Location: fmt.Sprint(i)})
		}
		res.Fail = true
		res.Comments, res.Summary = plan(res, ch.Diffs, s.CommentLimit)
		return res, nil
	}
}

func TestTwoHundredFindings(t *testing.T) {
	h := newHarness(t)
	var df, patch strings.Builder
	fmt.Fprintf(&patch, "@@ -0,0 +1,200 @@\n")
	for i := 1; i <= 200; i++ {
		fmt.Fprintf(&df, "RUN step %d\n", i)
		fmt.Fprintf(&patch, "+RUN step %d\n", i)
	}
	h.s.SetContent(repo, head1, "Dockerfile", df.String())
	h.s.AddPR(repo, githubtest.PR{Number: prNum, HeadSHA: head1, BaseSHA: base1,
		Files: []githubtest.PRFile{{Filename: "Dockerfile", Status: "added", Patch: strings.TrimSuffix(patch.String(), "\n")}}})
	h.review = manyFindings(200)
	if code := h.run(); code != ExitFindings {
		t.Fatalf("exit %d", code)
	}
	c := h.logCalls("200 findings")
	runs := h.s.CheckRuns(repo, head1)
	if n := len(h.s.ReviewComments(repo, prNum)); n != 25 {
		t.Errorf("%d inline comments, want the cap 25", n)
	}
	if len(runs) != 1 || len(runs[0].Annotations) != 200 || runs[0].Updates != 3 {
		t.Fatalf("annotations %d, updates %d", len(runs[0].Annotations), runs[0].Updates)
	}
	if !strings.Contains(runs[0].Summary, "New findings not commented inline (175)") {
		t.Errorf("overflow not in the check summary")
	}
	if c.Writes > 3+4-1 || c.Reads > readBound {
		t.Errorf("economy: writes %d, reads %d", c.Writes, c.Reads)
	}
}

func TestGHES(t *testing.T) {
	h := newHarness(t, githubtest.WithBasePath("/api/v3"))
	h.setPR(head1, headDF, patchDF)
	h.run()
	h.logCalls("GHES")
	if len(h.s.Reviews(repo, prNum)) != 1 || len(h.s.CheckRuns(repo, head1)) != 1 {
		t.Fatal("nothing posted on GHES")
	}
}

func TestWorkflowRunNeedsMatchingHead(t *testing.T) {
	ev := &eventPayload{}
	if err := json.Unmarshal([]byte(`{"workflow_run":{"event":"pull_request","head_sha":"abc","pull_requests":[]}}`), ev); err != nil {
		t.Fatal(err)
	}
	prEv, err := readEvent("testdata/events/pull_request.opened.json")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := resolveTarget("workflow_run", repo, "", ev, prEv); err == nil {
		t.Error("a workflow_run whose head differs from the stage-one PR must be refused")
	}
	ev.WorkflowRun.HeadSHA = head1
	tg, err := resolveTarget("workflow_run", repo, "", ev, prEv)
	if err != nil || tg.PR != prNum || !tg.APIOnly {
		t.Errorf("target %+v, %v", tg, err)
	}
	if _, err := resolveTarget("workflow_run", repo, "", ev, nil); err == nil {
		t.Error("workflow_run without pull request data must fail")
	}
}

// The base branch's config asks for REQUEST_CHANGES when new findings fail
// the check; the Action obeys it without the input being set.
func TestBaseConfigRequestsChanges(t *testing.T) {
	h := newHarness(t)
	h.s.SetContent(repo, base1, ".stevedore.yml", "review:\n  request-changes: true\n")
	h.setPR(head1, headDF, patchDF)
	if code := h.run(); code != ExitFindings {
		t.Fatalf("exit %d, want 1", code)
	}
	rvs := h.s.Reviews(repo, prNum)
	if len(rvs) != 1 || rvs[0].State != "CHANGES_REQUESTED" {
		t.Fatalf("reviews = %+v, want one CHANGES_REQUESTED", rvs)
	}
}
