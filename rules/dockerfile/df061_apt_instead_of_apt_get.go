package dockerfile

import (
	"strings"

	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF061 flags `apt` (the interactive front end) in RUN; scripts should use
// apt-get or apt-cache, whose interface is stable. Every stage is judged.
var DF061 = &rule.Rule{
	ID:       "DF061",
	Name:     "apt-instead-of-apt-get",
	Title:    "apt used in RUN instead of apt-get",
	Severity: finding.Info,
	Kind:     rule.KindDockerfile,
	Note:     "build-context-and-drift",
	Equivalents: rule.Equivalents{Hadolint: []string{"DL3027"}, Checkov: []string{"CKV_DOCKER_9"},
		KICS: []string{"run_using_apt"}},
	Check: checkDF061,
}

// df061Same are the apt subcommands apt-get runs the same way.
var df061Same = map[string]bool{"install": true, "update": true, "remove": true, "purge": true, "autoremove": true, "clean": true, "autoclean": true, "reinstall": true}

func checkDF061(p *rule.Pass) {
	f := p.Dockerfile
	for _, st := range hygStages(f, false) {
		for _, in := range st.Instructions {
			if !hygMentions(in, "apt") {
				continue
			}
			for _, pc := range hygPkgCalls(in.Shell()) {
				if pc.Manager != "apt" {
					continue
				}
				fd := finding.Finding{
					Range:    in.Range,
					Location: hygLoc(st, "RUN/apt "+pc.Sub),
					Evidence: hygEvidence(pc),
					Message:  "RUN uses apt " + pc.Sub + " " + hygStageWords(f, st) + "; apt is meant for people at a terminal and its output and behaviour may change between releases, while apt-get is stable for scripts",
				}
				if df061Same[pc.Sub] {
					fd.Fix = df061Fix(f, in, pc)
				}
				p.Report(fd)
				break
			}
		}
	}
}

// df061Fix replaces the one `apt` word of the command's line with apt-get.
func df061Fix(f *dockerfile.File, in *dockerfile.Instruction, pc hygPkgCall) *finding.Fix {
	n := pc.Cmd.Line
	line := f.Line(n)
	word := pc.Cmd.Path
	if in.JSONForm && pc.Cmd.Parent == nil {
		word = `"` + word + `"`
		if strings.Count(line, word) != 1 {
			return nil
		}
		i := strings.Index(line, word)
		return &finding.Fix{Description: "Use apt-get", Edits: []finding.Edit{hygWholeLineEdit(f, n, line[:i]+`"`+strings.TrimSuffix(pc.Cmd.Path, "apt")+`apt-get"`+line[i+len(word):])}}
	}
	i := hygFindWord(line, word)
	if i < 0 || strings.Count(line, "apt") != 1 {
		return nil
	}
	return &finding.Fix{Description: "Use apt-get", Edits: []finding.Edit{hygWholeLineEdit(f, n, line[:i]+word+"-get"+line[i+len(word):])}}
}
