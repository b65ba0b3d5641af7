package compose

import (
	"fmt"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DC015 flags bind mounts with shared or slave propagation.
var DC015 = &rule.Rule{
	ID:          "DC015",
	Name:        "shared-mount-propagation",
	Title:       "Bind mount uses shared or slave propagation",
	Severity:    finding.Medium,
	Kind:        rule.KindCompose,
	Note:        "runtime-hardening",
	Equivalents: rule.Equivalents{KICS: []string{"volume_mounted_in_multiple_containers"}},
	Check:       checkDC015,
}

var sharedPropagation = map[string]bool{"shared": true, "rshared": true, "slave": true, "rslave": true}

func checkDC015(p *rule.Pass) {
	for _, s := range services(p) {
		for i, v := range s.Config.Volumes {
			if v.Bind == nil || !sharedPropagation[v.Bind.Propagation] {
				continue
			}
			m := hostMount{source: v.Source, target: v.Target}
			a := pos(p, s.Name, "volumes", fmt.Sprint(i), "bind", "propagation")
			report(p, a, mountLoc(s.Name, m), v.Bind.Propagation,
				fmt.Sprintf("Service %s mounts %s with %s propagation, so mount events cross between the host and the container (an escape aid and a way to see new host mounts)", s.Name, cleanPath(v.Source), v.Bind.Propagation))
		}
	}
}
