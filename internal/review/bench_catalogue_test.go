package review

import "github.com/stevedore-dev/stevedore/internal/rule"

// benchCatalogue is the rule set the benchmark runs.
func benchCatalogue() []*rule.Rule { return fakeRules() }
