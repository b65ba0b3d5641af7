package compose

import (
	"testing"

	"github.com/stevedore-dev/stevedore/internal/linttest"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// TestRules runs every rule over its testdata/<ID> folder with only that
// rule enabled and compares the findings with the want markers.
func TestRules(t *testing.T) {
	linttest.RunEach(t, Rules())
}

// TestCatalogue checks what only the Compose rules promise: compose kind.
// Valid values, pages (with how to ignore the rule), notes and testdata of
// every rule are checked across the whole catalogue by
// rules.TestCatalogueValid and rules.TestEveryRuleHasPageNoteAndTestdata.
func TestCatalogue(t *testing.T) {
	for _, r := range Rules() {
		if r.Kind != rule.KindCompose {
			t.Errorf("%s: kind %q, want compose", r.ID, r.Kind)
		}
	}
}
