package engine_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/stevedore-dev/stevedore/internal/config"
	"github.com/stevedore-dev/stevedore/internal/engine"
	"github.com/stevedore-dev/stevedore/internal/testenv"
	"github.com/stevedore-dev/stevedore/rules"
)

// TestCorpusScansWithoutPanic scans every real file of ../shared/corpus with
// every rule on: no panic, no rule crash (an SD001 "Internal error in rule"),
// and every finding positioned at line 1 or later.
func TestCorpusScansWithoutPanic(t *testing.T) {
	corpus := testenv.Shared(t, "corpus")
	cfg := config.Default()
	cfg.Rules = map[string]config.RuleSetting{}
	on := true
	for _, r := range rules.All() {
		cfg.Rules[r.ID] = config.RuleSetting{Enabled: &on}
	}
	s, err := engine.New(rules.All(), cfg, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.Scan(context.Background(), os.DirFS(corpus))
	if err != nil {
		t.Fatal(err)
	}
	crashes := 0
	for _, f := range res.Findings {
		if f.Range.StartLine < 1 {
			t.Errorf("%s: %s at line %d", f.Path, f.RuleID, f.Range.StartLine)
		}
		if f.RuleID == "SD001" && strings.HasPrefix(f.Location, "rule[") {
			crashes++
			t.Errorf("%s: %s", f.Path, f.Message)
		}
	}
	t.Logf("%d files, %d findings, %d rule crashes", len(res.Files), len(res.Findings), crashes)
}
