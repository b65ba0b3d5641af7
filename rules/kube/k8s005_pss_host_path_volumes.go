package kube

import (
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S005 flags what the Pod Security Standards control "HostPath Volumes" forbids (verdicts
// from k8s.io/pod-security-admission; see pssRuleChecks), and PersistentVolumes of type
// hostPath, which hand the same node folder to any pod that claims them.
var K8S005 = &rule.Rule{
	ID:          "K8S005",
	Name:        "pss-host-path-volumes",
	Title:       "Pod mounts a hostPath volume",
	Severity:    finding.High,
	Kind:        rule.KindKubernetes,
	Note:        "least-privilege",
	Equivalents: rule.Equivalents{Trivy: []string{"KSV-0023"}, KICS: []string{"non_kube_system_pod_with_host_mount"}, PSS: []string{"HostPath Volumes"}},
	Check:       checkK8S005,
}

func checkK8S005(p *rule.Pass) {
	pssReport(p, "a hostPath volume gives the pod the node's files, a short step to reading secrets or escaping", nil)
	for _, v := range psPersistentVolumeHostPaths(p) {
		v.report(p, "use a storage class or a local volume (spec.local, which pins the volume to one node and folder an administrator prepared)")
	}
}
