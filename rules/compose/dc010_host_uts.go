package compose

import (
	"fmt"
	"strings"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DC010 flags services that share the host's UTS namespace.
var DC010 = &rule.Rule{
	ID:       "DC010",
	Name:     "host-uts",
	Title:    "Service shares the host UTS namespace",
	Severity: finding.Medium,
	Kind:     rule.KindCompose,
	Note:     "least-privilege",
	Check:    checkDC010,
}

func checkDC010(p *rule.Pass) {
	for _, s := range services(p) {
		if !strings.EqualFold(strings.TrimSpace(s.Config.Uts), "host") {
			continue
		}
		report(p, pos(p, s.Name, "uts"), loc(s.Name, "uts"), "uts: host",
			fmt.Sprintf("Service %s shares the host's UTS namespace (uts: host): a process with CAP_SYS_ADMIN can rename the host, and the container learns the host's identity", s.Name))
	}
}
