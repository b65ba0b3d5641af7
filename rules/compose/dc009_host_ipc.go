package compose

import (
	"fmt"
	"strings"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DC009 flags services that share the host's IPC namespace.
var DC009 = &rule.Rule{
	ID:          "DC009",
	Name:        "host-ipc",
	Title:       "Service shares the host IPC namespace",
	Severity:    finding.High,
	Kind:        rule.KindCompose,
	Note:        "least-privilege",
	Equivalents: rule.Equivalents{KICS: []string{"shared_host_ipc_namespace"}},
	Check:       checkDC009,
}

func checkDC009(p *rule.Pass) {
	for _, s := range services(p) {
		if !strings.EqualFold(strings.TrimSpace(s.Config.Ipc), "host") {
			continue
		}
		report(p, pos(p, s.Name, "ipc"), loc(s.Name, "ipc"), "ipc: host",
			fmt.Sprintf("Service %s shares the host's IPC namespace (ipc: host): an intruder can read and tamper with the shared memory and message queues of processes on the host", s.Name))
	}
}
