package compose

import (
	"time"

	cmodel "github.com/stevedore-dev/stevedore/internal/compose"
	"github.com/stevedore-dev/stevedore/internal/imagecheck"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// judgeImages runs imagecheck over every pulled image and reports the
// problems accepted by want at the image: key.
func judgeImages(p *rule.Pass, want func(imagecheck.Problem) bool) {
	set := imagecheck.Settings{Today: time.Now().UTC(), SoonDays: 90}
	if o := p.Options; o != nil {
		set.TrustedRegistries = o.TrustedRegistries
		if !o.Today.IsZero() {
			set.Today = o.Today
		}
		if o.EOLSoonDays > 0 {
			set.SoonDays = o.EOLSoonDays
		}
	}
	imageServices(p, func(s *cmodel.Service, image string) {
		v := imagecheck.Judge(image, set)
		for _, f := range v.Findings {
			if want(f.Problem) {
				report(p, pos(p, s.Name, "image"), loc(s.Name, "image"), image, "Service "+s.Name+": "+f.Message)
			}
		}
	})
}
