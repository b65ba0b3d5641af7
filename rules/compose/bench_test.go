package compose

import (
	"io/fs"
	"os"
	"path"
	"strings"
	"testing"

	cmodel "github.com/stevedore-dev/stevedore/internal/compose"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/linttest"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// BenchmarkRules runs every Compose rule over the projects of testdata
// (loaded once), reporting projects checked per second.
func BenchmarkRules(b *testing.B) {
	fsys := os.DirFS("testdata")
	var files []string
	_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".yaml") {
			files = append(files, p)
		}
		return nil
	})
	var projects []*cmodel.Project
	for _, group := range cmodel.GroupProjects(files) {
		if p, err := cmodel.Load(fsys, path.Dir(group[0]), group, cmodel.Options{}); err == nil {
			projects = append(projects, p)
		}
	}
	if len(projects) == 0 {
		b.Fatal("no project loaded")
	}
	opts := &rule.Options{Today: linttest.Today, EOLSoonDays: 90}
	rules := Rules()
	n := 0
	b.ResetTimer()
	for b.Loop() {
		for _, proj := range projects {
			for _, r := range rules {
				p := rule.NewPass(r, proj.Files[0], opts, func(finding.Finding) { n++ })
				p.Compose, p.FS = proj, fsys
				r.Check(p)
			}
		}
	}
	b.ReportMetric(float64(b.N*len(projects))/b.Elapsed().Seconds(), "projects/s")
}
