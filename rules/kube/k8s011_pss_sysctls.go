package kube

import (
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S011 flags what the Pod Security Standards control "Sysctls" forbids (verdicts
// from k8s.io/pod-security-admission; see pssRuleChecks).
var K8S011 = &rule.Rule{
	ID:          "K8S011",
	Name:        "pss-sysctls",
	Title:       "Pod sets an unsafe sysctl",
	Severity:    finding.Medium,
	Kind:        rule.KindKubernetes,
	Note:        "runtime-hardening",
	Equivalents: rule.Equivalents{Trivy: []string{"KSV-0026"}, KICS: []string{"cluster_allows_unsafe_sysctls"}, KubeLinter: []string{"unsafe-sysctls"}, PSS: []string{"Sysctls"}},
	Check:       checkK8S011,
}

func checkK8S011(p *rule.Pass) {
	pssReport(p, "an unsafe sysctl changes kernel settings that other pods on the node share", nil)
}
