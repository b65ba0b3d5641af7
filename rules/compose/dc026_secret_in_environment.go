package compose

import (
	"fmt"
	"slices"

	"maps"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DC026 flags literal secrets in a service's environment.
var DC026 = &rule.Rule{
	ID:          "DC026",
	Name:        "secret-in-environment",
	Title:       "Literal secret in service environment",
	Severity:    finding.High,
	Kind:        rule.KindCompose,
	Note:        "secrets",
	Equivalents: rule.Equivalents{KICS: []string{"passwords_and_secrets"}},
	Check:       checkDC026,
}

func checkDC026(p *rule.Pass) {
	for _, s := range services(p) {
		env := s.Config.Environment
		for _, name := range slices.Sorted(maps.Keys(env)) {
			v := env[name]
			if v == nil {
				continue
			}
			why, ok := literalSecret(name, *v)
			if !ok {
				continue
			}
			report(p, pos(p, s.Name, "environment", name), loc(s.Name, "environment."+name), name,
				fmt.Sprintf("Service %s sets %s to %s in the Compose file, where everyone with read access to the repository sees it; pass it with Compose secrets or from the environment (${%s})", s.Name, name, secretValue(why, *v), name))
		}
		for _, e := range overriddenEntries(p, s.Name, "environment.", "environment") {
			why, ok := literalSecret(e.Key, e.Value)
			if !ok {
				continue
			}
			report(p, at{e.File, e.Line}, e.location, e.Key,
				fmt.Sprintf("Service %s sets %s to %s in the Compose file; a later entry overrides it, but the value is still committed where everyone with read access to the repository sees it: remove it and pass the secret with Compose secrets or from the environment (${%s})", s.Name, e.Key, secretValue(why, e.Value), e.Key))
		}
	}
}
