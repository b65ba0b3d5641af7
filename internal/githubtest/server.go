// Package githubtest is a fake GitHub REST API for tests: an httptest server
// that serves the operations stevedore uses, keeps state between runs of the
// code under test (PRs, contents, reviews, comments, check runs, installation
// tokens), validates every request against GitHub's OpenAPI description
// (testdata/rest-subset.json), counts calls, and injects faults (5xx, secondary
// and primary rate limits, read-only tokens, comments outside the diff).
//
// Requests that break the API contract are answered as GitHub would (404 or
// 422) and reported with t.Errorf when the test ends; a test that provokes
// them on purpose takes them with TakeViolations.
package githubtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-github/v60/github"
)

// Server is a fake GitHub REST API. All methods are safe for concurrent use.
type Server struct {
	t        testing.TB
	spec     *spec
	srv      *httptest.Server
	basePath string
	clock    func() time.Time
	strict   bool
	app      App
	tokenTTL time.Duration
	seed     uint64

	mu                sync.Mutex
	rng               *rand.Rand
	maxConsecutive    int
	faults            []*faultRule
	limits            []*limitRule
	consecutive       map[string]int
	readOnly          bool
	rejectOutsideDiff bool
	latency           time.Duration
	repos             map[string]*repoState
	tokens            map[string]*Token
	installations     map[int64]*installation
	nextIDs           map[string]int64
	counts            Counts
	violations        []Violation
	rateUsed          int
}

// App is the GitHub App the fake knows. JWTs must carry iss = ID (or
// ClientID); when PublicKey is set their RS256 signature is verified too.
type App struct {
	ID        int64
	ClientID  string
	Slug      string
	PublicKey any // *rsa.PublicKey
}

// Option configures New.
type Option func(*Server)

// WithBasePath serves the API under a prefix, as GitHub Enterprise Server
// does with "/api/v3"; Client then uses go-github's WithEnterpriseURLs.
func WithBasePath(p string) Option {
	return func(s *Server) { s.basePath = "/" + strings.Trim(p, "/") }
}

// WithSeed seeds the deterministic fault injection (default 1).
func WithSeed(seed uint64) Option { return func(s *Server) { s.seed = seed } }

// WithApp registers the GitHub App whose JWTs are accepted (default: ID 1,
// slug "stevedore", no key: any well-formed RS256 JWT with iss "1" passes).
func WithApp(app App) Option { return func(s *Server) { s.app = app } }

// WithClock replaces time.Now for token expiry and timestamps.
func WithClock(now func() time.Time) Option { return func(s *Server) { s.clock = now } }

// WithTokenTTL sets the lifetime of installation tokens (default 1h).
func WithTokenTTL(d time.Duration) Option { return func(s *Server) { s.tokenTTL = d } }

// WithStrictProperties also reports body properties the operation's schema
// does not declare (GitHub itself ignores them).
func WithStrictProperties() Option { return func(s *Server) { s.strict = true } }

// WithMaxConsecutiveFailures sets how many times in a row Fail may fail the
// same request (same method, URL and body); default 1, so a retry succeeds.
func WithMaxConsecutiveFailures(n int) Option {
	return func(s *Server) { s.maxConsecutive = n }
}

// New starts a fake GitHub and closes it when the test ends, reporting every
// recorded violation with t.Errorf.
func New(t testing.TB, opts ...Option) *Server {
	t.Helper()
	sp, err := loadSpec()
	if err != nil {
		t.Fatalf("githubtest: %v", err)
	}
	s := &Server{
		t:              t,
		spec:           sp,
		clock:          time.Now,
		app:            App{ID: 1, Slug: "stevedore"},
		tokenTTL:       time.Hour,
		seed:           1,
		maxConsecutive: 1,
		consecutive:    map[string]int{},
		repos:          map[string]*repoState{},
		tokens:         map[string]*Token{},
		installations:  map[int64]*installation{},
		nextIDs:        map[string]int64{},
		counts:         Counts{ByOp: map[string]int{}},
	}
	for _, o := range opts {
		o(s)
	}
	if s.app.Slug == "" {
		s.app.Slug = "stevedore"
	}
	s.rng = rand.New(rand.NewPCG(s.seed, s.seed^0x5eed))
	s.srv = httptest.NewServer(s)
	t.Cleanup(func() {
		s.srv.Close()
		for _, v := range s.TakeViolations() {
			t.Errorf("githubtest: %s", v)
		}
	})
	return s
}

// URL is the API root (including the base path, without a trailing slash).
func (s *Server) URL() string { return s.srv.URL + s.basePath }

// Client returns a go-github client for this server authenticated with token.
// A non-empty token that is not a JWT and not yet known is registered as a
// non-expiring token with full permissions (see AddToken to shape it).
func (s *Server) Client(token string) *github.Client {
	if token != "" && !looksLikeJWT(token) {
		s.mu.Lock()
		if _, ok := s.tokens[token]; !ok {
			s.tokens[token] = &Token{Login: defaultLogin}
		}
		s.mu.Unlock()
	}
	return s.ClientWithTransport(token, nil)
}

// ClientWithTransport returns a go-github client for this server sending
// requests through rt (nil: http.DefaultTransport). Unlike Client it does not
// register token.
func (s *Server) ClientWithTransport(token string, rt http.RoundTripper) *github.Client {
	hc := &http.Client{Transport: rt}
	c := github.NewClient(hc)
	if token != "" {
		c = c.WithAuthToken(token)
	}
	base := s.srv.URL + s.basePath + "/"
	var err error
	if s.basePath != "" {
		c, err = c.WithEnterpriseURLs(base, s.srv.URL+"/api/uploads/")
	} else {
		c.BaseURL, err = url.Parse(base)
	}
	if err != nil {
		s.t.Fatalf("githubtest: client base URL: %v", err)
	}
	return c
}

// Violation is one request that broke the API contract.
type Violation struct {
	Op       string // operation ID, "" when no operation matched
	Method   string
	Path     string
	Problems []string
}

func (v Violation) String() string {
	op := v.Op
	if op == "" {
		op = "no operation"
	}
	return fmt.Sprintf("%s %s (%s): %s", v.Method, v.Path, op, strings.Join(v.Problems, "; "))
}

// Violations returns the violations recorded so far.
func (s *Server) Violations() []Violation {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Violation(nil), s.violations...)
}

// TakeViolations returns the violations recorded so far and forgets them, so
// they are not reported at cleanup.
func (s *Server) TakeViolations() []Violation {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.violations
	s.violations = nil
	return v
}

// Counts is the call accounting of the fake. Writes counts POST, PATCH, PUT
// and DELETE requests except authentication calls (installation tokens), which
// are in Auth; Reads counts GET and HEAD. Every request received counts,
// including ones answered with an injected fault (also in Injected).
type Counts struct {
	ByOp      map[string]int // by operation ID
	Reads     int
	Writes    int
	Auth      int
	Injected  int
	Unmatched int // requests no operation matched
	Total     int
}

// Calls returns a copy of the call accounting.
func (s *Server) Calls() Counts {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.counts
	c.ByOp = make(map[string]int, len(s.counts.ByOp))
	for k, v := range s.counts.ByOp {
		c.ByOp[k] = v
	}
	return c
}

// ResetCalls zeroes the call accounting (e.g. between a first run and a rerun).
func (s *Server) ResetCalls() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.counts = Counts{ByOp: map[string]int{}}
}

// call is one request being served.
type call struct {
	op     *operation
	params map[string]string
	query  url.Values
	raw    []byte
	body   map[string]any
	r      *http.Request
	token  *Token
	login  string
	repo   *repoState
}

func (c *call) write() bool { return c.r.Method != http.MethodGet && c.r.Method != http.MethodHead }

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if d := s.currentLatency(); d > 0 {
		select {
		case <-time.After(d):
		case <-r.Context().Done():
			return
		}
	}
	raw, err := io.ReadAll(io.LimitReader(r.Body, 64<<20))
	if err != nil {
		writeError(w, http.StatusBadRequest, "Problems reading body", "")
		return
	}
	escaped := r.URL.EscapedPath()
	if s.basePath != "" {
		if !strings.HasPrefix(escaped, s.basePath+"/") {
			s.unmatched(w, r, fmt.Sprintf("path is outside the base path %s", s.basePath))
			return
		}
		escaped = strings.TrimPrefix(escaped, s.basePath)
	}
	op, params, pathMatched := s.spec.find(r.Method, escaped)
	if op == nil {
		msg := "no operation in rest-subset.json has this method and path"
		if pathMatched {
			msg = "the path exists but not with this method"
		}
		s.unmatched(w, r, msg)
		return
	}
	c := &call{op: op, params: params, query: r.URL.Query(), raw: raw, r: r}
	problems, status := s.validate(c)

	s.mu.Lock()
	defer s.mu.Unlock()
	s.countCall(c)
	s.setRateHeaders(w)
	if len(problems) > 0 {
		s.violations = append(s.violations, Violation{Op: op.ID, Method: r.Method, Path: r.URL.RequestURI(), Problems: problems})
	}
	if s.injectLimit(w, c) {
		return
	}
	fault := s.pickFault(c)
	if fault != nil && !fault.afterApply {
		s.counts.Injected++
		writeFault(w, fault.status)
		return
	}
	if len(problems) > 0 {
		writeError(w, status, validationMessage(status, problems), docURL(op))
		return
	}
	if !s.authorize(w, c) {
		return
	}
	if fault != nil {
		s.counts.Injected++
		s.dispatch(httptest.NewRecorder(), c)
		writeFault(w, fault.status)
		return
	}
	s.dispatch(w, c)
}

func (s *Server) unmatched(w http.ResponseWriter, r *http.Request, msg string) {
	s.mu.Lock()
	s.counts.Unmatched++
	s.counts.Total++
	s.violations = append(s.violations, Violation{Method: r.Method, Path: r.URL.RequestURI(), Problems: []string{msg}})
	s.mu.Unlock()
	writeError(w, http.StatusNotFound, "Not Found", "https://docs.github.com/rest")
}

func (s *Server) countCall(c *call) {
	s.counts.Total++
	s.counts.ByOp[c.op.ID]++
	switch {
	case c.op.ID == "apps/create-installation-access-token":
		s.counts.Auth++
	case c.write():
		s.counts.Writes++
	default:
		s.counts.Reads++
	}
}

// validate checks parameters, body schema and GitHub's extra body rules. It
// returns the problems and the status GitHub would answer with.
func (s *Server) validate(c *call) ([]string, int) {
	if problems := c.op.checkParams(c.params, c.query); len(problems) > 0 {
		for _, p := range c.op.Parameters {
			if p.In == "path" && p.Schema != nil && p.Schema.Type == "integer" {
				if _, err := strconv.ParseInt(c.params[p.Name], 10, 64); err != nil {
					return problems, http.StatusNotFound
				}
			}
		}
		return problems, http.StatusUnprocessableEntity
	}
	sch := c.op.RequestBody.jsonSchema()
	if sch == nil {
		return nil, 0
	}
	trimmed := bytes.TrimSpace(c.raw)
	if len(trimmed) == 0 || string(trimmed) == "null" {
		if c.op.RequestBody.Required {
			return []string{"request body is required"}, http.StatusUnprocessableEntity
		}
		return nil, 0
	}
	if ct := c.r.Header.Get("Content-Type"); ct != "" && !strings.Contains(ct, "json") {
		return []string{fmt.Sprintf("Content-Type %q is not JSON", ct)}, http.StatusUnsupportedMediaType
	}
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return []string{fmt.Sprintf("Problems parsing JSON: %v", err)}, http.StatusBadRequest
	}
	var problems []string
	sch.validate(doc, "", s.strict, &problems)
	problems = relaxRequired(c.op.ID, doc, problems)
	if obj, ok := doc.(map[string]any); ok {
		c.body = obj
		if rule := bodyRules[c.op.ID]; rule != nil && len(problems) == 0 {
			problems = append(problems, rule(obj)...)
		}
	}
	for i, p := range problems {
		problems[i] = strings.TrimPrefix(p, ": ")
	}
	return problems, http.StatusUnprocessableEntity
}

func validationMessage(status int, problems []string) string {
	switch status {
	case http.StatusNotFound:
		return "Not Found"
	case http.StatusBadRequest:
		return "Problems parsing JSON"
	}
	return "Invalid request.\n\n" + strings.Join(problems, "\n")
}

func docURL(op *operation) string {
	return "https://docs.github.com/rest/" + strings.ReplaceAll(op.ID, "/", "#")
}

// setRateHeaders adds GitHub's primary rate-limit headers to every response.
func (s *Server) setRateHeaders(w http.ResponseWriter) {
	s.rateUsed++
	h := w.Header()
	remaining := 5000 - s.rateUsed%5000
	h.Set("X-RateLimit-Limit", "5000")
	h.Set("X-RateLimit-Remaining", strconv.Itoa(remaining))
	h.Set("X-RateLimit-Used", strconv.Itoa(5000-remaining))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(s.clock().Add(time.Hour).Unix(), 10))
	h.Set("X-RateLimit-Resource", "core")
	h.Set("X-GitHub-Api-Version-Selected", "2022-11-28")
	h.Set("X-GitHub-Request-Id", fmt.Sprintf("FAKE:%d", s.counts.Total))
}

// dispatch resolves the repository and runs the operation's handler.
func (s *Server) dispatch(w http.ResponseWriter, c *call) {
	h := handlers[c.op.ID]
	if h == nil {
		writeError(w, http.StatusNotImplemented, "githubtest: operation "+c.op.ID+" is not implemented", "")
		return
	}
	h(s, w, c)
}

func (s *Server) now() time.Time { return s.clock().UTC().Truncate(time.Second) }

func (s *Server) newID(kind string) int64 {
	bases := map[string]int64{
		"repo": 100_000_000, "pr": 200_000_000, "review": 300_000_000,
		"comment": 400_000_000, "issuecomment": 500_000_000, "checkrun": 600_000_000,
	}
	s.nextIDs[kind]++
	return bases[kind] + s.nextIDs[kind]
}

// repoLocked returns the state of repository fullName, creating it.
func (s *Server) repoLocked(fullName string) *repoState {
	key := strings.ToLower(fullName)
	r := s.repos[key]
	if r == nil {
		if !strings.Contains(fullName, "/") {
			s.t.Fatalf("githubtest: repository %q must be owner/name", fullName)
		}
		r = &repoState{
			fullName:      fullName,
			id:            s.newID("repo"),
			defaultBranch: "main",
			prs:           map[int]*PR{},
			headHistory:   map[int][]string{},
			contents:      map[string]map[string]string{},
			blobs:         map[string]string{},
			trees:         map[string]treeRef{},
			compares:      map[string]string{},
		}
		s.repos[key] = r
	}
	return r
}

// writeJSON writes v with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// writeError writes GitHub's error shape.
func writeError(w http.ResponseWriter, status int, message, doc string, errs ...any) {
	body := map[string]any{"message": message, "status": strconv.Itoa(status)}
	if doc != "" {
		body["documentation_url"] = doc
	}
	if len(errs) > 0 {
		body["errors"] = errs
	}
	writeJSON(w, status, body)
}

// relaxRequired drops "required" errors the description states but GitHub
// does not enforce: a review-comment reply (in_reply_to) needs only a body,
// which is how go-github's CreateCommentInReplyTo calls it.
func relaxRequired(op string, doc any, problems []string) []string {
	body, _ := doc.(map[string]any)
	if op != "pulls/create-review-comment" || !has(body, "in_reply_to") {
		return problems
	}
	kept := problems[:0]
	for _, p := range problems {
		if p != `: "commit_id" wasn't supplied` && p != `: "path" wasn't supplied` {
			kept = append(kept, p)
		}
	}
	return kept
}
