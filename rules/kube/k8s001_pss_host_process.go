package kube

import (
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S001 flags what the Pod Security Standards control "HostProcess" forbids (verdicts
// from k8s.io/pod-security-admission; see pssRuleChecks).
var K8S001 = &rule.Rule{
	ID:          "K8S001",
	Name:        "pss-host-process",
	Title:       "Container runs as a Windows HostProcess",
	Severity:    finding.Critical,
	Kind:        rule.KindKubernetes,
	Note:        "least-privilege",
	Equivalents: rule.Equivalents{Trivy: []string{"KSV-0103"}, PSS: []string{"HostProcess"}},
	Check:       checkK8S001,
}

func checkK8S001(p *rule.Pass) {
	pssReport(p, "a HostProcess container runs directly on the Windows node with its privileges, so a compromise is a compromise of the node", nil)
}
