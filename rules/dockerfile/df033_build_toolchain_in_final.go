package dockerfile

import (
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/knowledge"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF033 flags compilers and build toolchains installed into the image that
// ships (and not removed again).
var DF033 = &rule.Rule{
	ID:       "DF033",
	Name:     "build-toolchain-in-final",
	Title:    "Build toolchain installed in the shipped image",
	Severity: finding.Low,
	Kind:     rule.KindDockerfile,
	Note:     "debug-surface",
	Check:    checkDF033,
}

func checkDF033(p *rule.Pass) {
	f := p.Dockerfile
	var pkgs []sdiPackage
	for _, pk := range sdiShippedPackages(f, sdiIsBuildTool) {
		if pk.cmd.Name != "pip" && pk.cmd.Name != "pip3" {
			pkgs = append(pkgs, pk)
		}
	}
	// One finding per install command, located and fingerprinted by its
	// first build tool.
	for _, g := range sdiGroupByRun(f, pkgs) {
		first := g.pkgs[0]
		what := "the build tool " + g.names(nil)
		if len(g.pkgs) > 1 {
			what = "the build tools " + g.names(nil)
		}
		p.Reportf(finding.Range{StartLine: g.start, EndLine: g.end}, sdiLoc(first.in, "RUN", first.manager, first.base), first.base,
			"%s installs %s into %s: compilers in the shipped image let an intruder build exploits on the spot and add size and CVEs; build in a separate stage and COPY --from it only the artefact",
			g.manager(), what, sdiStageDesc(f, first.in.Stage))
	}
}

// sdiIsBuildTool reports compilers and toolchains; "Development Tools" (the
// yum group) is matched here too, whatever its case.
func sdiIsBuildTool(name, base string) bool {
	return knowledge.BuildTool(name) || base == "development tools"
}
