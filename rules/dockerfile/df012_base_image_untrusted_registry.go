package dockerfile

import (
	"strings"

	df "github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/imagecheck"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF012 flags images pulled from a registry outside the configured
// trusted-registries list: FROM bases, COPY/ADD --from=<image> and
// RUN --mount=…,from=<image>. It is silent when no list is configured.
var DF012 = &rule.Rule{
	ID:          "DF012",
	Name:        "base-image-untrusted-registry",
	Title:       "Image pulled from a registry outside the trusted list",
	Severity:    finding.High,
	Kind:        rule.KindDockerfile,
	Note:        "base-image-trust",
	Equivalents: rule.Equivalents{Hadolint: []string{"DL3026"}},
	Check:       checkDF012,
}

func checkDF012(p *rule.Pass) {
	f := p.Dockerfile
	if f == nil || p.Options == nil || len(p.Options.TrustedRegistries) == 0 {
		return
	}
	list := strings.Join(p.Options.TrustedRegistries, ", ")
	judge := func(s *df.Stage, in *df.Instruction, ref, loc, how string) {
		v := pbJudge(p, ref)
		if _, ok := v.Has(imagecheck.Untrusted); !ok {
			return
		}
		p.Reportf(in.Range, loc, v.Ref.Familiar(),
			"%s %s in %s comes from registry %s, which is not in trusted-registries (%s), so nobody in your organisation vouches for what it contains",
			how, v.Ref.Familiar(), pbStageWhere(f, s), v.Ref.Registry, list)
	}
	for _, s := range pbExternalBases(f) {
		judge(s, s.From, s.Base, "stage["+pbStageLabel(s)+"]/FROM", "FROM")
	}
	for _, s := range f.Stages {
		for _, in := range s.Instructions {
			switch in.Cmd {
			case "COPY", "ADD":
				from, ok := in.Flag("from")
				if !ok || f.CopySource(in) != nil {
					continue
				}
				if ref, ok := pbExternalRef(f, s, in, from); ok {
					judge(s, in, ref, "stage["+pbStageLabel(s)+"]/"+in.Cmd+"/--from", in.Cmd+" --from")
				}
			case "RUN":
				for _, m := range in.Mounts() {
					if m.From != "" {
						if ref, ok := pbExternalRef(f, s, in, m.From); ok {
							judge(s, in, ref, "stage["+pbStageLabel(s)+"]/RUN/--mount", "RUN --mount from")
						}
					}
				}
			}
		}
	}
}

// pbExternalRef expands a --from value and returns it when it names an
// external image rather than an earlier stage (by name or index).
func pbExternalRef(f *df.File, s *df.Stage, in *df.Instruction, from string) (string, bool) {
	v, ok := s.Expand(from, in)
	if !ok || v == "" {
		return "", false
	}
	if strings.Trim(v, "0123456789") == "" {
		return "", false // a stage index
	}
	if st := f.Stage(v); st != nil && st.Index < s.Index {
		return "", false
	}
	return v, true
}
