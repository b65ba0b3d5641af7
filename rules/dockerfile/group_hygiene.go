package dockerfile

import (
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"path"
	"strconv"
	"strings"

	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// hygieneRules lists this group's rules: build hygiene (package managers,
// WORKDIR, CMD/ENTRYPOINT form, stage names and references, the shell,
// download tools, layers).
func hygieneRules() []*rule.Rule {
	return []*rule.Rule{DF050, DF051, DF052, DF053, DF054, DF055, DF056, DF057, DF058, DF059, DF060, DF061, DF062, DF063, DF064, DF065, DF066, DF067, DF068, DF069, DF070, DF071}
}

// The helpers below are shared by the hygiene rules (prefix hyg, so they
// cannot clash with other groups' helpers in this package).

// hygStageLabel names a stage for locations: "final" for the stage that is
// built, else its name, else its index.
func hygStageLabel(s *dockerfile.Stage) string {
	switch {
	case s == nil:
		return "?"
	case s.IsFinal():
		return "final"
	case s.Name != "":
		return s.Name
	}
	return strconv.Itoa(s.Index)
}

// hygLoc builds a location "stage[<label>]/<what>".
func hygLoc(s *dockerfile.Stage, what string) string {
	return "stage[" + hygStageLabel(s) + "]/" + what
}

// hygStageWords says where a stage stands, for messages: "in the final
// stage", "in stage X (the final stage is built FROM it)", "in stage X (no
// other stage uses it, so it may be built and shipped on its own)", "in
// stage X (stage Y, which no other stage uses, is built FROM it)", else "in
// build stage X".
func hygStageWords(f *dockerfile.File, s *dockerfile.Stage) string {
	switch {
	case s.IsFinal():
		return "in the final stage"
	case f.Ships(s):
		return "in stage " + s.String() + " (the final stage is built FROM it)"
	case f.MayShip(s):
		out := f.OutputFor(s)
		if out == nil || out == s {
			return "in stage " + s.String() + " (no other stage uses it, so it may be built and shipped on its own)"
		}
		return "in stage " + s.String() + " (stage " + strings.TrimPrefix(out.String(), "stage ") + ", which no other stage uses, is built FROM it)"
	}
	return "in build stage " + s.String()
}

// hygMentions is a cheap pre-filter before parsing a RUN's shell: the
// instruction's text contains one of words, or it has heredoc bodies (which
// Original does not include).
func hygMentions(in *dockerfile.Instruction, words ...string) bool {
	if in.Cmd != "RUN" {
		return false
	}
	if len(in.Heredocs) > 0 {
		return true
	}
	for _, w := range words {
		if strings.Contains(in.Original, w) {
			return true
		}
	}
	return false
}

// hygOperands returns the arguments of args that are not options, skipping
// the value of every option listed in withValue ("-o", "--option"). Options
// written "--name=value" carry their value themselves.
func hygOperands(args []string, withValue map[string]bool) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return append(out, args[i+1:]...)
		case strings.HasPrefix(a, "-") && a != "-":
			if withValue[a] {
				i++
			}
		default:
			out = append(out, a)
		}
	}
	return out
}

// Options that take a separate value, per package manager.
var (
	hygAptValue = map[string]bool{"-o": true, "-c": true, "-t": true, "--option": true, "--config-file": true, "--target-release": true, "--default-release": true, "-a": true, "--host-architecture": true}
	hygApkValue = map[string]bool{"-X": true, "--repository": true, "-p": true, "--root": true, "-t": true, "--virtual": true, "--cache-dir": true, "--keys-dir": true, "--arch": true, "--repositories-file": true}
	hygRpmValue = map[string]bool{"-c": true, "--config": true, "--installroot": true, "--enablerepo": true, "--disablerepo": true, "-x": true, "--exclude": true, "--releasever": true, "--setopt": true, "-d": true, "-e": true, "--repo": true, "--repoid": true, "--forcearch": true}
	hygZypValue = map[string]bool{"-c": true, "--config": true, "-r": true, "--repo": true, "--root": true, "-t": true, "--type": true, "--from": true}
	hygPipValue = map[string]bool{"-r": true, "--requirement": true, "-c": true, "--constraint": true, "-e": true, "--editable": true, "-i": true, "--index-url": true, "--extra-index-url": true, "-f": true, "--find-links": true, "-t": true, "--target": true, "--prefix": true, "--root": true, "--src": true, "--trusted-host": true, "--platform": true, "--python-version": true, "--implementation": true, "--abi": true, "--upgrade-strategy": true, "--progress-bar": true, "--cache-dir": true, "--log": true, "--proxy": true, "--timeout": true, "--retries": true, "--exists-action": true, "--cert": true, "--client-cert": true, "--global-option": true, "--config-settings": true, "-C": true, "--no-binary": true, "--only-binary": true, "--root-user-action": true, "--report": true, "--python": true}
	hygNpmValue = map[string]bool{"--prefix": true, "--registry": true, "--cache": true, "-w": true, "--workspace": true, "--tag": true, "--userconfig": true, "--omit": true, "--include": true}
	hygGemValue = map[string]bool{"-v": true, "--version": true, "-i": true, "--install-dir": true, "-n": true, "--bindir": true, "--source": true, "-s": true, "-P": true, "--trust-policy": true, "--platform": true}
)

// hygManagerValue maps each package manager a RUN calls by name to the
// options of it that take a separate value (pip, also called through
// python -m, is found by hygPip).
var hygManagerValue = map[string]map[string]bool{
	"apt-get": hygAptValue, "apt": hygAptValue, "apk": hygApkValue,
	"yum": hygRpmValue, "dnf": hygRpmValue, "microdnf": hygRpmValue, "dnf5": hygRpmValue, "tdnf": hygRpmValue,
	"zypper": hygZypValue, "npm": hygNpmValue, "gem": hygGemValue, "pacman": {},
}

// hygPkgCall is one package-manager command of a RUN, normalised: Manager is
// a key of hygManagerValue ("apt-get", "apk", "dnf", "npm", "pacman", …) or
// "pip"; Args are the manager's arguments (after "python -m pip"); Sub is
// its subcommand.
type hygPkgCall struct {
	Cmd     *dockerfile.Command
	Manager string
	Args    []string
	Sub     string
	// Operands are the non-option arguments after Sub (package names).
	Operands []string
}

// Has reports whether any of flags is among the arguments (see
// dockerfile.Command.Has; for pip the arguments after "python -m pip").
func (p hygPkgCall) Has(flags ...string) bool {
	c := &dockerfile.Command{Args: p.Args}
	return c.Has(flags...)
}

// hygPip returns the pip arguments of c: `pip …`, `pip3.12 …` or
// `python3 -m pip …`.
func hygPip(c *dockerfile.Command) ([]string, bool) {
	n := c.Name
	if strings.HasPrefix(n, "pip") && strings.Trim(n[3:], "0123456789.") == "" {
		return c.Args, true
	}
	if strings.HasPrefix(n, "python") && strings.Trim(n[6:], "0123456789.") == "" {
		for i := 0; i+1 < len(c.Args); i++ {
			a := c.Args[i]
			if a == "-m" {
				if c.Args[i+1] == "pip" {
					return c.Args[i+2:], true
				}
				return nil, false
			}
			if !strings.HasPrefix(a, "-") {
				return nil, false
			}
		}
	}
	return nil, false
}

// hygPkgCalls returns the package-manager commands of a RUN's script,
// found once per script for the rules that each ask (read-only).
func hygPkgCalls(s *dockerfile.Script) []hygPkgCall {
	if s == nil {
		return nil
	}
	calls, _ := s.Memo(hygPkgCallsKey{}, func() any { return findPkgCalls(s) }).([]hygPkgCall)
	return calls
}

// hygPkgCallsKey keys hygPkgCalls in dockerfile.Script.Memo.
type hygPkgCallsKey struct{}

func findPkgCalls(s *dockerfile.Script) []hygPkgCall {
	var out []hygPkgCall
	for _, c := range s.Commands {
		p := hygPkgCall{Cmd: c, Manager: c.Name, Args: c.Args}
		withValue, ok := hygManagerValue[c.Name]
		if !ok {
			args, isPip := hygPip(c)
			if !isPip {
				continue
			}
			p.Manager, p.Args, withValue = "pip", args, hygPipValue
		}
		p.split(withValue)
		out = append(out, p)
	}
	return out
}

func (p *hygPkgCall) split(withValue map[string]bool) {
	ops := hygOperands(p.Args, withValue)
	if len(ops) > 0 {
		p.Sub, p.Operands = ops[0], ops[1:]
	}
}

// hygIsInstall reports whether the call installs packages (apt-get install,
// apk add, pip install, …).
func hygIsInstall(p hygPkgCall) bool {
	switch p.Manager {
	case "apt-get", "apt":
		return p.Sub == "install"
	case "apk":
		return p.Sub == "add"
	case "yum", "dnf", "microdnf", "dnf5", "tdnf":
		switch p.Sub {
		case "install", "in", "groupinstall", "localinstall", "reinstall":
			return true
		}
	case "zypper":
		return p.Sub == "install" || p.Sub == "in"
	case "pip", "gem":
		return p.Sub == "install"
	case "npm":
		switch p.Sub {
		case "install", "i", "add", "in", "isntall":
			return true
		}
	case "pacman":
		return hygPacmanOp(p.Args, 'S') && len(p.Operands)+len(p.subAsOperand()) > 0
	}
	return false
}

// subAsOperand: pacman has no subcommand, so its first operand is a package.
func (p hygPkgCall) subAsOperand() []string {
	if p.Manager == "pacman" && p.Sub != "" {
		return []string{p.Sub}
	}
	return nil
}

// hygPacmanOp reports whether pacman's operation group (-S, -Syu) is op.
func hygPacmanOp(args []string, op byte) bool {
	for _, a := range args {
		if len(a) > 1 && a[0] == '-' && a[1] != '-' {
			return a[1] == op
		}
		if a == "--sync" && op == 'S' {
			return true
		}
	}
	return false
}

// hygPackages returns the package operands of an install call.
func hygPackages(p hygPkgCall) []string {
	if p.Manager == "pacman" {
		return append(p.subAsOperand(), p.Operands...)
	}
	return p.Operands
}

// hygEvidence is "<manager> <sub> <packages…>" with URLs replaced, bounded.
func hygEvidence(p hygPkgCall) string {
	parts := []string{p.Manager}
	if p.Sub != "" && p.Manager != "pacman" {
		parts = append(parts, p.Sub)
	}
	for _, op := range hygPackages(p) {
		if strings.Contains(op, "://") || strings.Contains(op, "@") && strings.Contains(op, ":") {
			op = "<url>"
		}
		parts = append(parts, op)
	}
	s := strings.Join(parts, " ")
	if len(s) > 120 {
		s = s[:120]
	}
	return s
}

// hygRemoves reports whether the script runs rm (or find -delete) on a path
// under one of dirs, e.g. `rm -rf /var/lib/apt/lists/*`.
func hygRemoves(s *dockerfile.Script, dirs ...string) bool {
	for _, c := range s.Commands {
		if c.Name != "rm" && c.Name != "find" {
			continue
		}
		for _, a := range c.Args {
			for _, d := range dirs {
				if strings.HasPrefix(strings.Trim(a, `"'`), d) {
					return true
				}
			}
		}
	}
	return false
}

// hygCacheMount reports whether the RUN has a cache or tmpfs mount whose
// target contains dir (target is dir or one of its parents).
func hygCacheMount(in *dockerfile.Instruction, dirs ...string) bool {
	for _, m := range in.Mounts() {
		if m.Type != instructions.MountTypeCache && m.Type != instructions.MountTypeTmpfs || m.Target == "" {
			continue
		}
		target := path.Clean(m.Target)
		if target == "." {
			continue
		}
		for _, d := range dirs {
			if d == target || strings.HasPrefix(d, strings.TrimSuffix(target, "/")+"/") {
				return true
			}
		}
	}
	return false
}

// hygWholeLineEdit returns an Edit replacing line n of f with text (which
// keeps the line's "\r" if it had one).
func hygWholeLineEdit(f *dockerfile.File, n int, text string) finding.Edit {
	if strings.HasSuffix(f.Line(n), "\r") && !strings.HasSuffix(text, "\r") {
		text += "\r"
	}
	return finding.Edit{StartLine: n, EndLine: n, NewText: text + "\n"}
}

// hygStages returns the stages a rule judges: with mayShip, those whose
// image may be an output (dockerfile.File.MayShip: the final stage's chain
// and, without an explicit target, every stage no other stage consumes,
// with its chain); else all.
func hygStages(f *dockerfile.File, mayShip bool) []*dockerfile.Stage {
	if f == nil {
		return nil
	}
	if !mayShip {
		return f.Stages
	}
	return f.Outputs()
}

// hygFlagSetsPipefail reports whether an argument list (a SHELL or `set`)
// turns pipefail on: "-o pipefail", "-euo pipefail", "-opipefail".
func hygFlagSetsPipefail(args []string) bool {
	for i, a := range args {
		if a == "-opipefail" {
			return true
		}
		if a == "pipefail" && i > 0 {
			prev := args[i-1]
			if len(prev) > 1 && prev[0] == '-' && prev[1] != '-' && strings.HasSuffix(prev, "o") {
				return true
			}
		}
	}
	return false
}

// hygWordAt reports whether line[i:j] is a whole shell word.
func hygWordAt(line string, i, j int) bool {
	if i > 0 && !strings.ContainsRune(" \t;&|(\"'", rune(line[i-1])) {
		return false
	}
	return j >= len(line) || strings.ContainsRune(" \t\\;&|)\"'\r", rune(line[j]))
}

// hygFindWord returns the index of the only whole-word occurrence of w in
// line, or -1 when there is none or more than one.
func hygFindWord(line, w string) int {
	found := -1
	for i := 0; ; {
		k := strings.Index(line[i:], w)
		if k < 0 {
			return found
		}
		at := i + k
		if hygWordAt(line, at, at+len(w)) {
			if found >= 0 {
				return -1
			}
			found = at
		}
		i = at + len(w)
	}
}

// hygInsertFlagFix inserts flag after the subcommand word sub ("install")
// when the command and sub sit on one line that holds exactly one of each.
func hygInsertFlagFix(f *dockerfile.File, in *dockerfile.Instruction, pc hygPkgCall, sub, flag string) *finding.Fix {
	n := pc.Cmd.Line
	line := f.Line(n)
	var out string
	if in.JSONForm && pc.Cmd.Parent == nil {
		if strings.Count(line, `"`+sub+`"`) != 1 || strings.Count(line, `"`+pc.Cmd.Path+`"`) != 1 {
			return nil
		}
		out = strings.Replace(line, `"`+sub+`"`, `"`+sub+`", "`+flag+`"`, 1)
	} else {
		m := hygFindWord(line, pc.Cmd.Path)
		if m < 0 {
			return nil
		}
		k := hygFindWord(line[m:], sub)
		if k < 0 || strings.Count(line, sub) != 1 {
			return nil
		}
		at := m + k + len(sub)
		out = line[:at] + " " + flag + line[at:]
	}
	return &finding.Fix{Description: "Add " + flag, Edits: []finding.Edit{hygWholeLineEdit(f, n, out)}}
}

// hygSimulated reports whether an apt-get call only simulates (`-s`,
// `--dry-run`…): it installs nothing and never prompts.
func hygSimulated(pc hygPkgCall) bool {
	return (pc.Manager == "apt-get" || pc.Manager == "apt") &&
		pc.Has("-s", "--simulate", "--dry-run", "--just-print", "--recon", "--no-act")
}
