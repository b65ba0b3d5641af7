package kube

import (
	"strconv"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/knowledge"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S005 flags what the Pod Security Standards control "HostPath Volumes" forbids (verdicts
// from k8s.io/pod-security-admission; see pssRuleChecks), and PersistentVolumes of type
// hostPath, which hand the same node folder to any pod that claims them. A pod's
// hostPath volume of a container runtime socket is left to K8S022, which says more
// about it at a higher severity, so the line gets one comment.
var K8S005 = &rule.Rule{
	ID:          "K8S005",
	Name:        "pss-host-path-volumes",
	Title:       "Pod mounts a hostPath volume",
	Severity:    finding.High,
	Kind:        rule.KindKubernetes,
	Note:        "least-privilege",
	Equivalents: rule.Equivalents{Trivy: []string{"KSV-0023"}, KICS: []string{"non_kube_system_pod_with_host_mount", "workload_mounting_with_sensitive_os_directory"}, PSS: []string{"HostPath Volumes"}},
	Check:       checkK8S005,
}

func checkK8S005(p *rule.Pass) {
	for _, v := range pssViolations(p) {
		folder := "files"
		if hp := psViolationHostPath(v); hp != "" {
			if knowledge.RuntimeSocket(hp) && p.Enabled("K8S022") {
				continue // K8S022's
			}
			folder = hp
		}
		pssReportOne(p, v, "a hostPath volume gives the pod the node's "+folder+", a short step to reading secrets or escaping", nil)
	}
	for _, v := range psPersistentVolumeHostPaths(p) {
		v.report(p, "use a storage class or a local volume (spec.local, which pins the volume to one node and folder an administrator prepared)")
	}
}

// psViolationHostPath returns the node folder of a violation that points
// at a pod volume (…, volumes, j, hostPath), or "".
func psViolationHostPath(v psViolation) string {
	path, base := v.Path, len(v.pod.Path)
	if len(path) < base+2 || path[base] != "volumes" {
		return ""
	}
	j, err := strconv.Atoi(path[base+1])
	if err != nil || j < 0 || j >= len(v.pod.Spec.Volumes) {
		return ""
	}
	if hp := v.pod.Spec.Volumes[j].HostPath; hp != nil {
		return hp.Path
	}
	return ""
}
