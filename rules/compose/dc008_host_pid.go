package compose

import (
	"fmt"
	"strings"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DC008 flags services that share the host's PID namespace.
var DC008 = &rule.Rule{
	ID:          "DC008",
	Name:        "host-pid",
	Title:       "Service shares the host PID namespace",
	Severity:    finding.High,
	Kind:        rule.KindCompose,
	Note:        "least-privilege",
	Equivalents: rule.Equivalents{KICS: []string{"host_namespace_is_shared"}},
	Check:       checkDC008,
}

func checkDC008(p *rule.Pass) {
	for _, s := range services(p) {
		if !strings.EqualFold(strings.TrimSpace(s.Config.Pid), "host") {
			continue
		}
		report(p, pos(p, s.Name, "pid"), loc(s.Name, "pid"), "pid: host",
			fmt.Sprintf("Service %s shares the host's PID namespace (pid: host): an intruder sees every process on the host and, as root, can signal or trace them and read their environment", s.Name))
	}
}
