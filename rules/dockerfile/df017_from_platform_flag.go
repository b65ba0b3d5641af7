package dockerfile

import (
	"strings"

	df "github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF017 flags FROM --platform with a constant value (BuildKit's
// FromPlatformFlagConstDisallowed, with its exemption for a stage whose name
// mentions the OS or architecture) or with $TARGETPLATFORM, which is the
// default anyway (RedundantTargetPlatform). --platform=$BUILDPLATFORM, the
// cross-compilation pattern, and any other variable are left alone. Every
// stage is judged.
var DF017 = &rule.Rule{
	ID:       "DF017",
	Name:     "from-platform-flag",
	Title:    "FROM --platform with a constant value or $TARGETPLATFORM",
	Severity: finding.Info,
	Kind:     rule.KindDockerfile,
	Note:     "base-image-trust",
	Equivalents: rule.Equivalents{Hadolint: []string{"DL3029", "DL3065"},
		KICS:     []string{"using_platform_with_from"},
		BuildKit: []string{"FromPlatformFlagConstDisallowed", "RedundantTargetPlatform"}},
	BuildKitCheck: true,
	Check:         checkDF017,
}

// df017Arch maps architecture aliases to the names platforms use.
var df017Arch = map[string]string{"x86_64": "amd64", "x86-64": "amd64", "aarch64": "arm64", "armhf": "arm", "armel": "arm", "i386": "386", "i686": "386"}

// df017OS lists the OS names a one-part platform may be.
var df017OS = map[string]bool{"linux": true, "windows": true, "darwin": true, "freebsd": true, "netbsd": true, "openbsd": true, "solaris": true, "illumos": true, "aix": true, "android": true, "ios": true, "js": true, "wasip1": true, "plan9": true, "dragonfly": true}

func checkDF017(p *rule.Pass) {
	f := p.Dockerfile
	if f == nil {
		return
	}
	for _, s := range f.Stages {
		v := strings.TrimSpace(s.Platform)
		if v == "" || s.From == nil {
			continue
		}
		loc := "stage[" + pbStageLabel(s) + "]/FROM --platform"
		switch {
		case v == "$TARGETPLATFORM" || v == "${TARGETPLATFORM}":
			p.Reportf(s.From.Range, loc, "--platform="+v,
				"FROM --platform=%s in %s repeats the default: every stage is already built for the target platform, so the flag only adds noise and hides the stages that really set a platform", v, pbStageWhere(f, s))
		case !strings.Contains(v, "$") && df017Constant(s, v):
			p.Reportf(s.From.Range, loc, "--platform="+v,
				"FROM --platform=%s in %s pins a constant platform: a build for any other platform still pulls the %s variant of %s, so the image either fails with `exec format error` or runs under emulation, and the variant that ships is not the one scanned and reviewed for that platform; use $BUILDPLATFORM for build tools, or drop the flag and pass --platform to the build", v, pbStageWhere(f, s), v, df017Base(s))
		}
	}
}

// df017Constant reports whether BuildKit would warn about the constant
// platform v: it is a platform, and the stage's name mentions neither its
// OS nor its architecture, under any of its names (a stage named
// build-arm64 or build-aarch64 is deliberate).
func df017Constant(s *df.Stage, v string) bool {
	parts := strings.Split(strings.ToLower(v), "/")
	if len(parts) > 3 || slicesHasEmpty(parts) {
		return false
	}
	os, arch := "linux", ""
	switch {
	case len(parts) == 1 && df017OS[parts[0]]:
		os = parts[0]
	case len(parts) == 1:
		arch = parts[0]
	default:
		os, arch = parts[0], parts[1]
	}
	if a, ok := df017Arch[arch]; ok {
		arch = a
	}
	if s.Name == "" {
		return true
	}
	if strings.Contains(s.Name, os) || arch != "" && strings.Contains(s.Name, arch) {
		return false
	}
	for alias, canon := range df017Arch {
		if canon == arch && strings.Contains(s.Name, alias) {
			return false // "build-x86_64" for amd64
		}
	}
	return true
}

func slicesHasEmpty(parts []string) bool {
	for _, p := range parts {
		if p == "" {
			return true
		}
	}
	return false
}

// df017Base names a stage's base for messages.
func df017Base(s *df.Stage) string {
	switch {
	case s.BaseStage != nil:
		return "stage " + s.BaseStage.String()
	case s.Base != "":
		return s.Base
	}
	return s.BaseRaw
}
