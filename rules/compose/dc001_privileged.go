package compose

import (
	"fmt"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DC001 flags services that run privileged.
var DC001 = &rule.Rule{
	ID:          "DC001",
	Name:        "privileged",
	Title:       "Service runs privileged",
	Severity:    finding.Critical,
	Kind:        rule.KindCompose,
	Note:        "least-privilege",
	Equivalents: rule.Equivalents{KICS: []string{"privileged_containers_enabled"}},
	Check:       checkDC001,
}

func checkDC001(p *rule.Pass) {
	for _, s := range services(p) {
		if !s.Config.Privileged {
			continue
		}
		report(p, pos(p, s.Name, "privileged"), loc(s.Name, "privileged"), "privileged: true",
			fmt.Sprintf("Service %s runs privileged: it gets every capability and the host's devices, so a compromise of the container is a compromise of the host", s.Name))
	}
}
