package compose

import (
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/imagecheck"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DC021 flags pulled images that have no tag or use :latest.
var DC021 = &rule.Rule{
	ID:       "DC021",
	Name:     "compose-image-floating-tag",
	Title:    "Service image is untagged or uses latest",
	Severity: finding.Medium,
	Kind:     rule.KindCompose,
	Note:     "base-image-trust",
	Check:    checkDC021,
}

func checkDC021(p *rule.Pass) {
	judgeImages(p, func(pr imagecheck.Problem) bool { return pr == imagecheck.Untagged || pr == imagecheck.Latest })
}
