package dockerfile

import (
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/imagecheck"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF010 flags external base images with no tag or the :latest tag, in every
// stage: a build stage's base decides what its output, copied into the
// final image, contains.
var DF010 = &rule.Rule{
	ID:       "DF010",
	Name:     "base-image-floating-tag",
	Title:    "Base image has no tag or uses :latest",
	Severity: finding.Medium,
	Kind:     rule.KindDockerfile,
	Note:     "base-image-trust",
	Equivalents: rule.Equivalents{
		Hadolint: []string{"DL3006", "DL3007"},
		Trivy:    []string{"DS-0001"},
		Checkov:  []string{"CKV_DOCKER_7"},
		KICS:     []string{"image_version_not_explicit", "image_version_using_latest"},
	},
	Check: checkDF010,
}

func checkDF010(p *rule.Pass) {
	f := p.Dockerfile
	for _, s := range pbExternalBases(f) {
		v := pbJudge(p, s.Base)
		name := v.Ref.FamiliarName()
		desc := pbBaseDesc(s, v.Ref.Familiar())
		where := pbStageWhere(f, s)
		loc := "stage[" + pbStageLabel(s) + "]/FROM"
		if _, ok := v.Has(imagecheck.Untagged); ok {
			p.Reportf(s.From.Range, loc, v.Ref.Familiar(),
				"FROM %s in %s has no tag, so every build pulls whatever :latest points to that day, and a new major version or a re-pushed tag ships without any change to this file; name a release tag and pin it by digest, such as %s:<version>@sha256:<digest>",
				desc, where, name)
		}
		if _, ok := v.Has(imagecheck.Latest); ok {
			p.Reportf(s.From.Range, loc, v.Ref.Familiar(),
				"FROM %s in %s uses the floating :latest tag, so every build may get a different image, and a new major version or a re-pushed tag ships without any change to this file; name a release tag and pin it by digest, such as %s:<version>@sha256:<digest>",
				desc, where, name)
		}
	}
}
