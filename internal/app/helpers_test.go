package app

import (
	"bytes"
	"context"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/google/go-github/v60/github"

	"github.com/stevedore-dev/stevedore/internal/ghhttp"
	"github.com/stevedore-dev/stevedore/internal/githubtest"
)

const testAppID = 42

var testSecret = []byte("It's a Secret to Everybody")

// fakeReviewer records reviews; each takes delay (cut short by cancellation)
// and then runs do, if set.
type fakeReviewer struct {
	delay time.Duration
	do    func(ctx context.Context, job Job, client *github.Client) error

	mu        sync.Mutex
	started   []Job
	completed []Job
	failed    []error
}

func (f *fakeReviewer) Review(ctx context.Context, job Job, client *github.Client) error {
	f.mu.Lock()
	f.started = append(f.started, job)
	f.mu.Unlock()
	if f.delay > 0 {
		select {
		case <-time.After(f.delay):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	if f.do != nil {
		if err := f.do(ctx, job, client); err != nil {
			f.mu.Lock()
			f.failed = append(f.failed, err)
			f.mu.Unlock()
			return err
		}
	}
	f.mu.Lock()
	f.completed = append(f.completed, job)
	f.mu.Unlock()
	return nil
}

func (f *fakeReviewer) done() []Job {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Job(nil), f.completed...)
}

func (f *fakeReviewer) errors() []error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]error(nil), f.failed...)
}

// env is a server under test with a fake GitHub behind it.
type env struct {
	t      *testing.T
	gh     *githubtest.Server
	srv    *Server
	http   *httptest.Server
	key    *rsa.PrivateKey
	secret []byte
}

type envOption func(*Config)

func newEnv(t *testing.T, rv Reviewer, opts ...envOption) *env {
	t.Helper()
	key, pemKey := githubtest.NewAppKey(t)
	gh := githubtest.New(t, githubtest.WithApp(githubtest.App{ID: testAppID, Slug: "stevedore", PublicKey: &key.PublicKey}))
	cfg := Config{
		AppID: testAppID, PrivateKey: pemKey, WebhookSecret: testSecret, APIURL: gh.URL(),
		Workers: 4, QueueSize: 100, Reviewer: rv,
		Logger: slog.New(slog.NewJSONHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn})),
		Retry:  ghhttp.Options{BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond, MaxWait: 2 * time.Second},
	}
	for _, o := range opts {
		o(&cfg)
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	srv.Start()
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(func() {
		hs.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	})
	return &env{t: t, gh: gh, srv: srv, http: hs, key: key, secret: testSecret}
}

// post sends a delivery with the given headers and returns the status.
func (e *env) post(body []byte, headers map[string]string) *http.Response {
	e.t.Helper()
	req, err := http.NewRequest(http.MethodPost, e.http.URL+"/webhook", bytes.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatalf("POST /webhook: %v", err)
	}
	resp.Body.Close()
	return resp
}

// deliver signs body with the env's secret and posts it as event.
func (e *env) deliver(event, delivery string, body []byte) int {
	e.t.Helper()
	return e.post(body, map[string]string{
		EventHeader: event, DeliveryHeader: delivery, SignatureHeader: Sign(e.secret, body),
		"Content-Type": "application/json",
	}).StatusCode
}

// waitIdle waits until no job is pending or running.
func (e *env) waitIdle() {
	e.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if e.srv.queue.Depth() == 0 && e.srv.queue.Running() == 0 {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	e.t.Fatalf("queue not idle: %d pending, %d running", e.srv.queue.Depth(), e.srv.queue.Running())
}

// prPayload is a minimal pull_request delivery.
func prPayload(action string, inst int64, repo string, number int, sha string, draft bool) []byte {
	b, _ := json.Marshal(map[string]any{
		"action": action, "number": number,
		"installation": map[string]any{"id": inst},
		"repository":   map[string]any{"id": 1, "full_name": repo},
		"pull_request": map[string]any{"number": number, "draft": draft, "state": "open", "head": map[string]any{"sha": sha}},
	})
	return b
}

func sha(i int) string { return fmt.Sprintf("%040x", i) }

// readTestdata reads testdata/webhooks/name.
func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "webhooks", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
