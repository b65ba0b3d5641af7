package dockerfile

import (
	"net/url"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/dfgitutil"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF040 flags ADD of a URL or git repository whose content is not pinned by
// a checksum or commit.
var DF040 = &rule.Rule{
	ID:          "DF040",
	Name:        "remote-add-without-checksum",
	Title:       "Remote ADD without a checksum",
	Severity:    finding.High,
	Kind:        rule.KindDockerfile,
	Note:        "artifact-integrity",
	Equivalents: rule.Equivalents{KICS: []string{"curl_or_wget_instead_of_add"}},
	Check:       checkDF040,
}

func checkDF040(p *rule.Pass) {
	f := p.Dockerfile
	if f == nil {
		return
	}
	for _, st := range f.Stages {
		for _, in := range st.Instructions {
			c, ok := in.Command.(*instructions.AddCommand)
			if !ok {
				continue
			}
			sum, hasSum := in.Flag("checksum")
			hasSum = hasSum && strings.TrimSpace(sum) != ""
			for _, raw := range c.SourcePaths {
				src := raw
				if strings.Contains(src, "$") {
					v, ok := st.Expand(src, in)
					if !ok {
						continue
					}
					src = v
				}
				switch kind := sdiRemoteKind(src); kind {
				case "git":
					g, _, err := dfgitutil.ParseGitRef(src)
					if err != nil || g == nil || hasSum || g.Checksum != "" || sdiCommitHash(g.Ref) {
						continue
					}
					ev := sdiSafeURL(g.Remote)
					ref := "its default branch"
					if g.Ref != "" {
						ref = "ref " + g.Ref
					}
					p.Reportf(in.Range, sdiLoc(in, "ADD", ev), ev,
						"ADD in %s fetches the git repository %s at %s, which its owner (or whoever takes over the repository) can move to other code; pin a commit with --checksum=<commit> or a commit-hash ref",
						sdiStageDesc(f, st), ev, ref)
				case "http":
					if hasSum {
						continue
					}
					ev := sdiSafeURL(src)
					over := ""
					if strings.HasPrefix(strings.ToLower(src), "http://") {
						over = " over plain HTTP"
					}
					p.Reportf(in.Range, sdiLoc(in, "ADD", ev), ev,
						"ADD in %s downloads %s%s without --checksum: if the server or the connection is tampered with, the build silently takes whatever comes back; add --checksum=sha256:<digest>",
						sdiStageDesc(f, st), ev, over)
				}
			}
		}
	}
}

// sdiRemoteKind classifies an ADD source: "git" for a git repository
// (git@…, git://, ssh://, http(s)://….git), "http" for other http(s) URLs,
// "" for a local path.
func sdiRemoteKind(src string) string {
	low := strings.ToLower(src)
	remoteish := strings.Contains(low, "://") || strings.HasPrefix(low, "git@")
	if !remoteish {
		return ""
	}
	if _, isGit, err := dfgitutil.ParseGitRef(src); isGit && err == nil {
		return "git"
	}
	if strings.HasPrefix(low, "http://") || strings.HasPrefix(low, "https://") {
		return "http"
	}
	return ""
}

// sdiCommitHash reports a full SHA-1 or SHA-256 commit hash.
func sdiCommitHash(ref string) bool {
	if len(ref) != 40 && len(ref) != 64 {
		return false
	}
	for i := 0; i < len(ref); i++ {
		c := ref[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

// sdiSafeURL returns a URL without user information, query or fragment,
// which may carry credentials.
func sdiSafeURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" || u.Host == "" {
		// scp-like git@host:path, or unparsable: drop anything before '@'
		// that could be a password, and any query.
		if i := strings.IndexByte(s, '?'); i >= 0 {
			s = s[:i]
		}
		if i := strings.LastIndexByte(s, '@'); i >= 0 && strings.Contains(s[:i], ":") {
			return "****@" + s[i+1:]
		}
		return s
	}
	u.User, u.RawQuery, u.Fragment, u.RawFragment, u.ForceQuery = nil, "", "", "", false
	return u.String()
}
