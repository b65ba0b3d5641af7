package kube

import (
	"strconv"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/kube"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S015 flags what the Pod Security Standards control "Running as Non-root" forbids (verdicts
// from k8s.io/pod-security-admission; see pssRuleChecks).
var K8S015 = &rule.Rule{
	ID:          "K8S015",
	Name:        "pss-run-as-non-root",
	Title:       "Container may run as root",
	Severity:    finding.Medium,
	Kind:        rule.KindKubernetes,
	Note:        "least-privilege",
	Equivalents: rule.Equivalents{Trivy: []string{"KSV-0012"}, Checkov: []string{"CKV_K8S_23"}, KICS: []string{"containers_running_as_root"}, KubeLinter: []string{"run-as-non-root"}, KubeScore: []string{"container-security-context-user-group-id"}, PSS: []string{"Running as Non-root"}},
	Check:       checkK8S015,
}

func checkK8S015(p *rule.Pass) {
	for _, v := range pssViolations(p) {
		consequence := "without runAsNonRoot: true the image's USER decides, and root in a container is one kernel bug away from root on the node"
		if uid := k8s015NonRootUID(v); uid != "" {
			// runAsUser already keeps the process off root: what is left
			// is the admission verdict, not a risk.
			consequence = "runAsUser: " + uid + " already keeps it off root, but Pod Security admission still rejects the pod in a namespace that enforces restricted unless runAsNonRoot: true is set too"
		}
		pssReportOne(p, v, consequence, fixK8S015)
	}
}

// k8s015NonRootUID returns the non-zero runAsUser a flagged container runs
// with (its own or the pod's), or "" when it has none.
func k8s015NonRootUID(v psViolation) string {
	if v.Container == nil {
		return ""
	}
	if uid := v.Container.Effective.RunAsUser; uid != nil && *uid > 0 {
		return strconv.FormatInt(*uid, 10)
	}
	return ""
}

// fixK8S015 sets runAsNonRoot: true: on the pod when the pod level set it
// false, on the container otherwise. The image must then have a non-root
// USER (XF rules check it), or the kubelet refuses to start it.
func fixK8S015(p *rule.Pass, v psViolation) *finding.Fix {
	if v.Container == nil {
		if v.Missing {
			return nil
		}
		edits, ok := psReplaceScalar(v.pod.Object, fileLines(p), v.Path, "true")
		if !ok {
			return nil
		}
		return &finding.Fix{Description: "Set runAsNonRoot: true", Edits: edits}
	}
	return psSetContainerField(p, v.Container, kube.FieldRunAsNonRoot, "true")
}
