package compose

import (
	"fmt"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/knowledge"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DC002 flags cap_add entries that grant ALL or a dangerous capability.
var DC002 = &rule.Rule{
	ID:          "DC002",
	Name:        "compose-dangerous-capability-added",
	Title:       "Service adds a dangerous Linux capability",
	Severity:    finding.High,
	Kind:        rule.KindCompose,
	Note:        "least-privilege",
	Equivalents: rule.Equivalents{KICS: []string{"container_capabilities_unrestricted"}},
	Check:       checkDC002,
}

func checkDC002(p *rule.Pass) {
	for _, s := range services(p) {
		seen := map[string]bool{}
		for _, raw := range s.Config.CapAdd {
			c := knowledge.NormalizeCap(raw)
			why, bad := knowledge.DangerousCap(c)
			if !bad || seen[c] {
				continue
			}
			seen[c] = true
			reportSpan(p, pos(p, s.Name, "cap_add"), pos(p, s.Name, "cap_add", raw), loc(s.Name, "cap_add["+c+"]"), c,
				fmt.Sprintf("Service %s adds capability %s (%s), which widens what an intruder in the container can do to the host", s.Name, c, why))
		}
	}
}
