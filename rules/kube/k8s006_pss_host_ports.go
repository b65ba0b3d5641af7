package kube

import (
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S006 flags what the Pod Security Standards control "Host Ports" forbids (verdicts
// from k8s.io/pod-security-admission; see pssRuleChecks).
var K8S006 = &rule.Rule{
	ID:          "K8S006",
	Name:        "pss-host-ports",
	Title:       "Container binds a host port",
	Severity:    finding.Medium,
	Kind:        rule.KindKubernetes,
	Note:        "network-exposure",
	Equivalents: rule.Equivalents{Trivy: []string{"KSV-0024"}, Checkov: []string{"CKV_K8S_26"}, KICS: []string{"workload_host_port_not_specified"}, PSS: []string{"Host Ports"}},
	Check:       checkK8S006,
}

func checkK8S006(p *rule.Pass) {
	pssReport(p, "a host port exposes the container on the node's address, around Services and network policies", nil)
}
