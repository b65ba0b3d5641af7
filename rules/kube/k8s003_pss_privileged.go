package kube

import (
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S003 flags what the Pod Security Standards control "Privileged Containers" forbids (verdicts
// from k8s.io/pod-security-admission; see pssRuleChecks).
var K8S003 = &rule.Rule{
	ID:          "K8S003",
	Name:        "pss-privileged",
	Title:       "Container runs privileged",
	Severity:    finding.Critical,
	Kind:        rule.KindKubernetes,
	Note:        "least-privilege",
	Equivalents: rule.Equivalents{Trivy: []string{"KSV-0017"}, Checkov: []string{"CKV_K8S_16"}, KICS: []string{"container_is_privileged"}, KubeLinter: []string{"privileged-container"}, KubeScore: []string{"container-security-context-privileged"}, PSS: []string{"Privileged Containers"}},
	Check:       checkK8S003,
}

func checkK8S003(p *rule.Pass) {
	pssReport(p, "a privileged container has every capability and the node's devices, so escaping to the node is trivial", fixK8S003)
}

// fixK8S003 turns privileged: true into privileged: false.
func fixK8S003(p *rule.Pass, v psViolation) *finding.Fix {
	if v.Container == nil || v.Missing {
		return nil
	}
	edits, ok := psReplaceScalar(v.pod.Object, fileLines(p), v.Path, "false")
	if !ok {
		return nil
	}
	return &finding.Fix{Description: "Set privileged: false", Edits: edits}
}
