package kube

import (
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/stevedore-dev/stevedore/internal/finding"
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

// containerRange runs from a container's first line to line, a key of the
// container where a missing field belongs (securityContext, resources), or
// is line alone when it does not lie below the container's start.
func containerRange(start, line int) finding.Range {
	if start > 0 && start < line {
		return finding.Lines(start, line)
	}
	return finding.Line(line)
}

// fileLines returns the pass's manifest split into lines (nil without one),
// for fixes that edit it.
func fileLines(p *rule.Pass) []string {
	if p.Kube == nil {
		return nil
	}
	return p.Kube.Lines()
}

// workloadPods returns the pods of the pass's workloads (nil-safe). Objects
// whose pod spec could not be decoded at all are skipped: the engine reports
// them.
func workloadPods(p *rule.Pass) []*kube.Pod {
	if p == nil || p.Kube == nil {
		return nil
	}
	pods, _ := p.Kube.Workloads()
	return pods
}

// resolveNode follows aliases (at most 32 of them; nil beyond).
func resolveNode(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode; i++ {
		if i == 32 {
			return nil
		}
		n = n.Alias
	}
	return n
}

// scalarLineRE matches "key: value" alone on a line, with an optional "- "
// and trailing comment.
var scalarLineRE = regexp.MustCompile(`^(\s*(?:-\s+)?)([A-Za-z]+):(\s*)([^\s#]+)(\s*(?:#.*)?)$`)

// setScalarLine returns line (a "key: value" line of key alone) with its
// value replaced by want, indentation and comment kept, ending in "\n".
func setScalarLine(line, key, want string) (string, bool) {
	m := scalarLineRE.FindStringSubmatch(line)
	if m == nil || m[2] != key {
		return "", false
	}
	return m[1] + m[2] + ":" + m[3] + want + m[5] + "\n", true
}

// ambiguousPorts are sensitive ports that ordinary servers use as well,
// with the words that say the sensitive service is the one listening:
// 8500 is Consul's HTTP API and TensorFlow Serving's gRPC port.
var ambiguousPorts = map[int][]string{
	8500: {"consul"},
}

// sensitivePortConfirmed reports whether a sensitive port is worth a
// finding: always, unless it is ambiguous and none of hints (image, names)
// names the sensitive service.
func sensitivePortConfirmed(port int, hints ...string) bool {
	words, ok := ambiguousPorts[port]
	if !ok {
		return true
	}
	for _, h := range hints {
		h = strings.ToLower(h)
		for _, w := range words {
			if strings.Contains(h, w) {
				return true
			}
		}
	}
	return false
}

// joinOr joins items as prose: "a", "a or b", "a, b or c".
func joinOr(items []string) string {
	switch n := len(items); n {
	case 0:
		return ""
	case 1:
		return items[0]
	default:
		return strings.Join(items[:n-1], ", ") + " or " + items[n-1]
	}
}
