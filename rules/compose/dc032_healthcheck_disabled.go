package compose

import (
	"fmt"
	"strings"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DC032 flags services that turn the image's healthcheck off.
var DC032 = &rule.Rule{
	ID:          "DC032",
	Name:        "healthcheck-disabled",
	Title:       "Service disables its healthcheck",
	Severity:    finding.Low,
	Kind:        rule.KindCompose,
	Note:        "runtime-hardening",
	Equivalents: rule.Equivalents{KICS: []string{"healthcheck_not_set"}},
	Check:       checkDC032,
}

func checkDC032(p *rule.Pass) {
	for _, s := range services(p) {
		hc := s.Config.HealthCheck
		if hc == nil {
			continue
		}
		switch {
		case hc.Disable:
			report(p, pos(p, s.Name, "healthcheck", "disable"), loc(s.Name, "healthcheck"), "disable: true",
				fmt.Sprintf("Service %s disables its healthcheck, so a hung or hijacked container keeps receiving traffic and is never restarted", s.Name))
		case len(hc.Test) > 0 && strings.EqualFold(strings.TrimSpace(hc.Test[0]), "NONE"):
			report(p, pos(p, s.Name, "healthcheck", "test"), loc(s.Name, "healthcheck"), "test: NONE",
				fmt.Sprintf("Service %s disables its healthcheck (test: NONE), so a hung or hijacked container keeps receiving traffic and is never restarted", s.Name))
		}
	}
}
