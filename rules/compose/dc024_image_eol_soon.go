package compose

import (
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/imagecheck"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DC024 flags pulled images that reach end of life soon.
var DC024 = &rule.Rule{
	ID:       "DC024",
	Name:     "compose-image-eol-soon",
	Title:    "Service image reaches end of life soon",
	Severity: finding.Low,
	Kind:     rule.KindCompose,
	Note:     "base-image-trust",
	Check:    checkDC024,
}

func checkDC024(p *rule.Pass) {
	judgeImages(p, func(pr imagecheck.Problem) bool { return pr == imagecheck.EOLSoon })
}
