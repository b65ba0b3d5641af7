package compose

import (
	"fmt"
	"strings"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/knowledge"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DC037 flags a service that mounts a folder or file of the host outside
// the project: an absolute or home-relative bind, or a named volume whose
// driver options bind a host device or a local-persist mountpoint. The
// Compose twin of K8S005. Runtime sockets (DC013) and sensitive system
// paths (DC014) are left to those rules, relative binds (./src) are the
// project's own files, and a path below a variable the project does not
// define is not judged. A volume that binds a host path is reported once,
// at its definition, for every service that mounts it.
var DC037 = &rule.Rule{
	ID:          "DC037",
	Name:        "host-path-mounted",
	Title:       "Service mounts a host path outside the project",
	Severity:    finding.Info,
	Kind:        rule.KindCompose,
	Note:        "least-privilege",
	Equivalents: rule.Equivalents{KICS: []string{"volume_has_sensitive_host_directory"}},
	Check:       checkDC037,
}

// hostPathOutside reports whether a bind source is a host path outside the
// project: absolute, or below the user's home.
func hostPathOutside(src string) bool {
	return strings.HasPrefix(src, "/") || src == "~" || strings.HasPrefix(src, "~/")
}

func checkDC037(p *rule.Pass) {
	type volumeUse struct {
		m        hostMount
		services []string
		writable bool
	}
	var volumes []string
	uses := map[string]*volumeUse{}
	for _, s := range services(p) {
		for _, m := range hostMounts(p, s) {
			src := cleanPath(m.source)
			if !hostPathOutside(src) || knowledge.RuntimeSocket(src) && p.Enabled("DC013") || knowledge.SensitiveHostPath(src) && p.Enabled("DC014") || unknownPrefix(p, m) {
				continue
			}
			if m.viaVolume != "" {
				u := uses[m.viaVolume]
				if u == nil {
					u = &volumeUse{m: m}
					uses[m.viaVolume] = u
					volumes = append(volumes, m.viaVolume)
				}
				u.services = append(u.services, s.Name)
				u.writable = u.writable || !m.readOnly
				continue
			}
			report(p, m.at, mountLoc(s.Name, m), src,
				fmt.Sprintf("Service %s bind-mounts host path %s %s", s.Name, src, hostMountMode(!m.readOnly)))
		}
	}
	for _, name := range volumes {
		u := uses[name]
		src := cleanPath(u.m.source)
		report(p, u.m.at, "volumes."+name, src,
			fmt.Sprintf("Volume %s binds host path %s and is mounted by %s %s", name, src, strings.Join(u.services, ", "), hostMountMode(u.writable)))
	}
}

// hostMountMode says how a host path is mounted and what that lets an
// intruder do.
func hostMountMode(writable bool) string {
	if writable {
		return "read-write, reaching outside the project into the host's file system: an intruder can plant or change files the host or other containers later read or run"
	}
	return "read-only, reaching outside the project into the host's file system: an intruder can still read whatever the host keeps there"
}
