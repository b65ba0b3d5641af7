package kube

import (
	"strconv"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/knowledge"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S024 flags each dangerous capability a container adds.
var K8S024 = &rule.Rule{
	ID:       "K8S024",
	Name:     "k8s-dangerous-capability-added",
	Title:    "Container adds a dangerous capability",
	Severity: finding.High,
	Kind:     rule.KindKubernetes,
	Note:     "least-privilege",
	Equivalents: rule.Equivalents{Trivy: []string{"KSV-0005", "KSV-0119", "KSV-0120"}, Checkov: []string{"CKV_K8S_39"},
		KICS: []string{"containers_with_sys_admin_capabilities"}},
	Check: checkK8S024,
}

func checkK8S024(p *rule.Pass) {
	for _, pod := range workloadPods(p) {
		for _, c := range pod.Containers() {
			sc := c.Spec.SecurityContext
			if sc == nil || sc.Capabilities == nil {
				continue
			}
			for i, capability := range sc.Capabilities.Add {
				why, ok := knowledge.DangerousCap(string(capability))
				if !ok {
					continue
				}
				name := knowledge.NormalizeCap(string(capability))
				path := psJoin(c.Path, "securityContext", "capabilities", "add", strconv.Itoa(i))
				line, _ := pod.Object.Line(path...)
				p.Reportf(finding.Line(line), psLocation(pod, c, path), name,
					"%s %s adds %s (%s), which an intruder can use against the node", pod.Object.ID(), containerName(c), name, why)
			}
		}
	}
}
