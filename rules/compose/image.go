package compose

import (
	"slices"

	cmodel "github.com/stevedore-dev/stevedore/internal/compose"
	"github.com/stevedore-dev/stevedore/internal/imagecheck"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// judgeImages runs imagecheck over every pulled image and reports the
// problems accepted by want at the image: key.
func judgeImages(p *rule.Pass, want func(imagecheck.Problem) bool) {
	judgeImagesUnless(p, want, func(imagecheck.Problem) bool { return false })
}

// judgeImagesUnless is judgeImages that skips an image when any of its
// problems is accepted by deferTo (another rule reports that image).
func judgeImagesUnless(p *rule.Pass, want, deferTo func(imagecheck.Problem) bool) {
	set := imagecheck.SettingsFor(p.Options)
	imageServices(p, func(s *cmodel.Service, image string) {
		v := imagecheck.JudgeCached(image, set)
		if slices.ContainsFunc(v.Findings, func(f imagecheck.Finding) bool { return deferTo(f.Problem) }) {
			return
		}
		for _, f := range v.Findings {
			if want(f.Problem) {
				report(p, pos(p, s.Name, "image"), loc(s.Name, "image"), image, "Service "+s.Name+": "+f.Message)
			}
		}
	})
}
