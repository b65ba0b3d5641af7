package compose

import (
	"fmt"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DC019 flags host ports below 1024.
var DC019 = &rule.Rule{
	ID:       "DC019",
	Name:     "privileged-host-port",
	Title:    "Service publishes a privileged host port",
	Severity: finding.Low,
	Kind:     rule.KindCompose,
	Note:     "network-exposure",
	Check:    checkDC019,
}

func checkDC019(p *rule.Pass) {
	for _, s := range services(p) {
		for _, hp := range publishedPorts(s) {
			if hp.from <= 0 || hp.from >= 1024 {
				continue
			}
			report(p, portPos(p, s.Name, hp), portLoc(s.Name, hp), hp.String(),
				fmt.Sprintf("Service %s publishes privileged host port %d (below 1024, normally held by the host's own system services); unless this service is meant to be the host's front end on that port, publish a port of 1024 or above", s.Name, hp.from))
		}
	}
}
