package kube

import (
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/kube"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S014 flags what the Pod Security Standards control "Privilege Escalation" forbids (verdicts
// from k8s.io/pod-security-admission; see pssRuleChecks).
var K8S014 = &rule.Rule{
	ID:          "K8S014",
	Name:        "pss-allow-privilege-escalation",
	Title:       "Container allows privilege escalation",
	Severity:    finding.Medium,
	Kind:        rule.KindKubernetes,
	Note:        "least-privilege",
	Equivalents: rule.Equivalents{Trivy: []string{"KSV-0001"}, Checkov: []string{"CKV_K8S_20"}, KICS: []string{"privilege_escalation_allowed"}, KubeLinter: []string{"privilege-escalation-container"}, PSS: []string{"Privilege Escalation"}},
	Check:       checkK8S014,
}

func checkK8S014(p *rule.Pass) {
	pssReport(p, "a process in it can gain privileges through setuid binaries or file capabilities", fixK8S014)
}

// fixK8S014 sets allowPrivilegeEscalation: false on the container. A
// container that is privileged or adds SYS_ADMIN cannot be fixed this way.
func fixK8S014(p *rule.Pass, v psViolation) *finding.Fix {
	c := v.Container
	if c == nil {
		return nil
	}
	if sc := c.Spec.SecurityContext; sc != nil && (sc.Privileged != nil && *sc.Privileged || addsSysAdmin(sc.Capabilities)) {
		return nil
	}
	return psSetContainerField(p, c, kube.FieldAllowPrivilegeEscalation, "false")
}
