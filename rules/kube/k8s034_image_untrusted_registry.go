package kube

import (
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/imagecheck"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S034 flags container images from a registry outside the trusted-registries list (when one is configured).
var K8S034 = &rule.Rule{
	ID:          "K8S034",
	Name:        "k8s-image-untrusted-registry",
	Title:       "Container image comes from an untrusted registry",
	Severity:    finding.High,
	Kind:        rule.KindKubernetes,
	Note:        "base-image-trust",
	Equivalents: rule.Equivalents{Trivy: []string{"KSV-0125"}},
	Check:       checkK8S034,
}

func checkK8S034(p *rule.Pass) {
	obJudgeImages(p, func(pr imagecheck.Problem) bool { return pr == imagecheck.Untrusted })
}
