package kube

import (
	"fmt"
	"strconv"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/knowledge"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S026 flags container ports where admin or debug services listen.
var K8S026 = &rule.Rule{
	ID:          "K8S026",
	Name:        "admin-port-in-container",
	Title:       "Container exposes an admin or debug port",
	Severity:    finding.Medium,
	Kind:        rule.KindKubernetes,
	Note:        "debug-surface",
	Equivalents: rule.Equivalents{KubeLinter: []string{"ssh-port"}},
	Check:       checkK8S026,
}

func checkK8S026(p *rule.Pass) {
	for _, pod := range workloadPods(p) {
		for _, c := range pod.Containers() {
			if !c.LongRunning() {
				continue
			}
			for i, port := range c.Spec.Ports {
				info, ok := knowledge.AdminOrDebugPort(int(port.ContainerPort))
				if !ok || !sensitivePortConfirmed(int(port.ContainerPort), c.Spec.Image, c.Name, port.Name) {
					continue
				}
				path := psJoin(c.Path, "ports", strconv.Itoa(i), "containerPort")
				line, _ := pod.Object.Line(path...)
				p.Reportf(finding.Line(line), psLocation(pod, c, path), fmt.Sprintf("%d %s", port.ContainerPort, info.Service),
					"%s %s declares port %d, where %s usually listens; a reachable %s service is a direct way in for anyone in the cluster",
					pod.Object.ID(), containerName(c), port.ContainerPort, info.Service, info.Kind)
			}
		}
	}
}
