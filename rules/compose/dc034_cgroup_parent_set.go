package compose

import (
	"fmt"
	"strings"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DC034 flags services placed in a custom parent cgroup.
var DC034 = &rule.Rule{
	ID:          "DC034",
	Name:        "cgroup-parent-set",
	Title:       "Service sets a custom cgroup parent",
	Severity:    finding.Low,
	Kind:        rule.KindCompose,
	Note:        "runtime-hardening",
	Equivalents: rule.Equivalents{KICS: []string{"cgroup_not_default"}},
	Check:       checkDC034,
}

func checkDC034(p *rule.Pass) {
	for _, s := range services(p) {
		cg := strings.TrimSpace(s.Config.CgroupParent)
		if cg == "" {
			continue
		}
		report(p, pos(p, s.Name, "cgroup_parent"), loc(s.Name, "cgroup_parent"), cg,
			fmt.Sprintf("Service %s runs under cgroup parent %s instead of Docker's default, so the limits and accounting applied to it are whatever that cgroup allows", s.Name, cg))
	}
}
