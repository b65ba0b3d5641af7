package dockerfile_test

import (
	"testing"

	"github.com/stevedore-dev/stevedore/internal/linttest"
	"github.com/stevedore-dev/stevedore/rules/dockerfile"
)

// TestRules runs every rule over its testdata/<ID> folder and compares the
// findings with the want comments there.
func TestRules(t *testing.T) {
	linttest.RunEach(t, dockerfile.Rules())
}
