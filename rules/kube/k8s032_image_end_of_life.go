package kube

import (
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/imagecheck"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S032 flags container images whose release line is past end of life, or that are deprecated.
var K8S032 = &rule.Rule{
	ID:       "K8S032",
	Name:     "k8s-image-end-of-life",
	Title:    "Container image is end of life or deprecated",
	Severity: finding.High,
	Kind:     rule.KindKubernetes,
	Note:     "base-image-trust",
	Check:    checkK8S032,
}

func checkK8S032(p *rule.Pass) {
	obJudgeImages(p, func(pr imagecheck.Problem) bool { return pr == imagecheck.EndOfLife || pr == imagecheck.Deprecated })
}
