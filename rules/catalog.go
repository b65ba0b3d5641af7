// Package rules assembles the catalogue: every rule stevedore knows, from
// the per-kind packages below this folder, in ID order.
package rules

import (
	"sync"

	"github.com/stevedore-dev/stevedore/internal/rule"
	composerules "github.com/stevedore-dev/stevedore/rules/compose"
	crossfilerules "github.com/stevedore-dev/stevedore/rules/crossfile"
	dockerfilerules "github.com/stevedore-dev/stevedore/rules/dockerfile"
	enginerules "github.com/stevedore-dev/stevedore/rules/engine"
	kuberules "github.com/stevedore-dev/stevedore/rules/kube"
)

var (
	once sync.Once
	all  []*rule.Rule
)

// All returns the whole catalogue, sorted by ID. The slice is shared: do not
// modify the rules.
func All() []*rule.Rule {
	once.Do(func() {
		all = append(all, enginerules.Rules()...)
		all = append(all, dockerfilerules.Rules()...)
		all = append(all, composerules.Rules()...)
		all = append(all, kuberules.Rules()...)
		all = append(all, crossfilerules.Rules()...)
		rule.Sort(all)
		if err := rule.Validate(all); err != nil {
			panic(err)
		}
	})
	return all
}

// Lookup finds a rule by ID or name.
func Lookup(key string) *rule.Rule {
	for _, r := range All() {
		if r.ID == key || r.Name == key {
			return r
		}
	}
	return nil
}
