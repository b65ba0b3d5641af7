package compose

import (
	"fmt"
	"strings"

	cmodel "github.com/stevedore-dev/stevedore/internal/compose"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DC004 flags services whose security_opt lacks no-new-privileges:true.
var DC004 = &rule.Rule{
	ID:          "DC004",
	Name:        "no-new-privileges-not-set",
	Title:       "Service does not set no-new-privileges",
	Severity:    finding.Medium,
	Kind:        rule.KindCompose,
	Note:        "runtime-hardening",
	Equivalents: rule.Equivalents{KICS: []string{"no_new_privileges_not_set", "security_opt_not_set"}},
	Check:       checkDC004,
}

const nnpTrue = "no-new-privileges:true"

// nnpValue returns the no-new-privileges setting of one security_opt item:
// set reports whether the item is about it at all.
func nnpValue(opt string) (on, set bool) {
	o := normOpt(opt)
	switch o {
	case "no-new-privileges", "no-new-privileges:true", "no-new-privileges=true":
		return true, true
	}
	return false, strings.HasPrefix(o, "no-new-privileges")
}

func checkDC004(p *rule.Pass) {
	for _, s := range services(p) {
		var off string
		on := false
		for _, o := range s.Config.SecurityOpt {
			v, set := nnpValue(o)
			if set { // the last setting wins, as in Docker
				on, off = v, ""
				if !v {
					off = o
				}
			}
		}
		if on {
			continue
		}
		msg := fmt.Sprintf("Service %s does not set no-new-privileges, so a setuid binary or file capability in the image can raise an intruder's privileges", s.Name)
		if off != "" {
			msg = fmt.Sprintf("Service %s turns no-new-privileges off (%s), so a setuid binary or file capability in the image can raise an intruder's privileges", s.Name, normOpt(off))
		}
		a, fix := dc004Fix(p, s, off)
		reportFix(p, a, loc(s.Name, "security_opt"), nnpTrue, msg, fix)
	}
}

// dc004Fix points at security_opt (or the service key when absent) and
// builds the mechanical fix when the layout allows one.
func dc004Fix(p *rule.Pass, s *cmodel.Service, off string) (at, *finding.Fix) {
	const desc = "Set no-new-privileges:true in security_opt"
	if !isSet(p, s.Name, "security_opt") {
		a := servicePos(p, s.Name)
		return a, insertUnderKey(p, a, desc, `security_opt: ["`+nnpTrue+`"]`)
	}
	a := pos(p, s.Name, "security_opt")
	lines := fileLines(p, a.file)
	if off != "" {
		item := pos(p, s.Name, "security_opt", off)
		if item.file == a.file && item.line >= 1 && item.line <= len(lines) {
			old := lines[item.line-1]
			trimmed := strings.TrimLeft(old, " ")
			if strings.HasPrefix(trimmed, "- ") && item.line != a.line {
				return a, &finding.Fix{Description: desc, Edits: []finding.Edit{
					{StartLine: item.line, EndLine: item.line, NewText: indentOf(old) + `- "` + nnpTrue + `"` + "\n"},
				}}
			}
		}
		return a, nil
	}
	// A block list: insert an item like the ones below the key.
	if a.line < len(lines) && blockKeyLine(lines[a.line-1]) {
		next := lines[a.line]
		if strings.HasPrefix(strings.TrimLeft(next, " "), "- ") {
			return a, &finding.Fix{Description: desc, Edits: []finding.Edit{
				{StartLine: a.line + 1, EndLine: a.line, NewText: indentOf(next) + `- "` + nnpTrue + `"` + "\n"},
			}}
		}
	}
	return a, nil
}
