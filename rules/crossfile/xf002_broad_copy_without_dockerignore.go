package crossfile

import (
	"fmt"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// XF002 flags `COPY .` of a shipped stage whose build context has no
// .dockerignore at all.
var XF002 = &rule.Rule{
	ID: "XF002", Name: "broad-copy-without-dockerignore", Title: "COPY of the whole build context with no .dockerignore",
	Severity: finding.Medium, Kind: rule.KindCrossFile, Note: "build-context-and-drift",
	Check: checkXF002,
}

func checkXF002(p *rule.Pass) {
	for _, site := range copySites(p) {
		if site.ctx.IgnoreFile != "" {
			continue
		}
		for _, src := range site.sources {
			if !broad(src) {
				continue
			}
			dir := site.ctx.Dir
			p.Report(finding.Finding{
				Path: site.path, Range: site.in.Range, Location: location(site.stage, site.in), Evidence: src,
				Message: fmt.Sprintf("%s %s sends the whole build context (%s, %d files) into the image and there is no .dockerignore; add %s/.dockerignore that excludes .git, .env*, keys and build output",
					site.in.Cmd, src, dir, len(site.ctx.Files()), dir),
			})
			break
		}
	}
}
