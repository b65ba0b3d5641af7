package kube

import (
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/knowledge"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S022 flags hostPath volumes of a container runtime's socket.
var K8S022 = &rule.Rule{
	ID:       "K8S022",
	Name:     "k8s-runtime-socket-mounted",
	Title:    "Pod mounts the container runtime socket",
	Severity: finding.Critical,
	Kind:     rule.KindKubernetes,
	Note:     "least-privilege",
	Equivalents: rule.Equivalents{Trivy: []string{"KSV-0006"}, Checkov: []string{"CKV_K8S_27"},
		KICS: []string{"docker_daemon_socket_is_exposed_to_containers"}, KubeLinter: []string{"docker-sock"}},
	Check: checkK8S022,
}

func checkK8S022(p *rule.Pass) {
	for _, pod := range workloadPods(p) {
		for _, h := range psHostPaths(pod) {
			if !knowledge.RuntimeSocket(h.hostPath) {
				continue
			}
			line, _ := pod.Object.Line(h.path...)
			p.Reportf(finding.Line(line), psLocation(pod, nil, h.path), h.hostPath,
				"%s mounts the container runtime socket %s (volume %q, %s): whoever reaches it starts privileged containers on the node",
				pod.Object.ID(), h.hostPath, h.name, psMountedBy(h))
		}
	}
}
