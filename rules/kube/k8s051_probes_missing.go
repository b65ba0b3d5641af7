package kube

import (
	"strings"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/kube"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S051 flags long-running app containers without a liveness or a
// readiness probe (off by default). Init containers, ephemeral containers,
// Jobs, CronJobs and Pods that run to completion are skipped.
var K8S051 = &rule.Rule{
	ID:       "K8S051",
	Name:     "probes-missing",
	Title:    "Container has no liveness or readiness probe",
	Severity: finding.Info,
	Kind:     rule.KindKubernetes,
	Note:     "runtime-hardening",
	Equivalents: rule.Equivalents{Checkov: []string{"CKV_K8S_8", "CKV_K8S_9"},
		KICS:       []string{"liveness_probe_is_not_defined", "readiness_probe_is_not_configured"},
		KubeLinter: []string{"no-liveness-probe", "no-readiness-probe"}, KubeScore: []string{"pod-probes"}},
	DefaultOff: true,
	Check:      checkK8S051,
}

func checkK8S051(p *rule.Pass) {
	for _, pod := range workloadPods(p) {
		if k8s051RunsToCompletion(pod) || pod.Partial() {
			continue
		}
		for _, c := range pod.Containers() {
			if c.Group != kube.GroupApp {
				continue
			}
			var missing []string
			if c.Spec.LivenessProbe == nil {
				missing = append(missing, "livenessProbe")
			}
			if c.Spec.ReadinessProbe == nil {
				missing = append(missing, "readinessProbe")
			}
			if len(missing) == 0 {
				continue
			}
			list := strings.Join(missing, " or ")
			p.Reportf(finding.Line(obContainerLine(c)), obContainerLoc(c, "probes"), "missing: "+strings.Join(missing, ", "),
				"%s has no %s, so a hung or half-started process keeps receiving traffic and is never restarted; add probes that check the app's own health endpoint",
				obWho(c), list)
		}
	}
}

// k8s051RunsToCompletion reports pods that are meant to exit: Jobs,
// CronJobs and Pods with restartPolicy Never or OnFailure.
func k8s051RunsToCompletion(pod *kube.Pod) bool {
	switch pod.Object.Kind {
	case "Job", "CronJob":
		return true
	case "Pod":
		rp := pod.Spec.RestartPolicy
		return rp == "Never" || rp == "OnFailure"
	}
	return false
}
