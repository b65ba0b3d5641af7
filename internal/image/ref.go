package image

import (
	"errors"
	"fmt"
	"strings"

	"github.com/distribution/reference"
)

// Docker Hub names, as distribution/reference normalises them.
const (
	hubRegistry    = "docker.io"
	officialPrefix = "library/"
)

// Ref is a parsed image reference. Registry and Repository are normalised:
// "python" becomes Registry "docker.io" and Repository "library/python".
// Tag and Digest are empty when absent.
type Ref struct {
	Raw        string // the text as written, trimmed
	Registry   string // "docker.io", "ghcr.io", "localhost:5000"; "" when unresolved
	Repository string // path inside the registry, "library/python"
	Tag        string
	Digest     string // "sha256:…"
	Variable   bool   // the text still holds a $VAR / ${VAR} reference
	Scratch    bool   // FROM scratch: no image at all
}

// ErrEmpty is returned by Parse for an empty reference.
var ErrEmpty = errors.New("empty image reference")

// Parse parses an image reference as written after FROM (without flags or
// "AS name"), in a Compose `image:` or a Kubernetes `image:` field. References
// that still contain unexpanded variables do not fail: they come back with
// Variable set and as much structure as can be read around the variables.
func Parse(s string) (Ref, error) {
	raw := strings.TrimSpace(s)
	if raw == "" {
		return Ref{}, ErrEmpty
	}
	if strings.EqualFold(raw, "scratch") {
		return Ref{Raw: raw, Repository: "scratch", Scratch: true}, nil
	}
	if strings.Contains(raw, "$") {
		return parseVariable(raw)
	}
	named, err := reference.ParseNormalizedNamed(raw)
	if err != nil {
		return Ref{Raw: raw}, fmt.Errorf("parse image reference %q: %w", raw, err)
	}
	r := Ref{Raw: raw, Registry: reference.Domain(named), Repository: reference.Path(named)}
	if t, ok := named.(reference.Tagged); ok {
		r.Tag = t.Tag()
	}
	if d, ok := named.(reference.Digested); ok {
		r.Digest = d.Digest().String()
	}
	return r, nil
}

// parseVariable splits a reference that holds unexpanded variables. Colons
// and slashes inside ${...} (as in ${TAG:-3.12}) do not split.
func parseVariable(raw string) (Ref, error) {
	r := Ref{Raw: raw, Variable: true}
	name, rest := raw, ""
	if i, _ := outsideBraces(raw, '@'); i >= 0 {
		name, r.Digest = raw[:i], raw[i+1:]
	}
	_, slash := outsideBraces(name, '/')
	if _, i := outsideBraces(name, ':'); i > slash {
		name, rest = name[:i], name[i+1:]
	}
	r.Tag = rest
	if name == "" {
		return Ref{Raw: raw}, fmt.Errorf("parse image reference %q: missing repository name", raw)
	}
	if !strings.Contains(name, "$") {
		named, err := reference.ParseNormalizedNamed(name)
		if err != nil {
			return Ref{Raw: raw}, fmt.Errorf("parse image reference %q: %w", raw, err)
		}
		r.Registry, r.Repository = reference.Domain(named), reference.Path(named)
		return r, nil
	}
	// The name itself is (partly) a variable: keep the first element as the
	// registry when it is a variable or looks like a host, as splitDockerDomain would.
	if i, _ := outsideBraces(name, '/'); i >= 0 {
		first := name[:i]
		if strings.Contains(first, "$") || strings.ContainsAny(first, ".:") || first == "localhost" {
			r.Registry, r.Repository = first, name[i+1:]
			return r, nil
		}
	}
	r.Repository = name
	return r, nil
}

// outsideBraces returns the indexes of the first and last c in s that are
// not inside braces (${...}), or -1 for each when there is none.
func outsideBraces(s string, c byte) (first, last int) {
	depth := 0
	first, last = -1, -1
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '{':
			depth++
		case '}':
			if depth > 0 {
				depth--
			}
		case c:
			if depth == 0 {
				if first < 0 {
					first = i
				}
				last = i
			}
		}
	}
	return first, last
}

// Name returns registry and repository joined, "docker.io/library/python".
func (r Ref) Name() string {
	if r.Registry == "" {
		return r.Repository
	}
	return r.Registry + "/" + r.Repository
}

// FamiliarName returns the name as people write it: "python",
// "bitnami/redis", "ghcr.io/acme/app".
func (r Ref) FamiliarName() string {
	if r.Registry != hubRegistry {
		return r.Name()
	}
	if rest, ok := strings.CutPrefix(r.Repository, officialPrefix); ok && !strings.Contains(rest, "/") {
		return rest
	}
	return r.Repository
}

// Familiar returns the reference as people write it, "python:3.12-slim",
// with the digest when there is one.
func (r Ref) Familiar() string {
	if r.Scratch {
		return "scratch"
	}
	s := r.FamiliarName()
	if r.Tag != "" {
		s += ":" + r.Tag
	}
	if r.Digest != "" {
		s += "@" + r.Digest
	}
	return s
}

// String returns Familiar.
func (r Ref) String() string { return r.Familiar() }

// Untagged reports a reference with neither tag nor digest: it pulls
// whatever "latest" points to at build time.
func (r Ref) Untagged() bool { return !r.Scratch && r.Tag == "" && r.Digest == "" }

// Latest reports a reference that floats on "latest", written or implied.
func (r Ref) Latest() bool { return r.Tag == "latest" || r.Untagged() }

// Pinned reports a reference with a content digest. name:tag@sha256:… is
// pinned too (the tag is then only documentation) and is the recommended form.
func (r Ref) Pinned() bool { return r.Digest != "" }

// Official reports a Docker Official Image (docker.io/library/<name>).
func (r Ref) Official() bool {
	if r.Registry != hubRegistry {
		return false
	}
	rest, ok := strings.CutPrefix(r.Repository, officialPrefix)
	return ok && rest != "" && !strings.Contains(rest, "/")
}

// TagOrLatest returns the tag, or "latest" when none is written.
func (r Ref) TagOrLatest() string {
	if r.Tag == "" {
		return "latest"
	}
	return r.Tag
}
