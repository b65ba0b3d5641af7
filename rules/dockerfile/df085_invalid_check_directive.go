package dockerfile

import (
	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF085 reports a `# check=` directive that BuildKit cannot parse. Its
// severity is low, not info: BuildKit refuses to build such a file, and
// none of the checks the directive meant to configure runs.
var DF085 = bkRule("DF085", "invalid-check-directive", "The # check= directive cannot be parsed", "InvalidCheckDirective", finding.Low,
	rule.Equivalents{}, func(w dockerfile.Warning) string {
		return "The # check= directive cannot be parsed (" + w.Message + "), so BuildKit fails the build and none of its checks run"
	}, nil)
