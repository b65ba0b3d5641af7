package dockerfile

import (
	"strings"

	df "github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF003 flags file modes in shipped stages that make files writable by every
// user or that set the setuid/setgid bits.
var DF003 = &rule.Rule{
	ID:       "DF003",
	Name:     "world-writable-or-setuid",
	Title:    "World-writable or setuid/setgid file mode in a shipped stage",
	Severity: finding.Medium,
	Kind:     rule.KindDockerfile,
	Note:     "least-privilege",
	Check:    checkDF003,
}

// pbModeProblem is what a file mode does wrong.
type pbModeProblem struct {
	worldWritable, setuid, setgid bool
}

func (m pbModeProblem) any() bool { return m.worldWritable || m.setuid || m.setgid }

// describe words the problem for a message.
func (m pbModeProblem) describe(targets string) string {
	var parts []string
	if m.worldWritable {
		parts = append(parts, "makes "+targets+" writable by every user, so any process in the container, whatever its USER, can replace that content")
	}
	switch {
	case m.setuid && m.setgid:
		parts = append(parts, "sets the setuid and setgid bits on "+targets+", so whoever runs it gets its owner's and group's privileges (root's, for root-owned files)")
	case m.setuid:
		parts = append(parts, "sets the setuid bit on "+targets+", so whoever runs it gets its owner's privileges (root's, for root-owned files)")
	case m.setgid:
		parts = append(parts, "sets the setgid bit on "+targets+", so whoever runs it gets its group's privileges")
	}
	return strings.Join(parts, "; it also ")
}

func checkDF003(p *rule.Pass) {
	f := p.Dockerfile
	if f == nil {
		return
	}
	for _, s := range f.Shipped() {
		where := pbStageWhere(f, s)
		loc := "stage[" + pbStageLabel(s) + "]/"
		for _, in := range s.Instructions {
			switch in.Cmd {
			case "COPY", "ADD":
				mode, ok := in.Flag("chmod")
				if !ok {
					continue
				}
				if m := pbJudgeMode(mode); m.any() {
					dest := "the copied files"
					if n := len(in.Args); n > 0 {
						dest = in.Args[n-1]
					}
					p.Reportf(in.Range, loc+in.Cmd+"/--chmod", "--chmod="+mode+" "+dest,
						"%s --chmod=%s in %s %s", in.Cmd, mode, where, m.describe(dest))
				}
			case "RUN":
				text := pbRunText(in)
				if !pbContainsAny(text, "chmod", "install", "mkdir") {
					continue
				}
				for _, c := range in.Shell().Commands {
					mode, targets, ok := pbModeOf(c)
					if !ok {
						continue
					}
					m := pbJudgeMode(mode)
					if !m.any() {
						continue
					}
					what := strings.Join(targets, " ")
					if what == "" {
						what = "its targets"
					}
					ev := c.Name + " " + mode
					if c.Name != "chmod" {
						ev = c.Name + " -m " + mode
					}
					if len(targets) > 0 {
						ev += " " + what
					}
					p.Reportf(in.Range, loc+"RUN/"+c.Name, ev, "RUN %s in %s %s", ev, where, m.describe(what))
				}
			}
		}
	}
}

// pbModeOf returns the mode a chmod, install -m or mkdir -m command sets and
// the paths it sets it on; ok is false for other commands and for modes
// that are not literal.
func pbModeOf(c *df.Command) (mode string, targets []string, ok bool) {
	switch c.Name {
	case "chmod":
		// The mode is the first argument that is not an option; a symbolic
		// mode may itself start with "-" ("-w"), which removes rights and is
		// harmless here.
		idx := -1
		for i, a := range c.Args {
			if a == "--" {
				if i+1 < len(c.Args) {
					idx = i + 1
				}
				break
			}
			if strings.HasPrefix(a, "--reference") {
				return "", nil, false
			}
			if strings.HasPrefix(a, "-") && !pbLooksLikeMode(a) {
				continue
			}
			idx = i
			break
		}
		if idx < 0 || !c.Literal(idx) {
			return "", nil, false
		}
		return c.Args[idx], c.Args[idx+1:], true
	case "install", "mkdir":
		for i, a := range c.Args {
			if a == "--" {
				break
			}
			var v string
			switch {
			case a == "-m" || a == "--mode":
				if i+1 >= len(c.Args) || !c.Literal(i+1) {
					return "", nil, false
				}
				v = c.Args[i+1]
			case strings.HasPrefix(a, "--mode="):
				v = a[len("--mode="):]
			case strings.HasPrefix(a, "-m") && len(a) > 2 && !strings.HasPrefix(a, "--"):
				v = a[2:]
			default:
				continue
			}
			if !c.Literal(i) {
				return "", nil, false
			}
			targets := pbPathOperands(c, v)
			if c.Name == "install" && !c.Has("-d", "--directory") && len(targets) > 1 {
				targets = targets[len(targets)-1:] // the destination
			}
			return v, targets, true
		}
	}
	return "", nil, false
}

// pbPathOperands returns the operands of c other than the mode value.
func pbPathOperands(c *df.Command, mode string) []string {
	var out []string
	for _, o := range c.Operands() {
		if o != mode {
			out = append(out, o)
		}
	}
	return out
}

// pbLooksLikeMode reports whether an argument starting with "-" is a
// symbolic mode that removes rights ("-w", "-x,o-r") rather than an option.
func pbLooksLikeMode(a string) bool {
	return len(a) > 1 && strings.Trim(a[1:], "rwxXst,ugoa+-=") == ""
}

// pbJudgeMode reads an octal or symbolic mode. World-writable counts only
// without the sticky bit (1777 is the /tmp convention), and only for "o" or
// "a" in a symbolic mode (a bare "+w" is filtered by the umask).
func pbJudgeMode(mode string) pbModeProblem {
	var m pbModeProblem
	mode = strings.TrimSpace(mode)
	if mode == "" {
		return m
	}
	if mode[0] >= '0' && mode[0] <= '7' {
		n := 0
		for _, c := range mode {
			if c < '0' || c > '7' {
				return pbModeProblem{}
			}
			n = n*8 + int(c-'0')
			if n > 07777 {
				return pbModeProblem{}
			}
		}
		m.worldWritable = n&0o002 != 0 && n&0o1000 == 0
		m.setuid = n&0o4000 != 0
		m.setgid = n&0o2000 != 0
		return m
	}
	for _, clause := range strings.Split(mode, ",") {
		i := 0
		for i < len(clause) && strings.IndexByte("ugoa", clause[i]) >= 0 {
			i++
		}
		who := clause[:i]
		rest := clause[i:]
		for len(rest) > 0 {
			op := rest[0]
			if op != '+' && op != '-' && op != '=' {
				return m
			}
			j := 1
			for j < len(rest) && rest[j] != '+' && rest[j] != '-' && rest[j] != '=' {
				j++
			}
			perms := rest[1:j]
			rest = rest[j:]
			if op == '-' {
				continue
			}
			all := who == "" || strings.Contains(who, "a")
			if strings.Contains(perms, "w") && (strings.Contains(who, "o") || strings.Contains(who, "a")) && !strings.Contains(perms, "t") {
				m.worldWritable = true
			}
			if strings.Contains(perms, "s") {
				if all || strings.Contains(who, "u") {
					m.setuid = true
				}
				if all || strings.Contains(who, "g") {
					m.setgid = true
				}
			}
		}
	}
	return m
}
