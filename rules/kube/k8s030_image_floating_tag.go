package kube

import (
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/imagecheck"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S030 flags container images with no tag or the :latest tag, in every container group.
var K8S030 = &rule.Rule{
	ID:       "K8S030",
	Name:     "k8s-image-floating-tag",
	Title:    "Container image is untagged or uses latest",
	Severity: finding.Medium,
	Kind:     rule.KindKubernetes,
	Note:     "base-image-trust",
	Equivalents: rule.Equivalents{Trivy: []string{"KSV-0013"}, Checkov: []string{"CKV_K8S_14"}, KICS: []string{"invalid_image"},
		KubeLinter: []string{"latest-tag"}, KubeScore: []string{"container-image-tag"}},
	Check: checkK8S030,
}

func checkK8S030(p *rule.Pass) {
	obJudgeImages(p, func(pr imagecheck.Problem) bool { return pr == imagecheck.Untagged || pr == imagecheck.Latest })
}
