package dockerfile

import (
	"strings"

	df "github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF005 flags a final-stage USER given by name rather than numeric UID.
var DF005 = &rule.Rule{
	ID:          "DF005",
	Name:        "non-numeric-user",
	Title:       "Final stage USER is a name, not a numeric UID",
	Severity:    finding.Low,
	Kind:        rule.KindDockerfile,
	Note:        "least-privilege",
	Equivalents: rule.Equivalents{Hadolint: []string{"DL3066"}},
	Check:       checkDF005,
}

func checkDF005(p *rule.Pass) {
	f := p.Dockerfile
	if f == nil {
		return
	}
	final := f.Final()
	if final == nil || final.IsWindows() {
		return // Windows pods use runAsUserName, which takes names
	}
	u := f.EffectiveUser(final)
	if u.Instruction == nil || u.Unresolved || u.Numeric || u.Root && p.Enabled("DF001") {
		return // root is DF001's finding
	}
	value := strings.TrimSpace(u.User)
	name, group, hasGroup := strings.Cut(value, ":")
	in := u.Instruction
	fnd := finding.Finding{
		Range: in.Range, Location: "stage[" + pbStageLabel(final) + "]/USER", Evidence: "USER " + value,
		Message: "Final stage runs as the user name " + name + ", not a numeric UID, so Kubernetes runAsNonRoot cannot verify that it is not root and refuses to start the pod unless runAsUser is set; use a numeric USER such as 10001:10001",
	}
	if uid := pbCreatedUID(f, name); uid != "" {
		numeric := uid
		if hasGroup {
			numeric += ":" + group
		}
		fnd.Message = "Final stage runs as the user name " + name + ", not a numeric UID, so Kubernetes runAsNonRoot cannot verify that it is not root and refuses to start the pod unless runAsUser is set; the Dockerfile creates " + name + " with UID " + uid + ", so USER " + numeric + " says the same thing verifiably"
		fnd.Fix = &finding.Fix{
			Description: "Use the numeric UID " + uid,
			Edits: []finding.Edit{{
				StartLine: in.Range.StartLine, EndLine: in.Range.EndLine,
				NewText: pbIndent(f.Line(in.Range.StartLine)) + "USER " + numeric + "\n",
			}},
		}
	}
	p.Report(fnd)
}

// pbCreatedUID returns the UID a shipped stage's useradd or adduser gives
// the user name (useradd -u 10001 app), "" when no literal one is found.
func pbCreatedUID(f *df.File, name string) string {
	uid := ""
	pbShippedRuns(f, func(_ *df.Stage, in *df.Instruction) {
		if uid != "" || !strings.Contains(in.Original, name) || !pbContainsAny(in.Original, "useradd", "adduser") {
			return
		}
		for _, c := range in.Shell().Commands {
			if c.Name != "useradd" && c.Name != "adduser" {
				continue
			}
			ops := c.Operands()
			if len(ops) == 0 || ops[len(ops)-1] != name && !(c.Name == "adduser" && len(ops) >= 2 && ops[len(ops)-2] == name) {
				continue
			}
			if v, ok := c.Value("-u", "--uid"); ok && v != "" && strings.Trim(v, "0123456789") == "" && strings.TrimLeft(v, "0") != "" {
				uid = v
				return
			}
		}
	})
	return uid
}
