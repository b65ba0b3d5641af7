package dockerfile

import (
	"strconv"
	"strings"

	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF087 flags a stage named `scratch` or `context` (BuildKit lowercases
// stage names, so `AS Scratch` counts), as BuildKit's ReservedStageName
// does. BuildKit looks stage names up before the empty image: a later
// `FROM scratch` or `COPY --from=scratch` silently gets the stage.
var DF087 = &rule.Rule{
	ID:       "DF087",
	Name:     "reserved-stage-name",
	Title:    "Stage named after a reserved word (scratch, context)",
	Severity: finding.Low,
	Kind:     rule.KindDockerfile,
	Note:     "build-context-and-drift",
	Equivalents: rule.Equivalents{Hadolint: []string{"DL3063"},
		BuildKit: []string{"ReservedStageName"}},
	BuildKitCheck: true,
	Check:         checkDF087,
}

func checkDF087(p *rule.Pass) {
	f := p.Dockerfile
	if f == nil {
		return
	}
	for _, st := range f.Stages {
		if st.From == nil || (st.Name != "scratch" && st.Name != "context") {
			continue
		}
		why := "BuildKit reserves `context` for the build context, so the name may change meaning in a later release"
		if st.Name == "scratch" {
			why = "BuildKit resolves a stage name before the empty image, so `FROM scratch` and `COPY --from=scratch` after it take this stage instead of an empty filesystem"
			if uses := df087ScratchUses(f, st.Index); len(uses) > 0 {
				why = "BuildKit resolves a stage name before the empty image, so " + uses + " get this stage instead of an empty filesystem"
			}
		}
		p.Reportf(st.From.Range, "FROM[AS "+st.Name+"]", st.Name,
			"Stage name %q is a reserved word (BuildKit ReservedStageName): %s", st.Name, why)
	}
}

// df087ScratchUses names the later instructions that say scratch and that
// BuildKit resolves to the stage at index i ("`FROM scratch` on line 7"),
// at most three; "" when there are none.
func df087ScratchUses(f *dockerfile.File, i int) string {
	var uses []string
	for _, st := range f.Stages[i+1:] {
		if st.From != nil && st.Base == "scratch" {
			uses = append(uses, "`FROM scratch` on line "+strconv.Itoa(st.From.Range.StartLine))
		}
		for _, in := range st.Instructions {
			if in.Cmd != "COPY" {
				continue // only COPY takes --from
			}
			if from, ok := in.Flag("from"); ok && strings.EqualFold(from, "scratch") {
				uses = append(uses, "`COPY --from=scratch` on line "+strconv.Itoa(in.Range.StartLine))
			}
		}
	}
	if len(uses) > 3 {
		uses = append(uses[:3], "more")
	}
	return strings.Join(uses, ", ")
}
