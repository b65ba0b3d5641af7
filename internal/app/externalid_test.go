package app

import (
	"strings"
	"testing"
)

func TestPRFromExternalID(t *testing.T) {
	for id, want := range map[string]int{"7": 7, "stevedore:pr12-a1b2c3d4": 12, "pr3": 3, "": 0, "stevedore:abc": 0, "lgtm|1": 0} {
		if got := prFromExternalID(id); got != want {
			t.Errorf("prFromExternalID(%q) = %d, want %d", id, got, want)
		}
	}
	n := RunNonce(31)
	if !strings.HasPrefix(n, "pr31-") || prFromExternalID("stevedore:"+n) != 31 {
		t.Errorf("RunNonce(31) = %q does not round-trip", n)
	}
}

func TestRouteTemplate(t *testing.T) {
	tests := map[string]string{
		"/repos/o/r/pulls/7/files":                "/repos/{owner}/{repo}/pulls/{}/files",
		"/api/v3/repos/o/r/pulls/7":               "/repos/{owner}/{repo}/pulls/{}",
		"/repos/o/r/contents/a/b/Dockerfile":      "/repos/{owner}/{repo}/contents/{path}",
		"/repos/o/r/commits/abc/check-runs":       "/repos/{owner}/{repo}/commits/{}/check-runs",
		"/repos/o/r/compare/a...b":                "/repos/{owner}/{repo}/compare/{}",
		"/app/installations/12/access_tokens":     "/app/installations/{}/access_tokens",
		"/repos/o/r/git/trees/abc":                "/repos/{owner}/{repo}/git/trees/{}",
		"/":                                       "/",
		"/repos/o/r/pulls/1/reviews/2/dismissals": "/repos/{owner}/{repo}/pulls/{}/reviews/{}/dismissals",
		"/repos/o/r/x/y/z/w/v/u/t/s/q":            "/repos/{owner}/{repo}/{}/{}/{}/{}/{}/{}/…",
	}
	for in, want := range tests {
		if got := routeTemplate("/api/v3", in); got != want {
			t.Errorf("routeTemplate(%q) = %q, want %q", in, got, want)
		}
	}
}
