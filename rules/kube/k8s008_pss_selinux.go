package kube

import (
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S008 flags what the Pod Security Standards control "SELinux" forbids (verdicts
// from k8s.io/pod-security-admission; see pssRuleChecks).
var K8S008 = &rule.Rule{
	ID:          "K8S008",
	Name:        "pss-selinux",
	Title:       "Custom SELinux options are set",
	Severity:    finding.High,
	Kind:        rule.KindKubernetes,
	Note:        "runtime-hardening",
	Equivalents: rule.Equivalents{Trivy: []string{"KSV-0025"}, PSS: []string{"SELinux"}},
	Check:       checkK8S008,
}

func checkK8S008(p *rule.Pass) {
	pssReport(p, "a custom SELinux type, user or role can lift the confinement that keeps the container off the node's files", nil)
}
