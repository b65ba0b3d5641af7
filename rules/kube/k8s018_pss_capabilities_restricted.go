package kube

import (
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S018 flags what the Pod Security Standards control "Capabilities (restricted)" forbids (verdicts
// from k8s.io/pod-security-admission; see pssRuleChecks).
var K8S018 = &rule.Rule{
	ID:          "K8S018",
	Name:        "pss-capabilities-restricted",
	Title:       "Container does not drop all capabilities",
	Severity:    finding.Low,
	Kind:        rule.KindKubernetes,
	Note:        "least-privilege",
	Equivalents: rule.Equivalents{Trivy: []string{"KSV-0003", "KSV-0004", "KSV-0106"}, Checkov: []string{"CKV_K8S_28", "CKV_K8S_37"}, KICS: []string{"no_drop_capabilities_for_containers"}, PSS: []string{"Capabilities (restricted)"}},
	Check:       checkK8S018,
}

func checkK8S018(p *rule.Pass) {
	pssReport(p, "the default capabilities (NET_RAW, CHOWN, SETUID…) stay available to an intruder", fixK8S018)
}

// fixK8S018 adds drop: ["ALL"] to a container that drops nothing.
func fixK8S018(p *rule.Pass, v psViolation) *finding.Fix {
	c := v.Container
	if c == nil || !v.Missing {
		return nil
	}
	obj := v.pod.Object
	if obj.Get(psJoin(c.Path, "securityContext", "capabilities", "drop")...) != nil {
		return nil
	}
	edits, ok := psInsert(obj, fileLines(p), psJoin(c.Path, "securityContext", "capabilities"), []string{`drop: ["ALL"]`})
	if !ok {
		return nil
	}
	return &finding.Fix{Description: `Add capabilities: {drop: ["ALL"]}`, Edits: edits}
}
