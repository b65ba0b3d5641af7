package kube

import (
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S009 flags what the Pod Security Standards control "/proc Mount Type" forbids (verdicts
// from k8s.io/pod-security-admission; see pssRuleChecks).
var K8S009 = &rule.Rule{
	ID:          "K8S009",
	Name:        "pss-proc-mount",
	Title:       "Container unmasks /proc",
	Severity:    finding.High,
	Kind:        rule.KindKubernetes,
	Note:        "runtime-hardening",
	Equivalents: rule.Equivalents{Trivy: []string{"KSV-0027"}, KubeLinter: []string{"unsafe-proc-mount"}, PSS: []string{"/proc Mount Type"}},
	Check:       checkK8S009,
}

func checkK8S009(p *rule.Pass) {
	pssReport(p, "an unmasked /proc shows kernel interfaces the runtime normally hides, which helps an escape", nil)
}
