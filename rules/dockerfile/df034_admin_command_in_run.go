package dockerfile

import (
	"strings"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF034 flags interactive and system-administration commands run in RUN,
// where they make no sense (hadolint DL3001).
var DF034 = &rule.Rule{
	ID:       "DF034",
	Name:     "admin-command-in-run",
	Title:    "Interactive or admin command in RUN",
	Severity: finding.Info,
	Kind:     rule.KindDockerfile,
	Note:     "debug-surface",
	Equivalents: rule.Equivalents{Hadolint: []string{"DL3001"},
		KICS: []string{"run_utilities_and_posix_commands"}},
	DefaultOff: true,
	Check:      checkDF034,
}

// sdiAdminCommands are the commands hadolint's DL3001 names.
var sdiAdminCommands = map[string]string{
	"ssh": "an SSH client", "vim": "an interactive editor", "shutdown": "a power command",
	"service": "a service manager", "ps": "a process lister", "free": "a memory report",
	"top": "an interactive process monitor", "kill": "a process killer", "mount": "a mount command",
	"ifconfig": "a network configuration tool",
}

func checkDF034(p *rule.Pass) {
	f := p.Dockerfile
	if f == nil {
		return
	}
	for _, st := range f.Stages {
		for _, in := range st.Instructions {
			if in.Cmd != "RUN" || !sdiRunMentions(in, "ssh", "vim", "shutdown", "service", "ps", "free", "top", "kill", "mount", "ifconfig") {
				continue
			}
			var seen map[string]bool
			for _, c := range in.Shell().Commands {
				what, ok := sdiAdminCommands[c.Name]
				if !ok || seen[c.Name] {
					continue
				}
				if c.Name == "kill" && strings.Contains(in.Original, "$!") {
					continue // stops a process this RUN started in the background
				}
				if seen == nil {
					seen = map[string]bool{}
				}
				seen[c.Name] = true
				p.Reportf(finding.Line(c.Line), sdiLoc(in, "RUN", c.Name), c.Name,
					"RUN in %s runs %s (%s), a command for a running system rather than an image build: at build time it hangs, fails or only sees the build container; drop it or do the work another way",
					sdiStageDesc(f, st), c.Name, what)
			}
		}
	}
}
