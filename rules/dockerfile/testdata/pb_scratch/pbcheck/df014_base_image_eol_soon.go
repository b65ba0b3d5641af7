package pbcheck

import (
	"fmt"
	"time"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/imagecheck"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF014 flags external base images whose release line reaches end of life
// within the configured window (eol.soon-days, 90 by default).
var DF014 = &rule.Rule{
	ID:       "DF014",
	Name:     "base-image-eol-soon",
	Title:    "Base image reaches end of life soon",
	Severity: finding.Low,
	Kind:     rule.KindDockerfile,
	Note:     "base-image-trust",
	Check:    checkDF014,
}

func checkDF014(p *rule.Pass) {
	f := p.Dockerfile
	for _, s := range pbExternalBases(f) {
		v := pbJudge(p, s.Base)
		if _, ok := v.Has(imagecheck.EOLSoon); !ok {
			continue
		}
		lc := v.Lifecycle
		when := lc.Reason
		if !lc.EOLDate.IsZero() {
			title := lc.ProductTitle
			if title == "" {
				title = lc.Product
			}
			today := time.Now().UTC()
			if p.Options != nil && !p.Options.Today.IsZero() {
				today = p.Options.Today
			}
			days := int(lc.EOLDate.Sub(today.Truncate(24*time.Hour)).Hours() / 24)
			when = fmt.Sprintf("%s %s ends on %s, in %d days", title, lc.Cycle, lc.EOLDate.Format(time.DateOnly), days)
		}
		p.Reportf(s.From.Range, "stage["+pbStageLabel(s)+"]/FROM", v.Ref.Familiar(),
			"FROM %s in %s is close to end of life (%s), after which it gets no security fixes; plan the move to a supported release now",
			pbBaseDesc(s, v.Ref.Familiar()), pbStageWhere(f, s), when)
	}
}
