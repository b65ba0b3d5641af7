package kube

import (
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/imagecheck"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S031 flags container images referenced by tag rather than by digest. Untagged and
// :latest images are left to K8S030, so one image line gets one comment.
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
	obJudgeImagesFunc(p, func(v imagecheck.Verdict, f imagecheck.Finding) (string, bool) {
		if f.Problem != imagecheck.NotPinned {
			return "", false
		}
		if _, floating := v.Has(imagecheck.Untagged); floating && p.Enabled("K8S030") {
			return "", false // K8S030's, whose fix pins the digest too
		}
		if _, floating := v.Has(imagecheck.Latest); floating && p.Enabled("K8S030") {
			return "", false
		}
		return f.Message, true
	})
}
