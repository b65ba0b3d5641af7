package kube

import (
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S007 flags what the Pod Security Standards control "AppArmor" forbids (verdicts
// from k8s.io/pod-security-admission; see pssRuleChecks).
var K8S007 = &rule.Rule{
	ID:          "K8S007",
	Name:        "pss-apparmor",
	Title:       "AppArmor profile is overridden",
	Severity:    finding.High,
	Kind:        rule.KindKubernetes,
	Note:        "runtime-hardening",
	Equivalents: rule.Equivalents{Trivy: []string{"KSV-0002"}, PSS: []string{"AppArmor"}},
	Check:       checkK8S007,
}

func checkK8S007(p *rule.Pass) {
	pssReport(p, "without the runtime's AppArmor profile the container loses a layer that blocks common escapes", nil)
}
