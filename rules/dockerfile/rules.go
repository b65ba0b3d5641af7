// Package dockerfile holds the Dockerfile rules (DF…). Runtime-posture rules
// judge what ships — the final stage (or --target) and the stages it is built
// FROM; build stages get build-hygiene rules only; image-trust rules judge
// every external base.
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
