package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/stevedore-dev/stevedore/internal/app"
	"github.com/stevedore-dev/stevedore/internal/app/prreview"
	"github.com/stevedore-dev/stevedore/internal/finding"
)

// serveFlags are stevedore serve's settings; every flag has a STEVEDORE_*
// environment twin, which gives its default.
type serveFlags struct {
	appID, privateKeyFile, webhookSecret, webhookSecretFile, listen, apiURL, logLevel, failOn string
	healthcheck                                                                               bool
	workers, queueSize                                                                        int
	reviewDrafts                                                                              bool
	drain                                                                                     time.Duration
}

func runServe(args []string, io IO) int {
	env := func(k, def string) string {
		if v := io.getenv(k); v != "" {
			return v
		}
		return def
	}
	envInt := func(k string, def int) int {
		if n, err := strconv.Atoi(io.getenv(k)); err == nil {
			return n
		}
		return def
	}
	var f serveFlags
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Stderr)
	fs.StringVar(&f.appID, "app-id", env("STEVEDORE_APP_ID", ""), "the GitHub App's `ID` (STEVEDORE_APP_ID)")
	fs.StringVar(&f.privateKeyFile, "private-key", env("STEVEDORE_PRIVATE_KEY_FILE", ""), "the App's private key PEM `FILE` (STEVEDORE_PRIVATE_KEY_FILE, or the PEM itself in STEVEDORE_PRIVATE_KEY)")
	fs.StringVar(&f.webhookSecret, "webhook-secret", env("STEVEDORE_WEBHOOK_SECRET", ""), "the webhook `SECRET`; required (STEVEDORE_WEBHOOK_SECRET)")
	fs.StringVar(&f.webhookSecretFile, "webhook-secret-file", env("STEVEDORE_WEBHOOK_SECRET_FILE", ""), "read the webhook secret from `FILE` (STEVEDORE_WEBHOOK_SECRET_FILE; Docker and Kubernetes secrets)")
	fs.BoolVar(&f.healthcheck, "healthcheck", false, "probe /healthz of the server at --listen on this host and exit 0 if healthy (for container health checks)")
	fs.StringVar(&f.listen, "listen", env("STEVEDORE_LISTEN", ":8080"), "`ADDR` to listen on (STEVEDORE_LISTEN)")
	fs.StringVar(&f.apiURL, "github-api-url", env("STEVEDORE_GITHUB_API_URL", app.DefaultAPIURL), "GitHub REST API root `URL`; GHES: https://HOST/api/v3 (STEVEDORE_GITHUB_API_URL)")
	fs.IntVar(&f.workers, "workers", envInt("STEVEDORE_WORKERS", 8), "concurrent reviews (STEVEDORE_WORKERS)")
	fs.IntVar(&f.queueSize, "queue-size", envInt("STEVEDORE_QUEUE_SIZE", 1000), "pull requests waiting for review before deliveries answer 503 (STEVEDORE_QUEUE_SIZE)")
	fs.BoolVar(&f.reviewDrafts, "review-drafts", env("STEVEDORE_REVIEW_DRAFTS", "") == "true", "review draft pull requests too (STEVEDORE_REVIEW_DRAFTS=true)")
	fs.DurationVar(&f.drain, "shutdown-timeout", 25*time.Second, "on SIGTERM, how long running reviews may take to finish")
	fs.StringVar(&f.failOn, "fail-on", env("STEVEDORE_FAIL_ON", "high"), "lowest severity of a new finding that fails the check run (STEVEDORE_FAIL_ON)")
	fs.StringVar(&f.logLevel, "log-level", env("STEVEDORE_LOG_LEVEL", "info"), "debug, info, warn or error (STEVEDORE_LOG_LEVEL)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitError
	}
	if f.healthcheck {
		return probe(f.listen, io)
	}
	cfg, log, err := f.config(io)
	if err != nil {
		fmt.Fprintf(io.Stderr, "stevedore serve: %v\n", err)
		return ExitError
	}
	srv, err := app.New(cfg)
	if err != nil {
		fmt.Fprintf(io.Stderr, "stevedore serve: %v\n", err)
		return ExitError
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	if err := srv.ListenAndServe(ctx, f.listen, f.drain); err != nil {
		log.Error("stevedore serve stopped with an error", slog.String("error", err.Error()))
		return ExitError
	}
	return ExitOK
}

// config resolves the flags into the server's configuration.
func (f *serveFlags) config(io IO) (app.Config, *slog.Logger, error) {
	var cfg app.Config
	var level slog.Level
	if err := level.UnmarshalText([]byte(f.logLevel)); err != nil {
		return cfg, nil, fmt.Errorf("--log-level %q: want debug, info, warn or error", f.logLevel)
	}
	log := slog.New(slog.NewJSONHandler(io.Stderr, &slog.HandlerOptions{Level: level}))
	if f.webhookSecret == "" && f.webhookSecretFile != "" {
		data, err := os.ReadFile(f.webhookSecretFile)
		if err != nil {
			return cfg, nil, fmt.Errorf("--webhook-secret-file: %w", err)
		}
		f.webhookSecret = strings.TrimRight(string(data), "\r\n")
	}
	if f.webhookSecret == "" {
		return cfg, nil, errors.New("refusing to start without a webhook secret: set --webhook-secret, --webhook-secret-file, STEVEDORE_WEBHOOK_SECRET or STEVEDORE_WEBHOOK_SECRET_FILE")
	}
	id, err := strconv.ParseInt(strings.TrimSpace(f.appID), 10, 64)
	if err != nil || id <= 0 {
		return cfg, nil, fmt.Errorf("--app-id %q: want the App's numeric ID (STEVEDORE_APP_ID)", f.appID)
	}
	var key []byte
	switch {
	case f.privateKeyFile != "":
		if key, err = os.ReadFile(f.privateKeyFile); err != nil {
			return cfg, nil, fmt.Errorf("--private-key: %w", err)
		}
	case io.getenv("STEVEDORE_PRIVATE_KEY") != "":
		key = []byte(io.getenv("STEVEDORE_PRIVATE_KEY"))
	default:
		return cfg, nil, errors.New("no App private key: set --private-key FILE, STEVEDORE_PRIVATE_KEY_FILE or STEVEDORE_PRIVATE_KEY")
	}
	failOn, err := finding.ParseSeverity(f.failOn)
	if err != nil {
		return cfg, nil, fmt.Errorf("--fail-on: %w", err)
	}
	cfg = app.Config{
		AppID: id, PrivateKey: key, WebhookSecret: []byte(f.webhookSecret), APIURL: f.apiURL,
		Workers: f.workers, QueueSize: f.queueSize, ReviewDrafts: f.reviewDrafts, Logger: log,
		Reviewer: &prreview.Reviewer{Logger: log, FailOn: failOn},
	}
	return cfg, log, nil
}

// probe GETs /healthz on this host's listen port.
func probe(listen string, io IO) int {
	_, port, err := net.SplitHostPort(listen)
	if err != nil {
		fmt.Fprintf(io.Stderr, "stevedore serve --healthcheck: --listen %q: %v\n", listen, err)
		return ExitError
	}
	client := &http.Client{Timeout: 3 * time.Second}
	resp, err := client.Get("http://127.0.0.1:" + port + "/healthz")
	if err != nil {
		fmt.Fprintf(io.Stderr, "stevedore serve --healthcheck: %v\n", err)
		return 1
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		fmt.Fprintf(io.Stderr, "stevedore serve --healthcheck: /healthz answered %s\n", resp.Status)
		return 1
	}
	return ExitOK
}
