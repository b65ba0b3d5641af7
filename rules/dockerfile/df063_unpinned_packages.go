package dockerfile

import (
	"strings"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF063 flags package installs without versions (apt-get, apk, yum/dnf,
// zypper, pip, npm, gem). It is off by default: pinning OS packages trades
// reproducibility for breakage when the mirror drops the old version.
// Packages named through variables, local files and URLs are not judged.
// Every stage is judged (a build stage's tools shape what ships).
var DF063 = &rule.Rule{
	ID:         "DF063",
	Name:       "unpinned-packages",
	Title:      "Packages installed without a version",
	Severity:   finding.Info,
	Kind:       rule.KindDockerfile,
	Note:       "supply-chain-and-integrity",
	DefaultOff: true,
	Equivalents: rule.Equivalents{
		Hadolint: []string{"DL3008", "DL3013", "DL3016", "DL3018", "DL3028", "DL3033", "DL3037", "DL3041"},
		KICS: []string{"apt_get_install_pin_version_not_defined", "unpinned_package_version_in_apk_add",
			"unpinned_package_version_in_pip_install", "npm_install_without_pinned_version", "gem_install_without_version",
			"yum_install_without_version", "missing_version_specification_in_dnf_install", "zypper_install_without_version"},
	},
	Check: checkDF063,
}

// df063Opaque reports whether a package operand cannot be judged: a
// variable, a path, a URL or a local archive.
func df063Opaque(pkg string) bool {
	if pkg == "" || strings.ContainsAny(pkg, "$*`") || strings.Contains(pkg, "://") {
		return true
	}
	switch pkg[0] {
	case '.', '/', '~':
		return true
	}
	for _, ext := range []string{".deb", ".rpm", ".apk", ".whl", ".tar.gz", ".tgz", ".zip", ".gem"} {
		if strings.HasSuffix(pkg, ext) {
			return true
		}
	}
	return strings.HasPrefix(pkg, "git+") || strings.HasPrefix(pkg, "file:") || strings.HasPrefix(pkg, "github:")
}

// df063RpmVersioned reports a "-<digit>" version suffix (httpd-2.4.6).
func df063RpmVersioned(pkg string) bool {
	for i := 0; i+1 < len(pkg); i++ {
		if pkg[i] == '-' && pkg[i+1] >= '0' && pkg[i+1] <= '9' {
			return true
		}
	}
	return false
}

// df063Pinned reports whether a package operand of manager m names a version.
func df063Pinned(m, pkg string) bool {
	switch m {
	case "apt-get", "apt":
		return strings.Contains(pkg, "=")
	case "apk":
		return strings.ContainsAny(pkg, "=~<>")
	case "yum", "dnf", "microdnf", "dnf5", "tdnf":
		return df063RpmVersioned(pkg) || strings.ContainsAny(pkg, "=<>")
	case "zypper":
		return df063RpmVersioned(pkg) || strings.ContainsAny(pkg, "=<>")
	case "pip":
		return strings.ContainsAny(pkg, "=<>~!@")
	case "gem":
		return strings.Contains(pkg, ":")
	case "npm":
		i := strings.LastIndex(pkg, "@")
		return i > 0 && pkg[i+1:] != "" && pkg[i+1:] != "latest"
	}
	return true
}

func checkDF063(p *rule.Pass) {
	f := p.Dockerfile
	for _, st := range hygStages(f, false) {
		for _, in := range st.Instructions {
			if !hygMentions(in, "apt", "apk", "yum", "dnf", "zypper", "pip", "npm", "gem") {
				continue
			}
			unpinned := map[string][]string{}
			var order []hygPkgCall
			for _, pc := range hygPkgCalls(in.Shell()) {
				if !hygIsInstall(pc) || pc.Manager == "pacman" || hygSimulated(pc) {
					continue
				}
				pkgs := hygPackages(pc)
				if pc.Manager == "gem" && len(pkgs) == 1 && pc.Has("-v", "--version") {
					continue
				}
				if pc.Manager == "npm" && df063NpmGitHub(pkgs) {
					pkgs = df063NoShorthand(pkgs)
				}
				for _, pkg := range pkgs {
					if df063Opaque(pkg) || df063Pinned(pc.Manager, pkg) || pc.Manager != "npm" && pkg[0] == '@' {
						continue
					}
					if _, seen := unpinned[pc.Manager]; !seen {
						order = append(order, pc)
					}
					unpinned[pc.Manager] = append(unpinned[pc.Manager], pkg)
				}
			}
			for _, pc := range order {
				names := unpinned[pc.Manager]
				ev := pc.Manager + " " + pc.Sub + " " + strings.Join(names, " ")
				if len(ev) > 120 {
					ev = ev[:120]
				}
				p.Reportf(in.Range, hygLoc(st, "RUN/"+pc.Manager+" "+pc.Sub), ev,
					"%s %s %s installs %s without a version, so each build may get a different release", pc.Manager, pc.Sub, hygStageWords(f, st), strings.Join(names, ", "))
			}
		}
	}
}

// df063NpmGitHub reports whether an npm operand is a "user/repo" shorthand.
func df063NpmGitHub(pkgs []string) bool {
	for _, p := range pkgs {
		if !strings.HasPrefix(p, "@") && strings.Contains(p, "/") {
			return true
		}
	}
	return false
}

func df063NoShorthand(pkgs []string) []string {
	var out []string
	for _, p := range pkgs {
		if strings.HasPrefix(p, "@") || !strings.Contains(p, "/") {
			out = append(out, p)
		}
	}
	return out
}
