package pbcheck_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stevedore-dev/stevedore/internal/linttest"
	"github.com/stevedore-dev/stevedore/internal/rule"
	"github.com/stevedore-dev/stevedore/rules/dockerfile/testdata/pb_scratch/pbcheck"
)

func TestDump(t *testing.T) {
	id := os.Getenv("DUMP")
	if id == "" {
		t.Skip()
	}
	for _, r := range pbcheck.Rules() {
		if r.ID != id {
			continue
		}
		res := linttest.Scan(t, filepath.Join("testdata", r.ID), []*rule.Rule{r})
		for _, f := range res.Findings {
			t.Logf("%s:%d %s [%s] {%s} %s", f.Path, f.Range.StartLine, f.RuleID, f.Location, f.Evidence, f.Message)
			if f.Fix != nil {
				t.Logf("    fix: %s %+v", f.Fix.Description, f.Fix.Edits)
			}
		}
	}
}
