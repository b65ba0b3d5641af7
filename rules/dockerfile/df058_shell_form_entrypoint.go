package dockerfile

import (
	"strconv"
	"strings"

	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF058 flags the CMD and ENTRYPOINT that take effect in the shipped image
// when they are in shell form: /bin/sh -c becomes PID 1, so `docker stop`'s
// SIGTERM may never reach the application, and a shell-form ENTRYPOINT
// ignores CMD and `docker run` arguments. Windows stages are not judged.
var DF058 = &rule.Rule{
	ID:       "DF058",
	Name:     "shell-form-entrypoint",
	Title:    "CMD or ENTRYPOINT in shell form",
	Severity: finding.Low,
	Kind:     rule.KindDockerfile,
	Note:     "runtime-hardening",
	Equivalents: rule.Equivalents{Hadolint: []string{"DL3025"},
		KICS:     []string{"not_using_json_in_cmd_and_entrypoint_arguments"},
		BuildKit: []string{"JSONArgsRecommended"}},
	BuildKitCheck: true,
	Check:         checkDF058,
}

// df058Effective returns the last instruction kw of the shipped chain and
// its stage.
func df058Effective(f *dockerfile.File, kw string) (*dockerfile.Instruction, *dockerfile.Stage) {
	for s := f.Final(); s != nil; s = s.BaseStage {
		if l := s.Find(kw); len(l) > 0 {
			return l[len(l)-1], s
		}
	}
	return nil, nil
}

// df058Builtins cannot run without a shell.
var df058Builtins = map[string]bool{"exec": true, "cd": true, "export": true, "set": true, "source": true, ".": true, "eval": true, "trap": true, "ulimit": true, "umask": true, "unset": true, "alias": true, "[": true, "test": true, "read": true, "wait": true}

func checkDF058(p *rule.Pass) {
	f := p.Dockerfile
	if f == nil || f.Final() == nil || f.Final().IsWindows() {
		return
	}
	ep, epStage := df058Effective(f, "ENTRYPOINT")
	cmd, cmdStage := df058Effective(f, "CMD")
	for _, c := range []struct {
		in *dockerfile.Instruction
		st *dockerfile.Stage
	}{{ep, epStage}, {cmd, cmdStage}} {
		in := c.in
		if in == nil || in.JSONForm || len(in.Args) == 0 {
			continue
		}
		text := strings.TrimSpace(in.Args[0])
		words := strings.Fields(text)
		if len(words) == 0 {
			continue
		}
		ignoresCmd := in.Cmd == "ENTRYPOINT" && cmd != nil
		why := "/bin/sh -c runs it as PID 1, so the SIGTERM of `docker stop` may not reach the program and it is killed after the timeout"
		switch {
		case words[0] == "exec" && !ignoresCmd:
			continue // the shell replaces itself: signals reach the program
		case words[0] == "exec":
			why = "a shell-form ENTRYPOINT ignores CMD and `docker run` arguments"
		case ignoresCmd:
			why += ", and a shell-form ENTRYPOINT ignores CMD and `docker run` arguments"
		}
		if strings.HasPrefix(text, "[") && strings.HasSuffix(text, "]") {
			why = "it looks like a JSON array but is not valid JSON (strings need double quotes), so BuildKit runs it through /bin/sh -c"
		}
		p.Report(finding.Finding{
			Range:    in.Range,
			Location: hygLoc(c.st, in.Cmd),
			Evidence: strings.Join(words, " "),
			Message:  in.Cmd + " " + hygStageWords(f, c.st) + " is in shell form: " + why,
			Fix:      df058Fix(f, in, words),
		})
	}
}

// df058Fix rewrites a one-line shell-form instruction whose command is a
// plain word list as a JSON array. An ENTRYPOINT is only rewritten when its
// stage has no CMD (a JSON ENTRYPOINT would take CMD as arguments).
func df058Fix(f *dockerfile.File, in *dockerfile.Instruction, words []string) *finding.Fix {
	if in.Range.StartLine != in.Range.EndLine || df058Builtins[words[0]] {
		return nil
	}
	if in.Cmd == "ENTRYPOINT" && in.Stage != nil && len(in.Stage.Find("CMD")) > 0 {
		return nil
	}
	for _, w := range words {
		for _, r := range w {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:=,@%+", r)) {
				return nil
			}
		}
	}
	line := f.Line(in.Range.StartLine)
	trimmed := strings.TrimLeft(line, " \t")
	indent := line[:len(line)-len(trimmed)]
	if len(trimmed) < len(in.Cmd) || !strings.EqualFold(trimmed[:len(in.Cmd)], in.Cmd) {
		return nil
	}
	quoted := make([]string, len(words))
	for i, w := range words {
		quoted[i] = strconv.Quote(w)
	}
	text := indent + trimmed[:len(in.Cmd)] + " [" + strings.Join(quoted, ", ") + "]"
	return &finding.Fix{Description: "Use the JSON (exec) form", Edits: []finding.Edit{hygWholeLineEdit(f, in.Range.StartLine, text)}}
}
