package compose

import (
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/imagecheck"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DC025 flags pulled images that come from a registry outside the trusted-registries list.
var DC025 = &rule.Rule{
	ID:       "DC025",
	Name:     "compose-image-untrusted-registry",
	Title:    "Service image comes from an untrusted registry",
	Severity: finding.High,
	Kind:     rule.KindCompose,
	Note:     "base-image-trust",
	Check:    checkDC025,
}

func checkDC025(p *rule.Pass) {
	judgeImages(p, func(pr imagecheck.Problem) bool { return pr == imagecheck.Untrusted })
}
