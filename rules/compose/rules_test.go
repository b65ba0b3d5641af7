package compose

import (
	"path/filepath"
	"testing"

	"github.com/stevedore-dev/stevedore/internal/linttest"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// TestRules runs every rule over its testdata/<ID> folder with only that
// rule enabled and compares the findings with the want markers.
func TestRules(t *testing.T) {
	for _, r := range Rules() {
		t.Run(r.ID, func(t *testing.T) {
			linttest.Run(t, filepath.Join("testdata", r.ID), []*rule.Rule{r})
		})
	}
}

// TestCatalogue checks what only the Compose rules promise: compose kind,
// and a page that shows how to ignore the rule. Valid values, page
// sections, notes and testdata of every rule are checked across the whole
// catalogue by rules.TestCatalogueValid and
// rules.TestEveryRuleHasPageNoteAndTestdata.
func TestCatalogue(t *testing.T) {
	for _, r := range Rules() {
		if r.Kind != rule.KindCompose {
			t.Errorf("%s: kind %q, want compose", r.ID, r.Kind)
		}
	}
}
