package dockerfile

import (
	"strings"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF004 flags RUN steps that ask the builder for host privileges:
// --security=insecure and --network=host, in any stage (they act during the
// build, whether or not the stage ships).
var DF004 = &rule.Rule{
	ID:       "DF004",
	Name:     "insecure-run-entitlement",
	Title:    "RUN asks for an insecure build entitlement",
	Severity: finding.High,
	Kind:     rule.KindDockerfile,
	Note:     "least-privilege",
	Check:    checkDF004,
}

func checkDF004(p *rule.Pass) {
	f := p.Dockerfile
	if f == nil {
		return
	}
	for _, s := range f.Stages {
		where := pbStageWhere(f, s)
		loc := "stage[" + pbStageLabel(s) + "]/RUN/"
		for _, in := range s.Instructions {
			if in.Cmd != "RUN" || len(in.Flags) == 0 {
				continue
			}
			if v, ok := in.Flag("security"); ok && strings.EqualFold(strings.TrimSpace(v), "insecure") {
				p.Reportf(in.Range, loc+"--security", "security=insecure",
					"RUN --security=insecure in %s runs the step as a privileged container with the builder host's devices and no seccomp or AppArmor, so whatever it runs (a compromised package script, a poisoned base image) can take over the build host and every secret and cache it holds", where)
			}
			if v, ok := in.Flag("network"); ok && strings.EqualFold(strings.TrimSpace(v), "host") {
				// Less severe than insecure mode: one level below the rule's
				// (possibly configured) severity.
				sev := p.Rule.Severity - 1
				if sev < finding.Info {
					sev = finding.Info
				}
				p.Report(finding.Finding{
					Range: in.Range, Location: loc + "--network", Evidence: "network=host", Severity: sev,
					Message: "RUN --network=host in " + where + " gives the step the build host's network stack (a lesser risk than --security=insecure), so it escapes the builder's network isolation and can reach services listening only on the host's loopback interface, such as CI agents, local registries or a Docker API",
				})
			}
		}
	}
}
