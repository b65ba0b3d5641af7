package kube

import (
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/knowledge"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S023 flags hostPath volumes and hostPath PersistentVolumes of system
// folders of the node (runtime sockets are K8S022's).
var K8S023 = &rule.Rule{
	ID:       "K8S023",
	Name:     "k8s-sensitive-host-path-mounted",
	Title:    "Pod mounts a sensitive folder of the node",
	Severity: finding.High,
	Kind:     rule.KindKubernetes,
	Note:     "least-privilege",
	Equivalents: rule.Equivalents{Trivy: []string{"KSV-0121"},
		KICS:       []string{"workload_mounting_with_sensitive_os_directory"},
		KubeLinter: []string{"sensitive-host-mounts"}},
	Check: checkK8S023,
}

func checkK8S023(p *rule.Pass) {
	for _, pod := range workloadPods(p) {
		for _, h := range psHostPaths(pod) {
			if !knowledge.SensitiveHostPath(h.hostPath) || knowledge.RuntimeSocket(h.hostPath) && p.Enabled("K8S022") {
				continue
			}
			harm := "an intruder reads the node's secrets and configuration through it"
			if len(h.writable) > 0 {
				harm = "writable, it lets an intruder change the node itself"
			}
			line, _ := pod.Object.Line(h.path...)
			p.Reportf(finding.Line(line), psLocation(pod, nil, h.path), h.hostPath,
				"%s mounts the node's %s (volume %q, %s); %s", pod.Object.ID(), h.hostPath, h.name, psMountedBy(h), harm)
		}
	}
	for _, v := range psPersistentVolumeHostPaths(p) {
		if knowledge.SensitiveHostPath(v.hostPath) && !knowledge.RuntimeSocket(v.hostPath) {
			v.report(p, "an intruder in such a pod reads the node's secrets and configuration, or changes the node itself")
		}
	}
}
