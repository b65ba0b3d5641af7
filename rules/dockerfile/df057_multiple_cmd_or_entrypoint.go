package dockerfile

import (
	"strings"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF057 flags a CMD, ENTRYPOINT or HEALTHCHECK that a later one of the same
// kind in the same stage overrides. Only stages that may ship are judged
// (dockerfile.File.MayShip): a build stage that is only copied from never
// runs its CMD.
var DF057 = &rule.Rule{
	ID:       "DF057",
	Name:     "multiple-cmd-or-entrypoint",
	Title:    "More than one CMD, ENTRYPOINT or HEALTHCHECK in a stage",
	Severity: finding.Low,
	Kind:     rule.KindDockerfile,
	Note:     "runtime-hardening",
	Equivalents: rule.Equivalents{Hadolint: []string{"DL4003", "DL4004", "DL3012"},
		Trivy:    []string{"DS-0016", "DS-0007", "DS-0023"},
		KICS:     []string{"multiple_cmd_instructions_listed", "multiple_entrypoint_instructions_listed"},
		BuildKit: []string{"MultipleInstructionsDisallowed"}},
	BuildKitCheck: true,
	Check:         checkDF057,
}

func checkDF057(p *rule.Pass) {
	f := p.Dockerfile
	for _, st := range hygStages(f, true) {
		for _, kw := range []string{"CMD", "ENTRYPOINT", "HEALTHCHECK"} {
			list := st.Find(kw)
			if len(list) < 2 {
				continue
			}
			last := list[len(list)-1]
			for _, in := range list[:len(list)-1] {
				ev := strings.Join(strings.Fields(strings.Join(in.Args, " ")), " ")
				p.Reportf(in.Range, hygLoc(st, kw), ev,
					"%s on line %d %s is overridden by the %s on line %d: only the last one takes effect, so this one is dead and misleading",
					kw, in.Range.StartLine, hygStageWords(f, st), kw, last.Range.StartLine)
			}
		}
	}
}
