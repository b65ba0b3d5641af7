package dockerfile

import (
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"

	df "github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/image"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF002 flags sudo (or doas) in the stages that ship: used in RUN, granted
// without a password, or installed into an image that runs as non-root.
var DF002 = &rule.Rule{
	ID:       "DF002",
	Name:     "sudo-in-run",
	Title:    "sudo used or granted in a shipped stage",
	Severity: finding.Medium,
	Kind:     rule.KindDockerfile,
	Note:     "least-privilege",
	Equivalents: rule.Equivalents{
		Hadolint: []string{"DL3004"},
		Trivy:    []string{"DS-0010"},
		Checkov:  []string{"CKV2_DOCKER_1"},
		KICS:     []string{"run_using_sudo"},
	},
	Check: checkDF002,
}

func checkDF002(p *rule.Pass) {
	f := p.Dockerfile
	if f == nil {
		return
	}
	nonRoot, nonRootKnown := false, false
	for _, s := range f.Shipped() {
		where := pbStageWhere(f, s)
		loc := "stage[" + pbStageLabel(s) + "]/"
		for _, in := range s.Instructions {
			switch in.Cmd {
			case "COPY", "ADD":
				if n := len(in.Args); n > 1 && strings.HasPrefix(in.Args[n-1], "/etc") && pbContainsAny(strings.Join(in.Args, " "), "sudoers", "doas.conf") {
					p.Reportf(in.Range, loc+in.Cmd+"/sudoers", "sudoers "+in.Args[n-1],
						"%s writes a sudoers policy to %s in %s, so a user it names can become root inside the container, which undoes USER", in.Cmd, in.Args[n-1], where)
				}
			case "RUN":
				text := pbRunText(in)
				if !pbContainsAny(text, "sudo", "doas", "NOPASSWD", "nopass") {
					continue
				}
				seen := map[string]bool{}
				// One finding per RUN for sudo use, naming every command run
				// through it; the evidence is the first.
				var wrapper, firstEv string
				var through []string
				for _, c := range in.Shell().Commands {
					if w := pbSudoWrapper(c); w != "" && !(pbDropsPrivilege(c) && pbRootAt(p, f, s, in)) {
						ev := w
						if c.Name != w {
							ev += " " + c.Name
						}
						if wrapper == "" {
							wrapper, firstEv = w, ev
						}
						if name := pbCmdName(c); !seen[ev] && w == wrapper {
							seen[ev] = true
							through = append(through, name)
						}
					}
					if pkg := pbInstallsSudo(c); pkg != "" && !seen["install "+pkg] {
						if !nonRootKnown {
							nonRoot, nonRootKnown = pbRunsNonRoot(p, f), true
						}
						if nonRoot {
							seen["install "+pkg] = true
							p.Reportf(in.Range, loc+"RUN/install "+pkg, c.Name+" install "+pkg,
								"RUN installs %s in %s of an image that runs as a non-root user, handing that user a setuid-root program (with a history of local root exploits such as CVE-2021-3156) and a path back to root through any sudoers grant",
								pkg, where)
						}
					}
				}
				if wrapper != "" {
					p.Reportf(in.Range, loc+"RUN/"+wrapper, firstEv,
						"RUN runs %s through %s in %s, so the image ships a setuid-root %s whose policy can lift a non-root user back to root; run the step as root with USER root and switch back to the app user afterwards instead",
						pbJoinWords(through), wrapper, where, wrapper)
				}
				if grant := pbPasswordlessGrant(text); grant != "" && !seen[grant] {
					seen[grant] = true
					p.Reportf(in.Range, loc+"RUN/"+grant, grant,
						"RUN grants passwordless privilege escalation (%s) in %s, so any process running as that user becomes root with one command, which undoes USER",
						grant, where)
				}
			}
		}
	}
}

// pbSudoWrapper returns "sudo" or "doas" when c runs through one of them (or
// is one of them), "" otherwise.
func pbSudoWrapper(c *df.Command) string {
	switch c.Name {
	case "sudo", "doas":
		return c.Name
	}
	if !c.Sudo {
		return ""
	}
	for _, w := range c.Wrappers {
		if w == "sudo" || w == "doas" {
			return w
		}
	}
	return "sudo"
}

// pbDropsPrivilege reports whether sudo or doas runs c as a named non-root
// user (`sudo -u node npm install` in a root stage): that lowers privilege
// rather than raising it. Installing or granting sudo is judged separately.
func pbDropsPrivilege(c *df.Command) bool {
	u := strings.TrimSpace(c.SudoUser)
	return u != "" && u != "root" && u != "0" && u != "#0"
}

// pbRootAt reports whether instruction at of stage s runs as root: no USER
// before it in s, none in the stages s is built FROM (or a root one), and a
// base image not known to switch to a non-root user.
func pbRootAt(p *rule.Pass, f *df.File, s *df.Stage, at *df.Instruction) bool {
	var last *df.Instruction
	for _, in := range s.Instructions {
		if in == at {
			break
		}
		if in.Cmd == "USER" {
			last = in
		}
	}
	if last != nil {
		uc, ok := last.Command.(*instructions.UserCommand)
		if !ok {
			return false
		}
		v, resolved := s.Expand(uc.User, last)
		name, _, _ := strings.Cut(strings.TrimSpace(v), ":")
		return resolved && (name == "" || name == "root" || name == "0")
	}
	if s.BaseStage != nil {
		u := f.EffectiveUser(s.BaseStage)
		if u.Instruction != nil {
			return u.Root && !u.Unresolved
		}
	}
	r := s.Root()
	if r.Scratch || r.BaseUnresolved {
		return false
	}
	ref, ok := pbParse(p, r.Base)
	if !ok {
		return false
	}
	nonRoot, _ := image.KnownNonRoot(ref)
	return !nonRoot
}

// pbJoinWords joins names for a message: "a", "a and b", "a, b and c".
func pbJoinWords(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// pbCmdName names a command for a message: its name, or "a command" when
// sudo runs alone (sudo -i, sudo -s).
func pbCmdName(c *df.Command) string {
	if c.Name == "sudo" || c.Name == "doas" {
		return "a command"
	}
	return c.Name
}

// pbInstallSubs are the package managers' install subcommands.
var pbInstallSubs = map[string][]string{
	"apt-get": {"install"}, "apt": {"install"}, "aptitude": {"install"},
	"apk": {"add"}, "yum": {"install"}, "dnf": {"install"}, "microdnf": {"install"},
	"tdnf": {"install"}, "zypper": {"install", "in"},
}

// pbInstallsSudo returns the sudo-like package (sudo, doas, opendoas) that a
// package-manager command installs, "" when none.
func pbInstallsSudo(c *df.Command) string {
	subs, ok := pbInstallSubs[c.Name]
	if !ok {
		return ""
	}
	ops := c.Operands()
	if len(ops) < 2 {
		return ""
	}
	isSub := false
	for _, s := range subs {
		if ops[0] == s {
			isSub = true
		}
	}
	if !isSub {
		return ""
	}
	for _, pkg := range ops[1:] {
		name := pkg
		if i := strings.IndexAny(name, "=<>~:@"); i > 0 {
			name = name[:i]
		}
		for _, want := range []string{"sudo", "doas", "opendoas"} {
			if name == want || strings.HasPrefix(name, want+"-") && len(name) > len(want)+1 && name[len(want)+1] >= '0' && name[len(want)+1] <= '9' {
				return want
			}
		}
	}
	return ""
}

// pbPasswordlessGrant returns the marker of a passwordless sudo or doas rule
// written by a RUN ("NOPASSWD", "permit nopass"), "" when none.
func pbPasswordlessGrant(text string) string {
	switch {
	case strings.Contains(text, "NOPASSWD"):
		return "NOPASSWD"
	case strings.Contains(text, "permit nopass"):
		return "permit nopass"
	}
	return ""
}

// pbRunsNonRoot reports whether the final stage runs as a non-root user:
// an explicit non-root USER (or one whose value is only known at build
// time), or no USER over a base known to run as non-root.
func pbRunsNonRoot(p *rule.Pass, f *df.File) bool {
	final := f.Final()
	if final == nil {
		return false
	}
	u := f.EffectiveUser(final)
	if u.Instruction != nil {
		return u.Unresolved || !u.Root
	}
	if r := final.Root(); r.Scratch || r.BaseUnresolved {
		return false
	}
	ref, ok := pbParse(p, u.BaseRef)
	if !ok {
		return false
	}
	nonRoot, _ := image.KnownNonRoot(ref)
	return nonRoot
}
