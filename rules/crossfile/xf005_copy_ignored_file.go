package crossfile

import (
	"fmt"
	"strings"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// buildKitCopyIgnoredFile is BuildKit's name for the check XF005 mirrors.
const buildKitCopyIgnoredFile = "CopyIgnoredFile"

// XF005 flags a COPY or ADD, in any stage, whose source the build
// context's .dockerignore excludes: BuildKit's CopyIgnoredFile check, which
// it can only run with the build context at hand.
var XF005 = &rule.Rule{
	ID: "XF005", Name: "copy-ignored-file", Title: "COPY or ADD names a source the .dockerignore excludes",
	Severity: finding.Low, Kind: rule.KindCrossFile, Note: "build-context-and-drift",
	Equivalents: rule.Equivalents{BuildKit: []string{buildKitCopyIgnoredFile}},
	Check:       checkXF005,
}

func checkXF005(p *rule.Pass) {
	skip := map[string]bool{} // by Dockerfile: # check=skip= turns the check off
	for _, site := range allCopySites(p) {
		// BuildKit judges nothing when no .dockerignore applies, or when it
		// has `!` exceptions (it cannot tell statically whether one brings
		// an excluded file back).
		if site.ignore == nil || site.ignore.Exclusions() {
			continue
		}
		skipped, seen := skip[site.path]
		if !seen {
			f := site.stage.File()
			skipped = f != nil && f.Check.Skips([]string{buildKitCopyIgnoredFile})
			skip[site.path] = skipped
		}
		if skipped {
			continue
		}
		for _, src := range site.sources {
			name, ignored := site.ignore.CopyIgnored(src)
			if !ignored {
				continue
			}
			outcome := "the build fails with \"not found\""
			if strings.ContainsAny(name, "*?[") || name == "." || name == "/" {
				outcome = "it copies less than it names"
			}
			p.Report(finding.Finding{
				Path: site.path, Range: site.in.Range,
				Location: location(site.stage, site.in) + "/" + name,
				Evidence: name,
				Related:  []finding.Related{{Path: site.ignore.File, Message: "excludes " + name}},
				Message: fmt.Sprintf("%s source %s is excluded from the build context by %s, so %s; copy what the image needs or narrow the .dockerignore",
					site.in.Cmd, name, site.ignore.File, outcome),
			})
		}
	}
}
