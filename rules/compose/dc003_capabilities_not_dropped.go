package compose

import (
	"fmt"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/knowledge"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DC003 flags services that do not drop every capability.
var DC003 = &rule.Rule{
	ID:          "DC003",
	Name:        "capabilities-not-dropped",
	Title:       "Service does not drop all capabilities",
	Severity:    finding.Low,
	Kind:        rule.KindCompose,
	Note:        "least-privilege",
	Equivalents: rule.Equivalents{KICS: []string{"container_capabilities_unrestricted"}},
	Check:       checkDC003,
}

func checkDC003(p *rule.Pass) {
	for _, s := range services(p) {
		dropsAll := false
		for _, c := range s.Config.CapDrop {
			if knowledge.NormalizeCap(c) == "ALL" {
				dropsAll = true
			}
		}
		if dropsAll {
			continue
		}
		if isSet(p, s.Name, "cap_drop") {
			report(p, pos(p, s.Name, "cap_drop"), loc(s.Name, "cap_drop"), "cap_drop without ALL",
				fmt.Sprintf("Service %s drops only some capabilities; the rest of Docker's default set (CHOWN, SETUID, NET_RAW, …) stays available to an intruder: drop ALL and add back what it needs", s.Name))
			continue
		}
		a := servicePos(p, s.Name)
		fix := insertUnderKey(p, a, "Drop all capabilities (add back only those the service needs)", "cap_drop: [ALL]")
		reportFix(p, a, loc(s.Name, "cap_drop"), "no cap_drop",
			fmt.Sprintf("Service %s keeps Docker's default capabilities (CHOWN, SETUID, NET_RAW, …); add cap_drop: [ALL] and add back only what it needs", s.Name), fix)
	}
}
