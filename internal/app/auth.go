package app

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/bradleyfalzon/ghinstallation/v2"
	"github.com/google/go-github/v60/github"

	"github.com/stevedore-dev/stevedore/internal/ghhttp"
)

// DefaultAPIURL is GitHub.com's REST root.
const DefaultAPIURL = "https://api.github.com"

// TokenPermissions are the permissions every installation token is narrowed
// to: read the code, write reviews and check runs.
func TokenPermissions() *github.InstallationPermissions {
	return &github.InstallationPermissions{
		Contents:     github.String("read"),
		Metadata:     github.String("read"),
		PullRequests: github.String("write"),
		Checks:       github.String("write"),
	}
}

// ParsePrivateKey reads an App private key in PEM (PKCS#1 or PKCS#8).
func ParsePrivateKey(pemBytes []byte) (*rsa.PrivateKey, error) {
	block, _ := pem.Decode(pemBytes)
	if block == nil {
		return nil, errors.New("private key: no PEM block")
	}
	if k, err := x509.ParsePKCS1PrivateKey(block.Bytes); err == nil {
		return k, nil
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("private key: %w", err)
	}
	rk, ok := k.(*rsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("private key: %T is not RSA", k)
	}
	return rk, nil
}

// Installations hands out go-github clients authenticated as an App
// installation, one cached transport (and token) per installation and
// repository: each token is narrowed to that repository and to
// TokenPermissions. Requests go through ghhttp for retries and rate limits;
// a 401 drops the cached token and retries once with a fresh one.
type Installations struct {
	appID   int64
	key     *rsa.PrivateKey
	apiURL  string // without trailing slash
	base    http.RoundTripper
	retry   ghhttp.Options
	onResp  func(installation int64, method, path string, status, rateRemaining int)
	maxKeep int

	mu      sync.Mutex
	entries map[installKey]*installTransport
	order   []installKey // insertion order, for eviction
}

type installKey struct {
	id   int64
	repo string // lower-case owner/name
}

// InstallationsOptions configures NewInstallations.
type InstallationsOptions struct {
	AppID      int64
	PrivateKey *rsa.PrivateKey
	APIURL     string            // REST root; "" is DefaultAPIURL (GHES: https://HOST/api/v3)
	Base       http.RoundTripper // shared connection pool (nil: http.DefaultTransport)
	Retry      ghhttp.Options    // retry policy (its OnResponse is replaced by OnResponse)
	// OnResponse is called for every GitHub response (metrics).
	OnResponse func(installation int64, method, path string, status, rateRemaining int)
	MaxCached  int // transports kept (default 10000); the oldest are dropped beyond
}

// NewInstallations returns an empty cache.
func NewInstallations(o InstallationsOptions) *Installations {
	if o.APIURL == "" {
		o.APIURL = DefaultAPIURL
	}
	if o.Base == nil {
		o.Base = http.DefaultTransport
	}
	if o.MaxCached <= 0 {
		o.MaxCached = 10000
	}
	return &Installations{
		appID: o.AppID, key: o.PrivateKey, apiURL: strings.TrimRight(o.APIURL, "/"),
		base: o.Base, retry: o.Retry, onResp: o.OnResponse, maxKeep: o.MaxCached,
		entries: map[installKey]*installTransport{},
	}
}

// Client returns a client for owner/repo as installation id.
func (in *Installations) Client(id int64, owner, repo string) (*github.Client, error) {
	u, err := url.Parse(in.apiURL + "/")
	if err != nil {
		return nil, fmt.Errorf("github api url %q: %w", in.apiURL, err)
	}
	c := github.NewClient(&http.Client{Transport: in.transport(id, owner, repo)})
	c.BaseURL = u
	return c, nil
}

func (in *Installations) transport(id int64, owner, repo string) *installTransport {
	k := installKey{id: id, repo: strings.ToLower(owner + "/" + repo)}
	in.mu.Lock()
	defer in.mu.Unlock()
	if t := in.entries[k]; t != nil {
		return t
	}
	for len(in.entries) >= in.maxKeep && len(in.order) > 0 {
		delete(in.entries, in.order[0])
		in.order = in.order[1:]
	}
	t := &installTransport{make: func() *ghinstallation.Transport { return in.newGHI(id, repo) }}
	in.entries[k] = t
	in.order = append(in.order, k)
	return t
}

// newGHI builds a ghinstallation transport for one installation and
// repository. Each has its own AppsTransport: ghinstallation writes to the
// AppsTransport it refreshes through, so sharing one would race.
func (in *Installations) newGHI(id int64, repo string) *ghinstallation.Transport {
	opts := in.retry
	opts.OnResponse = nil
	if in.onResp != nil {
		opts.OnResponse = func(method, path string, status, remaining int) {
			in.onResp(id, method, path, status, remaining)
		}
	}
	rt := tokenRetry{ghhttp.NewTransport(in.base, opts)}
	atr := ghinstallation.NewAppsTransportFromPrivateKey(rt, in.appID, in.key)
	atr.BaseURL = in.apiURL
	t := ghinstallation.NewFromAppsTransport(atr, id)
	t.InstallationTokenOptions = &github.InstallationTokenOptions{
		Repositories: []string{repo},
		Permissions:  TokenPermissions(),
	}
	return t
}

// Drop forgets every cached token of installation id (deleted or suspended).
func (in *Installations) Drop(id int64) int {
	return in.dropWhere(func(k installKey) bool { return k.id == id })
}

// DropRepos forgets the cached tokens of installation id for repos
// ("owner/name"), removed from the installation.
func (in *Installations) DropRepos(id int64, repos []string) int {
	gone := map[installKey]bool{}
	for _, r := range repos {
		gone[installKey{id: id, repo: strings.ToLower(r)}] = true
	}
	return in.dropWhere(func(k installKey) bool { return gone[k] })
}

// dropWhere forgets the cached tokens whose key matches and returns how many.
func (in *Installations) dropWhere(match func(installKey) bool) int {
	in.mu.Lock()
	defer in.mu.Unlock()
	n := len(in.order)
	in.order = slices.DeleteFunc(in.order, func(k installKey) bool {
		if match(k) {
			delete(in.entries, k)
			return true
		}
		return false
	})
	return n - len(in.order)
}

// Cached is the number of cached installation transports.
func (in *Installations) Cached() int {
	in.mu.Lock()
	defer in.mu.Unlock()
	return len(in.entries)
}

// installTransport wraps a ghinstallation transport and replaces it (and so
// its token) when GitHub answers 401, e.g. after a token was revoked or
// expired early; the request is then sent once more.
type installTransport struct {
	make func() *ghinstallation.Transport
	mu   sync.Mutex
	cur  *ghinstallation.Transport
}

func (t *installTransport) get() *ghinstallation.Transport {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.cur == nil {
		t.cur = t.make()
	}
	return t.cur
}

func (t *installTransport) reset(old *ghinstallation.Transport) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.cur == old {
		t.cur = nil
	}
}

// RoundTrip implements http.RoundTripper.
func (t *installTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var retry *http.Request
	if req.Body == nil || req.Body == http.NoBody || req.GetBody != nil {
		retry = req.Clone(req.Context())
	}
	tr := t.get()
	resp, err := tr.RoundTrip(req)
	if err != nil || resp.StatusCode != http.StatusUnauthorized {
		return resp, err
	}
	t.reset(tr)
	if retry == nil {
		return resp, nil
	}
	if req.GetBody != nil {
		body, gerr := req.GetBody()
		if gerr != nil {
			return resp, nil
		}
		retry.Body = body
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
	return t.get().RoundTrip(retry)
}

// tokenRetry marks installation-token requests as safe to replay: minting
// a second token does no harm.
type tokenRetry struct{ next http.RoundTripper }

func (t tokenRetry) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method == http.MethodPost && strings.HasSuffix(req.URL.Path, "/access_tokens") {
		req = req.WithContext(ghhttp.WithRetryPOST(req.Context()))
	}
	return t.next.RoundTrip(req)
}
