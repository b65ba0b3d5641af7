package kube

import (
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/imagecheck"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S033 flags container images whose release line reaches end of life within the configured window.
var K8S033 = &rule.Rule{
	ID:       "K8S033",
	Name:     "k8s-image-eol-soon",
	Title:    "Container image reaches end of life soon",
	Severity: finding.Low,
	Kind:     rule.KindKubernetes,
	Note:     "base-image-trust",
	Check:    checkK8S033,
}

func checkK8S033(p *rule.Pass) {
	obJudgeImages(p, func(pr imagecheck.Problem) bool { return pr == imagecheck.EOLSoon })
}
