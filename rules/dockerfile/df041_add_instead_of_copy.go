package dockerfile

import (
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"

	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF041 flags ADD of local files and folders, where COPY does the job
// without ADD's URL fetching and implicit archive extraction.
var DF041 = &rule.Rule{
	ID:       "DF041",
	Name:     "add-instead-of-copy",
	Title:    "ADD used for local files instead of COPY",
	Severity: finding.Low,
	Kind:     rule.KindDockerfile,
	Note:     "build-context-and-drift",
	Equivalents: rule.Equivalents{Hadolint: []string{"DL3020"}, Trivy: []string{"DS-0005"},
		Checkov: []string{"CKV_DOCKER_4"}, KICS: []string{"add_instead_of_copy"}},
	Check: checkDF041,
}

// sdiArchiveSuffixes are the names of tar archives that ADD unpacks.
var sdiArchiveSuffixes = []string{".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tar.xz", ".txz", ".tar.zst", ".tzst", ".tar.lz", ".tar.z"}

// sdiCopyFlags are the ADD flags COPY also accepts.
var sdiCopyFlags = map[string]bool{"chown": true, "chmod": true, "link": true, "exclude": true}

func checkDF041(p *rule.Pass) {
	f := p.Dockerfile
	if f == nil {
		return
	}
	for _, st := range f.Stages {
		for _, in := range st.Instructions {
			c, ok := in.Command.(*instructions.AddCommand)
			if !ok || len(c.SourcePaths) == 0 {
				continue
			}
			if _, explicit := in.Flag("unpack"); explicit {
				continue // --unpack states what ADD should do with archives
			}
			var local []string
			archive, variable := "", false
			for _, raw := range c.SourcePaths {
				src := raw
				if strings.Contains(src, "$") {
					variable = true
					if v, ok := st.Expand(src, in); ok {
						src = v
					}
				}
				if sdiRemoteKind(src) != "" {
					continue // DF040's business
				}
				local = append(local, raw)
				if archive == "" && sdiIsArchive(src) {
					archive = src
				}
			}
			if len(local) == 0 {
				continue
			}
			ev := strings.Join(local, " ")
			if archive != "" {
				p.Reportf(in.Range, sdiLoc(in, "ADD", ev), ev,
					"ADD in %s unpacks the local archive %s implicitly: a reader cannot tell whether extraction is intended, and a changed archive changes what lands where; write ADD --unpack=true to make it explicit, or COPY to keep the file packed",
					sdiStageDesc(f, st), archive)
				continue
			}
			var fix *finding.Fix
			if !variable && len(local) == len(c.SourcePaths) {
				fix = sdiAddToCopyFix(f, in)
			}
			p.Report(finding.Finding{Range: in.Range, Location: sdiLoc(in, "ADD", ev), Evidence: ev, Fix: fix,
				Message: "ADD in " + sdiStageDesc(f, st) + " copies local files (" + ev + "): use COPY, which only copies, whereas ADD also fetches URLs and unpacks archives, so a renamed or replaced source can silently change what it does"})
		}
	}
}

// sdiIsArchive reports whether a local source is named like a tar archive.
func sdiIsArchive(src string) bool {
	low := strings.ToLower(src)
	for _, s := range sdiArchiveSuffixes {
		if strings.HasSuffix(low, s) {
			return true
		}
	}
	return false
}

// sdiAddToCopyFix replaces the ADD keyword of in's first line with COPY,
// when every flag of in is one COPY accepts; nil otherwise.
func sdiAddToCopyFix(f *dockerfile.File, in *dockerfile.Instruction) *finding.Fix {
	for _, fl := range in.Flags {
		name, _, _ := strings.Cut(strings.TrimPrefix(fl, "--"), "=")
		if !sdiCopyFlags[strings.ToLower(name)] {
			return nil
		}
	}
	n := in.Range.StartLine
	line := f.Line(n)
	body := strings.TrimLeft(line, " \t")
	indent := line[:len(line)-len(body)]
	if len(body) < 4 || !strings.EqualFold(body[:3], "ADD") || (body[3] != ' ' && body[3] != '\t') {
		return nil
	}
	kw := "COPY"
	if body[:3] == "add" {
		kw = "copy"
	}
	return &finding.Fix{Description: "Replace ADD with COPY",
		Edits: []finding.Edit{{StartLine: n, EndLine: n, NewText: indent + kw + body[3:] + "\n"}}}
}
