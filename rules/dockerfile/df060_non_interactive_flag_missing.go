package dockerfile

import (
	"strings"

	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF060 flags package-manager commands that may ask a question (apt-get,
// yum, dnf, zypper install/remove/upgrade) without the flag that answers
// it. Every stage is judged: a prompt breaks any stage's build.
var DF060 = &rule.Rule{
	ID:       "DF060",
	Name:     "non-interactive-flag-missing",
	Title:    "Package manager may prompt: non-interactive flag missing",
	Severity: finding.Low,
	Kind:     rule.KindDockerfile,
	Note:     "build-context-and-drift",
	Equivalents: rule.Equivalents{Hadolint: []string{"DL3014", "DL3030", "DL3034", "DL3038"},
		Trivy: []string{"DS-0021"},
		KICS: []string{"apt_get_missing_flags_to_avoid_manual_input", "yum_install_allows_manual_input",
			"missing_flag_from_dnf_install", "missing_zypper_non_interactive_switch"}},
	Check: checkDF060,
}

var (
	df060AptSubs = map[string]bool{"install": true, "reinstall": true, "remove": true, "purge": true, "autoremove": true, "upgrade": true, "dist-upgrade": true, "full-upgrade": true, "build-dep": true}
	df060RpmSubs = map[string]bool{"install": true, "in": true, "groupinstall": true, "localinstall": true, "reinstall": true, "remove": true, "erase": true, "rm": true, "update": true, "upgrade": true, "up": true, "downgrade": true, "groupremove": true, "autoremove": true, "distro-sync": true}
	df060ZypSubs = map[string]bool{"install": true, "in": true, "remove": true, "rm": true, "update": true, "up": true, "patch": true, "dup": true, "dist-upgrade": true}
)

// df060Prompts returns the flag to suggest when pc may prompt, "" when it
// cannot.
func df060Prompts(pc hygPkgCall) string {
	switch pc.Manager {
	case "apt-get", "apt":
		if !df060AptSubs[pc.Sub] || hygSimulated(pc) || pc.Has("-y", "--yes", "--assume-yes") || df060AptQuiet(pc.Args) >= 2 || df060ArgSays(pc.Args, "assume-yes=") {
			return ""
		}
		return "-y"
	case "yum", "dnf", "dnf5", "tdnf":
		if !df060RpmSubs[pc.Sub] || pc.Has("-y", "--assumeyes") || df060ArgSays(pc.Args, "assumeyes=") {
			return ""
		}
		return "-y"
	case "zypper":
		if !df060ZypSubs[pc.Sub] || pc.Has("-n", "--non-interactive", "-y", "--no-confirm") {
			return ""
		}
		return "--non-interactive"
	}
	return ""
}

// df060AptQuiet returns apt-get's quiet level (-qq and -q=2 imply -y).
func df060AptQuiet(args []string) int {
	n := 0
	for _, a := range args {
		switch {
		case a == "--":
			return n
		case a == "--quiet":
			n++
		case strings.HasPrefix(a, "--quiet="), strings.HasPrefix(a, "-q="):
			_, v, _ := strings.Cut(a, "=")
			if v >= "2" {
				n += 2
			}
		case len(a) > 1 && a[0] == '-' && a[1] != '-' && strings.Trim(a[1:], "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") == "":
			n += strings.Count(a, "q")
		}
	}
	return n
}

// df060ArgSays reports whether an argument sets an option like
// "APT::Get::Assume-Yes=true" (compared lower-case, value not 0/false).
func df060ArgSays(args []string, key string) bool {
	for _, a := range args {
		l := strings.ToLower(a)
		if i := strings.Index(l, key); i >= 0 {
			v := l[i+len(key):]
			return v != "0" && v != "false" && v != "no"
		}
	}
	return false
}

// df060Configured reports whether an earlier RUN of the stage chain writes
// an apt/yum configuration that answers yes.
func df060Configured(st *dockerfile.Stage, at *dockerfile.Instruction) bool {
	for s := st; s != nil; s, at = s.BaseStage, nil {
		for _, in := range s.Instructions {
			if in == at {
				break
			}
			if in.Cmd == "RUN" {
				l := strings.ToLower(in.Original)
				if strings.Contains(l, "assume-yes") && strings.Contains(l, "apt.conf") || strings.Contains(l, "assumeyes") && strings.Contains(l, ".conf") {
					return true
				}
			}
		}
	}
	return false
}

func checkDF060(p *rule.Pass) {
	f := p.Dockerfile
	for _, st := range hygStages(f, false) {
		for _, in := range st.Instructions {
			if !hygMentions(in, "apt", "yum", "dnf", "zypper") {
				continue
			}
			done := map[string]bool{}
			for _, pc := range hygPkgCalls(in.Shell()) {
				flag := df060Prompts(pc)
				if flag == "" || done[pc.Manager] || df060Configured(st, in) {
					continue
				}
				done[pc.Manager] = true
				p.Reportf(in.Range, hygLoc(st, "RUN/"+pc.Manager+" "+pc.Sub), hygEvidence(pc),
					"%s %s %s has no %s, so it may stop at a confirmation prompt that a build cannot answer", pc.Manager, pc.Sub, hygStageWords(f, st), flag)
			}
		}
	}
}
