package kube

import (
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S017 flags what the Pod Security Standards control "Seccomp (restricted)" forbids (verdicts
// from k8s.io/pod-security-admission; see pssRuleChecks).
var K8S017 = &rule.Rule{
	ID:          "K8S017",
	Name:        "pss-seccomp-restricted",
	Title:       "Seccomp profile is not set",
	Severity:    finding.Low,
	Kind:        rule.KindKubernetes,
	Note:        "runtime-hardening",
	Equivalents: rule.Equivalents{Trivy: []string{"KSV-0030"}, Checkov: []string{"CKV_K8S_31"}, KICS: []string{"seccomp_profile_is_not_configured"}, KubeScore: []string{"container-seccomp-profile"}, PSS: []string{"Seccomp (restricted)"}},
	Check:       checkK8S017,
}

func checkK8S017(p *rule.Pass) {
	pssReport(p, "without a seccomp profile the container can make system calls that most kernel exploits rely on", fixK8S017)
}

// fixK8S017 adds seccompProfile: {type: RuntimeDefault} at pod level, which
// every container without its own profile inherits.
func fixK8S017(p *rule.Pass, v psViolation) *finding.Fix {
	if !v.Missing {
		return nil
	}
	pod := v.pod
	if pod.Get("securityContext", "seccompProfile") != nil {
		return nil // the pod sets one; the container overrides it or it is wrong
	}
	edits, ok := psInsert(pod.Object, fileLines(p), psJoin(pod.Path, "securityContext"),
		[]string{"seccompProfile:", "  type: RuntimeDefault"})
	if !ok {
		return nil
	}
	return &finding.Fix{Description: "Add seccompProfile: {type: RuntimeDefault} to the pod's securityContext", Edits: edits}
}
