package kube

import (
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/imagecheck"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S030 flags container images with no tag or the :latest tag, in every container group
// (K8S031 does not repeat them as "not pinned by digest").
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
	obJudgeImagesFunc(p, func(v imagecheck.Verdict, f imagecheck.Finding) (string, bool) {
		if f.Problem != imagecheck.Untagged && f.Problem != imagecheck.Latest {
			return "", false
		}
		// K8S031 leaves such images to this rule, so the fix names both.
		return f.Message + "; pin a release tag, ideally with its digest (" + v.Ref.FamiliarName() + ":<version>@sha256:<digest>)", true
	})
}
