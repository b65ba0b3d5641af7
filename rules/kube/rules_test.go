package kube_test

import (
	"path/filepath"
	"testing"

	"github.com/stevedore-dev/stevedore/internal/linttest"
	"github.com/stevedore-dev/stevedore/internal/rule"
	"github.com/stevedore-dev/stevedore/rules/kube"
)

// TestRules runs every rule over its testdata/<ID> folder and compares the
// findings with the want comments there.
func TestRules(t *testing.T) {
	for _, r := range kube.Rules() {
		t.Run(r.ID, func(t *testing.T) {
			linttest.Run(t, filepath.Join("testdata", r.ID), []*rule.Rule{r})
		})
	}
}
