package kube

import (
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S004 flags what the Pod Security Standards control "Capabilities (baseline)" forbids (verdicts
// from k8s.io/pod-security-admission; see pssRuleChecks).
var K8S004 = &rule.Rule{
	ID:          "K8S004",
	Name:        "pss-capabilities-baseline",
	Title:       "Container adds a capability beyond the default set",
	Severity:    finding.High,
	Kind:        rule.KindKubernetes,
	Note:        "least-privilege",
	Equivalents: rule.Equivalents{Trivy: []string{"KSV-0022"}, Checkov: []string{"CKV_K8S_25"}, KICS: []string{"containers_with_added_capabilities"}, PSS: []string{"Capabilities (baseline)"}},
	Check:       checkK8S004,
}

func checkK8S004(p *rule.Pass) {
	pssReport(p, "extra kernel capabilities widen what an intruder can do to the node and its network", nil)
}
