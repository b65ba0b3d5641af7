package kube

import (
	"reflect"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S027 flags containers with no security context at either level. It
// is off by default: the restricted rules say what each missing field
// costs.
var K8S027 = &rule.Rule{
	ID:       "K8S027",
	Name:     "no-security-context",
	Title:    "Container has no security context at all",
	Severity: finding.Low,
	Kind:     rule.KindKubernetes,
	Note:     "runtime-hardening",
	Equivalents: rule.Equivalents{Trivy: []string{"KSV-0118"}, Checkov: []string{"CKV_K8S_29", "CKV_K8S_30"},
		KICS: []string{"pod_or_container_without_security_context"}},
	DefaultOff: true,
	Check:      checkK8S027,
}

func checkK8S027(p *rule.Pass) {
	for _, pod := range workloadPods(p) {
		if psc := pod.Spec.SecurityContext; psc != nil && !reflect.ValueOf(*psc).IsZero() || pod.Partial() {
			continue // a patch's base may set one
		}
		for _, c := range pod.Containers() {
			if sc := c.Spec.SecurityContext; sc != nil && !reflect.ValueOf(*sc).IsZero() {
				continue
			}
			line, _ := c.Line()
			p.Reportf(finding.Line(line), psLocation(pod, c, c.Path), "securityContext unset",
				"%s %s has no securityContext and its pod sets none, so it runs with the runtime's defaults: possibly root, with privilege escalation and default capabilities",
				pod.Object.ID(), containerName(c))
		}
	}
}
