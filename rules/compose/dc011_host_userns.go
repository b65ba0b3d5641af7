package compose

import (
	"fmt"
	"strings"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DC011 flags services that share the host's user namespace.
var DC011 = &rule.Rule{
	ID:          "DC011",
	Name:        "host-userns",
	Title:       "Service opts out of user namespace remapping",
	Severity:    finding.High,
	Kind:        rule.KindCompose,
	Note:        "least-privilege",
	Equivalents: rule.Equivalents{KICS: []string{"shared_host_user_namespace"}},
	Check:       checkDC011,
}

func checkDC011(p *rule.Pass) {
	for _, s := range services(p) {
		if !strings.EqualFold(strings.TrimSpace(s.Config.UserNSMode), "host") {
			continue
		}
		report(p, pos(p, s.Name, "userns_mode"), loc(s.Name, "userns_mode"), "userns_mode: host",
			fmt.Sprintf("Service %s shares the host's user namespace (userns_mode: host): root in the container is root on the host even when the daemon remaps users", s.Name))
	}
}
