package app

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"sort"
	"strings"
	"testing"
)

func TestVerifySignatureDocVector(t *testing.T) {
	// GitHub's documented test vector.
	const want = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
	if got := Sign([]byte("It's a Secret to Everybody"), []byte("Hello, World!")); got != want {
		t.Fatalf("Sign = %s, want %s", got, want)
	}
	tests := []struct {
		name, header string
		want         error
	}{
		{"valid", want, nil},
		{"missing", "", ErrNoSignature},
		{"sha1 form", "sha1=01dc10d0c83e72ed246219cdd91669667fe2ca59", ErrBadSignature},
		{"no prefix", strings.TrimPrefix(want, "sha256="), ErrBadSignature},
		{"not hex", "sha256=zz", ErrBadSignature},
		{"short", want[:20], ErrBadSignature},
		{"flipped", want[:len(want)-1] + "0", ErrBadSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := VerifySignature([]byte("It's a Secret to Everybody"), []byte("Hello, World!"), tt.header); err != tt.want {
				t.Errorf("VerifySignature = %v, want %v", err, tt.want)
			}
		})
	}
}

type headersFile struct {
	Secret string                       `json:"secret_used"`
	Files  map[string]map[string]string `json:"files"`
}

// TestRealPayloads delivers every real payload with the headers GitHub would
// send (signed as headers.json shows) and checks the answer and the reviews.
func TestRealPayloads(t *testing.T) {
	var hf headersFile
	if err := json.Unmarshal(readTestdata(t, "headers.json"), &hf); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		file   string
		status int
		review string // "owner/repo#pr@sha" expected, or ""
	}{
		{"pull_request.opened.json", http.StatusAccepted, "codertocat/hello-world#2@ec26c3e57ca3a959ca5aad62de7213c562f8c821"},
		{"pull_request.synchronize.json", http.StatusAccepted, "codertocat/hello-world#2@ec26c3e57ca3a959ca5aad62de7213c562f8c821"},
		{"pull_request.reopened.json", http.StatusAccepted, "codertocat/hello-world#2@ec26c3e57ca3a959ca5aad62de7213c562f8c821"},
		{"pull_request.edited.json", http.StatusNoContent, ""},
		{"pull_request.closed.json", http.StatusNoContent, ""},
		{"check_suite.requested.json", http.StatusNoContent, ""}, // no pull request: a branch push
		{"check_suite.rerequested.json", http.StatusAccepted, "codertocat/hello-world#2@ec26c3e57ca3a959ca5aad62de7213c562f8c821"},
		{"check_run.rerequested.json", http.StatusNoContent, ""},      // another app's run, no PR
		{"check_run.requested_action.json", http.StatusNoContent, ""}, // another app's button
		{"installation.created.json", http.StatusOK, ""},
		{"installation.deleted.json", http.StatusOK, ""},
		{"installation_repositories.added.json", http.StatusOK, ""},
		{"installation_repositories.removed.json", http.StatusOK, ""},
		{"ping.json", http.StatusOK, ""},
	}
	if len(tests) != len(hf.Files) {
		t.Fatalf("%d cases for %d payloads in headers.json", len(tests), len(hf.Files))
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			rv := &fakeReviewer{}
			e := newEnv(t, rv)
			e.secret = []byte(hf.Secret)
			e.srv.cfg.WebhookSecret = e.secret
			headers := hf.Files[tt.file]
			if headers == nil {
				t.Fatalf("no headers for %s", tt.file)
			}
			body := readTestdata(t, tt.file)
			if got := e.post(body, headers).StatusCode; got != tt.status {
				t.Fatalf("status = %d, want %d", got, tt.status)
			}
			e.waitIdle()
			var got []string
			for _, j := range rv.done() {
				got = append(got, j.Key()+"@"+j.HeadSHA)
			}
			want := []string{}
			if tt.review != "" {
				want = append(want, tt.review)
			}
			if strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("reviews = %v, want %v", got, want)
			}
			// A replay of the same delivery does nothing more.
			if got := e.post(body, headers).StatusCode; got != http.StatusOK {
				t.Errorf("replay status = %d, want 200", got)
			}
			e.waitIdle()
			if n := len(rv.done()); n != len(want) {
				t.Errorf("after replay %d reviews, want %d", n, len(want))
			}
			// Tampering with one byte breaks the signature.
			bad := bytes.Replace(body, []byte(`"`), []byte(`'`), 1)
			headers2 := map[string]string{}
			for k, v := range headers {
				headers2[k] = v
			}
			headers2["X-GitHub-Delivery"] = "tampered"
			if got := e.post(bad, headers2).StatusCode; got != http.StatusUnauthorized {
				t.Errorf("tampered status = %d, want 401", got)
			}
		})
	}
}

func TestRejections(t *testing.T) {
	rv := &fakeReviewer{}
	e := newEnv(t, rv)
	body := prPayload("opened", 1, "o/r", 1, sha(1), false)
	tests := []struct {
		name    string
		method  string
		body    []byte
		headers map[string]string
		want    int
	}{
		{"missing signature", "POST", body, map[string]string{EventHeader: "pull_request", DeliveryHeader: "a"}, 401},
		{"sha1 only", "POST", body, map[string]string{EventHeader: "pull_request", DeliveryHeader: "b", "X-Hub-Signature": "sha1=0123456789abcdef0123456789abcdef01234567"}, 401},
		{"wrong secret", "POST", body, map[string]string{EventHeader: "pull_request", DeliveryHeader: "c", SignatureHeader: Sign([]byte("nope"), body)}, 401},
		{"signature of other body", "POST", body, map[string]string{EventHeader: "pull_request", DeliveryHeader: "d", SignatureHeader: Sign(testSecret, []byte("{}"))}, 401},
		{"unknown event", "POST", []byte(`{"zen":"x"}`), map[string]string{EventHeader: "star", DeliveryHeader: "e", SignatureHeader: Sign(testSecret, []byte(`{"zen":"x"}`))}, 204},
		{"no event header", "POST", body, map[string]string{DeliveryHeader: "f", SignatureHeader: Sign(testSecret, body)}, 400},
		{"malformed json", "POST", []byte(`{"action":`), map[string]string{EventHeader: "pull_request", DeliveryHeader: "g", SignatureHeader: Sign(testSecret, []byte(`{"action":`))}, 400},
		{"GET", "GET", nil, nil, 405},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, e.http.URL+"/webhook", bytes.NewReader(tt.body))
			for k, v := range tt.headers {
				req.Header.Set(k, v)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.want {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.want)
			}
		})
	}
	e.waitIdle()
	if n := len(rv.done()); n != 0 {
		t.Errorf("%d reviews ran for rejected deliveries", n)
	}
}

func TestTooLarge(t *testing.T) {
	e := newEnv(t, &fakeReviewer{})
	big := bytes.Repeat([]byte(" "), MaxBodyBytes+1)
	resp := e.post(big, map[string]string{EventHeader: "pull_request", DeliveryHeader: "big", SignatureHeader: Sign(testSecret, big)})
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("status = %d, want 413", resp.StatusCode)
	}
	// Without a Content-Length the limit applies while reading.
	pr, pw := io.Pipe()
	go func() {
		_, _ = pw.Write(big)
		_ = pw.Close()
	}()
	req, _ := http.NewRequest(http.MethodPost, e.http.URL+"/webhook", pr)
	req.Header.Set(EventHeader, "pull_request")
	req.Header.Set(SignatureHeader, Sign(testSecret, big))
	resp2, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp2.Body.Close()
	if resp2.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("chunked status = %d, want 413", resp2.StatusCode)
	}
}

func TestDrafts(t *testing.T) {
	for _, reviewDrafts := range []bool{false, true} {
		rv := &fakeReviewer{}
		e := newEnv(t, rv, func(c *Config) { c.ReviewDrafts = reviewDrafts })
		want := http.StatusNoContent
		if reviewDrafts {
			want = http.StatusAccepted
		}
		if got := e.deliver("pull_request", "d1", prPayload("opened", 1, "o/r", 3, sha(1), true)); got != want {
			t.Errorf("drafts=%v: opened draft = %d, want %d", reviewDrafts, got, want)
		}
		if got := e.deliver("pull_request", "d2", prPayload("ready_for_review", 1, "o/r", 3, sha(2), false)); got != http.StatusAccepted {
			t.Errorf("ready_for_review = %d, want 202", got)
		}
		e.waitIdle()
	}
}

func TestCheckRunOfThisApp(t *testing.T) {
	rv := &fakeReviewer{}
	e := newEnv(t, rv)
	mk := func(action, identifier string, appID int64, prs []int, external string) []byte {
		var refs []any
		for _, n := range prs {
			refs = append(refs, map[string]any{"number": n, "head": map[string]any{"sha": sha(9)}, "base": map[string]any{"repo": map[string]any{"id": 7}}})
		}
		p := map[string]any{
			"action": action, "installation": map[string]any{"id": 5},
			"repository": map[string]any{"id": 7, "full_name": "o/r"},
			"check_run":  map[string]any{"id": 99, "head_sha": sha(9), "external_id": external, "app": map[string]any{"id": appID}, "pull_requests": refs},
		}
		if identifier != "" {
			p["requested_action"] = map[string]any{"identifier": identifier}
		}
		b, _ := json.Marshal(p)
		return b
	}
	tests := []struct {
		name string
		body []byte
		want int
	}{
		{"rerequested", mk("rerequested", "", testAppID, []int{4}, ""), 202},
		{"rerequested, PR from external_id", mk("rerequested", "", testAppID, nil, "6"), 202},
		{"rerequested, other app", mk("rerequested", "", 7, []int{4}, ""), 204},
		{"rerun button", mk("requested_action", RerunAction, testAppID, []int{5}, ""), 202},
		{"other button", mk("requested_action", "ignore", testAppID, []int{5}, ""), 204},
		{"created", mk("created", "", testAppID, []int{5}, ""), 204},
	}
	for i, tt := range tests {
		if got := e.deliver("check_run", "cr"+string(rune('a'+i)), tt.body); got != tt.want {
			t.Errorf("%s: status = %d, want %d", tt.name, got, tt.want)
		}
	}
	e.waitIdle()
	var got []string
	for _, j := range rv.done() {
		if !j.Force || j.CheckRunID != 99 {
			t.Errorf("job %+v: want Force and CheckRunID 99", j)
		}
		got = append(got, j.Key())
	}
	sort.Strings(got)
	if strings.Join(got, " ") != "o/r#4 o/r#5 o/r#6" {
		t.Errorf("reviews = %v", got)
	}
}
