package dockerfile

import (
	"strings"

	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/knowledge"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF032 flags debuggers, sniffers and remote-access tools installed into
// the image that ships.
var DF032 = &rule.Rule{
	ID:       "DF032",
	Name:     "debug-tools-installed",
	Title:    "Debug or remote-access tool installed in the shipped image",
	Severity: finding.Medium,
	Kind:     rule.KindDockerfile,
	Note:     "debug-surface",
	Check:    checkDF032,
}

func checkDF032(p *rule.Pass) {
	f := p.Dockerfile
	sdiEachPackage(f, sdiShippedPackages(f, sdiIsDebugTool), func(pk sdiPackage, line int) {
		what, _ := knowledge.DebugTool(pk.name)
		p.Reportf(finding.Line(line), sdiLoc(pk.in, "RUN", pk.manager, pk.base), pk.base,
			"%s installs %s (%s) into %s: it stays in the image and hands an intruder a ready-made tool; install it only in a debug image or a build stage",
			pk.manager, pk.name, what, sdiStageDesc(f, pk.in.Stage))
	})
	// sshd set up by hand: host keys generated or the privilege-separation
	// folder created.
	for _, st := range sdiShippedInOrder(f) {
		for _, in := range st.Instructions {
			if in.Cmd != "RUN" || !sdiRunMentions(in, "ssh") {
				continue
			}
			for _, c := range in.Shell().Commands {
				if sdiSSHDSetup(c) {
					p.Reportf(finding.Line(c.Line), sdiLoc(in, "RUN", "sshd"), "sshd",
						"RUN in %s sets up an SSH server (%s): a shell service in a container is an extra way in and needs its own keys and patching; use docker exec or kubectl exec instead",
						sdiStageDesc(f, st), strings.TrimSpace(c.Name+" "+strings.Join(c.Args, " ")))
					break
				}
			}
		}
	}
}

// sdiSSHDSetup reports commands that set up an SSH server: ssh-keygen -A,
// mkdir /var/run/sshd, sshd itself.
func sdiSSHDSetup(c *dockerfile.Command) bool {
	switch c.Name {
	case "ssh-keygen":
		return c.HasShort('A')
	case "sshd":
		return true
	case "mkdir":
		for _, a := range c.Operands() {
			if a == "/var/run/sshd" || a == "/run/sshd" {
				return true
			}
		}
	}
	return false
}

func sdiIsDebugTool(name, _ string) bool {
	_, bad := knowledge.DebugTool(name)
	return bad
}

// sdiPackage is one package installed by a package manager in a RUN.
type sdiPackage struct {
	in      *dockerfile.Instruction
	cmd     *dockerfile.Command
	manager string // "apt-get install", "apk add"…
	name    string // as written: "gdb=12.1-0"
	base    string // without version or architecture: "gdb"
}

// sdiPkgManagers maps package-manager commands to their install and removal
// subcommands.
var sdiPkgManagers = map[string]struct{ install, remove []string }{
	"apt-get":  {[]string{"install"}, []string{"remove", "purge"}},
	"apt":      {[]string{"install"}, []string{"remove", "purge"}},
	"aptitude": {[]string{"install"}, []string{"remove", "purge"}},
	"apk":      {[]string{"add"}, []string{"del"}},
	"yum":      {[]string{"install", "groupinstall"}, []string{"remove", "erase", "groupremove"}},
	"dnf":      {[]string{"install", "groupinstall"}, []string{"remove", "erase", "groupremove"}},
	"microdnf": {[]string{"install"}, []string{"remove"}},
	"tdnf":     {[]string{"install"}, []string{"remove", "erase"}},
	"zypper":   {[]string{"install", "in"}, []string{"remove", "rm"}},
	"pip":      {[]string{"install"}, []string{"uninstall"}},
	"pip3":     {[]string{"install"}, []string{"uninstall"}},
}

// sdiValueOptions are package-manager options whose value is the next word.
var sdiValueOptions = map[string]bool{
	"-o": true, "-t": true, "--target-release": true, "--virtual": true, "-X": true, "--repository": true,
	"-p": true, "--root": true, "--enablerepo": true, "--disablerepo": true, "--setopt": true, "-c": true,
	"--releasever": true, "--installroot": true, "-x": true, "--exclude": true, "-r": true, "--repo": true,
	"--type": true, "--requirement": true, "--constraint": true, "-i": true, "--index-url": true,
	"--extra-index-url": true, "-f": true, "--find-links": true, "--target": true, "--trusted-host": true,
	"--prefix": true, "-e": true, "--editable": true, "--from": true, "--config": true, "-C": true,
}

// sdiShippedPackages returns the packages installed with a literal name in
// the shipped stages (final stage and the stages it is built FROM) that keep
// selects, leaving out those removed again later (apt-get purge gcc, apk del
// .build-deps) and those of a RUN that later removes packages it cannot name
// ($buildDeps).
func sdiShippedPackages(f *dockerfile.File, keep func(name, base string) bool) []sdiPackage {
	if f == nil {
		return nil
	}
	type removal struct {
		seq  int
		name string
	}
	var (
		pkgs     []sdiPackage
		seqs     []int
		groups   []string // the --virtual group of each package, "" if none
		removals []removal
		seq      int
	)
	for _, st := range sdiShippedInOrder(f) {
		for _, in := range st.Instructions {
			if in.Cmd != "RUN" || !sdiRunMentions(in, "apt", "apk", "yum", "dnf", "zypper", "pip") {
				continue
			}
			first := len(pkgs)
			markedAuto := false // apt-mark auto: a later --auto-remove purges them
			for _, c := range in.Shell().Commands {
				if c.Name == "apt-mark" && c.Sub() == "auto" {
					markedAuto = true
					continue
				}
				mgr, ok := sdiPkgManagers[c.Name]
				if !ok {
					continue
				}
				sub, at := sdiSubcommand(c)
				autoRemove := sub == "autoremove" || c.Has("--auto-remove", "--autoremove")
				switch {
				case markedAuto && autoRemove && (c.Name == "apt-get" || c.Name == "apt"):
					// The official images' pattern: mark everything auto, re-mark
					// what is needed, purge the rest.
					seq++
					for k := first; k < len(pkgs); k++ {
						removals = append(removals, removal{seq, pkgs[k].base})
					}
				case sdiHas(mgr.install, sub):
					group, _ := c.Value("--virtual", "-t")
					if c.Name != "apk" {
						group = ""
					}
					for _, i := range sdiPackageArgs(c, at+1) {
						name := c.Args[i]
						if name == group {
							continue
						}
						seq++
						base := sdiPackageBase(name)
						if !keep(name, base) {
							continue
						}
						pkgs = append(pkgs, sdiPackage{in: in, cmd: c, manager: c.Name + " " + sub, name: name, base: base})
						seqs = append(seqs, seq)
						groups = append(groups, group)
					}
				case sdiHas(mgr.remove, sub):
					seq++
					for _, i := range sdiPackageArgs(c, at+1) {
						removals = append(removals, removal{seq, sdiPackageBase(c.Args[i])})
					}
					for i := at + 1; i < len(c.Args); i++ {
						if !c.Literal(i) {
							// Removes packages it cannot name: assume this RUN's installs go.
							for k := first; k < len(pkgs); k++ {
								removals = append(removals, removal{seq, pkgs[k].base})
							}
							break
						}
					}
				}
			}
		}
	}
	var out []sdiPackage
	for i, pk := range pkgs {
		removed := false
		for _, r := range removals {
			if r.seq > seqs[i] && (r.name == pk.base || groups[i] != "" && r.name == groups[i]) {
				removed = true
				break
			}
		}
		if !removed {
			out = append(out, pk)
		}
	}
	return out
}

// sdiSubcommand returns a package manager's subcommand and its index in
// Args, skipping options and their values ("-o X", "--virtual name").
func sdiSubcommand(c *dockerfile.Command) (string, int) {
	for i := 0; i < len(c.Args); i++ {
		a := c.Args[i]
		switch {
		case a == "--":
			return "", -1
		case sdiValueOptions[a]:
			i++
		case strings.HasPrefix(a, "-"):
		default:
			if c.Name == "yum" || c.Name == "dnf" {
				if a == "group" && i+1 < len(c.Args) && c.Args[i+1] == "install" {
					return "groupinstall", i + 1
				}
				if a == "group" && i+1 < len(c.Args) && (c.Args[i+1] == "remove" || c.Args[i+1] == "erase") {
					return "groupremove", i + 1
				}
			}
			return a, i
		}
	}
	return "", -1
}

// sdiPackageArgs returns the indexes of the literal package operands from
// Args[from:] (options and their values skipped; local files and names
// with variables left out).
func sdiPackageArgs(c *dockerfile.Command, from int) []int {
	if from <= 0 {
		return nil
	}
	var out []int
	for i := from; i < len(c.Args); i++ {
		a := c.Args[i]
		switch {
		case sdiValueOptions[a]:
			i++
		case strings.HasPrefix(a, "-"):
		case !c.Literal(i), a == "", strings.ContainsAny(a, "/$*"), strings.HasSuffix(a, ".deb"), strings.HasSuffix(a, ".rpm"):
		default:
			out = append(out, i)
		}
	}
	return out
}

// sdiPackageBase strips version pins and architectures: gdb=12.1 → gdb,
// gcc-c++ stays, "Development Tools" is lower-cased.
func sdiPackageBase(name string) string {
	p := strings.TrimSpace(name)
	for _, sep := range []string{"==", "=", "@", ":", ">", "<", "~", "["} {
		if i := strings.Index(p, sep); i > 0 {
			p = p[:i]
		}
	}
	return strings.ToLower(p)
}
