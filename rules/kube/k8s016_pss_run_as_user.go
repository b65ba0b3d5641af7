package kube

import (
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S016 flags what the Pod Security Standards control "Running as Non-root user" forbids (verdicts
// from k8s.io/pod-security-admission; see pssRuleChecks).
var K8S016 = &rule.Rule{
	ID:          "K8S016",
	Name:        "pss-run-as-user",
	Title:       "Container runs as user 0",
	Severity:    finding.High,
	Kind:        rule.KindKubernetes,
	Note:        "least-privilege",
	Equivalents: rule.Equivalents{Trivy: []string{"KSV-0105"}, KICS: []string{"containers_running_as_root"}, PSS: []string{"Running as Non-root user"}},
	Check:       checkK8S016,
}

func checkK8S016(p *rule.Pass) {
	pssReport(p, "root in a container is one kernel bug or misconfigured mount away from root on the node", nil)
}
