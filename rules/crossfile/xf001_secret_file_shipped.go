package crossfile

import (
	"fmt"
	"strings"

	"github.com/stevedore-dev/stevedore/internal/buildctx"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
	"github.com/stevedore-dev/stevedore/internal/secret"
)

// maxFilesPerCopy bounds the findings of one COPY; the last one says how
// many more files there are.
const maxFilesPerCopy = 10

// XF001 flags secret-like files of the repository that a COPY or ADD of a
// shipped stage really sends into the image, given the .dockerignore.
var XF001 = &rule.Rule{
	ID: "XF001", Name: "secret-file-shipped", Title: "COPY ships a secret-like file from the build context",
	Severity: finding.High, Kind: rule.KindCrossFile, Note: "build-context-and-drift",
	Check: checkXF001,
}

func checkXF001(p *rule.Pass) {
	for _, site := range copySites(p) {
		var hits []string
		kinds := map[string]string{}
		for _, src := range site.sources {
			for _, f := range site.ctx.Sources(src) {
				name := strings.TrimSuffix(f, "/")
				ok, kind := secret.SecretLikeFile(name)
				if name == ".git" || strings.HasSuffix(name, "/.git") {
					ok, kind = true, "git repository (history, remotes, credentials in config)"
				}
				if ok {
					if _, dup := kinds[name]; !dup {
						hits = append(hits, name)
					}
					kinds[name] = kind
				}
			}
		}
		for i, name := range hits {
			if i == maxFilesPerCopy {
				p.Report(finding.Finding{Path: site.path, Range: site.in.Range, Location: location(site.stage, site.in) + "/…",
					Evidence: fmt.Sprintf("%d more", len(hits)-maxFilesPerCopy),
					Message:  fmt.Sprintf("%s also ships %d more secret-like files; run `stevedore scan` locally for the full list", site.in.Cmd, len(hits)-maxFilesPerCopy)})
				break
			}
			ignore := "no .dockerignore applies"
			if site.ctx.IgnoreFile != "" {
				ignore = site.ctx.IgnoreFile + " does not exclude it"
			}
			shown := name
			if site.ctx.Dir != "." {
				shown = site.ctx.Dir + "/" + name
			}
			// Related places let a review anchor the finding where a change
			// made the file ship: the .dockerignore, or the file itself.
			related := []finding.Related{{Path: shown, Message: "ships into the image"}}
			if site.ctx.IgnoreFile != "" {
				related = append(related, finding.Related{Path: site.ctx.IgnoreFile, Message: "does not exclude " + shown})
			}
			p.Report(finding.Finding{
				Path: site.path, Range: site.in.Range,
				Location: location(site.stage, site.in) + "/" + name,
				Evidence: shown,
				Related:  related,
				Message: fmt.Sprintf("%s ships %s (%s) into the image: %s; add `%s` to the .dockerignore",
					site.in.Cmd, shown, kinds[name], ignore, buildctx.SuggestIgnore(name)),
			})
		}
	}
}
