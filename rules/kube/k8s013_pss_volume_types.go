package kube

import (
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S013 flags what the Pod Security Standards control "Volume Types" forbids (verdicts
// from k8s.io/pod-security-admission; see pssRuleChecks).
var K8S013 = &rule.Rule{
	ID:          "K8S013",
	Name:        "pss-volume-types",
	Title:       "Pod uses a volume type outside the restricted set",
	Severity:    finding.Low,
	Kind:        rule.KindKubernetes,
	Note:        "least-privilege",
	Equivalents: rule.Equivalents{Trivy: []string{"KSV-0028"}, PSS: []string{"Volume Types"}},
	Check:       checkK8S013,
}

func checkK8S013(p *rule.Pass) {
	for _, v := range pssViolations(p) {
		if n := len(v.Path); n > 0 && v.Path[n-1] == "hostPath" {
			continue // K8S005 reports hostPath volumes at a higher severity
		}
		pssReportOne(p, v, "node-mounted network and cloud volumes reach storage outside the pod's control", nil)
	}
}
