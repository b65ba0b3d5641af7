package compose

import (
	"fmt"
	"path"
	"strings"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/knowledge"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DC014 flags bind mounts of sensitive host folders (/, /etc, /proc, …).
var DC014 = &rule.Rule{
	ID:          "DC014",
	Name:        "compose-sensitive-host-path-mounted",
	Title:       "Service mounts a sensitive host path",
	Severity:    finding.High,
	Kind:        rule.KindCompose,
	Note:        "least-privilege",
	Equivalents: rule.Equivalents{KICS: []string{"volume_has_sensitive_host_directory"}},
	Check:       checkDC014,
}

// cleanPath normalises a host path for display and comparison.
func cleanPath(p string) string {
	p = strings.TrimSpace(p)
	if strings.HasPrefix(p, "/") {
		return path.Clean(p)
	}
	return p
}

func checkDC014(p *rule.Pass) {
	for _, s := range services(p) {
		for _, m := range hostMounts(p, s) {
			src := cleanPath(m.source)
			if !knowledge.SensitiveHostPath(src) || knowledge.RuntimeSocket(src) && p.Enabled("DC013") {
				continue // sockets are DC013's
			}
			if unknownPrefix(p, m) {
				continue // "$PWD/etc/x" is below an unknown folder, not /etc
			}
			mode := "read-write, so an intruder can also change the host"
			if m.readOnly {
				mode = "read-only, which stops writes but still exposes host secrets and state"
			}
			via := ""
			if m.viaVolume != "" {
				via = " through volume " + m.viaVolume
			}
			report(p, m.at, mountLoc(s.Name, m), src,
				fmt.Sprintf("Service %s mounts host path %s%s (%s)", s.Name, src, via, mode))
		}
	}
}
