package kube

import (
	"fmt"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/kube"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S020 flags long-running containers whose root filesystem is writable.
var K8S020 = &rule.Rule{
	ID:       "K8S020",
	Name:     "read-only-root-filesystem-not-set",
	Title:    "Container root filesystem is writable",
	Severity: finding.Low,
	Kind:     rule.KindKubernetes,
	Note:     "runtime-hardening",
	Equivalents: rule.Equivalents{Trivy: []string{"KSV-0014"}, Checkov: []string{"CKV_K8S_22"},
		KICS: []string{"root_container_not_mounted_as_read_only"}, KubeLinter: []string{"no-read-only-root-fs"},
		KubeScore: []string{"container-security-context-readonlyrootfilesystem"}},
	Check: checkK8S020,
}

func checkK8S020(p *rule.Pass) {
	for _, pod := range workloadPods(p) {
		for _, c := range pod.Containers() {
			if !c.LongRunning() {
				continue // run-to-completion init and ephemeral debug containers
			}
			ro := c.Effective.ReadOnlyRootFilesystem
			if ro != nil && *ro || ro == nil && pod.Partial() {
				continue // read-only, or unset in a patch whose base may set it
			}
			path := psJoin(c.Path, "securityContext", kube.FieldReadOnlyRootFilesystem)
			rng, evidence, why := psMissingRange(c), "readOnlyRootFilesystem unset", "is not set and defaults to false"
			if ro != nil {
				line, _ := pod.Object.Line(path...)
				rng, evidence, why = finding.Line(line), "readOnlyRootFilesystem=false", "is false"
			}
			p.Report(finding.Finding{
				Range:    rng,
				Location: psLocation(pod, c, path),
				Evidence: evidence,
				Message: fmt.Sprintf("%s %s: readOnlyRootFilesystem %s, so an intruder can drop tools and rewrite the application's files; mount an emptyDir where it must write",
					pod.Object.ID(), containerName(c), why),
				Fix: psSetContainerField(p, c, kube.FieldReadOnlyRootFilesystem, "true"),
			})
		}
	}
}
