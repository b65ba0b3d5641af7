package dockerfile

import (
	"strings"

	"github.com/stevedore-dev/stevedore/internal/dockerfile"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF056 flags `cd` in a RUN: the directory change lasts for that RUN only,
// and WORKDIR states it once for every later instruction. Every stage is
// judged; the finding is informational.
var DF056 = &rule.Rule{
	ID:       "DF056",
	Name:     "cd-in-run",
	Title:    "cd in RUN instead of WORKDIR",
	Severity: finding.Info,
	Kind:     rule.KindDockerfile,
	Note:     "build-context-and-drift",
	Equivalents: rule.Equivalents{Hadolint: []string{"DL3003"}, Trivy: []string{"DS-0013"},
		KICS: []string{"run_command_cd_instead_of_workdir"}},
	Check: checkDF056,
}

func checkDF056(p *rule.Pass) {
	f := p.Dockerfile
	for _, st := range hygStages(f, false) {
		for _, in := range st.Instructions {
			if !hygMentions(in, "cd") {
				continue
			}
			s := in.Shell()
			if s == nil {
				continue
			}
			scratch := false
			for i, c := range s.Commands {
				if c.Name != "cd" {
					continue
				}
				dir := strings.Join(c.Args, " ")
				if len(s.Commands) > 1 && df056Scratch(s.Commands, i, c) {
					// WORKDIR would create the directory in the image;
					// the RUN works in a scratch folder it removes.
					scratch = true
					continue
				}
				if scratch && (dir == "" || dir == "/" || dir == "-" || dir == "~") {
					continue // leaving the scratch folder
				}
				if len(s.Commands) == 1 {
					p.Reportf(in.Range, hygLoc(st, "RUN/cd "+dir), "cd "+dir,
						"RUN only runs `cd %s` %s, which has no effect: the directory change ends with the RUN (use WORKDIR)", dir, hygStageWords(f, st))
				} else {
					p.Reportf(in.Range, hygLoc(st, "RUN/cd "+dir), "cd "+dir,
						"RUN changes directory with `cd %s` %s; WORKDIR %s would state it once for this and later instructions", dir, hygStageWords(f, st), dir)
				}
				break
			}
		}
	}
}

// df056Scratch reports whether cmds[i] (a cd) enters a scratch directory
// that WORKDIR cannot stand for: one the same RUN removes later (`cd
// /usr/src/python` … `rm -rf /usr/src/python`), or one known only at run
// time (`cd "$tempDir"`, `cd node-v$NODE_VERSION`).
func df056Scratch(cmds []*dockerfile.Command, i int, c *dockerfile.Command) bool {
	ops := c.Operands()
	if len(ops) != 1 {
		return false
	}
	if !c.Literal(len(c.Args)-1) || strings.ContainsAny(ops[0], "$`") {
		return true
	}
	return pbRemovedLater(cmds, i, ops)
}
