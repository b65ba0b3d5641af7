package dockerfile

import (
	"strconv"
	"strings"

	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF044 flags package managers told to install packages whose signatures
// are missing or not checked.
var DF044 = &rule.Rule{
	ID:       "DF044",
	Name:     "package-signature-check-disabled",
	Title:    "Package signature checks disabled",
	Severity: finding.High,
	Kind:     rule.KindDockerfile,
	Note:     "supply-chain-and-integrity",
	Equivalents: rule.Equivalents{Checkov: []string{"CKV2_DOCKER_7", "CKV2_DOCKER_8", "CKV2_DOCKER_9", "CKV2_DOCKER_10",
		"CKV2_DOCKER_11"}},
	Check: checkDF044,
}

// sdiSigPrefilter holds lower-case strings one of which a RUN disabling
// signature checks contains.
var sdiSigPrefilter = newSdiFoldSet("allow-untrusted", "allow-unauthenticated", "force-yes", "allowunauthenticated",
	"insecurerepositories", "insecure-repositories", "trusted=yes", "allow-insecure=yes", "gpgcheck", "nosignature",
	"nodigest", "noverify", "nofiledigest", "no-gpg-checks")

// sdiSigArgTriggers are the words worth normalising in any command's
// arguments (repository files and apt options).
var sdiSigArgTriggers = newSdiFoldSet("allowunauthenticated", "insecurerepositories", "trusted", "allow-insecure", "gpgcheck")

func checkDF044(p *rule.Pass) {
	f := p.Dockerfile
	if f == nil {
		return
	}
	for _, st := range f.Stages {
		for _, in := range st.Instructions {
			if in.Cmd != "RUN" || !sdiSigPrefilter.inRun(in) {
				continue
			}
			var seen map[string]bool
			for _, c := range in.Shell().Commands {
				for _, ev := range sdiSignatureOff(c) {
					if seen == nil {
						seen = map[string]bool{}
					}
					key := strconv.Itoa(c.Line) + "\x00" + ev
					if seen[key] {
						continue
					}
					seen[key] = true
					p.Reportf(finding.Line(c.Line), sdiLoc(in, "RUN", ev), ev,
						"RUN in %s installs packages without checking their signatures (%s): a tampered mirror or a man in the middle can slip in any package it likes; fix the repository keys instead",
						sdiStageDesc(f, st), ev)
				}
			}
		}
	}
}

// sdiSignatureOff returns what in one shell command turns off package
// signature checks.
func sdiSignatureOff(c *dockerfile.Command) []string {
	var out []string
	flag := func(names ...string) {
		for _, n := range names {
			if c.Has(n) {
				out = append(out, c.Name+" "+n)
			}
		}
	}
	switch c.Name {
	case "apk":
		if !sdiLocalPackagesOnly(c) {
			flag("--allow-untrusted")
		}
	case "apt-get", "apt", "aptitude":
		flag("--allow-unauthenticated", "--force-yes", "--allow-insecure-repositories", "--allow-downgrade-to-insecure-repositories")
	case "yum", "dnf", "microdnf", "tdnf", "yum-config-manager":
		flag("--nogpgcheck")
	case "rpm":
		flag("--nosignature", "--nodigest", "--nogpgcheck", "--noverify", "--nofiledigest")
	case "zypper":
		flag("--no-gpg-checks")
	}
	for _, a := range c.Args {
		if !sdiSigArgTriggers.in(a) {
			continue
		}
		n := sdiNormalizeSetting(a)
		switch {
		case strings.Contains(n, "allowunauthenticated") && sdiTruthy(n, "allowunauthenticated"):
			out = append(out, "APT::Get::AllowUnauthenticated=true")
		case strings.Contains(n, "allowinsecurerepositories") && sdiTruthy(n, "allowinsecurerepositories"):
			out = append(out, "Acquire::AllowInsecureRepositories=true")
		case strings.Contains(n, "allowdowngradetoinsecurerepositories") && sdiTruthy(n, "allowdowngradetoinsecurerepositories"):
			out = append(out, "Acquire::AllowDowngradeToInsecureRepositories=true")
		case strings.Contains(n, "trusted=yes") && strings.Contains(n, "deb") && !strings.Contains(n, "file:") && !strings.Contains(n, "copy:"):
			// A file:// repository is the official images' way to install
			// packages built a moment ago; it has no network to tamper with.
			out = append(out, "apt source [trusted=yes]")
		case strings.Contains(n, "allow-insecure=yes"):
			out = append(out, "apt source [allow-insecure=yes]")
		case sdiPlainGPGCheckOff(n):
			out = append(out, "gpgcheck=0")
		default:
			continue
		}
		break
	}
	return out
}

// sdiTruthy reports whether key in a normalised word is followed by a true
// value (=true, =1, "true" without the quotes, =yes).
func sdiTruthy(n, key string) bool {
	i := strings.Index(n, key)
	rest := strings.TrimPrefix(n[i+len(key):], "=")
	for _, v := range []string{"true", "1", "yes"} {
		if strings.HasPrefix(rest, v) {
			return true
		}
	}
	return false
}

// sdiPlainGPGCheckOff reports gpgcheck=0/false/no/off in a normalised word
// (repository files and --setopt), not repo_gpgcheck or localpkg_gpgcheck.
func sdiPlainGPGCheckOff(n string) bool {
	for i := 0; ; {
		k := strings.Index(n[i:], "gpgcheck=")
		if k < 0 {
			return false
		}
		s := i + k
		i = s + len("gpgcheck=")
		if strings.HasSuffix(n[:s], "repo_") || strings.HasSuffix(n[:s], "localpkg_") {
			continue
		}
		rest := n[i:]
		for _, v := range []string{"0", "false", "no", "off"} {
			if strings.HasPrefix(rest, v) {
				return true
			}
		}
	}
}

// sdiLocalPackagesOnly reports whether every package operand of an
// `apk add` is a local file (/tmp/packages/x.apk): packages built in the
// same build, which have no signature to check and no mirror to tamper with.
func sdiLocalPackagesOnly(c *dockerfile.Command) bool {
	ops := c.Operands()
	if len(ops) < 2 {
		return false
	}
	for _, a := range ops[1:] {
		if !strings.HasPrefix(a, "/") && !strings.HasPrefix(a, "./") && !strings.HasPrefix(a, "../") {
			return false
		}
	}
	return true
}
