package compose

import (
	"fmt"
	"maps"
	"slices"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DC027 flags literal secrets in a service's build args.
var DC027 = &rule.Rule{
	ID:          "DC027",
	Name:        "secret-in-build-args",
	Title:       "Literal secret in build args",
	Severity:    finding.High,
	Kind:        rule.KindCompose,
	Note:        "secrets",
	Equivalents: rule.Equivalents{KICS: []string{"passwords_and_secrets"}},
	Check:       checkDC027,
}

func checkDC027(p *rule.Pass) {
	for _, s := range services(p) {
		if s.Build == nil {
			continue
		}
		for _, name := range slices.Sorted(maps.Keys(s.Build.Args)) {
			v := s.Build.Args[name]
			why, ok := literalSecret(name, v)
			if !ok {
				continue
			}
			report(p, pos(p, s.Name, "build", "args", name), loc(s.Name, "build.args."+name), name,
				fmt.Sprintf("Service %s passes build arg %s %s; it is readable in the repository and in the image history: use a build secret (build.secrets) instead", s.Name, name, secretValue(why, v)))
		}
		for _, e := range overriddenEntries(p, s.Name, "build.args.", "build", "args") {
			why, ok := literalSecret(e.Key, e.Value)
			if !ok {
				continue
			}
			report(p, at{e.File, e.Line}, e.location, e.Key,
				fmt.Sprintf("Service %s writes build arg %s as %s; a later entry overrides it, but the value is still committed where everyone with read access to the repository sees it: remove it and use a build secret (build.secrets)", s.Name, e.Key, secretValue(why, e.Value)))
		}
	}
}
