package kube

import (
	"strconv"

	"github.com/stevedore-dev/stevedore/internal/kube"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// containerName names a container for messages, in both rule groups:
// `container "app"`, `init container "setup"`, `sidecar container "proxy"`,
// `ephemeral container #1` (by position when it has no name).
func containerName(c *kube.Container) string {
	kind := "container"
	switch c.Group {
	case kube.GroupInit:
		kind = "init container"
		if c.Sidecar() {
			kind = "sidecar container"
		}
	case kube.GroupEphemeral:
		kind = "ephemeral container"
	}
	if c.Name == "" {
		return kind + " #" + strconv.Itoa(c.Index+1)
	}
	return kind + " " + strconv.Quote(c.Name)
}

// fileLines returns the pass's manifest split into lines (nil without one),
// for fixes that edit it.
func fileLines(p *rule.Pass) []string {
	if p.Kube == nil {
		return nil
	}
	return p.Kube.Lines()
}
