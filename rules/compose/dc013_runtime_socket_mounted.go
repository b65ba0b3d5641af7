package compose

import (
	"fmt"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/knowledge"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DC013 flags container runtime sockets mounted into a service.
var DC013 = &rule.Rule{
	ID:          "DC013",
	Name:        "compose-runtime-socket-mounted",
	Title:       "Service mounts the container runtime socket",
	Severity:    finding.Critical,
	Kind:        rule.KindCompose,
	Note:        "least-privilege",
	Equivalents: rule.Equivalents{KICS: []string{"docker_socket_mounted_in_container"}},
	Check:       checkDC013,
}

func checkDC013(p *rule.Pass) {
	for _, s := range services(p) {
		for _, m := range hostMounts(p, s) {
			if !knowledge.RuntimeSocket(m.source) {
				continue
			}
			ro := ""
			if m.readOnly {
				ro = " (read-only does not help: the API behind a socket is still fully usable)"
			}
			report(p, m.at, mountLoc(s.Name, m), cleanPath(m.source),
				fmt.Sprintf("Service %s mounts the runtime socket %s%s; whoever controls the container can start a privileged container and own the host", s.Name, cleanPath(m.source), ro))
		}
	}
}
