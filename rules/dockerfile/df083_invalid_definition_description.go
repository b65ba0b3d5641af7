package dockerfile

import (
	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF083 surfaces BuildKit's experimental InvalidDefinitionDescription: a
// comment right above ARG or FROM … AS that does not start with the name it
// documents. BuildKit only runs it when `# check=experimental=…` enables it.
var DF083 = bkRule("DF083", "invalid-definition-description", "Comment above ARG or stage is not a description of it", "InvalidDefinitionDescription", finding.Info,
	rule.Equivalents{}, func(w dockerfile.Warning) string {
		return bkSentence(w, "; tools that show build arguments and stages read that comment as the description")
	}, nil)
