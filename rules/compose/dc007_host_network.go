package compose

import (
	"fmt"
	"strings"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DC007 flags services that share the host's network namespace.
var DC007 = &rule.Rule{
	ID:          "DC007",
	Name:        "host-network",
	Title:       "Service uses the host network",
	Severity:    finding.High,
	Kind:        rule.KindCompose,
	Note:        "network-exposure",
	Equivalents: rule.Equivalents{KICS: []string{"shared_host_network_namespace"}},
	Check:       checkDC007,
}

func checkDC007(p *rule.Pass) {
	for _, s := range services(p) {
		if !strings.EqualFold(strings.TrimSpace(s.Config.NetworkMode), "host") {
			continue
		}
		report(p, pos(p, s.Name, "network_mode"), loc(s.Name, "network_mode"), "network_mode: host",
			fmt.Sprintf("Service %s shares the host's network namespace (network_mode: host): every port it opens listens on the host's interfaces and it can reach services bound to the host's loopback", s.Name))
	}
}
