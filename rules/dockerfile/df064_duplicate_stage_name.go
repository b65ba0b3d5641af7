package dockerfile

import (
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF064 flags a stage whose name (compared case-insensitively) an earlier
// stage already uses. BuildKit resolves the name to the last such stage, so
// every reference to the earlier one silently points at the later one. The
// finding's range runs from the FROM of the first stage with the name to the
// FROM that reuses it: the clash needs both lines, and a pull request may
// have changed either (renaming the earlier stage causes it just as well).
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
	BuildKitCheck: true,
	Check:         checkDF064,
}

func checkDF064(p *rule.Pass) {
	f := p.Dockerfile
	if f == nil {
		return
	}
	first := map[string]int{}
	for _, st := range f.Stages {
		if st.Name == "" || st.From == nil {
			continue
		}
		line, seen := first[st.Name]
		if !seen {
			first[st.Name] = st.From.Range.StartLine
			continue
		}
		rng := finding.Range{StartLine: line, EndLine: st.From.Range.EndLine}
		p.Reportf(rng, "FROM[AS "+st.Name+"]", st.Name,
			"Stage name %q is used by the stage on line %d and again by the stage on line %d; BuildKit resolves the name to the last stage that has it, so references meant for the earlier stage get the later one",
			st.Name, line, st.From.Range.StartLine)
	}
}
