// Package crossfile holds the rules that need more than one file (XF…):
// what a COPY really sends given the .dockerignore and the files present,
// and which Compose services and Kubernetes containers run images that a
// Dockerfile of this repository builds.
package crossfile

import (
	"embed"

	"github.com/stevedore-dev/stevedore/internal/rule"
)

//go:embed *.md
var pages embed.FS

// Rules returns the cross-file rules with their pages attached.
func Rules() []*rule.Rule {
	return rule.MustAttachDocs(pages, []*rule.Rule{XF001, XF002, XF003, XF004, XF005})
}
