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
	sdiEachPackage(f, pkgs, func(pk sdiPackage, line int) {
		p.Reportf(finding.Line(line), sdiLoc(pk.in, "RUN", pk.manager, pk.base), pk.base,
			"%s installs the build tool %s into %s: compilers in the shipped image let an intruder build exploits on the spot and add size and CVEs; build in a separate stage and COPY --from it only the artefact",
			pk.manager, pk.name, sdiStageDesc(f, pk.in.Stage))
	})
}

// sdiIsBuildTool reports compilers and toolchains; "Development Tools" (the
// yum group) is matched here too, whatever its case.
func sdiIsBuildTool(name, base string) bool {
	return knowledge.BuildTool(name) || base == "development tools"
}
