package dockerfile

import (
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/image"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF015 flags a final image built on a full OS or full language image where
// a slim or distroless one usually serves. Only what ships is judged: the
// external base at the root of the final stage's FROM chain.
var DF015 = &rule.Rule{
	ID:       "DF015",
	Name:     "full-os-final-base",
	Title:    "Final stage is based on a full OS image",
	Severity: finding.Info,
	Kind:     rule.KindDockerfile,
	Note:     "base-image-trust",
	Check:    checkDF015,
}

func checkDF015(p *rule.Pass) {
	f := p.Dockerfile
	if f == nil || f.Final() == nil {
		return
	}
	s := f.Final().Root()
	if s == nil || s.From == nil || s.Scratch || s.BaseUnresolved || s.Base == "" {
		return
	}
	ref, ok := pbParse(p, s.Base)
	if !ok {
		return
	}
	full, suggestion := image.FullOS(ref)
	if !full {
		return
	}
	p.Reportf(s.From.Range, "stage["+pbStageLabel(s)+"]/FROM", ref.Familiar(),
		"The shipped image is based on %s, a full OS image whose shell, package manager and many unused packages give an intruder tools and scanners a long list of CVEs to chase; %s would serve",
		pbBaseDesc(s, ref.Familiar()), suggestion)
}
