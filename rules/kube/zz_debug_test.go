package kube_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stevedore-dev/stevedore/internal/linttest"
	"github.com/stevedore-dev/stevedore/internal/rule"
	kuberules "github.com/stevedore-dev/stevedore/rules/kube"
)

func TestZZDebug(t *testing.T) {
	for _, r := range kuberules.Rules() {
		dir := filepath.Join("testdata", r.ID)
		if os.Getenv("ZZ") != "" && os.Getenv("ZZ") != r.ID {
			continue
		}
		for _, f := range linttest.Scan(t, dir, []*rule.Rule{r}).Findings {
			fmt.Printf("%s %s:%d [%s] {%s} %s\n", f.RuleID, f.Path, f.Range.StartLine, f.Location, f.Evidence, f.Message)
			if f.Fix != nil {
				for _, e := range f.Fix.Edits {
					fmt.Printf("    FIX %q %d-%d:\n%s", f.Fix.Description, e.StartLine, e.EndLine, e.NewText)
				}
			}
		}
	}
}
