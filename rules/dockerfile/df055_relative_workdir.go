package dockerfile

import (
	"path"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"

	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF055 flags a WORKDIR with a relative path. A variable that cannot be
// resolved statically ($APP_HOME) is given the benefit of the doubt.
var DF055 = &rule.Rule{
	ID:       "DF055",
	Name:     "relative-workdir",
	Title:    "WORKDIR with a relative path",
	Severity: finding.Low,
	Kind:     rule.KindDockerfile,
	Note:     "build-context-and-drift",
	Equivalents: rule.Equivalents{Hadolint: []string{"DL3000"}, Trivy: []string{"DS-0009"},
		Checkov: []string{"CKV_DOCKER_10"}, KICS: []string{"workdir_path_not_absolute"},
		BuildKit: []string{"WorkdirRelativePath"}},
	BuildKitCheck: true,
	Check:         checkDF055,
}

func df055Abs(p string) bool {
	if strings.HasPrefix(p, "/") || strings.HasPrefix(p, `\`) {
		return true
	}
	return len(p) >= 2 && p[1] == ':' && (p[0]|0x20 >= 'a' && p[0]|0x20 <= 'z')
}

// df055Dir returns the working directory at the end of stage s ("" when it
// depends on an external base image).
func df055Dir(s *dockerfile.Stage, upTo *dockerfile.Instruction) string {
	cur := ""
	switch {
	case s.BaseStage != nil:
		cur = df055Dir(s.BaseStage, nil)
	case s.Scratch:
		cur = "/"
	}
	for _, in := range s.Instructions {
		if in == upTo {
			break
		}
		w, ok := in.Command.(*instructions.WorkdirCommand)
		if !ok {
			continue
		}
		v, resolved := s.Expand(w.Path, in)
		switch {
		case !resolved:
			cur = ""
		case df055Abs(v):
			cur = v
		case cur != "" && strings.HasPrefix(cur, "/"):
			cur = path.Join(cur, v)
		default:
			cur = ""
		}
	}
	return cur
}

func checkDF055(p *rule.Pass) {
	f := p.Dockerfile
	for _, st := range hygStages(f, false) {
		for _, in := range st.Instructions {
			w, ok := in.Command.(*instructions.WorkdirCommand)
			if !ok {
				continue
			}
			v, resolved := st.Expand(w.Path, in)
			if df055Abs(v) || (!resolved && strings.HasPrefix(strings.Trim(w.Path, `"'`), "$")) || st.IsWindows() {
				continue
			}
			base := df055Dir(st, in)
			if base == "" || !strings.HasPrefix(base, "/") {
				p.Reportf(in.Range, hygLoc(st, "WORKDIR/"+v), v,
					"WORKDIR %s %s is relative to the base image's working directory, which this Dockerfile does not set and which can change with the base image; use an absolute path",
					v, hygStageWords(f, st))
				continue
			}
			abs := path.Join(base, v)
			fd := &finding.Finding{
				Range:    in.Range,
				Location: hygLoc(st, "WORKDIR/"+v),
				Evidence: v,
				Message:  "WORKDIR " + v + " " + hygStageWords(f, st) + " is relative (it resolves to " + abs + "); an absolute path says where files land without tracing earlier WORKDIRs",
			}
			if resolved && in.Range.StartLine == in.Range.EndLine && !strings.ContainsAny(w.Path, "$\"' \\") {
				line := f.Line(in.Range.StartLine)
				if i := strings.Index(line, w.Path); i >= 0 && strings.Count(line, w.Path) == 1 {
					fd.Fix = &finding.Fix{Description: "Use the absolute path " + abs,
						Edits: []finding.Edit{hygWholeLineEdit(f, in.Range.StartLine, line[:i]+abs+line[i+len(w.Path):])}}
				}
			}
			p.Report(*fd)
		}
	}
}
