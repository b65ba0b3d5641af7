package dockerfile

import (
	"strconv"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/knowledge"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF030 flags EXPOSE of ports where admin and debug services listen (SSH,
// the Docker API, debuggers, RDP, VNC…) in the image that ships.
var DF030 = &rule.Rule{
	ID:       "DF030",
	Name:     "admin-port-exposed",
	Title:    "Image exposes an admin or debug port",
	Severity: finding.Medium,
	Kind:     rule.KindDockerfile,
	Note:     "debug-surface",
	Equivalents: rule.Equivalents{Trivy: []string{"DS-0004"}, Checkov: []string{"CKV_DOCKER_1"},
		KICS: []string{"exposing_port_22"}},
	Check: checkDF030,
}

// sdiMaxRange bounds how many ports of an EXPOSE range are looked up.
const sdiMaxRange = 65536

func checkDF030(p *rule.Pass) {
	f := p.Dockerfile
	if f == nil {
		return
	}
	for _, st := range f.Shipped() {
		for _, in := range st.Instructions {
			c, ok := in.Command.(*instructions.ExposeCommand)
			if !ok {
				continue
			}
			// One finding per admin or debug port, so that a pull request
			// adding 2375 to an EXPOSE that had 22 adds a finding.
			seen := map[int]bool{}
			var ports, descs []string
			for _, raw := range c.Ports {
				word := raw
				if strings.Contains(word, "$") {
					v, ok := st.Expand(word, in)
					if !ok {
						continue // unresolved variable: never guessed
					}
					word = v
				}
				for _, spec := range strings.Fields(word) {
					lo, hi, ok := sdiPortSpec(spec)
					if !ok {
						continue
					}
					for port := lo; port <= hi && port-lo < sdiMaxRange; port++ {
						info, bad := knowledge.AdminOrDebugPort(port)
						if !bad || seen[port] {
							continue
						}
						seen[port] = true
						ps := strconv.Itoa(port)
						ports = append(ports, ps)
						descs = append(descs, ps+" ("+info.Service+", "+sdiArticle(info.Kind)+" service)")
					}
				}
			}
			for i, port := range ports {
				p.Reportf(in.Range, sdiLoc(in, "EXPOSE", port), port,
					"%s exposes port %s: whoever reaches the container on it gets a way in that the application does not need; leave %s out of the image that ships",
					sdiCapitalize(sdiStageDesc(f, st)), descs[i], port)
			}
		}
	}
}

// sdiPortSpec reads an EXPOSE item ("22", "22/tcp", "5000-5010/tcp") into a
// port range; UDP and SCTP items and malformed ones are not judged.
func sdiPortSpec(spec string) (lo, hi int, ok bool) {
	port, proto, _ := strings.Cut(spec, "/")
	if proto != "" && !strings.EqualFold(proto, "tcp") {
		return 0, 0, false
	}
	a, b, isRange := strings.Cut(port, "-")
	lo, err := strconv.Atoi(a)
	if err != nil || lo < 0 || lo > 65535 {
		return 0, 0, false
	}
	hi = lo
	if isRange {
		if hi, err = strconv.Atoi(b); err != nil || hi < lo || hi > 65535 {
			return 0, 0, false
		}
	}
	return lo, hi, true
}

// sdiArticle puts "a" or "an" before a word.
func sdiArticle(w string) string {
	if w != "" && strings.ContainsRune("aeiouAEIOU", rune(w[0])) {
		return "an " + w
	}
	return "a " + w
}
