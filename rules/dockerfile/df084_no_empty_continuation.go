package dockerfile

import (
	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF084 surfaces BuildKit's NoEmptyContinuation: an empty line inside a
// backslash-continued instruction.
var DF084 = bkRule("DF084", "no-empty-continuation", "Empty line inside a continued instruction", "NoEmptyContinuation", finding.Info,
	rule.Equivalents{}, func(w dockerfile.Warning) string {
		return "An empty line sits inside a backslash-continued instruction, which BuildKit plans to reject; it also makes the instruction look finished where it is not (BuildKit NoEmptyContinuation)"
	}, nil)
