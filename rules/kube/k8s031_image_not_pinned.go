package kube

import (
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/imagecheck"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S031 flags container images referenced by tag rather than by digest.
var K8S031 = &rule.Rule{
	ID:          "K8S031",
	Name:        "k8s-image-not-pinned",
	Title:       "Container image is not pinned by digest",
	Severity:    finding.Low,
	Kind:        rule.KindKubernetes,
	Note:        "base-image-trust",
	Equivalents: rule.Equivalents{Checkov: []string{"CKV_K8S_43"}, KICS: []string{"image_without_digest"}},
	Check:       checkK8S031,
}

func checkK8S031(p *rule.Pass) {
	obJudgeImages(p, func(pr imagecheck.Problem) bool { return pr == imagecheck.NotPinned })
}
