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
				cmds := in.Shell().Commands
				for i, c := range cmds {
					mode, targets, ok := pbModeOf(c)
					if !ok {
						continue
					}
					m := pbJudgeMode(mode)
					if (m.setuid || m.setgid) && pbOnDirectories(cmds, i, targets) {
						// The bits on a directory only make new files
						// inherit its group; nobody runs a directory.
						m.setuid, m.setgid = false, false
					}
					if !m.any() || pbRemovedLater(cmds, i, targets) {
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
		var targets []string
		for _, a := range c.Args[idx+1:] {
			if !strings.HasPrefix(a, "-") {
				targets = append(targets, a)
			}
		}
		return c.Args[idx], targets, true
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

// pbValueOptions are the install and mkdir options whose value is the next
// word (`--owner postgres`), so that value is not a path.
var pbValueOptions = map[string]bool{
	"-m": true, "--mode": true, "-o": true, "--owner": true, "-g": true, "--group": true,
	"-t": true, "--target-directory": true, "-S": true, "--suffix": true, "-Z": true, "--context": true,
}

// pbPathOperands returns the paths an install or mkdir command names: its
// operands other than the mode and the values of options such as --owner.
func pbPathOperands(c *df.Command, mode string) []string {
	var out []string
	for i := 0; i < len(c.Args); i++ {
		a := c.Args[i]
		switch {
		case a == "--":
			for _, o := range c.Args[i+1:] {
				if o != mode {
					out = append(out, o)
				}
			}
			return out
		case pbValueOptions[a]:
			i++
		case strings.HasPrefix(a, "-") && a != "-":
		case a != mode:
			out = append(out, a)
		}
	}
	return out
}

// pbOnDirectories reports whether every target of cmds[i] is known to be a
// directory: made by install -d or mkdir, created by a mkdir earlier in the
// same RUN, or fed by `find … -type d` through xargs. A recursive chmod also
// reaches the files inside, so it never counts.
func pbOnDirectories(cmds []*df.Command, i int, targets []string) bool {
	c := cmds[i]
	switch c.Name {
	case "mkdir":
		return true
	case "install":
		return c.Has("-d", "--directory")
	}
	if c.Name != "chmod" || c.HasShort('R') || c.Has("--recursive") {
		return false
	}
	if len(targets) == 0 {
		// `find … -type d | xargs chmod g+s`
		if c.Pipeline == nil || c.PipeIndex == 0 {
			return false
		}
		for _, d := range c.Pipeline.Commands {
			if d.PipeIndex < c.PipeIndex && d.Name == "find" && pbFindsDirs(d) {
				return true
			}
		}
		return false
	}
	for _, t := range targets {
		if !strings.HasSuffix(t, "/") && !pbMadeDir(cmds[:i], t) {
			return false
		}
	}
	return true
}

// pbFindsDirs reports whether a find command selects directories only.
func pbFindsDirs(c *df.Command) bool {
	for k, a := range c.Args {
		if a == "-type" && k+1 < len(c.Args) && c.Args[k+1] == "d" {
			return true
		}
	}
	return false
}

// pbMadeDir reports whether one of cmds creates the directory path.
func pbMadeDir(cmds []*df.Command, path string) bool {
	for _, c := range cmds {
		if c.Name != "mkdir" && !(c.Name == "install" && c.Has("-d", "--directory")) {
			continue
		}
		for _, o := range pbPathOperands(c, "") {
			if strings.TrimSuffix(o, "/") == strings.TrimSuffix(path, "/") {
				return true
			}
		}
	}
	return false
}

// pbRemovedLater reports whether every target is deleted by an rm later in
// the same RUN (a scratch directory such as `chmod 777 "$tempDir"` … `rm -rf
// "$tempDir"`), so the mode never reaches the image.
func pbRemovedLater(cmds []*df.Command, i int, targets []string) bool {
	if len(targets) == 0 {
		return false
	}
	for _, t := range targets {
		t = strings.TrimSuffix(t, "/")
		removed := false
		for _, c := range cmds[i+1:] {
			if c.Name != "rm" {
				continue
			}
			for _, o := range c.Operands() {
				o = strings.TrimSuffix(o, "/")
				if o != "" && o != "/" && (o == t || strings.HasPrefix(t, o+"/")) {
					removed = true
				}
			}
		}
		if !removed {
			return false
		}
	}
	return true
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
