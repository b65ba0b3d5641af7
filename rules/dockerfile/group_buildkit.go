package dockerfile

import (
	"strings"

	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// buildkitRules lists this group's rules: BuildKit's own lint warnings that
// the parser reports offline (File.Warnings), one rule per BuildKit rule,
// whose `# check=skip=…` the model honours (DF080–DF085); and BuildKit
// checks that only its dockerfile2llb conversion runs, re-implemented on
// the model (DF086–DF089), whose `# check=skip=…` the engine honours
// (BuildKitCheck).
func buildkitRules() []*rule.Rule {
	return []*rule.Rule{DF080, DF081, DF082, DF083, DF084, DF085, DF086, DF087, DF088, DF089}
}

// bkRule builds a rule that reports every File.Warnings entry of one
// BuildKit rule; message turns a warning into our one-sentence message.
func bkRule(id, name, title, bkName string, sev finding.Severity, eq rule.Equivalents, message func(dockerfile.Warning) string, fix func(*dockerfile.File, dockerfile.Warning) *finding.Fix) *rule.Rule {
	eq.BuildKit = []string{bkName}
	r := &rule.Rule{ID: id, Name: name, Title: title, Severity: sev, Kind: rule.KindDockerfile,
		Note: "container-security", Equivalents: eq}
	r.Check = func(p *rule.Pass) {
		f := p.Dockerfile
		if f == nil {
			return
		}
		for _, w := range f.Warnings {
			if w.RuleName != bkName {
				continue
			}
			fd := finding.Finding{
				Range:    w.Range,
				Location: bkLocation(f, w),
				Evidence: w.Message,
				Message:  message(w),
			}
			if fix != nil {
				fd.Fix = fix(f, w)
			}
			p.Report(fd)
		}
	}
	return r
}

// bkInstructionAt returns the instruction whose range holds line n.
func bkInstructionAt(f *dockerfile.File, n int) *dockerfile.Instruction {
	for _, in := range f.Instructions() {
		if in != nil && in.Range.Contains(n) {
			return in
		}
	}
	return nil
}

// bkLocation names the place of a warning: "stage[build]/FROM",
// "global/ARG", or "directive/check" outside any instruction.
func bkLocation(f *dockerfile.File, w dockerfile.Warning) string {
	in := bkInstructionAt(f, w.Range.StartLine)
	switch {
	case in == nil:
		return "directive/" + strings.ToLower(w.RuleName)
	case in.Stage == nil && in.Cmd == "ARG":
		return "global/ARG"
	case in.Stage == nil:
		return "global/" + in.Cmd
	case in.Cmd == "FROM":
		return "FROM[" + in.Stage.String() + "]"
	}
	return hygLoc(in.Stage, in.Cmd)
}

// bkSentence makes BuildKit's message one sentence naming the rule.
func bkSentence(w dockerfile.Warning, tail string) string {
	msg := strings.TrimSuffix(strings.TrimSpace(w.Message), ".")
	if msg == "" {
		msg = strings.TrimSuffix(w.Description, ".")
	}
	return msg + " (BuildKit " + w.RuleName + ")" + tail
}
