package dockerfile

import (
	"strings"

	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF050 flags apt-get/apt install without --no-install-recommends in a stage
// that may ship (dockerfile.File.MayShip: the final chain and, without an
// explicit target, any stage nothing consumes). Build stages that are only
// copied from are left alone: the point is the size and attack surface of
// an image.
var DF050 = &rule.Rule{
	ID:       "DF050",
	Name:     "apt-install-recommends",
	Title:    "apt-get install without --no-install-recommends",
	Severity: finding.Low,
	Kind:     rule.KindDockerfile,
	Note:     "container-security",
	Equivalents: rule.Equivalents{Hadolint: []string{"DL3015"}, Trivy: []string{"DS-0029"},
		KICS: []string{"apt_get_not_avoiding_additional_packages"}},
	Check: checkDF050,
}

func checkDF050(p *rule.Pass) {
	f := p.Dockerfile
	for _, st := range hygStages(f, true) {
		for _, in := range st.Instructions {
			if !hygMentions(in, "apt") {
				continue
			}
			for _, pc := range hygPkgCalls(in.Shell()) {
				if (pc.Manager != "apt-get" && pc.Manager != "apt") || pc.Sub != "install" || df050Avoids(pc) || hygSimulated(pc) {
					continue
				}
				if df050Configured(st, in) {
					continue
				}
				p.Report(finding.Finding{
					Range:    in.Range,
					Location: hygLoc(st, "RUN/"+pc.Manager+" install"),
					Evidence: hygEvidence(pc),
					Message: pc.Manager + " install " + hygStageWords(f, st) +
						" has no --no-install-recommends, so recommended packages the image does not need are installed and shipped",
					Fix: hygInsertFlagFix(f, in, pc, "install", "--no-install-recommends"),
				})
			}
		}
	}
}

// df050Avoids reports whether the call turns recommends off itself.
func df050Avoids(pc hygPkgCall) bool {
	if pc.Has("--no-install-recommends") {
		return true
	}
	for _, a := range pc.Args {
		l := strings.ToLower(a)
		if strings.Contains(l, "install-recommends=false") || strings.Contains(l, "install-recommends=0") || strings.Contains(l, "install-recommends=no") {
			return true
		}
	}
	return false
}

// df050Configured reports whether an earlier instruction of the stage chain
// configures APT::Install-Recommends (e.g. writes it to apt.conf.d).
func df050Configured(st *dockerfile.Stage, at *dockerfile.Instruction) bool {
	for s := st; s != nil; s, at = s.BaseStage, nil {
		for _, in := range s.Instructions {
			if in == at {
				break
			}
			if in.Cmd != "RUN" {
				continue
			}
			text := strings.ToLower(in.Original)
			for _, h := range in.Heredocs {
				text += strings.ToLower(h.Content)
			}
			if strings.Contains(text, "install-recommends") && !strings.Contains(text, "--no-install-recommends") {
				return true
			}
		}
	}
	return false
}
