// Package imagecheck judges one image reference the same way wherever it is
// written — a Dockerfile FROM, a Compose image:, a Kubernetes image: — so
// that the three kinds of rules agree on what an untagged, floating,
// unpinned, untrusted or end-of-life image is.
package imagecheck

import (
	"fmt"
	"strings"
	"time"

	"github.com/stevedore-dev/stevedore/internal/image"
)

// Problem names one thing wrong with a reference.
type Problem string

// The problems a reference can have. A reference has at most one of
// Untagged and Latest.
const (
	Invalid     Problem = "invalid"
	Untagged    Problem = "untagged"
	Latest      Problem = "latest"
	NotPinned   Problem = "not-pinned"
	Untrusted   Problem = "untrusted-registry"
	EndOfLife   Problem = "end-of-life"
	EOLSoon     Problem = "eol-soon"
	Deprecated  Problem = "deprecated-image"
	Unresolved  Problem = "unresolved"
	NoProblemAt Problem = ""
)

// Settings are the knobs of the judgement (from rule.Options).
type Settings struct {
	TrustedRegistries []string
	Today             time.Time
	SoonDays          int
}

// Finding is one problem with its sentence.
type Finding struct {
	Problem Problem
	Message string
}

// Verdict is everything known about one reference.
type Verdict struct {
	Ref       image.Ref
	Lifecycle image.Verdict
	Findings  []Finding
}

// Has reports whether the verdict holds problem p, and its message.
func (v Verdict) Has(p Problem) (string, bool) {
	for _, f := range v.Findings {
		if f.Problem == p {
			return f.Message, true
		}
	}
	return "", false
}

// Judge parses and judges the reference raw.
func Judge(raw string, s Settings) Verdict {
	ref, err := image.Parse(raw)
	v := Verdict{Ref: ref}
	add := func(p Problem, format string, args ...any) {
		v.Findings = append(v.Findings, Finding{Problem: p, Message: fmt.Sprintf(format, args...)})
	}
	if err != nil {
		add(Invalid, "Image reference %q is not valid: %v", raw, err)
		return v
	}
	if ref.Scratch {
		return v
	}
	if ref.Variable {
		add(Unresolved, "Image reference %q depends on a variable, so what ships cannot be checked here", raw)
		return v
	}
	name := ref.Familiar()
	switch {
	case ref.Untagged():
		add(Untagged, "Image %s has no tag or digest, so it floats to whatever :latest is at build or pull time", name)
	case ref.Tag == "latest" && !ref.Pinned():
		add(Latest, "Image %s uses the floating :latest tag, so each build or pull may get a different image", name)
	}
	if !ref.Pinned() {
		add(NotPinned, "Image %s is not pinned by digest; a tag can be moved to different content", name)
	}
	if len(s.TrustedRegistries) > 0 && !image.RegistryAllowed(ref, s.TrustedRegistries) {
		add(Untrusted, "Image %s comes from registry %s, which is not in the trusted-registries list", name, ref.Registry)
	}
	if ref.Untagged() || ref.Tag == "latest" {
		return v // no release line to judge
	}
	lc := image.Lifecycle(ref, s.Today, s.SoonDays)
	v.Lifecycle = lc
	switch lc.Status {
	case image.StatusEOL:
		add(EndOfLife, "Image %s is past end of life: %s", name, lc.Reason)
	case image.StatusEOLSoon:
		add(EOLSoon, "Image %s reaches end of life soon: %s", name, lc.Reason)
	case image.StatusDeprecatedImage:
		msg := fmt.Sprintf("Image %s is deprecated: %s", name, lc.Reason)
		if lc.Replacement != "" && !strings.Contains(lc.Reason, lc.Replacement) {
			msg += "; use " + lc.Replacement + " instead"
		}
		add(Deprecated, "%s", msg)
	}
	return v
}
