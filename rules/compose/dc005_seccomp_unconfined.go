package compose

import (
	"fmt"
	"strings"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DC005 flags services that turn the seccomp filter off.
var DC005 = &rule.Rule{
	ID:          "DC005",
	Name:        "seccomp-unconfined",
	Title:       "Service disables the seccomp profile",
	Severity:    finding.High,
	Kind:        rule.KindCompose,
	Note:        "runtime-hardening",
	Equivalents: rule.Equivalents{KICS: []string{"default_seccomp_profile_disabled"}},
	Check:       checkDC005,
}

func checkDC005(p *rule.Pass) {
	for _, s := range services(p) {
		for _, o := range s.Config.SecurityOpt {
			n := normOpt(o)
			if !strings.Contains(n, "seccomp:unconfined") && !strings.Contains(n, "seccomp=unconfined") {
				continue
			}
			report(p, pos(p, s.Name, "security_opt", o), loc(s.Name, "security_opt[seccomp]"), n,
				fmt.Sprintf("Service %s runs with seccomp unconfined, so every system call (including those behind most kernel escapes) is open to an intruder", s.Name))
		}
	}
}
