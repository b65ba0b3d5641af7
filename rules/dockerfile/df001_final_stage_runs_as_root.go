package dockerfile

import (
	"fmt"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"

	df "github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/image"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF001 flags a shipped image whose processes run as root.
var DF001 = &rule.Rule{
	ID:       "DF001",
	Name:     "final-stage-runs-as-root",
	Title:    "Final stage runs as root",
	Severity: finding.High,
	Kind:     rule.KindDockerfile,
	Note:     "least-privilege",
	Equivalents: rule.Equivalents{
		Hadolint: []string{"DL3002"},
		Trivy:    []string{"DS-0002"},
		Checkov:  []string{"CKV_DOCKER_3", "CKV_DOCKER_8"},
		KICS:     []string{"last_user_is_root", "missing_user_instruction"},
	},
	Check: checkDF001,
}

// checkDF001 judges the effective USER of the final stage, following FROM
// <stage> chains. FROM scratch without USER is not flagged (see DF001.md):
// there is no userland for root to use, and a numeric USER is still advised
// by the page.
func checkDF001(p *rule.Pass) {
	f := p.Dockerfile
	if f == nil {
		return
	}
	final := f.Final()
	if final == nil || final.From == nil {
		return
	}
	u := f.EffectiveUser(final)
	if u.Unresolved {
		return
	}
	windows := final.IsWindows()
	loc := "stage[" + pbStageLabel(final) + "]/USER"
	if in := u.Instruction; in != nil {
		root := u.Root
		if windows {
			name, _, _ := strings.Cut(strings.TrimSpace(u.User), ":")
			root = strings.EqualFold(name, "ContainerAdministrator") || name == ""
		}
		if !root {
			return
		}
		pbReportExplicitRoot(p, f, final, u, loc)
		return
	}
	if windows {
		return // Windows images default to ContainerUser or ContainerAdministrator by image; not judged
	}
	base := final.Root()
	if base.Scratch || base.BaseUnresolved {
		return // scratch: documented choice; unresolved: DF016 says the base is not judged
	}
	ref, ok := pbParse(p, base.Base)
	if !ok {
		return
	}
	if nonRoot, _ := image.KnownNonRoot(ref); nonRoot {
		return
	}
	where := "no USER instruction in it"
	if base != final {
		where = "no USER instruction in it or in the stages it is built FROM"
	}
	p.Report(finding.Finding{
		Range:    final.From.Range,
		Location: loc,
		Evidence: "no USER",
		Message: fmt.Sprintf("Final stage runs as root: %s, and its base %s is not known to switch to a non-root user, so root is the default",
			where, ref.Familiar()),
	})
}

// pbReportExplicitRoot reports a USER that makes the final stage root, with a
// fix when an earlier non-root USER of the chain shows which user to restore.
func pbReportExplicitRoot(p *rule.Pass, f *df.File, final *df.Stage, u df.UserInfo, loc string) {
	in := u.Instruction
	prev := pbPreviousUser(f, in)
	written := "USER " + strings.TrimSpace(u.User)
	var msg string
	switch {
	case prev != nil && in.Stage != final:
		msg = fmt.Sprintf("Final stage switches back to root with %s (in stage %s, which it is built FROM) after USER %s, so the container runs as root", written, in.Stage.String(), prev.User)
	case prev != nil:
		msg = fmt.Sprintf("Final stage switches back to root with %s after USER %s, so the container runs as root", written, prev.User)
	case in.Stage != final:
		msg = fmt.Sprintf("Final stage inherits %s from stage %s, so the container runs as root", written, in.Stage.String())
	default:
		msg = fmt.Sprintf("Final stage runs as root: %s is the last USER, so the container's processes get uid 0", written)
	}
	fnd := finding.Finding{Range: in.Range, Location: loc, Evidence: written, Message: msg}
	if prev != nil && in.Stage == final && !pbRunAfter(final, in) {
		// Restore the earlier user, by UID when the Dockerfile shows it, so
		// the fix does not trade this finding for DF005's.
		restore := prev.User
		if name, group, hasGroup := strings.Cut(restore, ":"); strings.Trim(name, "0123456789") != "" {
			if uid := pbCreatedUID(f, name); uid != "" {
				restore = uid
				if hasGroup {
					restore += ":" + group
				}
			}
		}
		indent := pbIndent(f.Line(in.Range.StartLine))
		fnd.Fix = &finding.Fix{
			Description: "Restore USER " + restore,
			Edits: []finding.Edit{{
				StartLine: in.Range.StartLine,
				EndLine:   in.Range.EndLine,
				NewText:   indent + "USER " + restore + "\n",
			}},
		}
	}
	p.Report(fnd)
}

// pbPreviousUser returns the last non-root, resolved USER of the final
// stage's chain before instruction at, or nil.
func pbPreviousUser(f *df.File, at *df.Instruction) *df.UserInfo {
	chain := f.Shipped() // final first
	var last *df.UserInfo
	for i := len(chain) - 1; i >= 0; i-- {
		s := chain[i]
		for _, in := range s.Instructions {
			if in == at {
				return last
			}
			uc, isUser := in.Command.(*instructions.UserCommand)
			if !isUser {
				continue
			}
			v, ok := s.Expand(uc.User, in)
			if !ok {
				last = nil
				continue
			}
			name, _, _ := strings.Cut(strings.TrimSpace(v), ":")
			if name == "" || name == "root" || name == "0" || strings.ContainsAny(v, " \t") {
				last = nil
				continue
			}
			last = &df.UserInfo{User: strings.TrimSpace(v), Instruction: in}
		}
	}
	return last
}

// pbRunAfter reports whether stage s has a RUN after instruction at (a RUN
// that may need the root user the USER gives it).
func pbRunAfter(s *df.Stage, at *df.Instruction) bool {
	seen := false
	for _, in := range s.Instructions {
		if in == at {
			seen = true
			continue
		}
		if seen && (in.Cmd == "RUN" || in.Cmd == "ONBUILD") {
			return true
		}
	}
	return false
}

// pbIndent returns the leading blanks of a line.
func pbIndent(line string) string {
	return line[:len(line)-len(strings.TrimLeft(line, " \t"))]
}
