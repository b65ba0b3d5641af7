package pbcheck

import (
	"strings"
	"time"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/image"
	"github.com/stevedore-dev/stevedore/internal/imagecheck"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF013 flags external base images past end of life or deprecated, in every
// stage (a build stage on an unsupported compiler image still shapes what
// ships; the message says which kind of stage it is).
var DF013 = &rule.Rule{
	ID:       "DF013",
	Name:     "base-image-end-of-life",
	Title:    "Base image is past end of life or deprecated",
	Severity: finding.High,
	Kind:     rule.KindDockerfile,
	Note:     "base-image-trust",
	Check:    checkDF013,
}

func checkDF013(p *rule.Pass) {
	f := p.Dockerfile
	for _, s := range pbExternalBases(f) {
		v := pbJudge(p, s.Base)
		desc := pbBaseDesc(s, v.Ref.Familiar())
		where := pbStageWhere(f, s)
		loc := "stage[" + pbStageLabel(s) + "]/FROM"
		lc := v.Lifecycle
		if _, ok := v.Has(imagecheck.Deprecated); ok {
			msg := "FROM " + desc + " in " + where + " uses the deprecated " + lc.Cycle + " image, which is no longer updated, so every vulnerability found in it from now on stays unfixed"
			if lc.Replacement != "" {
				msg += "; use " + lc.Replacement + " instead"
			}
			p.Report(finding.Finding{Range: s.From.Range, Location: loc, Evidence: v.Ref.Familiar(), Message: msg})
			continue
		}
		if _, ok := v.Has(imagecheck.EndOfLife); !ok {
			continue
		}
		p.Reportf(s.From.Range, loc, v.Ref.Familiar(),
			"FROM %s in %s is past end of life (%s), so it no longer gets security fixes and every vulnerability found in it from now on stays open; move to a supported release",
			desc, where, pbEOLList(lc))
	}
}

// pbEOLList words every end-of-life component of a verdict, worst first:
// "Node.js 16 ended on 2023-09-11, Debian 10 ended on 2022-09-10".
func pbEOLList(lc image.Verdict) string {
	var parts []string
	add := func(m image.Match) {
		title := m.ProductTitle
		if title == "" {
			title = m.Product
		}
		s := title + " " + m.Cycle
		if m.EOLDate.IsZero() {
			s += " has reached end of life"
		} else {
			s += " ended on " + m.EOLDate.Format(time.DateOnly)
		}
		parts = append(parts, s)
	}
	for _, m := range lc.Matches {
		if m.Status == image.StatusEOL && m.Product == lc.Product && m.Cycle == lc.Cycle {
			add(m)
		}
	}
	for _, m := range lc.Matches {
		if m.Status == image.StatusEOL && !(m.Product == lc.Product && m.Cycle == lc.Cycle) {
			add(m)
		}
	}
	if len(parts) == 0 {
		return lc.Reason
	}
	return strings.Join(parts, ", ")
}
