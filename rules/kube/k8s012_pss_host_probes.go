package kube

import (
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S012 flags what the Pod Security Standards control "Host Probes / Lifecycle Hooks" forbids (verdicts
// from k8s.io/pod-security-admission; see pssRuleChecks).
var K8S012 = &rule.Rule{
	ID:          "K8S012",
	Name:        "pss-host-probes",
	Title:       "Probe or lifecycle hook targets another host",
	Severity:    finding.Medium,
	Kind:        rule.KindKubernetes,
	Note:        "network-exposure",
	Equivalents: rule.Equivalents{PSS: []string{"Host Probes / Lifecycle Hooks"}},
	Check:       checkK8S012,
}

func checkK8S012(p *rule.Pass) {
	pssReport(p, "the kubelet sends these requests from the node, so a host field turns the probe into a request forgery from the node's network position", nil)
}
