package dockerfile

import (
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"strings"

	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF052 flags package managers that leave their download cache in a layer
// of a shipped stage: apk add without --no-cache, pip install without
// --no-cache-dir, yum/dnf/microdnf/zypper install without a clean in the
// same RUN. Cache mounts are exempt; only stages that may ship are judged
// (dockerfile.File.MayShip), as the point is image size.
var DF052 = &rule.Rule{
	ID:       "DF052",
	Name:     "package-cache-kept",
	Title:    "Package manager cache left in the image",
	Severity: finding.Low,
	Kind:     rule.KindDockerfile,
	Note:     "container-security",
	Equivalents: rule.Equivalents{
		Hadolint: []string{"DL3019", "DL3032", "DL3036", "DL3040", "DL3042"},
		Trivy:    []string{"DS-0015", "DS-0019", "DS-0020", "DS-0025", "DS-0027"},
		KICS: []string{"apk_add_using_local_cache_path", "pip_install_keeping_cached_packages",
			"yum_clean_all_missing", "missing_dnf_clean_all", "missing_zypper_clean"},
	},
	Check: checkDF052,
}

var (
	df052RpmCaches = []string{"/var/cache/yum", "/var/cache/dnf", "/var/cache/libdnf5", "/var/cache/tdnf"}
	df052ApkCaches = []string{"/var/cache/apk", "/etc/apk/cache"}
	df052PipCaches = []string{"/root/.cache", "~/.cache", "$HOME/.cache", "${HOME}/.cache"}
)

func checkDF052(p *rule.Pass) {
	f := p.Dockerfile
	for _, st := range hygStages(f, true) {
		for _, in := range st.Instructions {
			if !hygMentions(in, "apk", "pip", "yum", "dnf", "zypper") {
				continue
			}
			s := in.Shell()
			calls := hygPkgCalls(s)
			done := map[string]bool{}
			for i, pc := range calls {
				family, msg, fix := df052Judge(f, st, in, s, calls, i)
				if msg == "" || done[family] {
					continue
				}
				done[family] = true
				p.Report(finding.Finding{
					Range:    in.Range,
					Location: hygLoc(st, "RUN/"+pc.Manager+" "+pc.Sub),
					Evidence: hygEvidence(pc),
					Message:  pc.Manager + " " + pc.Sub + " " + hygStageWords(f, st) + " " + msg,
					Fix:      fix,
				})
			}
		}
	}
}

// df052Judge returns the cache family of calls[i] and, when it keeps its
// cache, the rest of the message and an optional fix.
func df052Judge(f *dockerfile.File, st *dockerfile.Stage, in *dockerfile.Instruction, s *dockerfile.Script, calls []hygPkgCall, i int) (string, string, *finding.Fix) {
	pc := calls[i]
	switch pc.Manager {
	case "apk":
		// --no-network installs from packages already on disk (the
		// run-time dependencies of a source build) and downloads no index.
		if pc.Sub != "add" || pc.Has("--no-cache", "--no-network") || hygRemoves(s, df052ApkCaches...) || hygCacheMount(in, df052ApkCaches...) {
			return "", "", nil
		}
		return "apk", "keeps the package index in /var/cache/apk (use apk add --no-cache)", hygInsertFlagFix(f, in, pc, "add", "--no-cache")
	case "pip":
		if pc.Sub != "install" || pc.Has("--no-cache-dir") || df052PipNoCache(st, in, pc) ||
			hygRemoves(s, df052PipCaches...) || df052PipMount(in) || df052Later(calls, i, "pip", "cache", "purge") {
			return "", "", nil
		}
		return "pip", "keeps downloaded packages in pip's cache directory (use --no-cache-dir or ENV PIP_NO_CACHE_DIR=1)", hygInsertFlagFix(f, in, pc, "install", "--no-cache-dir")
	case "yum", "dnf", "microdnf", "dnf5", "tdnf":
		if !hygIsInstall(pc) || hygRemoves(s, df052RpmCaches...) || hygCacheMount(in, df052RpmCaches...) ||
			df052Later(calls, i, "rpm", "clean", "all") {
			return "", "", nil
		}
		return "rpm", "is not followed by `" + pc.Manager + " clean all` in the same RUN, so the package cache and metadata stay in the layer", nil
	case "zypper":
		if !hygIsInstall(pc) || hygRemoves(s, "/var/cache/zypp") || hygCacheMount(in, "/var/cache/zypp") ||
			df052Later(calls, i, "zypper", "clean", "") || df052Later(calls, i, "zypper", "cc", "") {
			return "", "", nil
		}
		return "zypper", "is not followed by `zypper clean` in the same RUN, so the package cache stays in the layer", nil
	}
	return "", "", nil
}

// df052Later reports whether a call after calls[i] of the family runs sub
// (with the operand, when not "").
func df052Later(calls []hygPkgCall, i int, family, sub, operand string) bool {
	for _, c := range calls[i+1:] {
		fam := c.Manager
		switch fam {
		case "yum", "dnf", "microdnf", "dnf5", "tdnf":
			fam = "rpm"
		}
		if fam != family || c.Sub != sub {
			continue
		}
		if operand == "" {
			return true
		}
		for _, o := range c.Operands {
			if o == operand {
				return true
			}
		}
	}
	return false
}

// df052PipNoCache reports whether PIP_NO_CACHE_DIR is set for the call (on
// the command, by ENV or by ARG).
func df052PipNoCache(st *dockerfile.Stage, in *dockerfile.Instruction, pc hygPkgCall) bool {
	for _, e := range pc.Cmd.Env {
		if strings.HasPrefix(e, "PIP_NO_CACHE_DIR=") {
			return true
		}
	}
	if strings.Contains(in.Original, "PIP_NO_CACHE_DIR") {
		return true
	}
	for s := st; s != nil; s = s.BaseStage {
		for _, x := range s.Instructions {
			if (x.Cmd == "ENV" || x.Cmd == "ARG") && strings.Contains(x.Original, "PIP_NO_CACHE_DIR") {
				return true
			}
		}
	}
	return false
}

// df052PipMount reports whether a cache or tmpfs mount covers a .cache
// directory.
func df052PipMount(in *dockerfile.Instruction) bool {
	for _, m := range in.Mounts() {
		if (m.Type == instructions.MountTypeCache || m.Type == instructions.MountTypeTmpfs) && strings.Contains(m.Target, "/.cache") {
			return true
		}
	}
	return false
}
