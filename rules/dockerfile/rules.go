// Package dockerfile holds the Dockerfile rules (DF…). Runtime-posture rules
// judge what ships — the final stage (or --target) and the stages it is built
// FROM; size and layer-hygiene rules judge every stage whose image may be an
// output (dockerfile.File.MayShip: also, without --target, the stages no
// other stage uses); other build-hygiene rules judge every stage; image-trust
// rules judge every external base.
package dockerfile

import (
	"embed"

	"github.com/stevedore-dev/stevedore/internal/rule"
)

//go:embed *.md
var pages embed.FS

// Rules returns the Dockerfile rules with their pages attached.
func Rules() []*rule.Rule {
	var all []*rule.Rule
	all = append(all, privilegeAndBaseRules()...)
	all = append(all, secretDebugIntegrityRules()...)
	all = append(all, hygieneRules()...)
	all = append(all, buildkitRules()...)
	rule.Sort(all)
	return rule.MustAttachDocs(pages, all)
}
