package compose

import (
	"fmt"
	"strings"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DC006 flags services that turn AppArmor, SELinux labelling or the masked
// system paths off.
var DC006 = &rule.Rule{
	ID:       "DC006",
	Name:     "mac-confinement-disabled",
	Title:    "Service disables AppArmor, SELinux or masked system paths",
	Severity: finding.High,
	Kind:     rule.KindCompose,
	Note:     "runtime-hardening",
	Check:    checkDC006,
}

// unconfinedOpts maps a normalised security_opt to what it turns off.
var unconfinedOpts = map[string]string{
	"apparmor:unconfined":    "AppArmor",
	"apparmor=unconfined":    "AppArmor",
	"label:disable":          "SELinux labelling",
	"label=disable":          "SELinux labelling",
	"systempaths=unconfined": "the masking of /proc and /sys paths",
	"systempaths:unconfined": "the masking of /proc and /sys paths",
}

func checkDC006(p *rule.Pass) {
	for _, s := range services(p) {
		for _, o := range s.Config.SecurityOpt {
			n := normOpt(o)
			what, bad := unconfinedOpts[n]
			if !bad {
				continue
			}
			key, _, _ := strings.Cut(strings.ReplaceAll(n, "=", ":"), ":")
			report(p, pos(p, s.Name, "security_opt", o), loc(s.Name, "security_opt["+key+"]"), n,
				fmt.Sprintf("Service %s sets %s, which turns off %s: a second wall between an intruder and the host is gone", s.Name, n, what))
		}
	}
}
