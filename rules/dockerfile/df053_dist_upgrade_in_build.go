package dockerfile

import (
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF053 flags distribution upgrades during a build (apt-get dist-upgrade,
// zypper dup, dnf distro-sync, …) in any stage. Plain upgrades (apt-get
// upgrade, apk upgrade, dnf upgrade) are deliberately not flagged: they
// apply security fixes the base image lacks, which CIS 4.7 favours.
var DF053 = &rule.Rule{
	ID:          "DF053",
	Name:        "dist-upgrade-in-build",
	Title:       "Distribution upgrade during the build",
	Severity:    finding.Info,
	Kind:        rule.KindDockerfile,
	Note:        "build-context-and-drift",
	Equivalents: rule.Equivalents{Hadolint: []string{"DL3035"}, Trivy: []string{"DS-0024"}},
	Check:       checkDF053,
}

func df053IsDistUpgrade(pc hygPkgCall) bool {
	switch pc.Manager {
	case "apt-get", "apt":
		return pc.Sub == "dist-upgrade" || pc.Sub == "full-upgrade"
	case "zypper":
		return pc.Sub == "dup" || pc.Sub == "dist-upgrade"
	case "yum", "dnf", "dnf5":
		return pc.Sub == "distro-sync" || pc.Sub == "distrosync" || pc.Sub == "dsync" || pc.Sub == "system-upgrade"
	}
	return false
}

func checkDF053(p *rule.Pass) {
	f := p.Dockerfile
	for _, st := range hygStages(f, false) {
		for _, in := range st.Instructions {
			if !hygMentions(in, "upgrade", "dup", "sync") {
				continue
			}
			for _, pc := range hygPkgCalls(in.Shell()) {
				if !df053IsDistUpgrade(pc) {
					continue
				}
				p.Reportf(in.Range, hygLoc(st, "RUN/"+pc.Manager+" "+pc.Sub), pc.Manager+" "+pc.Sub,
					"%s %s %s moves packages to whatever the distribution offers on build day (new major versions, removals), so two builds of this Dockerfile can differ; prefer a newer base image or a plain upgrade",
					pc.Manager, pc.Sub, hygStageWords(f, st))
				break
			}
		}
	}
}
