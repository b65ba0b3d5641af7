package dockerfile

import (
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF059 flags a final stage with no HEALTHCHECK in its stage chain
// (HEALTHCHECK NONE counts as a decision). It is off by default: many
// images run under an orchestrator with its own probes. Scratch and
// distroless images are judged too — an exec-form HEALTHCHECK can call the
// application binary itself.
var DF059 = &rule.Rule{
	ID:         "DF059",
	Name:       "missing-healthcheck",
	Title:      "Final stage has no HEALTHCHECK",
	Severity:   finding.Info,
	Kind:       rule.KindDockerfile,
	Note:       "runtime-hardening",
	DefaultOff: true,
	Equivalents: rule.Equivalents{Hadolint: []string{"DL3057"}, Trivy: []string{"DS-0026"},
		Checkov: []string{"CKV_DOCKER_2"}, KICS: []string{"healthcheck_instruction_missing"}},
	Check: checkDF059,
}

func checkDF059(p *rule.Pass) {
	f := p.Dockerfile
	final := f.Final()
	if final == nil {
		return
	}
	for s := final; s != nil; s = s.BaseStage {
		if len(s.Find("HEALTHCHECK")) > 0 {
			return
		}
	}
	root := final.Root()
	base := root.Base
	if root.BaseUnresolved || base == "" {
		base = root.BaseRaw
	}
	p.Reportf(final.From.Range, "stage[final]/HEALTHCHECK", base,
		"The final stage (FROM %s) has no HEALTHCHECK, so Docker cannot tell a hung container from a healthy one unless the base image defines one", base)
}
