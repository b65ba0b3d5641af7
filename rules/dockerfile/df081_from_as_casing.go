package dockerfile

import (
	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF081 surfaces BuildKit's FromAsCasing: `FROM x as y` with the keywords in
// different cases.
var DF081 = bkRule("DF081", "from-as-casing", "FROM and AS keywords differ in case", "FromAsCasing", finding.Info,
	rule.Equivalents{}, func(w dockerfile.Warning) string { return bkSentence(w, "") }, nil)
