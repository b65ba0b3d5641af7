package dockerfile

import (
	"strconv"
	"strings"

	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF065 flags COPY/ADD --from (and RUN --mount from=) naming the stage the
// instruction is in: a stage cannot read its own result, and BuildKit stops
// with a circular dependency. Every stage is judged.
var DF065 = &rule.Rule{
	ID:       "DF065",
	Name:     "copy-from-own-stage",
	Title:    "COPY --from names its own stage",
	Severity: finding.Medium,
	Kind:     rule.KindDockerfile,
	Note:     "build-context-and-drift",
	Equivalents: rule.Equivalents{Hadolint: []string{"DL3023"}, Trivy: []string{"DS-0006"},
		KICS: []string{"copy_from_references_current_from_alias"}},
	Check: checkDF065,
}

// df065Self reports whether ref names stage st (by name or index).
func df065Self(st *dockerfile.Stage, in *dockerfile.Instruction, ref string) bool {
	if v, ok := st.Expand(ref, in); ok {
		ref = v
	}
	ref = strings.ToLower(strings.TrimSpace(ref))
	return ref != "" && (ref == st.Name || ref == strconv.Itoa(st.Index))
}

func checkDF065(p *rule.Pass) {
	f := p.Dockerfile
	for _, st := range hygStages(f, false) {
		for _, in := range st.Instructions {
			var refs []string
			switch in.Cmd {
			case "COPY", "ADD":
				if v, ok := in.Flag("from"); ok {
					refs = append(refs, v)
				}
			case "RUN":
				for _, m := range in.Mounts() {
					if m.From != "" {
						refs = append(refs, m.From)
					}
				}
			}
			for _, ref := range refs {
				if !df065Self(st, in, ref) {
					continue
				}
				what := in.Cmd + " --from=" + ref
				if in.Cmd == "RUN" {
					what = "RUN --mount from=" + ref
				}
				p.Reportf(in.Range, hygLoc(st, in.Cmd+"/--from="+ref), what,
					"%s names the stage it is in (%s); a stage cannot read its own result, so the build fails with a circular dependency", what, st.String())
				break
			}
		}
	}
}
