package kube

import (
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S010 flags what the Pod Security Standards control "Seccomp (baseline)" forbids (verdicts
// from k8s.io/pod-security-admission; see pssRuleChecks).
var K8S010 = &rule.Rule{
	ID:          "K8S010",
	Name:        "pss-seccomp-baseline",
	Title:       "Seccomp is turned off",
	Severity:    finding.High,
	Kind:        rule.KindKubernetes,
	Note:        "runtime-hardening",
	Equivalents: rule.Equivalents{Trivy: []string{"KSV-0104"}, PSS: []string{"Seccomp (baseline)"}},
	Check:       checkK8S010,
}

func checkK8S010(p *rule.Pass) {
	pssReport(p, "an unconfined container can make every system call, including the rare ones most kernel exploits need", nil)
}
