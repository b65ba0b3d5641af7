package kube

import (
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/kube"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S050 flags init, sidecar and app containers without a CPU or memory
// limit, one finding per container listing what is missing. A request
// that is not set defaults to the limit, so a missing request is listed
// only when the limit is missing too. Ephemeral containers cannot have
// resources and are skipped.
var K8S050 = &rule.Rule{
	ID:       "K8S050",
	Name:     "resources-not-set",
	Title:    "Container has no CPU or memory limit",
	Severity: finding.Low,
	Kind:     rule.KindKubernetes,
	Note:     "runtime-hardening",
	Equivalents: rule.Equivalents{Trivy: []string{"KSV-0011", "KSV-0015", "KSV-0016", "KSV-0018"},
		Checkov:    []string{"CKV_K8S_10", "CKV_K8S_11", "CKV_K8S_12", "CKV_K8S_13"},
		KICS:       []string{"memory_limits_not_defined", "cpu_limits_not_set"},
		KubeLinter: []string{"unset-cpu-requirements", "unset-memory-requirements"},
		KubeScore:  []string{"container-resources"}},
	Check: checkK8S050,
}

func checkK8S050(p *rule.Pass) {
	for _, pod := range workloadPods(p) {
		if pod.Partial() {
			continue // a patch: its base may set the resources
		}
		for _, c := range pod.Containers() {
			if c.Group == kube.GroupEphemeral {
				continue
			}
			missing := k8s050Missing(c.Spec.Resources)
			if len(missing) == 0 {
				continue
			}
			rng := finding.Line(obContainerLine(c))
			if l, ok := c.Line("resources", "limits"); ok {
				rng = finding.Line(l)
			} else if l, ok := c.Line("resources"); ok {
				rng = containerRange(obContainerLine(c), l)
			}
			p.Reportf(rng, obContainerLoc(c, "resources"), "missing: "+strings.Join(missing, ", "),
				"%s has no %s, so it can take the node's memory or CPU from its neighbours (a memory leak or an attacker's miner starves the other pods, and the node may kill them); set resources.limits (requests default to them)",
				obWho(c), joinOr(missing))
		}
	}
}

// k8s050Missing lists the limits (and, when the limit is missing too, the
// requests) that are not set or zero.
func k8s050Missing(r corev1.ResourceRequirements) []string {
	set := func(l corev1.ResourceList, name corev1.ResourceName) bool {
		q, ok := l[name]
		return ok && !q.IsZero()
	}
	var missing []string
	memLimit, cpuLimit := set(r.Limits, corev1.ResourceMemory), set(r.Limits, corev1.ResourceCPU)
	if !memLimit {
		missing = append(missing, "memory limit")
	}
	if !cpuLimit {
		missing = append(missing, "CPU limit")
	}
	if !memLimit && !set(r.Requests, corev1.ResourceMemory) {
		missing = append(missing, "memory request")
	}
	if !cpuLimit && !set(r.Requests, corev1.ResourceCPU) {
		missing = append(missing, "CPU request")
	}
	return missing
}
