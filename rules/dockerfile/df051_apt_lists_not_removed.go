package dockerfile

import (
	"strings"

	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF051 flags a RUN of a stage that may ship (dockerfile.File.MayShip) that
// downloads the apt package lists (apt-get update) without removing
// /var/lib/apt/lists in the same RUN. Build stages that are only copied
// from are left alone: the point is image size.
var DF051 = &rule.Rule{
	ID:       "DF051",
	Name:     "apt-lists-not-removed",
	Title:    "apt package lists left in the image",
	Severity: finding.Low,
	Kind:     rule.KindDockerfile,
	Note:     "container-security",
	Equivalents: rule.Equivalents{Hadolint: []string{"DL3009"},
		KICS: []string{"apt_get_install_lists_were_not_deleted"}},
	Check: checkDF051,
}

const df051Lists = "/var/lib/apt/lists"

func checkDF051(p *rule.Pass) {
	f := p.Dockerfile
	for _, st := range hygStages(f, true) {
		for _, in := range st.Instructions {
			if !hygMentions(in, "apt") {
				continue
			}
			s := in.Shell()
			for _, pc := range hygPkgCalls(s) {
				if (pc.Manager != "apt-get" && pc.Manager != "apt") || pc.Sub != "update" {
					continue
				}
				if hygRemoves(s, df051Lists) || hygCacheMount(in, df051Lists) || df051DistClean(s) {
					break
				}
				p.Report(finding.Finding{
					Range:    in.Range,
					Location: hygLoc(st, "RUN/"+pc.Manager+" update"),
					Evidence: df051Evidence(s),
					Message: pc.Manager + " update " + hygStageWords(f, st) +
						" downloads package lists that this RUN never removes, so they stay in the layer (add `rm -rf /var/lib/apt/lists/*` to the same RUN)",
				})
				break
			}
		}
	}
}

// df051DistClean reports whether the RUN calls `apt-get dist-clean` (apt
// 2.7 and later), which removes the package lists as well as the cache.
func df051DistClean(s *dockerfile.Script) bool {
	for _, pc := range hygPkgCalls(s) {
		if (pc.Manager == "apt-get" || pc.Manager == "apt") && pc.Sub == "dist-clean" {
			return true
		}
	}
	return false
}

// df051Evidence joins the apt calls of the RUN ("apt-get update; apt-get
// install curl").
func df051Evidence(s *dockerfile.Script) string {
	var parts []string
	for _, pc := range hygPkgCalls(s) {
		if pc.Manager == "apt-get" || pc.Manager == "apt" {
			parts = append(parts, hygEvidence(pc))
		}
	}
	return strings.Join(parts, "; ")
}
