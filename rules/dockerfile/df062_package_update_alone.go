package dockerfile

import (
	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF062 flags a package install that relies on an index refreshed by an
// earlier RUN of its own (`RUN apt-get update` alone, then `RUN apt-get
// install …`). The build cache keeps the refresh layer while the install
// line changes, so the install runs against stale indexes. The finding sits
// on the install; a refresh that no later install uses is harmless here.
// Every stage is judged.
var DF062 = &rule.Rule{
	ID:       "DF062",
	Name:     "package-update-alone",
	Title:    "Package index refreshed in a RUN of its own",
	Severity: finding.Low,
	Kind:     rule.KindDockerfile,
	Note:     "build-context-and-drift",
	Equivalents: rule.Equivalents{Trivy: []string{"DS-0017"}, Checkov: []string{"CKV_DOCKER_5"},
		KICS: []string{"update_instruction_alone"}},
	Check: checkDF062,
}

// df062Family groups managers that share an index.
func df062Family(m string) string {
	switch m {
	case "apt-get", "apt":
		return "apt"
	case "yum", "dnf", "microdnf", "dnf5", "tdnf":
		return "rpm"
	}
	return m
}

// df062Refreshes reports whether pc only refreshes the package index.
func df062Refreshes(pc hygPkgCall) bool {
	switch df062Family(pc.Manager) {
	case "apt", "apk":
		return pc.Sub == "update"
	case "rpm":
		return pc.Sub == "makecache" || (pc.Sub == "update" || pc.Sub == "upgrade" || pc.Sub == "check-update") && len(pc.Operands) == 0
	case "zypper":
		return pc.Sub == "refresh" || pc.Sub == "ref"
	case "pacman":
		return hygPacmanSync(pc.Args) && len(hygPackages(pc)) == 0
	}
	return false
}

// hygPacmanSync reports whether pacman's -S group refreshes (-Sy, -Syu).
func hygPacmanSync(args []string) bool {
	for _, a := range args {
		if len(a) > 2 && a[0] == '-' && a[1] == 'S' {
			for _, r := range a[2:] {
				if r == 'y' {
					return true
				}
			}
		}
	}
	return false
}

// df062OwnRefresh reports whether an install refreshes the index itself.
func df062OwnRefresh(pc hygPkgCall) bool {
	switch pc.Manager {
	case "apk":
		return pc.Has("-U", "--update", "--update-cache", "--no-cache")
	case "pacman":
		return hygPacmanSync(pc.Args)
	}
	return false
}

func checkDF062(p *rule.Pass) {
	f := p.Dockerfile
	for _, st := range hygStages(f, false) {
		alone := map[string]*dockerfile.Instruction{}
		for _, in := range st.Instructions {
			if !hygMentions(in, "apt", "apk", "yum", "dnf", "zypper", "pacman") {
				continue
			}
			calls := hygPkgCalls(in.Shell())
			refreshed := map[string]bool{}
			installed := map[string]bool{}
			reported := map[string]bool{}
			for _, pc := range calls {
				fam := df062Family(pc.Manager)
				if df062Refreshes(pc) {
					refreshed[fam] = true
					continue
				}
				if !hygIsInstall(pc) || pc.Manager == "pip" || pc.Manager == "npm" || pc.Manager == "gem" {
					continue
				}
				installed[fam] = true
				prev := alone[fam]
				if refreshed[fam] || df062OwnRefresh(pc) || prev == nil || reported[fam] {
					continue
				}
				reported[fam] = true
				p.Reportf(in.Range, hygLoc(st, "RUN/"+pc.Manager+" "+pc.Sub), hygEvidence(pc),
					"%s %s %s relies on the package index refreshed by the separate RUN on line %d; the build cache can reuse that layer when this one changes, so this install may use a stale index (refresh and install in the same RUN)",
					pc.Manager, pc.Sub, hygStageWords(f, st), prev.Range.StartLine)
			}
			for fam := range refreshed {
				if !installed[fam] {
					alone[fam] = in
				}
			}
		}
	}
}
