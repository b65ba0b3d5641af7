package compose

import (
	"fmt"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DC020 flags published ports without a host IP.
var DC020 = &rule.Rule{
	ID:          "DC020",
	Name:        "port-not-bound-to-host-interface",
	Title:       "Published port is not bound to a host interface",
	Severity:    finding.Info,
	Kind:        rule.KindCompose,
	Note:        "network-exposure",
	Equivalents: rule.Equivalents{KICS: []string{"container_traffic_not_bound_to_host_interface"}},
	DefaultOff:  true,
	Check:       checkDC020,
}

func checkDC020(p *rule.Pass) {
	for _, s := range services(p) {
		for _, hp := range publishedPorts(s) {
			if !allInterfaces(hp.hostIP) {
				continue
			}
			reportSpan(p, pos(p, s.Name, "ports"), portPos(p, s.Name, hp), portLoc(s.Name, hp), hp.String(),
				fmt.Sprintf("Service %s publishes %s on every host interface; give it a host IP (127.0.0.1 or a specific interface) so it is reachable only where intended", s.Name, hp.String()))
		}
	}
}
