package ghhttp

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-github/v60/github"
	"github.com/stevedore-dev/stevedore/internal/githubtest"
)

const (
	repo    = "octo-org/app"
	baseSHA = "1111111111111111111111111111111111111111"
	headSHA = "2222222222222222222222222222222222222222"
	token   = "ghs_secret_token_value"
)

// sleeper records waits instead of sleeping.
type sleeper struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (s *sleeper) Sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.waits = append(s.waits, d)
	return ctx.Err()
}

func (s *sleeper) Waits() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.waits...)
}

// setup starts a fake GitHub with PR #7 and returns a go-github client whose
// HTTP goes through a Transport with opts (Sleep defaults to a recorder).
func setup(t *testing.T, opts Options, srvOpts ...githubtest.Option) (*githubtest.Server, *github.Client, *sleeper) {
	t.Helper()
	s := githubtest.New(t, srvOpts...)
	s.AddPR(repo, githubtest.PR{Number: 7, HeadSHA: headSHA, BaseSHA: baseSHA, Files: []githubtest.PRFile{
		{Filename: "Dockerfile", Patch: "@@ -1 +1,2 @@\n FROM alpine\n+USER root"},
	}})
	s.SetContent(repo, headSHA, "Dockerfile", "FROM alpine\nUSER root\n")
	s.AddToken(token, githubtest.Token{})
	sl := &sleeper{}
	if opts.Sleep == nil {
		opts.Sleep = sl.Sleep
	}
	return s, s.ClientWithTransport(token, NewTransport(nil, opts)), sl
}

func TestServerErrorsAreRetriedForReads(t *testing.T) {
	s, gh, sl := setup(t, Options{})
	s.Fail("*", 0.3, http.StatusBadGateway)
	s.Fail("pulls/list-files", 0.3, http.StatusServiceUnavailable)
	ctx := context.Background()
	for i := 0; i < 50; i++ {
		if _, _, err := gh.PullRequests.Get(ctx, "octo-org", "app", 7); err != nil {
			t.Fatalf("Get #%d: %v", i, err)
		}
		if _, _, err := gh.PullRequests.ListFiles(ctx, "octo-org", "app", 7, nil); err != nil {
			t.Fatalf("ListFiles #%d: %v", i, err)
		}
		if _, _, _, err := gh.Repositories.GetContents(ctx, "octo-org", "app", "Dockerfile", &github.RepositoryContentGetOptions{Ref: headSHA}); err != nil {
			t.Fatalf("GetContents #%d: %v", i, err)
		}
	}
	injected := s.Calls().Injected
	if injected < 20 {
		t.Errorf("only %d faults injected over 150 reads", injected)
	}
	waits := sl.Waits()
	if len(waits) != injected {
		t.Errorf("%d waits for %d faults", len(waits), injected)
	}
	for _, w := range waits {
		if w < 500*time.Millisecond || w > 30*time.Second {
			t.Errorf("backoff %v outside [BaseDelay/2, MaxDelay]", w)
		}
	}
}

func TestSecondaryRateLimitWaitsRetryAfter(t *testing.T) {
	s, gh, sl := setup(t, Options{})
	s.SecondaryRateLimit("issues/create-comment", 1, 3*time.Second)
	if _, _, err := gh.Issues.CreateComment(context.Background(), "octo-org", "app", 7, &github.IssueComment{Body: github.String("hello")}); err != nil {
		t.Fatal(err)
	}
	if w := sl.Waits(); len(w) != 1 || w[0] != 3*time.Second {
		t.Errorf("waits = %v, want [3s]", w)
	}
	if c := s.IssueComments(repo, 7); len(c) != 1 || c[0].Body != "hello" {
		t.Errorf("comments = %+v (body must be replayed intact, once)", c)
	}
}

func TestRateLimitVariants(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	tests := []struct {
		name    string
		inject  func(s *githubtest.Server)
		maxWait time.Duration
		wantErr bool
		want    []time.Duration
	}{
		{"429 with Retry-After", func(s *githubtest.Server) { s.TooManyRequests("pulls/get", 2, 5*time.Second) }, 0, false,
			[]time.Duration{5 * time.Second, 5 * time.Second}},
		{"secondary without Retry-After waits a minute", func(s *githubtest.Server) { s.SecondaryRateLimit("pulls/get", 1, 0) }, 0, false,
			[]time.Duration{time.Minute}},
		{"primary waits for reset", func(s *githubtest.Server) { s.PrimaryRateLimit("pulls/get", 1, now.Add(10*time.Second)) }, 0, false,
			[]time.Duration{11 * time.Second}},
		{"wait beyond MaxWait is returned", func(s *githubtest.Server) { s.SecondaryRateLimit("pulls/get", 1, 2*time.Minute) }, 0, true, nil},
		{"smaller MaxWait", func(s *githubtest.Server) { s.TooManyRequests("pulls/get", 1, 20*time.Second) }, 10 * time.Second, true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, gh, sl := setup(t, Options{MaxWait: tt.maxWait, Now: func() time.Time { return now }})
			tt.inject(s)
			_, _, err := gh.PullRequests.Get(context.Background(), "octo-org", "app", 7)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if got := sl.Waits(); !equalDurations(got, tt.want) {
				t.Errorf("waits = %v, want %v", got, tt.want)
			}
		})
	}
}

func equalDurations(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestPOSTIsNotRetriedByDefault(t *testing.T) {
	s, gh, sl := setup(t, Options{})
	s.Fail("issues/create-comment", 1, http.StatusBadGateway)
	_, resp, err := gh.Issues.CreateComment(context.Background(), "octo-org", "app", 7, &github.IssueComment{Body: github.String("x")})
	if err == nil || resp.StatusCode != http.StatusBadGateway {
		t.Fatalf("err = %v", err)
	}
	if n := s.Calls().ByOp["issues/create-comment"]; n != 1 || len(sl.Waits()) != 0 {
		t.Errorf("POST sent %d times, %d waits; want 1, 0", n, len(sl.Waits()))
	}

	// Opting in replays the same body.
	_, _, err = gh.Issues.CreateComment(WithRetryPOST(context.Background()), "octo-org", "app", 7, &github.IssueComment{Body: github.String("again")})
	if err != nil {
		t.Fatal(err)
	}
	if c := s.IssueComments(repo, 7); len(c) != 1 || c[0].Body != "again" {
		t.Errorf("comments = %+v", c)
	}
}

func TestPATCHPolicy(t *testing.T) {
	s, gh, _ := setup(t, Options{})
	ctx := context.Background()
	ic, _, err := gh.Issues.CreateComment(ctx, "octo-org", "app", 7, &github.IssueComment{Body: github.String("v1")})
	if err != nil {
		t.Fatal(err)
	}
	run, _, err := gh.Checks.CreateCheckRun(ctx, "octo-org", "app", github.CreateCheckRunOptions{Name: "stevedore", HeadSHA: headSHA})
	if err != nil {
		t.Fatal(err)
	}
	s.Fail("issues/update-comment", 1, http.StatusInternalServerError)
	s.Fail("checks/update", 1, http.StatusInternalServerError)
	if _, _, err := gh.Issues.EditComment(ctx, "octo-org", "app", ic.GetID(), &github.IssueComment{Body: github.String("v2")}); err != nil {
		t.Errorf("comment PATCH not retried: %v", err)
	}
	_, _, err = gh.Checks.UpdateCheckRun(ctx, "octo-org", "app", run.GetID(), github.UpdateCheckRunOptions{Name: "stevedore", Status: github.String("in_progress")})
	if err == nil {
		t.Error("check-run PATCH (appends annotations) was retried without WithRetryPOST")
	}
}

func TestContextCancelStopsWaiting(t *testing.T) {
	// Injected Sleep sees the cancellation.
	ctx, cancel := context.WithCancel(context.Background())
	s, gh, _ := setup(t, Options{Sleep: func(ctx context.Context, d time.Duration) error {
		cancel()
		<-ctx.Done()
		return ctx.Err()
	}})
	s.SecondaryRateLimit("pulls/get", 5, 30*time.Second)
	if _, _, err := gh.PullRequests.Get(ctx, "octo-org", "app", 7); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if n := s.Calls().ByOp["pulls/get"]; n != 1 {
		t.Errorf("%d attempts after cancel, want 1", n)
	}

	// The default timer-based Sleep returns as soon as the deadline passes.
	s2 := githubtest.New(t)
	s2.AddPR(repo, githubtest.PR{Number: 7, HeadSHA: headSHA, BaseSHA: baseSHA})
	s2.SecondaryRateLimit("pulls/get", 5, 30*time.Second)
	gh2 := s2.ClientWithTransport("", NewTransport(nil, Options{}))
	ctx2, cancel2 := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel2()
	start := time.Now()
	_, _, err := gh2.PullRequests.Get(ctx2, "octo-org", "app", 7)
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 5*time.Second {
		t.Errorf("err = %v after %v", err, time.Since(start))
	}
}

// flaky fails the first n round trips with a network error.
type flaky struct {
	n    int
	base http.RoundTripper
}

func (f *flaky) RoundTrip(r *http.Request) (*http.Response, error) {
	if f.n > 0 {
		f.n--
		return nil, errors.New("connection reset by peer")
	}
	return f.base.RoundTrip(r)
}

func TestNetworkErrors(t *testing.T) {
	s := githubtest.New(t)
	s.AddPR(repo, githubtest.PR{Number: 7, HeadSHA: headSHA, BaseSHA: baseSHA})
	s.AddToken(token, githubtest.Token{})
	sl := &sleeper{}
	get := s.ClientWithTransport(token, NewTransport(&flaky{n: 2, base: http.DefaultTransport}, Options{Sleep: sl.Sleep}))
	if _, _, err := get.PullRequests.Get(context.Background(), "octo-org", "app", 7); err != nil {
		t.Fatalf("GET after 2 network errors: %v", err)
	}
	if len(sl.Waits()) != 2 {
		t.Errorf("waits = %v", sl.Waits())
	}
	post := s.ClientWithTransport(token, NewTransport(&flaky{n: 1, base: http.DefaultTransport}, Options{Sleep: sl.Sleep}))
	if _, _, err := post.Issues.CreateComment(context.Background(), "octo-org", "app", 7, &github.IssueComment{Body: github.String("x")}); err == nil {
		t.Error("POST retried after a network error")
	}
}

func TestMaxRetries(t *testing.T) {
	s, gh, sl := setup(t, Options{MaxRetries: 2}, githubtest.WithMaxConsecutiveFailures(100))
	s.Fail("pulls/get", 1, http.StatusBadGateway)
	_, resp, err := gh.PullRequests.Get(context.Background(), "octo-org", "app", 7)
	if err == nil || resp.StatusCode != http.StatusBadGateway {
		t.Fatalf("err = %v", err)
	}
	if n := s.Calls().ByOp["pulls/get"]; n != 3 || len(sl.Waits()) != 2 {
		t.Errorf("%d attempts, %d waits; want 3, 2", n, len(sl.Waits()))
	}
}

func TestLoggingAndMetricsHook(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	type obs struct {
		method, path string
		status, rem  int
	}
	var seen []obs
	s, gh, _ := setup(t, Options{Logger: logger, OnResponse: func(m, p string, st, rem int) { seen = append(seen, obs{m, p, st, rem}) }})
	s.SecondaryRateLimit("pulls/get", 1, time.Second)
	if _, _, err := gh.PullRequests.Get(context.Background(), "octo-org", "app", 7); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"method=GET", "path=/repos/octo-org/app/pulls/7", "status=403", "attempt=1", "wait=1s"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, token) || strings.Contains(strings.ToLower(out), "authorization") {
		t.Errorf("log leaks credentials:\n%s", out)
	}
	if len(seen) != 2 || seen[0].status != 403 || seen[1].status != 200 || seen[1].rem <= 0 || seen[0].path != "/repos/octo-org/app/pulls/7" {
		t.Errorf("OnResponse saw %+v", seen)
	}
}

func BenchmarkRoundTripNoFaults(b *testing.B) {
	s := githubtest.New(b)
	s.AddPR(repo, githubtest.PR{Number: 7, HeadSHA: headSHA, BaseSHA: baseSHA})
	gh := s.ClientWithTransport("", NewTransport(nil, Options{}))
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, _, err := gh.PullRequests.Get(ctx, "octo-org", "app", 7); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}
