package main

import (
	"path/filepath"
	"testing"

	"github.com/stevedore-dev/stevedore/internal/linttest"
	"github.com/stevedore-dev/stevedore/internal/rule"
	df "github.com/stevedore-dev/stevedore/rules/dockerfile"
)

func TestMine(t *testing.T) {
	for _, r := range []*rule.Rule{df.DF020, df.DF021, df.DF022, df.DF023, df.DF030, df.DF031, df.DF032, df.DF033, df.DF034, df.DF040, df.DF041, df.DF042, df.DF043, df.DF044, df.DF045} {
		t.Run(r.ID, func(t *testing.T) {
			res := linttest.Run(t, filepath.Join("..", r.ID), []*rule.Rule{r})
			if testing.Verbose() {
				for _, f := range res.Findings {
					t.Logf("%s:%d %s [%s] {%s} %s fix=%v", f.Path, f.Range.StartLine, f.RuleID, f.Location, f.Evidence, f.Message, f.Fix)
				}
			}
		})
	}
}
