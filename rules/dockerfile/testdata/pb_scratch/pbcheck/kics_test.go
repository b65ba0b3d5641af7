package pbcheck_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stevedore-dev/stevedore/internal/linttest"
	"github.com/stevedore-dev/stevedore/internal/rule"
	"github.com/stevedore-dev/stevedore/rules/dockerfile/testdata/pb_scratch/pbcheck"
)

func TestKICS(t *testing.T) {
	root := "/work/shared/conformance/kics/dockerfile"
	for _, r := range pbcheck.Rules() {
		for _, q := range r.Equivalents.KICS {
			dir := filepath.Join(root, q)
			var exp []struct {
				Line     int    `json:"line"`
				FileName string `json:"fileName"`
			}
			b, _ := os.ReadFile(filepath.Join(dir, "expected.json"))
			json.Unmarshal(b, &exp)
			res := linttest.Scan(t, dir, []*rule.Rule{r})
			got := map[string]bool{}
			for _, f := range res.Findings {
				if f.RuleID != r.ID {
					continue
				}
				key := f.Path + ":" + itoa(f.Range.StartLine)
				got[key] = true
				if strings.HasPrefix(f.Path, "negative") {
					t.Errorf("%s %s: finding in negative %s: %s", r.ID, q, key, f.Message)
				}
			}
			for _, e := range exp {
				name := e.FileName
				if name == "" {
					name = "positive.dockerfile"
				}
				if !got[name+":"+itoa(e.Line)] {
					t.Errorf("%s %s: missing %s:%d (got %v)", r.ID, q, name, e.Line, got)
				}
			}
		}
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }
