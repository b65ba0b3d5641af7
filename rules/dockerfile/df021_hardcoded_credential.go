package dockerfile

import (
	"strings"

	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
	"github.com/stevedore-dev/stevedore/internal/secret"
)

// DF021 flags known credential formats anywhere in a Dockerfile: cloud keys,
// source-host tokens, private key blocks, passwords in URLs and literal
// values given to secret-like names outside ARG/ENV.
var DF021 = &rule.Rule{
	ID:          "DF021",
	Name:        "hardcoded-credential",
	Title:       "Hard-coded credential in the Dockerfile",
	Severity:    finding.Critical,
	Kind:        rule.KindDockerfile,
	Note:        "secrets",
	Equivalents: rule.Equivalents{KICS: []string{"passwords_and_secrets"}},
	Check:       checkDF021,
}

func checkDF021(p *rule.Pass) {
	f := p.Dockerfile
	if f == nil || len(f.Lines) == 0 {
		return
	}
	text := f.Source() // the Lines joined with "\n"
	ms := secret.Scan(text)
	if len(ms) == 0 {
		return
	}
	assigns := sdiSecretAssignments(f)
	all := f.Instructions()
	line, pos := 1, 0
	for _, m := range ms {
		if m.Start < pos || m.Start > len(text) {
			continue
		}
		line += strings.Count(text[pos:m.Start], "\n")
		pos = m.Start
		value := text[m.Start:min(m.End, len(text))]
		kind, desc := m.Kind, m.Description
		var owner *sdiAssign
		for i := range assigns {
			if assigns[i].line == line && assigns[i].value == value {
				owner = &assigns[i]
				break
			}
		}
		if owner != nil && !owner.token {
			continue // a secret-like ARG/ENV name with a literal value: DF020 reports it
		}
		if owner != nil {
			kind, desc = owner.kind, owner.desc
		}
		end := line + strings.Count(value, "\n")
		in := sdiInstructionAt(all, line)
		loc, where := "comment/"+kind, "a comment"
		switch {
		case owner != nil:
			loc, where = sdiLoc(owner.in, owner.in.Cmd, owner.name), owner.in.Cmd+" "+owner.name+" in "+sdiStageDesc(f, owner.in.Stage)
		case in != nil:
			loc, where = sdiLoc(in, in.Cmd, kind), sdiInstrDesc(f, in)
		}
		p.Reportf(finding.Lines(line, end), loc, kind,
			"%s (%s) is written in %s: anyone who can read the repository or pull the image has it, so revoke and rotate it, then pass it at build time as a secret",
			sdiCapitalize(desc), secret.Mask(value), where)
	}
}

// sdiInstructionAt returns the instruction whose range holds line, or nil.
func sdiInstructionAt(all []*dockerfile.Instruction, line int) *dockerfile.Instruction {
	for _, in := range all {
		if in != nil && in.Range.Contains(line) {
			return in
		}
	}
	return nil
}

// sdiInstrDesc names an instruction for a message: "RUN in the final stage".
func sdiInstrDesc(f *dockerfile.File, in *dockerfile.Instruction) string {
	if in.Cmd == "FROM" {
		return "FROM"
	}
	return in.Cmd + " in " + sdiStageDesc(f, in.Stage)
}

func sdiCapitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
