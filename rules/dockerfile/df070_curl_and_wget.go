package dockerfile

import (
	"strconv"

	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF070 flags, in a stage that may ship (dockerfile.File.MayShip), each RUN
// that uses curl or wget when a RUN before it — in the stage or in the
// stages it is built FROM — used the other one. Off by default: it is
// hygiene (one download tool is less to install, patch and review), not a
// direct risk.
var DF070 = &rule.Rule{
	ID:       "DF070",
	Name:     "curl-and-wget",
	Title:    "Both curl and wget are used",
	Severity: finding.Info,
	Kind:     rule.KindDockerfile,
	Note:     "container-security",
	Equivalents: rule.Equivalents{Hadolint: []string{"DL4001"}, Trivy: []string{"DS-0014"},
		KICS: []string{"run_using_wget_and_curl"}},
	DefaultOff: true,
	Check:      checkDF070,
}

// df070Use is the first download tool used and where.
type df070Use struct {
	tool string
	line int
}

func checkDF070(p *rule.Pass) {
	f := p.Dockerfile
	for _, st := range hygStages(f, true) {
		var first df070Use
		// The stages st is built FROM, oldest first: their tools are in
		// st's image too.
		var chain []*dockerfile.Stage
		for b := st.BaseStage; b != nil; b = b.BaseStage {
			chain = append([]*dockerfile.Stage{b}, chain...)
		}
		for _, b := range chain {
			for _, in := range b.Instructions {
				for _, t := range df070Tools(in) {
					if first.tool == "" {
						first = df070Use{t, in.Range.StartLine}
					}
				}
			}
		}
		for _, in := range st.Instructions {
			for _, t := range df070Tools(in) {
				if first.tool == "" {
					first = df070Use{t, in.Range.StartLine}
					continue
				}
				if t == first.tool {
					continue
				}
				where := "on line " + strconv.Itoa(first.line)
				if first.line == in.Range.StartLine {
					where = "in the same RUN"
				}
				p.Reportf(in.Range, hygLoc(st, "RUN/"+t), t,
					"RUN uses %s %s, which already uses %s (%s): two download tools do one job, and each is another program to install, patch and account for in the image", t, hygStageWords(f, st), first.tool, where)
				break
			}
		}
	}
}

// df070Tools lists the download tools a RUN calls, in order of first use.
func df070Tools(in *dockerfile.Instruction) []string {
	if !hygMentions(in, "curl", "wget") {
		return nil
	}
	var out []string
	for _, c := range in.Shell().Find("curl", "wget") {
		if len(out) == 0 || out[0] != c.Name {
			out = append(out, c.Name)
		}
		if len(out) == 2 {
			break
		}
	}
	return out
}
