package githubtest

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

const defaultLogin = "github-actions[bot]"

// Token is an access token the fake accepts.
type Token struct {
	Login          string            // author of what the token creates; default "github-actions[bot]"
	ReadOnly       bool              // every write answers 403
	Permissions    map[string]string // e.g. {"checks":"write"}; nil means write on everything
	Repos          []string          // when set, other repositories answer 404
	ExpiresAt      time.Time         // zero: never; afterwards requests answer 401
	InstallationID int64
}

type installation struct {
	id          int64
	account     string
	repos       []string
	permissions map[string]string
}

// defaultInstallationPermissions is what stevedore's App asks for.
var defaultInstallationPermissions = map[string]string{
	"checks": "write", "contents": "read", "issues": "write", "metadata": "read", "pull_requests": "write",
}

// AddToken registers token (replacing any earlier registration).
func (s *Server) AddToken(token string, tok Token) {
	if tok.Login == "" {
		tok.Login = defaultLogin
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens[token] = &tok
}

// ExpireToken makes token answer 401 from now on.
func (s *Server) ExpireToken(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t := s.tokens[token]; t != nil {
		t.ExpiresAt = s.clock().Add(-time.Second)
	}
}

// ExpireInstallationTokens expires every installation token minted so far.
func (s *Server) ExpireInstallationTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.tokens {
		if t.InstallationID != 0 {
			t.ExpiresAt = s.clock().Add(-time.Second)
		}
	}
}

// InstallationTokens returns the tokens minted for installation id, oldest
// first.
func (s *Server) InstallationTokens(id int64) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for k, t := range s.tokens {
		if t.InstallationID == id {
			out = append(out, k)
		}
	}
	// Minted tokens carry a sequence number after the prefix.
	sortTokens(out)
	return out
}

// AddInstallation registers App installation id on repos (created if new),
// owned by the first repository's owner, with the permissions stevedore
// requests (checks, issues, pull_requests write; contents, metadata read).
func (s *Server) AddInstallation(id int64, repos ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	account := "octo-org"
	for _, r := range repos {
		s.repoLocked(r)
	}
	if len(repos) > 0 {
		account, _, _ = strings.Cut(repos[0], "/")
	}
	perms := make(map[string]string, len(defaultInstallationPermissions))
	for k, v := range defaultInstallationPermissions {
		perms[k] = v
	}
	s.installations[id] = &installation{id: id, account: account, repos: append([]string(nil), repos...), permissions: perms}
}

var jwtOps = map[string]bool{
	"apps/create-installation-access-token": true,
	"apps/get-repo-installation":            true,
	"apps/get-authenticated":                true,
	"apps/get-installation":                 true,
}

// authorize checks the credentials, repository visibility and permission of
// c and writes the error response when they fail.
func (s *Server) authorize(w http.ResponseWriter, c *call) bool {
	scheme, cred, _ := strings.Cut(c.r.Header.Get("Authorization"), " ")
	cred = strings.TrimSpace(cred)
	if jwtOps[c.op.ID] {
		if !strings.EqualFold(scheme, "Bearer") || cred == "" {
			writeError(w, http.StatusUnauthorized, "A JSON web token could not be decoded", docURL(c.op))
			return false
		}
		if err := s.verifyJWT(cred); err != nil {
			writeError(w, http.StatusUnauthorized, err.Error(), docURL(c.op))
			return false
		}
		c.login = s.app.Slug + "[bot]"
		return s.resolveRepo(w, c)
	}
	if cred == "" {
		if c.write() {
			writeError(w, http.StatusUnauthorized, "Requires authentication", docURL(c.op))
			return false
		}
		return s.resolveRepo(w, c)
	}
	tok := s.tokens[cred]
	if tok == nil || (!tok.ExpiresAt.IsZero() && !s.clock().Before(tok.ExpiresAt)) {
		writeError(w, http.StatusUnauthorized, "Bad credentials", "https://docs.github.com/rest")
		return false
	}
	c.token, c.login = tok, tok.Login
	if !s.resolveRepo(w, c) {
		return false
	}
	if c.repo != nil && len(tok.Repos) > 0 && !containsFold(tok.Repos, c.repo.fullName) {
		writeError(w, http.StatusNotFound, "Not Found", docURL(c.op))
		return false
	}
	if !s.permitted(tok, c) {
		writeError(w, http.StatusForbidden, "Resource not accessible by integration", docURL(c.op))
		return false
	}
	return true
}

// resolveRepo finds the repository named by the path, answering 404 when the
// fake does not know it.
func (s *Server) resolveRepo(w http.ResponseWriter, c *call) bool {
	owner, okO := c.params["owner"]
	name, okR := c.params["repo"]
	if !okO || !okR {
		return true
	}
	c.repo = s.repos[strings.ToLower(owner+"/"+name)]
	if c.repo == nil {
		writeError(w, http.StatusNotFound, "Not Found", docURL(c.op))
		return false
	}
	return true
}

// permitted applies ReadOnly and the token's permissions.
func (s *Server) permitted(tok *Token, c *call) bool {
	if !c.write() {
		if tok.Permissions == nil {
			return true
		}
	} else if s.readOnly || tok.ReadOnly {
		return false
	}
	if tok.Permissions == nil {
		return true
	}
	need := "read"
	if c.write() {
		need = "write"
	}
	for _, p := range opPermissions(c.op.ID) {
		if level(tok.Permissions[p]) >= level(need) {
			return true
		}
	}
	return len(opPermissions(c.op.ID)) == 0
}

// opPermissions lists the App permissions any of which grants the operation.
func opPermissions(op string) []string {
	switch {
	case strings.HasPrefix(op, "pulls/"):
		return []string{"pull_requests"}
	case strings.HasPrefix(op, "issues/"):
		return []string{"issues", "pull_requests"}
	case strings.HasPrefix(op, "checks/"):
		return []string{"checks"}
	case op == "repos/get-content", strings.HasPrefix(op, "git/"), strings.HasPrefix(op, "repos/compare-commits"):
		return []string{"contents"}
	}
	return nil
}

func level(l string) int {
	switch l {
	case "read":
		return 1
	case "write":
		return 2
	case "admin":
		return 3
	}
	return 0
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

func looksLikeJWT(tok string) bool {
	return strings.HasPrefix(tok, "eyJ") && strings.Count(tok, ".") == 2
}

// verifyJWT checks an App JWT as GitHub does: RS256, integer iat and exp, exp
// in the future and at most 10 minutes ahead, iss = the App's ID or client ID,
// and the signature when the App's public key is registered.
func (s *Server) verifyJWT(tok string) error {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return errors.New("A JSON web token could not be decoded")
	}
	var header struct {
		Alg string `json:"alg"`
	}
	if err := decodeSegment(parts[0], &header); err != nil {
		return errors.New("A JSON web token could not be decoded")
	}
	if header.Alg != "RS256" {
		return fmt.Errorf("'Algorithm' %q is not supported; use RS256", header.Alg)
	}
	var claims map[string]any
	if err := decodeSegment(parts[1], &claims); err != nil {
		return errors.New("A JSON web token could not be decoded")
	}
	iat, okI := claims["iat"].(json.Number)
	exp, okE := claims["exp"].(json.Number)
	iatV, errI := iat.Int64()
	expV, errE := exp.Int64()
	if !okI || errI != nil {
		return errors.New("'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued.")
	}
	if !okE || errE != nil {
		return errors.New("'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires.")
	}
	now := s.clock().Unix()
	if expV <= now {
		return errors.New("'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires.")
	}
	if expV > now+10*60+30 {
		return errors.New("'Expiration time' claim ('exp') is too far in the future.")
	}
	if iatV > now+60 {
		return errors.New("'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued.")
	}
	var iss string
	switch v := claims["iss"].(type) {
	case string:
		iss = v
	case json.Number:
		iss = v.String()
	}
	if iss != strconv.FormatInt(s.app.ID, 10) && (s.app.ClientID == "" || iss != s.app.ClientID) {
		return errors.New("'Issuer' claim ('iss') must be an Integer or the App's client ID")
	}
	if pub, ok := s.app.PublicKey.(*rsa.PublicKey); ok && pub != nil {
		sig, err := base64.RawURLEncoding.DecodeString(parts[2])
		if err != nil {
			return errors.New("A JSON web token could not be decoded")
		}
		sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
		if err := rsa.VerifyPKCS1v15(pub, crypto.SHA256, sum[:], sig); err != nil {
			return errors.New("A JSON web token could not be decoded")
		}
	}
	return nil
}

func decodeSegment(seg string, v any) error {
	b, err := base64.RawURLEncoding.DecodeString(seg)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.UseNumber()
	return dec.Decode(v)
}

// SignAppJWT signs an App JWT (RS256) with iss, iat and exp, as an App
// would; for tests that mint JWTs themselves.
func SignAppJWT(key *rsa.PrivateKey, iss string, iat, exp time.Time) (string, error) {
	header := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"RS256","typ":"JWT"}`))
	claims, err := json.Marshal(map[string]any{"iat": iat.Unix(), "exp": exp.Unix(), "iss": iss})
	if err != nil {
		return "", fmt.Errorf("marshal claims: %w", err)
	}
	signing := header + "." + base64.RawURLEncoding.EncodeToString(claims)
	sum := sha256.Sum256([]byte(signing))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sum[:])
	if err != nil {
		return "", fmt.Errorf("sign JWT: %w", err)
	}
	return signing + "." + base64.RawURLEncoding.EncodeToString(sig), nil
}

// NewAppKey generates an RSA key for a test App and returns it with its
// PKCS#1 PEM encoding (what ghinstallation reads).
func NewAppKey(t testing.TB) (*rsa.PrivateKey, []byte) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatalf("githubtest: generate key: %v", err)
	}
	return key, pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
}
