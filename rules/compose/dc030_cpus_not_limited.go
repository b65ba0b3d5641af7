package compose

import (
	"fmt"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DC030 flags services without a CPU limit.
var DC030 = &rule.Rule{
	ID:          "DC030",
	Name:        "cpus-not-limited",
	Title:       "Service has no CPU limit",
	Severity:    finding.Low,
	Kind:        rule.KindCompose,
	Note:        "runtime-hardening",
	Equivalents: rule.Equivalents{KICS: []string{"cpus_not_limited"}},
	Check:       checkDC030,
}

func checkDC030(p *rule.Pass) {
	for _, s := range services(p) {
		if s.Config.CPUS > 0 {
			continue
		}
		if l := limits(s); l != nil && l.NanoCPUs > 0 {
			continue
		}
		reportLimit(p, s.Name, "cpus", "cpus", loc(s.Name, "deploy.resources.limits.cpus"), "no cpu limit",
			fmt.Sprintf("Service %s has no CPU limit, so a busy loop or a crypto miner in it can starve the host; set deploy.resources.limits.cpus (or cpus)", s.Name))
	}
}
