package compose

import (
	"fmt"
	"strconv"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DC012 flags host devices passed into a service and device cgroup rules.
var DC012 = &rule.Rule{
	ID:       "DC012",
	Name:     "host-devices",
	Title:    "Service gets access to host devices",
	Severity: finding.Medium,
	Kind:     rule.KindCompose,
	Note:     "least-privilege",
	Check:    checkDC012,
}

func checkDC012(p *rule.Pass) {
	for _, s := range services(p) {
		for i, d := range s.Config.Devices {
			src := d.Source
			if src == "" {
				src = d.Target
			}
			report(p, pos(p, s.Name, "devices", strconv.Itoa(i)), loc(s.Name, "devices["+src+"]"), src,
				fmt.Sprintf("Service %s gets host device %s; a device node gives the container direct access to host hardware or kernel interfaces", s.Name, src))
		}
		for _, r := range s.Config.DeviceCgroupRules {
			report(p, pos(p, s.Name, "device_cgroup_rules", r), loc(s.Name, "device_cgroup_rules["+r+"]"), r,
				fmt.Sprintf("Service %s allows device access %q through the device cgroup; any matching device node created in the container is usable", s.Name, r))
		}
	}
}
