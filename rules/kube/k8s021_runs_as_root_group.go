package kube

import (
	"strconv"
	"strings"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/kube"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S021 flags containers that run with the root group as their primary
// or a supplementary group.
var K8S021 = &rule.Rule{
	ID:          "K8S021",
	Name:        "runs-as-root-group",
	Title:       "Container runs with the root group",
	Severity:    finding.Medium,
	Kind:        rule.KindKubernetes,
	Note:        "least-privilege",
	Equivalents: rule.Equivalents{Trivy: []string{"KSV-0116"}},
	Check:       checkK8S021,
}

func checkK8S021(p *rule.Pass) {
	const consequence = "files the image or the node's volumes give to group 0 become writable to an intruder"
	for _, pod := range workloadPods(p) {
		obj := pod.Object
		var inheriting []string
		for _, c := range pod.Containers() {
			g := c.Effective.RunAsGroup
			if g == nil || *g != 0 {
				continue
			}
			if c.Effective.From[kube.FieldRunAsGroup] == kube.FromPod {
				inheriting = append(inheriting, c.Ref())
				continue
			}
			path := psJoin(c.Path, "securityContext", kube.FieldRunAsGroup)
			line, _ := obj.Line(path...)
			p.Reportf(finding.Line(line), psLocation(pod, c, path), "runAsGroup=0",
				"%s %s sets runAsGroup: 0; %s", obj.ID(), containerName(c), consequence)
		}
		psc := pod.Spec.SecurityContext
		if psc == nil {
			continue
		}
		if len(inheriting) > 0 {
			path := psJoin(pod.Path, "securityContext", kube.FieldRunAsGroup)
			line, _ := obj.Line(path...)
			p.Reportf(finding.Line(line), psLocation(pod, nil, path), "runAsGroup=0",
				"%s sets runAsGroup: 0 at pod level, inherited by %s; %s", obj.ID(), strings.Join(inheriting, ", "), consequence)
		}
		if psc.FSGroup != nil && *psc.FSGroup == 0 {
			path := psJoin(pod.Path, "securityContext", "fsGroup")
			line, _ := obj.Line(path...)
			p.Reportf(finding.Line(line), psLocation(pod, nil, path), "fsGroup=0",
				"%s sets fsGroup: 0, adding the root group to every container and giving group 0 its volumes; %s", obj.ID(), consequence)
		}
		for i, g := range psc.SupplementalGroups {
			if g != 0 {
				continue
			}
			path := psJoin(pod.Path, "securityContext", "supplementalGroups", strconv.Itoa(i))
			line, _ := obj.Line(path...)
			p.Reportf(finding.Line(line), psLocation(pod, nil, path), "supplementalGroups=0",
				"%s adds the root group (0) to supplementalGroups of every container; %s", obj.ID(), consequence)
		}
	}
}
