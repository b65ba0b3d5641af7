package review

import (
	"github.com/stevedore-dev/stevedore/internal/rule"
	"github.com/stevedore-dev/stevedore/rules"
)

// benchCatalogue is the rule set the benchmark runs: the real catalogue.
func benchCatalogue() []*rule.Rule { return rules.All() }
