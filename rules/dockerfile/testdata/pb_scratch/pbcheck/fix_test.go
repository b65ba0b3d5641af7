package pbcheck_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stevedore-dev/stevedore/internal/linttest"
	"github.com/stevedore-dev/stevedore/internal/rule"
	"github.com/stevedore-dev/stevedore/rules/dockerfile/testdata/pb_scratch/pbcheck"
)

func TestFixes(t *testing.T) {
	for _, r := range pbcheck.Rules() {
		dir := filepath.Join("testdata", r.ID)
		res := linttest.Scan(t, dir, []*rule.Rule{r})
		for _, f := range res.Findings {
			if f.Fix == nil || len(f.Fix.Edits) == 0 {
				continue
			}
			data, _ := os.ReadFile(filepath.Join(dir, f.Path))
			lines := strings.SplitAfter(string(data), "\n")
			for i := len(f.Fix.Edits) - 1; i >= 0; i-- {
				e := f.Fix.Edits[i]
				lines = append(lines[:e.StartLine-1], append([]string{e.NewText}, lines[e.EndLine:]...)...)
			}
			tmp := t.TempDir()
			os.WriteFile(filepath.Join(tmp, "Dockerfile"), []byte(strings.Join(lines, "")), 0o644)
			res2 := linttest.Scan(t, tmp, []*rule.Rule{r})
			for _, g := range res2.Findings {
				if g.RuleID == r.ID {
					t.Errorf("%s %s: after fix still %s", r.ID, f.Path, g.Message)
				}
			}
			t.Logf("%s %s fixed:\n%s", r.ID, f.Path, strings.Join(lines, ""))
		}
	}
}
