package compose

import (
	"fmt"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DC029 flags services without a memory limit.
var DC029 = &rule.Rule{
	ID:          "DC029",
	Name:        "memory-not-limited",
	Title:       "Service has no memory limit",
	Severity:    finding.Low,
	Kind:        rule.KindCompose,
	Note:        "runtime-hardening",
	Equivalents: rule.Equivalents{KICS: []string{"memory_not_limited"}},
	Check:       checkDC029,
}

func checkDC029(p *rule.Pass) {
	for _, s := range services(p) {
		if s.Config.MemLimit > 0 {
			continue
		}
		if l := limits(s); l != nil && l.MemoryBytes > 0 {
			continue
		}
		reportLimit(p, s.Name, "mem_limit", "memory", loc(s.Name, "deploy.resources.limits.memory"), "no memory limit",
			fmt.Sprintf("Service %s has no memory limit, so a leak or an attacker can exhaust the host's memory and take down its neighbours; set deploy.resources.limits.memory (or mem_limit)", s.Name))
	}
}
