// Package app is stevedore's GitHub App: a webhook server that verifies each
// delivery's signature, turns pull-request and check events into review jobs,
// and runs them on a bounded queue of workers with installation tokens
// (ghinstallation, narrowed per repository). A newer push to a PR supersedes
// older queued or running reviews of it; redeliveries are dropped; a panic in
// a review is recovered and reported on the check run. The server keeps no
// state a second replica would need: results live in GitHub (check runs and
// hidden comment markers), so replicas can sit behind a load balancer.
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/google/go-github/v60/github"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/sourcegraph/conc/panics"
	"github.com/sourcegraph/conc/pool"

	"github.com/stevedore-dev/stevedore/internal/ghhttp"
)

// MaxBodyBytes is GitHub's cap on webhook payloads; larger bodies answer 413.
const MaxBodyBytes = 25 << 20

// Config configures a Server. Zero values take the defaults.
type Config struct {
	AppID         int64
	PrivateKey    []byte // PEM; required unless Clients is set
	WebhookSecret []byte // required
	APIURL        string // GitHub REST root ("" = https://api.github.com; GHES: https://HOST/api/v3)
	Workers       int    // concurrent reviews (default 8)
	QueueSize     int    // pending reviews before 503 (default 1000)
	ReviewDrafts  bool   // review draft PRs too
	// DeliveryMemory is how many delivery IDs (and reviewed heads) are
	// remembered to drop redeliveries (default 10000).
	DeliveryMemory int
	// JobTimeout bounds one review (default 10m).
	JobTimeout time.Duration
	// CheckName is the check run a crash is reported on (default "stevedore").
	CheckName string
	Reviewer  Reviewer     // required
	Logger    *slog.Logger // default: JSON to stderr at info
	// Transport is the shared connection pool to GitHub (default
	// http.DefaultTransport); Retry tunes ghhttp (tests shorten delays).
	Transport http.RoundTripper
	Retry     ghhttp.Options
}

// Server is the webhook server.
type Server struct {
	cfg        Config
	log        *slog.Logger
	installs   *Installations
	queue      *queue
	deliveries *recentSet
	metrics    *metrics
	apiPrefix  string
	baseCtx    context.Context
	stopBase   context.CancelFunc
	workers    *pool.Pool
	idle       chan struct{} // closed when every worker has returned
	started    atomic.Bool
	draining   atomic.Bool
}

// New validates cfg and builds a server; call Start to run workers.
func New(cfg Config) (*Server, error) {
	if len(cfg.WebhookSecret) == 0 {
		return nil, errors.New("a webhook secret is required (--webhook-secret or STEVEDORE_WEBHOOK_SECRET)")
	}
	if cfg.Reviewer == nil {
		return nil, errors.New("no reviewer configured")
	}
	if cfg.AppID <= 0 {
		return nil, errors.New("an App ID is required (--app-id or STEVEDORE_APP_ID)")
	}
	key, err := ParsePrivateKey(cfg.PrivateKey)
	if err != nil {
		return nil, fmt.Errorf("app private key: %w", err)
	}
	if cfg.APIURL == "" {
		cfg.APIURL = DefaultAPIURL
	}
	api, err := url.Parse(cfg.APIURL)
	if err != nil || api.Scheme == "" || api.Host == "" {
		return nil, fmt.Errorf("github api url %q: want an absolute URL", cfg.APIURL)
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 8
	}
	if cfg.QueueSize <= 0 {
		cfg.QueueSize = 1000
	}
	if cfg.DeliveryMemory <= 0 {
		cfg.DeliveryMemory = 10000
	}
	if cfg.JobTimeout <= 0 {
		cfg.JobTimeout = 10 * time.Minute
	}
	if cfg.CheckName == "" {
		cfg.CheckName = "stevedore"
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewJSONHandler(io.Discard, nil))
	}
	if cfg.Retry.Logger == nil {
		cfg.Retry.Logger = cfg.Logger
	}
	s := &Server{cfg: cfg, log: cfg.Logger, deliveries: newRecentSet(cfg.DeliveryMemory), apiPrefix: trimSlash(api.Path)}
	s.baseCtx, s.stopBase = context.WithCancel(context.Background())
	s.idle = make(chan struct{})
	s.queue = newQueue(s.baseCtx, cfg.QueueSize, cfg.DeliveryMemory)
	s.metrics = newMetrics(s.queue)
	s.queue.onSupersede = func(old Job) {
		s.metrics.superseded.Inc()
		s.jobLog(old).Info("review superseded by a newer event")
	}
	s.installs = NewInstallations(InstallationsOptions{
		AppID: cfg.AppID, PrivateKey: key, APIURL: cfg.APIURL, Base: cfg.Transport, Retry: cfg.Retry,
		OnResponse: func(inst int64, method, path string, status, remaining int) {
			s.metrics.githubResponse(s.apiPrefix, inst, method, path, status, remaining)
		},
	})
	return s, nil
}

func trimSlash(p string) string {
	for len(p) > 0 && p[len(p)-1] == '/' {
		p = p[:len(p)-1]
	}
	return p
}

// Installations is the server's token cache.
func (s *Server) Installations() *Installations { return s.installs }

// Start runs the workers.
func (s *Server) Start() {
	if !s.started.CompareAndSwap(false, true) {
		return
	}
	s.workers = pool.New().WithMaxGoroutines(s.cfg.Workers)
	for range s.cfg.Workers {
		s.workers.Go(s.work)
	}
	go func() {
		s.workers.Wait()
		close(s.idle)
	}()
}

// Shutdown stops accepting deliveries (they answer 503 and /readyz fails),
// lets the workers finish queued and running reviews until ctx is done, then
// cancels what is left and waits for the workers to return.
func (s *Server) Shutdown(ctx context.Context) error {
	s.draining.Store(true)
	s.queue.Close()
	if s.started.CompareAndSwap(false, true) {
		close(s.idle) // never started: nothing to wait for
	}
	done := s.idle
	var err error
	select {
	case <-done:
	case <-ctx.Done():
		dropped := s.queue.Abort(ErrShutdown)
		for _, j := range dropped {
			s.jobLog(j).Warn("review dropped at shutdown; a push or a check re-run will review it again")
		}
		err = fmt.Errorf("shutdown deadline: %d queued reviews dropped, running reviews cancelled: %w", len(dropped), ctx.Err())
		<-done
	}
	s.stopBase()
	return err
}

// Handler serves /webhook, /healthz, /readyz and /metrics.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /webhook", s.serveWebhook)
	mux.HandleFunc("/webhook", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "use POST", http.StatusMethodNotAllowed)
	})
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "ok\n")
	})
	mux.HandleFunc("GET /readyz", s.serveReady)
	mux.Handle("GET /metrics", promhttp.HandlerFor(s.metrics.reg, promhttp.HandlerOpts{}))
	return mux
}

func (s *Server) serveReady(w http.ResponseWriter, r *http.Request) {
	switch {
	case s.draining.Load():
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
	case s.queue.Full():
		http.Error(w, "queue full", http.StatusServiceUnavailable)
	default:
		_, _ = io.WriteString(w, "ready\n")
	}
}

// ListenAndServe serves on addr until ctx is cancelled (SIGTERM), then stops
// accepting, drains reviews for at most drain, and returns.
func (s *Server) ListenAndServe(ctx context.Context, addr string, drain time.Duration) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", addr, err)
	}
	return s.Serve(ctx, ln, drain)
}

// Serve is ListenAndServe on an existing listener.
func (s *Server) Serve(ctx context.Context, ln net.Listener, drain time.Duration) error {
	s.Start()
	hs := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	s.log.Info("stevedore serve listening", slog.String("addr", ln.Addr().String()), slog.Int("workers", s.cfg.Workers), slog.Int("queue_size", s.cfg.QueueSize))
	select {
	case err := <-errc:
		_ = s.Shutdown(context.Background())
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	s.log.Info("shutting down: no new deliveries, draining reviews", slog.String("deadline", drain.String()))
	s.draining.Store(true)
	dctx, cancel := context.WithTimeout(context.Background(), drain)
	defer cancel()
	// Stop the listener first (in-flight requests are quick: they only queue).
	herr := hs.Shutdown(dctx)
	qerr := s.Shutdown(dctx)
	s.log.Info("stopped")
	return errors.Join(herr, qerr)
}

// work is one worker: take jobs until the queue is closed and empty.
func (s *Server) work() {
	for {
		e := s.queue.next()
		if e == nil {
			return
		}
		ok := s.run(e)
		s.queue.finish(e, ok)
	}
}

// run reviews one job, recovering a panic; it reports whether the review
// completed.
func (s *Server) run(e *entry) bool {
	job := e.job
	log := s.jobLog(job)
	if e.ctx.Err() != nil {
		s.metrics.jobs.WithLabelValues("cancelled").Inc()
		return false
	}
	ctx, cancel := context.WithTimeout(e.ctx, s.cfg.JobTimeout)
	defer cancel()
	start := time.Now()
	client, err := s.installs.Client(job.InstallationID, job.Owner, job.Repo)
	var pc panics.Catcher
	if err == nil {
		pc.Try(func() { err = s.cfg.Reviewer.Review(ctx, job, client) })
	}
	elapsed := time.Since(start)
	result := "ok"
	switch rec := pc.Recovered(); {
	case rec != nil:
		result = "panic"
		log.Error("review panicked", slog.Any("panic", rec.Value), slog.String("stack", string(rec.Stack)))
		s.report(job, client, "failure", "stevedore crashed while reviewing this commit",
			fmt.Sprintf("An internal error stopped the review (%v). Re-run this check to try again; if it keeps failing, please report it.", rec.Value))
	case err != nil && context.Cause(e.ctx) != nil:
		result = "cancelled"
		cause := context.Cause(e.ctx)
		log.Info("review cancelled", slog.String("cause", cause.Error()))
		if errors.Is(cause, ErrShutdown) {
			s.report(job, client, "neutral", "stevedore was restarted before finishing",
				"The review was interrupted by a restart. Re-run this check to review the commit again.")
		}
	case err != nil:
		result = "error"
		log.Error("review failed", slog.String("error", err.Error()), slog.Duration("elapsed", elapsed))
		s.report(job, client, "failure", "stevedore could not finish the review",
			"The review failed: "+err.Error()+"\n\nRe-run this check to try again.")
	default:
		log.Info("review done", slog.Duration("elapsed", elapsed))
	}
	s.metrics.jobs.WithLabelValues(result).Inc()
	s.metrics.reviewSeconds.WithLabelValues(result).Observe(elapsed.Seconds())
	return result == "ok"
}

// report concludes the job's unfinished check run (or creates one when the
// head has none) so a failed review is visible on the PR. Best effort.
func (s *Server) report(job Job, client *github.Client, conclusion, title, summary string) {
	if client == nil || job.HeadSHA == "" {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := reportOnCheckRun(ctx, client, job, s.cfg.CheckName, s.cfg.AppID, conclusion, title, summary); err != nil {
		s.jobLog(job).Warn("could not report on the check run", slog.String("error", err.Error()))
	}
}

func reportOnCheckRun(ctx context.Context, client *github.Client, job Job, name string, appID int64, conclusion, title, summary string) error {
	runs, _, err := client.Checks.ListCheckRunsForRef(ctx, job.Owner, job.Repo, job.HeadSHA, &github.ListCheckRunsOptions{
		CheckName: github.String(name), AppID: github.Int64(appID), ListOptions: github.ListOptions{PerPage: 100},
	})
	if err != nil {
		return fmt.Errorf("list check runs of %s: %w", job.HeadSHA, err)
	}
	output := &github.CheckRunOutput{Title: github.String(title), Summary: github.String(summary)}
	for _, run := range runs.CheckRuns {
		if run.GetStatus() != "completed" {
			_, _, err := client.Checks.UpdateCheckRun(ctx, job.Owner, job.Repo, run.GetID(), github.UpdateCheckRunOptions{
				Name: name, Status: github.String("completed"), Conclusion: github.String(conclusion), Output: output,
			})
			if err != nil {
				return fmt.Errorf("update check run %d: %w", run.GetID(), err)
			}
			return nil
		}
	}
	if len(runs.CheckRuns) > 0 {
		return nil // a finished result is already there; keep it
	}
	_, _, err = client.Checks.CreateCheckRun(ctx, job.Owner, job.Repo, github.CreateCheckRunOptions{
		Name: name, HeadSHA: job.HeadSHA, ExternalID: github.String(strconv.Itoa(job.PR)),
		Status: github.String("completed"), Conclusion: github.String(conclusion), Output: output,
	})
	if err != nil {
		return fmt.Errorf("create check run on %s: %w", job.HeadSHA, err)
	}
	return nil
}

func (s *Server) jobLog(j Job) *slog.Logger {
	return s.log.With(slog.String("delivery", j.Delivery), slog.String("repo", j.FullName()), slog.Int("pr", j.PR),
		slog.String("head_sha", j.HeadSHA), slog.Int64("installation", j.InstallationID))
}
