package prreview

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stevedore-dev/stevedore/internal/app"
	"github.com/stevedore-dev/stevedore/internal/githubtest"
	"github.com/stevedore-dev/stevedore/internal/rule"
	"github.com/stevedore-dev/stevedore/rules/dockerfile"
)

const (
	baseSHA = "1111111111111111111111111111111111111111"
	headSHA = "2222222222222222222222222222222222222222"
)

var secret = []byte("e2e secret")

type env struct {
	t   *testing.T
	gh  *githubtest.Server
	srv *app.Server
	url string
}

func newEnv(t *testing.T, rv *Reviewer) *env {
	key, pemKey := githubtest.NewAppKey(t)
	gh := githubtest.New(t, githubtest.WithApp(githubtest.App{ID: 42, Slug: "stevedore", PublicKey: &key.PublicKey}))
	srv, err := app.New(app.Config{AppID: 42, PrivateKey: pemKey, WebhookSecret: secret, APIURL: gh.URL(), Reviewer: rv,
		Logger: slog.New(slog.NewJSONHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))})
	if err != nil {
		t.Fatal(err)
	}
	srv.Start()
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(func() {
		hs.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	})
	// o/r#1: a Dockerfile whose head switches to root.
	gh.AddInstallation(11, "o/r")
	gh.SetContent("o/r", baseSHA, "Dockerfile", "FROM alpine:3.19\nRUN apk add --no-cache curl\nUSER app\nCMD [\"app\"]\n")
	gh.SetContent("o/r", headSHA, "Dockerfile", "FROM alpine:3.19\nRUN apk add --no-cache curl\nUSER root\nCMD [\"app\"]\n")
	gh.AddPR("o/r", githubtest.PR{Number: 1, BaseSHA: baseSHA, HeadSHA: headSHA, Files: []githubtest.PRFile{
		{Filename: "Dockerfile", Patch: "@@ -1,4 +1,4 @@\n FROM alpine:3.19\n RUN apk add --no-cache curl\n-USER app\n+USER root\n CMD [\"app\"]"},
	}})
	return &env{t: t, gh: gh, srv: srv, url: hs.URL}
}

func (e *env) deliver(event, delivery string, payload any) int {
	e.t.Helper()
	body, _ := json.Marshal(payload)
	req, _ := http.NewRequest(http.MethodPost, e.url+"/webhook", bytes.NewReader(body))
	req.Header.Set(app.EventHeader, event)
	req.Header.Set(app.DeliveryHeader, delivery)
	req.Header.Set(app.SignatureHeader, app.Sign(secret, body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// waitRuns waits until head has n completed check runs.
func (e *env) waitRuns(n int) []githubtest.CheckRun {
	e.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		runs := e.gh.CheckRuns("o/r", headSHA)
		done := 0
		for _, r := range runs {
			if r.Status == "completed" {
				done++
			}
		}
		if done >= n {
			return runs
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("%d completed check runs, want %d: %+v", done, n, runs)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestEndToEnd drives fetch → review → publish through the webhook, then
// reruns from the check run's Re-run button with a fork-style payload (no
// pull_requests, only external_id): the markers keep the results single.
func TestEndToEnd(t *testing.T) {
	// The catalogue's DF rules are being written concurrently: a catalogue
	// of one rule keeps this test about the wiring.
	e := newEnv(t, &Reviewer{Catalogue: oneRule(t)})
	pr := map[string]any{
		"action": "opened", "number": 1, "installation": map[string]any{"id": 11},
		"repository":   map[string]any{"id": 1, "full_name": "o/r"},
		"pull_request": map[string]any{"number": 1, "state": "open", "head": map[string]any{"sha": headSHA}},
	}
	if got := e.deliver("pull_request", "e1", pr); got != http.StatusAccepted {
		t.Fatalf("opened = %d", got)
	}
	runs := e.waitRuns(1)
	if !strings.HasPrefix(runs[0].ExternalID, "stevedore:pr1-") {
		t.Errorf("external_id = %q, want stevedore:pr1-…", runs[0].ExternalID)
	}
	comments, reviews := e.gh.ReviewComments("o/r", 1), e.gh.Reviews("o/r", 1)
	if len(reviews) != 1 || len(comments) != 1 || comments[0].Line != 3 || runs[0].Conclusion != "failure" {
		t.Errorf("first run: %d reviews, %d comments (%+v), conclusion %s; want 1 review with 1 comment on line 3, failure",
			len(reviews), len(comments), comments, runs[0].Conclusion)
	}
	t.Logf("first run: %d reviews, %d comments, conclusion %s: %s", len(reviews), len(comments), runs[0].Conclusion, runs[0].Title)

	rerun := map[string]any{
		"action": "rerequested", "installation": map[string]any{"id": 11},
		"repository": map[string]any{"id": 1, "full_name": "o/r"},
		"check_run": map[string]any{"id": runs[0].ID, "head_sha": headSHA, "external_id": runs[0].ExternalID,
			"app": map[string]any{"id": 42}, "pull_requests": []any{}},
	}
	if got := e.deliver("check_run", "e2", rerun); got != http.StatusAccepted {
		t.Fatalf("rerequested = %d", got)
	}
	e.waitRuns(2)
	if got := e.gh.ReviewComments("o/r", 1); len(got) != len(comments) {
		t.Errorf("rerun: %d review comments, want still %d", len(got), len(comments))
	}
	if got := e.gh.Reviews("o/r", 1); len(got) != len(reviews) {
		t.Errorf("rerun: %d reviews, want still %d", len(got), len(reviews))
	}
}

func oneRule(t *testing.T) []*rule.Rule {
	t.Helper()
	return []*rule.Rule{dockerfile.DF001}
}
