package compose

import (
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/imagecheck"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DC022 flags pulled images that are not pinned by digest. An untagged or
// :latest image is DC021's: both would comment on the same image: line for
// one cause (nothing fixes what is pulled), and DC021's fix (a version tag,
// ideally with a digest) is the one to make first.
var DC022 = &rule.Rule{
	ID:       "DC022",
	Name:     "compose-image-not-pinned",
	Title:    "Service image is not pinned by digest",
	Severity: finding.Low,
	Kind:     rule.KindCompose,
	Note:     "supply-chain-and-integrity",
	Check:    checkDC022,
}

func checkDC022(p *rule.Pass) {
	judgeImagesUnless(p, func(pr imagecheck.Problem) bool { return pr == imagecheck.NotPinned },
		func(pr imagecheck.Problem) bool {
			return (pr == imagecheck.Untagged || pr == imagecheck.Latest) && p.Enabled("DC021")
		})
}
