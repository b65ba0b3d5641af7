package compose

import (
	"fmt"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DC031 flags services without a limit on the number of processes.
var DC031 = &rule.Rule{
	ID:          "DC031",
	Name:        "pids-not-limited",
	Title:       "Service has no PIDs limit",
	Severity:    finding.Low,
	Kind:        rule.KindCompose,
	Note:        "runtime-hardening",
	Equivalents: rule.Equivalents{KICS: []string{"pids_limit_not_set"}},
	Check:       checkDC031,
}

func checkDC031(p *rule.Pass) {
	for _, s := range services(p) {
		if s.Config.PidsLimit > 0 {
			continue
		}
		if l := limits(s); l != nil && l.Pids > 0 && s.Config.PidsLimit == 0 {
			continue
		}
		ev := "no pids limit"
		msg := fmt.Sprintf("Service %s has no PIDs limit, so a fork bomb in it can exhaust the host's process table; set pids_limit (or deploy.resources.limits.pids)", s.Name)
		if s.Config.PidsLimit < 0 {
			msg = fmt.Sprintf("Service %s sets pids_limit: %d (unlimited), so a fork bomb in it can exhaust the host's process table; set a positive limit", s.Name, s.Config.PidsLimit)
			ev = fmt.Sprintf("pids_limit: %d", s.Config.PidsLimit)
		}
		reportLimit(p, s.Name, "pids_limit", "pids", loc(s.Name, "pids_limit"), ev, msg)
	}
}
