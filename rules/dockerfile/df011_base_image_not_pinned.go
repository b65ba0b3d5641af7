package dockerfile

import (
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/imagecheck"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF011 flags external base images that are not pinned by digest. An
// untagged or :latest base is left to DF010, whose message covers the pin.
var DF011 = &rule.Rule{
	ID:       "DF011",
	Name:     "base-image-not-pinned",
	Title:    "Base image is not pinned by digest",
	Severity: finding.Low,
	Kind:     rule.KindDockerfile,
	Note:     "base-image-trust",
	Check:    checkDF011,
}

func checkDF011(p *rule.Pass) {
	f := p.Dockerfile
	for _, s := range pbExternalBases(f) {
		v := pbJudge(p, s.Base)
		if _, ok := v.Has(imagecheck.NotPinned); !ok {
			continue
		}
		// An untagged or :latest base is DF010's finding on the same line,
		// whose advice (a release tag, pinned by digest) covers this one;
		// two comments would also contradict each other over :latest.
		if _, ok := v.Has(imagecheck.Untagged); ok && p.Enabled("DF010") {
			continue
		}
		if _, ok := v.Has(imagecheck.Latest); ok && p.Enabled("DF010") {
			continue
		}
		pin := v.Ref.FamiliarName() + ":" + v.Ref.TagOrLatest() + "@sha256:<digest>"
		p.Reportf(s.From.Range, "stage["+pbStageLabel(s)+"]/FROM", v.Ref.Familiar(),
			"FROM %s in %s is not pinned by digest, so whoever controls the tag (its publisher, or an attacker with their credentials) decides what the next build gets; pin it as FROM %s and let Dependabot or Renovate update the digest",
			pbBaseDesc(s, v.Ref.Familiar()), pbStageWhere(f, s), pin)
	}
}
