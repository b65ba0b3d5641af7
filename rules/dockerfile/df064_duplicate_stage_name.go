package dockerfile

import (
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF064 flags a stage whose name (compared case-insensitively) an earlier
// stage already uses. BuildKit resolves the name to the last such stage, so
// every reference to the earlier one silently points at the later one. The
// finding sits on the stage that reuses the name, as BuildKit's does.
var DF064 = &rule.Rule{
	ID:       "DF064",
	Name:     "duplicate-stage-name",
	Title:    "Two stages share a name",
	Severity: finding.Low,
	Kind:     rule.KindDockerfile,
	Note:     "build-context-and-drift",
	Equivalents: rule.Equivalents{Hadolint: []string{"DL3024"}, Trivy: []string{"DS-0012"},
		Checkov: []string{"CKV_DOCKER_11"}, KICS: []string{"same_alias_in_different_froms"},
		BuildKit: []string{"DuplicateStageName"}},
	Check: checkDF064,
}

func checkDF064(p *rule.Pass) {
	f := p.Dockerfile
	if f == nil {
		return
	}
	first := map[string]int{}
	for _, st := range f.Stages {
		if st.Name == "" {
			continue
		}
		line, seen := first[st.Name]
		if !seen {
			first[st.Name] = st.From.Range.StartLine
			continue
		}
		p.Reportf(st.From.Range, "FROM[AS "+st.Name+"]", st.Name,
			"Stage name %q is already used by the stage on line %d; BuildKit resolves the name to the last stage that has it, so references meant for the earlier stage get this one", st.Name, line)
	}
}
