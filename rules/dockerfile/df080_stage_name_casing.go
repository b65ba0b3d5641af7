package dockerfile

import (
	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF080 surfaces BuildKit's StageNameCasing: a stage name with capitals.
var DF080 = bkRule("DF080", "stage-name-casing", "Stage name is not lowercase", "StageNameCasing", finding.Info,
	rule.Equivalents{}, func(w dockerfile.Warning) string {
		return bkSentence(w, "; references to it are case-insensitive, so mixed case only hides that two names are the same")
	}, nil)
