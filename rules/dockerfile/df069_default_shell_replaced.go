package dockerfile

import (
	"strings"

	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF069 flags a RUN that replaces /bin/sh (ln, cp or mv onto /bin/sh or
// /usr/bin/sh), which changes the shell of every later RUN and of every
// program that calls system() in the image, and a shell-form RUN whose
// command is `powershell`/`pwsh -Command` (or -c), which Docker's SHELL
// documentation calls inefficient. The fix in both cases is the SHELL
// instruction. Every stage is judged.
var DF069 = &rule.Rule{
	ID:       "DF069",
	Name:     "default-shell-replaced",
	Title:    "RUN replaces /bin/sh or wraps commands in PowerShell instead of using SHELL",
	Severity: finding.Low,
	Kind:     rule.KindDockerfile,
	Note:     "build-context-and-drift",
	Equivalents: rule.Equivalents{Hadolint: []string{"DL4005"},
		KICS: []string{"changing_default_shell_using_run_command"}},
	Check: checkDF069,
}

// df069Targets are the paths of the default shell.
var df069Targets = map[string]bool{"/bin/sh": true, "/usr/bin/sh": true}

func checkDF069(p *rule.Pass) {
	f := p.Dockerfile
	for _, st := range hygStages(f, false) {
		for _, in := range st.Instructions {
			if in.Cmd != "RUN" {
				continue
			}
			if hygMentions(in, "/sh") {
				if c := df069Replaces(in.Shell()); c != nil {
					ev := c.Name + " " + strings.Join(c.Args, " ")
					p.Reportf(in.Range, hygLoc(st, "RUN/"+c.Name+" /bin/sh"), ev,
						"RUN replaces /bin/sh with `%s` %s: every later RUN and every program in the image that calls system() or popen() now runs another shell, without the Dockerfile saying so; use SHELL [\"/bin/bash\", \"-c\"] to change the shell of RUN instead", ev, hygStageWords(f, st))
					continue
				}
			}
			if name, flag, ok := df069PowerShell(in); ok {
				p.Reportf(in.Range, hygLoc(st, "RUN/"+name), name+" "+flag,
					"RUN starts %s %s %s: each such RUN starts a shell only to start PowerShell, and every RUN has to repeat the prefix; set SHELL [\"%s\", \"-Command\"] once instead", name, flag, hygStageWords(f, st), name)
			}
		}
	}
}

// df069Replaces returns the ln, cp or mv command of s whose destination is
// the default shell, nil when there is none.
func df069Replaces(s *dockerfile.Script) *dockerfile.Command {
	for _, c := range s.Find("ln", "cp", "mv") {
		ops := c.Operands()
		if len(ops) < 2 || c.Has("-t", "--target-directory") {
			continue
		}
		if df069Targets[strings.TrimRight(ops[len(ops)-1], "/")] || df069Targets[ops[len(ops)-1]] {
			return c
		}
	}
	return nil
}

// df069PowerShell reports whether a shell-form RUN's command is powershell
// or pwsh with -Command (any case, or its abbreviation -c): the command name
// and the flag as written.
func df069PowerShell(in *dockerfile.Instruction) (string, string, bool) {
	if in.JSONForm || len(in.Args) == 0 {
		return "", "", false
	}
	text := strings.TrimLeft(in.Args[0], " \t")
	first := text
	if i := strings.IndexAny(text, " \t"); i >= 0 {
		first = text[:i]
	}
	name := strings.ToLower(first)
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.TrimSuffix(name, ".exe")
	if name != "powershell" && name != "pwsh" {
		return "", "", false
	}
	words := strings.Fields(text)
	for _, w := range words[1:] {
		if !strings.HasPrefix(w, "-") {
			break // the command text has started
		}
		l := strings.ToLower(w)
		if l == "-c" || len(l) >= 4 && strings.HasPrefix("-command", l) {
			return name, w, true
		}
	}
	return "", "", false
}
