package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-github/v60/github"

	"github.com/stevedore-dev/stevedore/internal/githubtest"
)

func TestReplayedDeliveryReviewsOnce(t *testing.T) {
	rv := &fakeReviewer{}
	e := newEnv(t, rv)
	body := prPayload("opened", 1, "o/r", 1, sha(1), false)
	if got := e.deliver("pull_request", "same-id", body); got != http.StatusAccepted {
		t.Fatalf("first = %d", got)
	}
	e.waitIdle()
	if got := e.deliver("pull_request", "same-id", body); got != http.StatusOK {
		t.Fatalf("replay = %d, want 200", got)
	}
	// A new delivery of the same head (e.g. check_suite.requested after
	// pull_request.synchronize) is not reviewed twice either.
	if got := e.deliver("pull_request", "other-id", body); got != http.StatusAccepted {
		t.Fatalf("same head, new delivery = %d", got)
	}
	e.waitIdle()
	if n := len(rv.done()); n != 1 {
		t.Errorf("%d reviews, want 1", n)
	}
}

// TestBurstOfPushes: 50 synchronize events for one PR within a second give
// exactly one review, of the last head.
func TestBurstOfPushes(t *testing.T) {
	rv := &fakeReviewer{delay: 300 * time.Millisecond}
	e := newEnv(t, rv)
	for i := 1; i <= 50; i++ {
		body := prPayload("synchronize", 1, "o/r", 7, sha(i), false)
		if got := e.deliver("pull_request", fmt.Sprintf("d%d", i), body); got != http.StatusAccepted {
			t.Fatalf("delivery %d = %d", i, got)
		}
		time.Sleep(10 * time.Millisecond)
	}
	e.waitIdle()
	done := rv.done()
	if len(done) != 1 || done[0].HeadSHA != sha(50) {
		t.Fatalf("completed = %+v, want one review of %s", done, sha(50))
	}
	if len(rv.started) > 50 {
		t.Errorf("%d reviews started", len(rv.started))
	}
	if !strings.Contains(e.metricsText(), "stevedore_jobs_superseded_total 49") {
		t.Errorf("want 49 superseded jobs in metrics")
	}
}

func (e *env) metricsText() string {
	resp, err := http.Get(e.http.URL + "/metrics")
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// TestTwentyPRsFiveInstallations runs reviews that call the fake GitHub with
// installation tokens narrowed to their repository.
func TestTwentyPRsFiveInstallations(t *testing.T) {
	var e *env
	rv := &fakeReviewer{do: func(ctx context.Context, job Job, c *github.Client) error {
		pr, _, err := c.PullRequests.Get(ctx, job.Owner, job.Repo, job.PR)
		if err != nil {
			return fmt.Errorf("get PR: %w", err)
		}
		if pr.GetHead().GetSHA() != job.HeadSHA {
			return fmt.Errorf("head %s, want %s", pr.GetHead().GetSHA(), job.HeadSHA)
		}
		_, _, err = c.Checks.CreateCheckRun(ctx, job.Owner, job.Repo, github.CreateCheckRunOptions{
			Name: "stevedore", HeadSHA: job.HeadSHA, Status: github.String("completed"), Conclusion: github.String("success"),
		})
		if err != nil {
			return fmt.Errorf("create check run: %w", err)
		}
		// The token is narrowed to this repository: its sibling is invisible.
		other := "repo-a"
		if job.Repo == other {
			other = "repo-b"
		}
		if _, _, err := c.PullRequests.Get(ctx, job.Owner, other, 1); err == nil {
			return errors.New("token reaches another repository")
		}
		return nil
	}}
	e = newEnv(t, rv, func(c *Config) { c.Workers = 8 })
	e.gh.Latency(5 * time.Millisecond)
	type pr struct {
		inst int64
		repo string
		n    int
	}
	var prs []pr
	for inst := int64(1); inst <= 5; inst++ {
		org := fmt.Sprintf("org%d", inst)
		e.gh.AddInstallation(inst, org+"/repo-a", org+"/repo-b")
		for _, name := range []string{"repo-a", "repo-b"} {
			for n := 1; n <= 2; n++ {
				repo := org + "/" + name
				e.gh.AddPR(repo, githubtest.PR{Number: n, HeadSHA: sha(int(inst)*100 + n), BaseSHA: sha(1)})
				prs = append(prs, pr{inst, repo, n})
			}
		}
	}
	var wg sync.WaitGroup
	for i, p := range prs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := prPayload("opened", p.inst, p.repo, p.n, sha(int(p.inst)*100+p.n), false)
			if got := e.deliver("pull_request", fmt.Sprintf("pr-%d", i), body); got != http.StatusAccepted {
				t.Errorf("%s#%d = %d", p.repo, p.n, got)
			}
		}()
	}
	wg.Wait()
	e.waitIdle()
	if errs := rv.errors(); len(errs) > 0 {
		t.Fatalf("review errors: %v", errs)
	}
	if n := len(rv.done()); n != 20 {
		t.Fatalf("%d reviews, want 20", n)
	}
	for inst := int64(1); inst <= 5; inst++ {
		if n := len(e.gh.InstallationTokens(inst)); n != 2 {
			t.Errorf("installation %d: %d tokens minted, want 2 (one per repository)", inst, n)
		}
	}
	for _, p := range prs {
		if runs := e.gh.CheckRuns(p.repo, sha(int(p.inst)*100+p.n)); len(runs) != 1 {
			t.Errorf("%s#%d: %d check runs", p.repo, p.n, len(runs))
		}
	}
	m := e.metricsText()
	for _, want := range []string{
		`stevedore_github_requests_total{method="GET",route="/repos/{owner}/{repo}/pulls/{}",status="200"} 20`,
		`stevedore_github_requests_total{method="POST",route="/app/installations/{}/access_tokens",status="201"} 10`,
		`stevedore_github_rate_limit_remaining{installation="3"}`,
		`stevedore_webhook_deliveries_total{event="pull_request",result="accepted"} 20`,
		`stevedore_review_duration_seconds_count{result="ok"} 20`,
	} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

func TestTokenExpiryAndRefresh(t *testing.T) {
	rv := &fakeReviewer{do: func(ctx context.Context, job Job, c *github.Client) error {
		_, _, err := c.PullRequests.Get(ctx, job.Owner, job.Repo, job.PR)
		return err
	}}
	e := newEnv(t, rv)
	e.gh.AddInstallation(9, "o/r")
	e.gh.AddPR("o/r", githubtest.PR{Number: 1, HeadSHA: sha(1)})
	e.deliver("pull_request", "a", prPayload("opened", 9, "o/r", 1, sha(1), false))
	e.waitIdle()
	e.gh.ExpireInstallationTokens() // the cached token now answers 401
	e.gh.AddPR("o/r", githubtest.PR{Number: 1, HeadSHA: sha(2)})
	e.deliver("pull_request", "b", prPayload("synchronize", 9, "o/r", 1, sha(2), false))
	e.waitIdle()
	if errs := rv.errors(); len(errs) > 0 {
		t.Fatalf("review errors: %v", errs)
	}
	if n := len(rv.done()); n != 2 {
		t.Fatalf("%d reviews, want 2", n)
	}
	if n := len(e.gh.InstallationTokens(9)); n != 2 {
		t.Errorf("%d tokens minted, want 2 (the second after the 401)", n)
	}
	if !strings.Contains(e.metricsText(), `route="/repos/{owner}/{repo}/pulls/{}",status="401"} 1`) {
		t.Errorf("want one 401 in metrics")
	}
}

func TestGitHubFaults(t *testing.T) {
	rv := &fakeReviewer{do: func(ctx context.Context, job Job, c *github.Client) error {
		for range 3 {
			if _, _, err := c.PullRequests.Get(ctx, job.Owner, job.Repo, job.PR); err != nil {
				return err
			}
		}
		return nil
	}}
	e := newEnv(t, rv)
	e.gh.AddInstallation(3, "o/r")
	for n := 1; n <= 10; n++ {
		e.gh.AddPR("o/r", githubtest.PR{Number: n, HeadSHA: sha(n)})
	}
	e.gh.Fail("apps/create-installation-access-token", 1, http.StatusBadGateway)
	e.gh.Fail("pulls/get", 0.5, http.StatusInternalServerError)
	e.gh.Fail("pulls/get", 0.2, githubtest.StatusNetworkError)
	e.gh.SecondaryRateLimit("pulls/get", 2, time.Second)
	e.gh.TooManyRequests("pulls/get", 1, time.Second)
	for n := 1; n <= 10; n++ {
		e.deliver("pull_request", fmt.Sprintf("f%d", n), prPayload("opened", 3, "o/r", n, sha(n), false))
	}
	e.waitIdle()
	if errs := rv.errors(); len(errs) > 0 {
		t.Fatalf("review errors: %v", errs)
	}
	if n := len(rv.done()); n != 10 {
		t.Fatalf("%d reviews, want 10", n)
	}
	if e.gh.Calls().Injected == 0 {
		t.Fatal("no fault was injected")
	}
}

func TestPanicIsRecoveredAndReported(t *testing.T) {
	rv := &fakeReviewer{do: func(ctx context.Context, job Job, c *github.Client) error {
		if job.PR == 1 {
			panic("boom")
		}
		return nil
	}}
	e := newEnv(t, rv, func(c *Config) { c.Workers = 1 })
	e.gh.AddInstallation(4, "o/r")
	e.gh.AddPR("o/r", githubtest.PR{Number: 1, HeadSHA: sha(1)})
	e.deliver("pull_request", "p1", prPayload("opened", 4, "o/r", 1, sha(1), false))
	e.waitIdle()
	e.deliver("pull_request", "p2", prPayload("opened", 4, "o/r", 2, sha(2), false))
	e.waitIdle()
	if done := rv.done(); len(done) != 1 || done[0].PR != 2 {
		t.Fatalf("completed = %+v, want PR 2 (the worker survives the panic)", done)
	}
	runs := e.gh.CheckRuns("o/r", sha(1))
	if len(runs) != 1 || runs[0].Conclusion != "failure" || runs[0].Name != "stevedore" {
		t.Fatalf("check runs on the crashed head = %+v, want one failed stevedore run", runs)
	}
	if !strings.Contains(e.metricsText(), `stevedore_jobs_total{result="panic"} 1`) {
		t.Error("panic not counted")
	}
}

func TestErrorConcludesInProgressRun(t *testing.T) {
	rv := &fakeReviewer{do: func(ctx context.Context, job Job, c *github.Client) error {
		_, _, err := c.Checks.CreateCheckRun(ctx, job.Owner, job.Repo, github.CreateCheckRunOptions{
			Name: "stevedore", HeadSHA: job.HeadSHA, Status: github.String("in_progress"),
		})
		if err != nil {
			return err
		}
		return errors.New("fetch trees: boom")
	}}
	e := newEnv(t, rv)
	e.gh.AddInstallation(4, "o/r")
	e.gh.AddPR("o/r", githubtest.PR{Number: 1, HeadSHA: sha(1)})
	e.deliver("pull_request", "x", prPayload("opened", 4, "o/r", 1, sha(1), false))
	e.waitIdle()
	runs := e.gh.CheckRuns("o/r", sha(1))
	if len(runs) != 1 || runs[0].Status != "completed" || runs[0].Conclusion != "failure" {
		t.Fatalf("runs = %+v, want the in-progress run concluded as failure", runs)
	}
}

func TestQueueFull(t *testing.T) {
	release := make(chan struct{})
	rv := &fakeReviewer{do: func(ctx context.Context, job Job, c *github.Client) error {
		<-release
		return nil
	}}
	e := newEnv(t, rv, func(c *Config) { c.Workers = 1; c.QueueSize = 2 })
	defer close(release)
	codes := []int{}
	for n := 1; n <= 4; n++ {
		codes = append(codes, e.deliver("pull_request", fmt.Sprintf("q%d", n), prPayload("opened", 1, "o/r", n, sha(n), false)))
		time.Sleep(20 * time.Millisecond) // let the worker take the first
	}
	if fmt.Sprint(codes) != "[202 202 202 503]" {
		t.Fatalf("codes = %v, want the 4th refused", codes)
	}
	ready, _ := http.Get(e.http.URL + "/readyz")
	ready.Body.Close()
	if ready.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("/readyz = %d while full, want 503", ready.StatusCode)
	}
	// A newer push to a queued PR still fits: it replaces the queued job.
	if got := e.deliver("pull_request", "q2b", prPayload("synchronize", 1, "o/r", 2, sha(22), false)); got != http.StatusAccepted {
		t.Errorf("superseding a queued job when full = %d, want 202", got)
	}
	release <- struct{}{}
	time.Sleep(50 * time.Millisecond)
	// The refused delivery can be redelivered with the same ID.
	if got := e.deliver("pull_request", "q4", prPayload("opened", 1, "o/r", 4, sha(4), false)); got != http.StatusAccepted {
		t.Errorf("redelivery after 503 = %d, want 202", got)
	}
}

func TestShutdownDrainsThenCancels(t *testing.T) {
	rv := &fakeReviewer{delay: 100 * time.Millisecond}
	e := newEnv(t, rv, func(c *Config) { c.Workers = 2 })
	for n := 1; n <= 4; n++ {
		e.deliver("pull_request", fmt.Sprintf("s%d", n), prPayload("opened", 1, "o/r", n, sha(n), false))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := e.srv.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	if n := len(rv.done()); n != 4 {
		t.Errorf("%d reviews finished during drain, want 4", n)
	}
	if got := e.deliver("pull_request", "late", prPayload("opened", 1, "o/r", 5, sha(5), false)); got != http.StatusServiceUnavailable {
		t.Errorf("delivery while shutting down = %d, want 503", got)
	}

	// A deadline shorter than the work cancels what is left.
	slow := &fakeReviewer{delay: 10 * time.Second}
	e2 := newEnv(t, slow, func(c *Config) { c.Workers = 1 })
	e2.gh.AddInstallation(1, "o/r")
	e2.gh.AddPR("o/r", githubtest.PR{Number: 1, HeadSHA: sha(1)})
	e2.deliver("pull_request", "x1", prPayload("opened", 1, "o/r", 1, sha(1), false))
	e2.deliver("pull_request", "x2", prPayload("opened", 1, "o/r", 2, sha(2), false))
	time.Sleep(30 * time.Millisecond)
	ctx2, cancel2 := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel2()
	start := time.Now()
	if err := e2.srv.Shutdown(ctx2); err == nil {
		t.Error("Shutdown past its deadline returned nil")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Shutdown took %v", d)
	}
	if n := len(slow.done()); n != 0 {
		t.Errorf("%d slow reviews completed", n)
	}
	runs := e2.gh.CheckRuns("o/r", sha(1))
	if len(runs) != 1 || runs[0].Conclusion != "neutral" {
		t.Errorf("interrupted review's check run = %+v, want neutral", runs)
	}
}

func TestClosedPRCancelsReview(t *testing.T) {
	rv := &fakeReviewer{delay: 5 * time.Second}
	e := newEnv(t, rv)
	e.deliver("pull_request", "o1", prPayload("opened", 1, "o/r", 1, sha(1), false))
	time.Sleep(20 * time.Millisecond)
	start := time.Now()
	if got := e.deliver("pull_request", "c1", prPayload("closed", 1, "o/r", 1, sha(1), false)); got != http.StatusNoContent {
		t.Fatalf("closed = %d", got)
	}
	e.waitIdle()
	if time.Since(start) > 2*time.Second || len(rv.done()) != 0 {
		t.Error("closing the PR did not cancel its review")
	}
}

func TestInstallationDeletedDropsTokens(t *testing.T) {
	e := newEnv(t, &fakeReviewer{})
	in := e.srv.Installations()
	for _, r := range []string{"a", "b"} {
		if _, err := in.Client(2, "octocat", r); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := in.Client(3, "other", "c"); err != nil {
		t.Fatal(err)
	}
	// installation_repositories.removed (installation 2) drops octocat/Hello-World only.
	in.Client(2, "octocat", "Hello-World")
	if got := e.deliver("installation_repositories", "ir", readTestdata(t, "installation_repositories.removed.json")); got != http.StatusOK {
		t.Fatalf("installation_repositories = %d", got)
	}
	if n := in.Cached(); n != 3 {
		t.Fatalf("cached = %d after repository removal, want 3", n)
	}
	if got := e.deliver("installation", "del", readTestdata(t, "installation.deleted.json")); got != http.StatusOK {
		t.Fatalf("installation.deleted = %d", got)
	}
	if n := in.Cached(); n != 1 {
		t.Errorf("cached = %d after deleting installation 2, want 1", n)
	}
}

func TestHealthAndMetrics(t *testing.T) {
	e := newEnv(t, &fakeReviewer{})
	for _, p := range []string{"/healthz", "/readyz", "/metrics"} {
		resp, err := http.Get(e.http.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("%s = %d", p, resp.StatusCode)
		}
	}
	e.deliver("ping", "p", readTestdata(t, "ping.json"))
	m := e.metricsText()
	for _, want := range []string{"stevedore_queue_depth 0", "stevedore_jobs_running 0", `stevedore_webhook_deliveries_total{event="ping",result="handled"} 1`, "stevedore_webhook_ack_seconds_bucket"} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
}
