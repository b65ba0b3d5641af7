package compose

import (
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/imagecheck"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DC023 flags pulled images that are past end of life or deprecated.
var DC023 = &rule.Rule{
	ID:       "DC023",
	Name:     "compose-image-end-of-life",
	Title:    "Service image is end of life or deprecated",
	Severity: finding.High,
	Kind:     rule.KindCompose,
	Note:     "base-image-trust",
	Check:    checkDC023,
}

func checkDC023(p *rule.Pass) {
	judgeImages(p, func(pr imagecheck.Problem) bool { return pr == imagecheck.EndOfLife || pr == imagecheck.Deprecated })
}
