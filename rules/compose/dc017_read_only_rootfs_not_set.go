package compose

import (
	"fmt"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DC017 flags services whose root filesystem is writable.
var DC017 = &rule.Rule{
	ID:       "DC017",
	Name:     "read-only-rootfs-not-set",
	Title:    "Service root filesystem is writable",
	Severity: finding.Low,
	Kind:     rule.KindCompose,
	Note:     "runtime-hardening",
	Check:    checkDC017,
}

func checkDC017(p *rule.Pass) {
	for _, s := range services(p) {
		if s.Config.ReadOnly {
			continue
		}
		report(p, pos(p, s.Name, "read_only"), loc(s.Name, "read_only"), "read_only: false",
			fmt.Sprintf("Service %s has a writable root filesystem, so an intruder can drop tools and change binaries; set read_only: true and mount tmpfs or volumes where it writes", s.Name))
	}
}
